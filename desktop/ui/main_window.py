"""The main window: the report list and, in its place, the editor of the open report."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QStackedWidget, QToolBar, QWidget

from desktop import __version__
from desktop.i18n import _, current_language, set_language
from desktop.registry import Organization
from desktop.reporting import report_info as info
from desktop.reporting.basics import organization
from desktop.store import Store, StoreError
from desktop.ui.actions import MENUS, TOOLBAR, create_actions, retranslate_actions, shorten_toolbar
from desktop.ui.editor_host import EditorWidget, editor_class
from desktop.ui.export import ExportActions
from desktop.ui.inbox.actions import InboxActions
from desktop.ui.layout_memory import LayoutMemory, fit_when_shown
from desktop.ui.pdf_check_action import PdfCheckActions
from desktop.ui.receipt_actions import ReceiptActions
from desktop.ui.report_list import ReportListPage
from desktop.ui.trust_actions import TrustActions

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent  # the type alone creates Qt's QEvent enums (issue 16)

    from desktop.ui.open_files import FileOpener, OpenRequestWatcher
    from desktop.ui.qt_i18n import QtLanguage


class MainWindow(QMainWindow):
    def __init__(self, store: Store, *, qt_language: QtLanguage | None = None,
                 today: Callable[[], dt.date] = dt.date.today, parent: QWidget | None = None,
                 list_when_shown: bool = False) -> None:
        """`list_when_shown`: a report opens at once (`ct20 gui --report`), so the list of reports,
        hidden behind it, is read when it is first shown (issue 16: the report's first paint)."""
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.store = store
        self.qt_language = qt_language  # None in some tests
        self.editor: EditorWidget | None = None
        self.editor_report_id: str | None = None
        self.quiet = False  # True when nobody is there to answer a dialog (--screenshot)
        self.file_opener: FileOpener | None = None  # set by desktop.app: files given to the app
        self.open_requests: OpenRequestWatcher | None = None  # set by desktop.app: files from a second start
        self._editor_title = ""
        self._centre_when_shown: bool | None = None  # set by restore_window below; fit once shown

        self.list_page = ReportListPage(store, today, self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.list_page)
        self.setCentralWidget(self.stack)

        self.named_actions = create_actions(self)
        self.addActions(list(self.named_actions.values()))
        trash = self.named_actions["trash"]
        trash.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.removeAction(trash)  # Del trashes only from the list, never while typing
        self.list_page.addAction(trash)
        # The editor owns Ctrl+S while it has the focus; the action shows the key in the menu
        # without competing (two active owners of one key would make Qt ignore it).
        self.named_actions["save"].setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.menus = []
        for title, names in MENUS:
            menu = self.menuBar().addMenu(_(title))
            self.menus.append((menu, title))
            self._fill(menu, names)
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._fill(self.toolbar, TOOLBAR)
        self.addToolBar(self.toolbar)
        self.export_actions = ExportActions(self)  # export, revise, signature check: desktop/ui/export
        self.inbox_actions = InboxActions(self)  # the consolidator's Inbox: desktop/ui/inbox
        self.receipt_actions = ReceiptActions(self)  # the Ministry's answer: desktop/ui/receipt_actions.py
        self.pdf_check_actions = PdfCheckActions(self)  # any signed PDF: desktop/ui/pdf_check_action.py
        self.trust_actions = TrustActions(self)  # roots, CRLs, online checks: desktop/ui/trust_actions.py
        self.read_only_label = QLabel(self)
        self.read_only_label.setObjectName("readOnlyLabel")
        self.read_only_label.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.read_only_label.setVisible(store.readonly)
        self.statusBar().addPermanentWidget(self.read_only_label)
        self.list_page.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.list_page.table.addActions([self.named_actions[n] for n in ("open", "duplicate", "trash", "restore")])

        connections = {"new": self.new_report, "open": self.open_selected,
                       "duplicate": self.duplicate_selected, "trash": self.trash_selected,
                       "restore": self.restore_selected, "save": self.save,
                       "list": self.show_list, "backup": self.backup,
                       "settings": self.open_settings, "quit": self.close, "about": self.about,
                       "guide": self.open_guide}
        for name, slot in connections.items():
            self.named_actions[name].triggered.connect(lambda _checked=False, slot=slot: slot())
        self.list_page.openRequested.connect(self.open_report)
        self.list_page.selectionChanged.connect(self.update_actions)
        self.stack.currentChanged.connect(lambda _i: self._on_page_changed())

        self.layout_memory = LayoutMemory(store)
        self._centre_when_shown = self.layout_memory.restore_window(self, "main", (1200, 760))
        if not list_when_shown:
            self.list_page.reload()
        # the actions, the menus and the list have their texts from the start (issue 16: each text
        # set again on an action in a menu or the toolbar would rebuild its entry): the rest only
        self._retranslate_window()

    def _on_page_changed(self) -> None:
        if self.stack.currentWidget() is self.list_page and not self.list_page.loaded:
            self.list_page.reload()  # first shown (list_when_shown)
        self.update_actions()

    def setVisible(self, visible: bool) -> None:
        """Shown for the first time (show(), showMaximized()…): fitted to the screen again once its
        frame is known (desktop.ui.layout_memory.fit_when_shown)."""
        super().setVisible(visible)
        if visible and self._centre_when_shown is not None:
            fit_when_shown(self, centre=self._centre_when_shown)
            self._centre_when_shown = None

    def _fill(self, container: QMenu | QToolBar, names: tuple[str | None, ...]) -> None:
        for name in names:
            if name is None:
                container.addSeparator()
            else:
                container.addAction(self.named_actions[name])

    # -- language

    def retranslate(self) -> None:
        retranslate_actions(self.named_actions)
        self.export_actions.retranslate()
        self.inbox_actions.retranslate()
        self.receipt_actions.retranslate()
        self.pdf_check_actions.retranslate()
        self.trust_actions.retranslate()
        self.list_page.retranslate()
        if self.editor is not None and hasattr(self.editor, "retranslate"):
            self.editor.retranslate()
        self._retranslate_window()

    def _retranslate_window(self) -> None:
        """The window's own texts: menu titles, toolbar, read-only label, title."""
        for menu, title in self.menus:
            menu.setTitle(_(title))
        self.toolbar.setWindowTitle(_("Main toolbar"))
        shorten_toolbar(self.toolbar)  # every action on the bar at 1366 pixels: desktop/ui/actions.py
        self.read_only_label.setText(_("Read-only: changes cannot be saved"))
        self.update_title()
        self.update_actions()

    def apply_language(self, lang: str) -> None:
        set_language(lang)
        if self.qt_language is not None:
            self.qt_language.apply(lang)
        self.retranslate()

    def update_title(self) -> None:
        if self.stack.currentWidget() is self.editor and self._editor_title:
            title = _("{report} — CT20").format(report=self._editor_title)
        else:
            title = _("CT20 — Reports")
        if self.store.readonly:
            title = _("{title} (read-only)").format(title=title)
        self.setWindowTitle(title)

    # -- state of the actions

    def editor_visible(self) -> bool:
        return self.editor is not None and self.stack.currentWidget() is self.editor

    def update_actions(self) -> None:
        writable = not self.store.readonly
        selected = self.list_page.selected_report_id() is not None and not self.editor_visible()
        in_trash = self.list_page.view == "trash"
        enabled = {
            "new": writable and bool(self.store.get_profile().get("org_id")),
            "open": selected,
            "duplicate": writable and selected and not in_trash,
            "trash": writable and selected and not in_trash,
            "restore": writable and selected and in_trash,
            "save": writable and self.editor_visible(),
            "list": self.editor_visible(),
        }
        for name, value in enabled.items():
            self.named_actions[name].setEnabled(value)
        self.named_actions["restore"].setVisible(in_trash)
        self.named_actions["trash"].setVisible(not in_trash)
        self.export_actions.update()
        self.update_title()

    # -- reports

    def _profile_org(self) -> Organization | None:
        org_id = self.store.get_profile().get("org_id")
        return organization(self.store, org_id) if org_id else None

    def new_report(self, source_id: str | None = None) -> str | None:
        from PySide6.QtWidgets import QMessageBox  # not at start (issue 16)
        org = self._profile_org()
        if org is None:
            QMessageBox.information(self, _("New report"),
                                    _("Choose your organisation in the settings first."))
            return None
        from desktop.ui.new_report import NewReportDialog  # the dialog's module is not needed to start

        dialog = NewReportDialog(self.store, org, source_id=source_id, parent=self)
        if dialog.exec() != NewReportDialog.DialogCode.Accepted or not dialog.report_id:
            return None
        self.list_page.show_view("current")
        self.list_page.reload()
        self.open_report(dialog.report_id)
        return dialog.report_id

    def duplicate_selected(self) -> str | None:
        report_id = self.list_page.selected_report_id()
        return self.new_report(source_id=report_id) if report_id else None

    def open_selected(self) -> None:
        report_id = self.list_page.selected_report_id()
        if report_id:
            self.open_report(report_id)

    def open_report(self, report_id: str) -> bool:
        try:
            report = self.store.get_report(report_id)
        except Exception as exc:
            self._error(_("Cannot open the report"), exc)
            return False
        if self.editor is not None and self.editor_report_id == report.id:
            self.stack.setCurrentWidget(self.editor)
            return True
        if not self.close_editor():
            return False
        try:
            editor = editor_class()(self.store, report.id, self)
        except Exception as exc:
            self._error(_("Cannot open the report"), exc)
            return False
        self.editor, self.editor_report_id = editor, report.id
        self._editor_title = info.describe_report(report)
        editor.titleChanged.connect(self._on_editor_title)
        self.layout_memory.track_splitters(editor, "editor")
        self.stack.addWidget(editor)
        self.stack.setCurrentWidget(editor)
        editor.setFocus()
        return True

    def open_at_start(self, report_id: str) -> bool:
        """Open the report asked for on the command line (with `list_when_shown`); if it cannot
        open, the list is read and shows instead."""
        if self.open_report(report_id):
            return True
        if not self.list_page.loaded:
            self.list_page.reload()
        return False

    def _on_editor_title(self, title: str) -> None:
        self._editor_title = title
        self.update_title()

    def flush_editor(self) -> bool:
        """Save what the editor holds; False (after telling the user) if that failed."""
        if self.editor is None:
            return True
        try:
            self.editor.flush()
        except Exception as exc:
            self._error(_("Your last changes could not be saved"), exc)
            return False
        return True

    def close_editor(self) -> bool:
        if self.editor is None:
            return True
        if not self.flush_editor():
            return False
        editor, self.editor, self.editor_report_id = self.editor, None, None
        self.stack.removeWidget(editor)
        editor.deleteLater()
        return True

    def save(self) -> None:
        if self.flush_editor():
            self.statusBar().showMessage(_("Saved."), 3000)

    def show_list(self) -> None:
        self.flush_editor()
        self.list_page.reload()
        self.stack.setCurrentWidget(self.list_page)
        self.list_page.table.setFocus()

    def trash_selected(self) -> None:
        report_id = self.list_page.selected_report_id()
        if not report_id or self.store.readonly:
            return
        if report_id == self.editor_report_id and not self.close_editor():
            return
        description = info.describe_report(self.store.get_report(report_id))
        if not self._store_write(_("The report was not moved to the trash"),
                                 lambda: self.store.trash_report(report_id)):
            return
        self.list_page.reload()
        self.statusBar().showMessage(
            _("“{report}” is in the trash. Choose Show: Trash to restore it.").format(report=description),
            8000,
        )

    def restore_selected(self) -> None:
        report_id = self.list_page.selected_report_id()
        if not report_id or self.store.readonly:
            return
        if not self._store_write(_("The report was not restored"),
                                 lambda: self.store.untrash_report(report_id)):
            return
        self.list_page.show_view("current")
        self.list_page.reload()
        self.list_page.select(report_id)
        self.statusBar().showMessage(_("The report is back in the list."), 5000)

    # -- tools

    def open_settings(self) -> None:
        from desktop.ui.settings_dialog import SettingsDialog  # its server page loads pg8000: not at start

        dialog = SettingsDialog(self.store, current_language(), self)
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            if dialog.language != current_language():
                self.apply_language(dialog.language)
            self.update_actions()

    def default_backup_path(self) -> Path:
        from desktop.ui.backup_action import default_backup_path

        return default_backup_path()

    def backup(self, dest: str | Path | None = None) -> Path | None:
        """Copy all data to `dest` (asked for when None); its path, or None (desktop.ui.backup_action)."""
        from desktop.ui.backup_action import back_up

        return back_up(self, dest)

    def open_guide(self) -> None:
        from desktop.ui.user_guide import show_user_guide

        show_user_guide(self)

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # not at start (issue 16)
        QMessageBox.about(
            self, _("About CT20"),
            _("CT20 Desktop {version}\n\nReports under Directive 20/CT-TTg for the Ministry of "
              "Industry and Trade.\n\nData file: {path}").format(version=__version__,
                                                                 path=str(self.store.path)),
        )

    def _error(self, title: str, exc: Exception) -> None:
        from PySide6.QtWidgets import QMessageBox  # not at start (issue 16)
        text = exc.render() if hasattr(exc, "render") else str(exc)
        if self.quiet:
            sys.stderr.write(f"{title}: {text}\n")
        else:
            QMessageBox.warning(self, title, text)

    def _store_write(self, title: str, action: Callable[[], object]) -> bool:
        """Run a change of the store; a refusal (busy, read-only) is shown, not raised."""
        try:
            action()
        except StoreError as exc:
            self._error(title, exc)
            return False
        return True

    # -- closing

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.flush_editor():
            accept = True
        else:
            from PySide6.QtWidgets import QMessageBox  # not at start (issue 16)

            answer = QMessageBox.question(
                self, _("Close CT20?"),
                _("Your last changes could not be saved. Close anyway and lose them?"),
            )
            accept = answer == QMessageBox.StandardButton.Yes
        if accept:
            self.layout_memory.save_window(self, "main")
            event.accept()
        else:
            event.ignore()

