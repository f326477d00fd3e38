"""`ReportEditor`: one report, generated from its form definition.

Navigator of sections | a page per section | the checks panel. Every change goes through the
session (undo stack, autosave ~0.7 s after the last edit, on focus changes and on `flush()`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QHideEvent, QKeyEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, current_language, pick
from desktop.reporting.meta import read_meta
from desktop.reporting.report_info import receipt_banner_text, submission_banner_text
from desktop.reporting.rows import receipt_of
from desktop.reporting.submission import delivery_of
from desktop.reporting.verdict import INPUT_CODE
from desktop.store import Store
from desktop.ui.actions import set_shortcut
from desktop.ui.editor_host import EditorWidget
from desktop.ui.signals import emit

from .checks import ChecksPanel
from .editor_checks import EditorChecks
from .fields import TableField
from .page import FieldEditors, SectionPage, section_title
from .session import EditSession
from .shortcuts import avoid_clashes
from .status_line import StatusLine

if TYPE_CHECKING:
    from .history_dialog import HistoryDialog

CHECK_DELAY_MS = 300
BANNER = "background: #fff3cd; color: #5c4400; padding: 8px; border: 1px solid #e0c36a;"
CORRECTION_BANNER = "background: #ffe0b2; color: #7a2e00; padding: 8px; border: 2px solid #b45309;"
UNDO_KEYS = ("Ctrl+Z",)
REDO_KEYS = ("Ctrl+Y", "Ctrl+Shift+Z")  # Windows' redo, and the one most other programs know


class _UndoKeysToEditor(QObject):
    """Line edits keep Ctrl+Z for their own undo; send it to the report's undo stack instead."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            from PySide6.QtGui import QKeySequence  # at the first key, not at the report's start (issue 16)

            combo = QKeySequence(event.keyCombination())
            if any(combo.matches(QKeySequence(keys)) == QKeySequence.SequenceMatch.ExactMatch
                   for keys in UNDO_KEYS + REDO_KEYS):
                return True  # not accepted: the editor's shortcut gets the key
        return False


class ReportEditor(EditorChecks, EditorWidget):
    def __init__(self, store: Store, report_id: str, parent: QWidget | None = None) -> None:
        super().__init__(store, report_id, parent)
        self.session = session = EditSession(store, report_id, self)
        self.form = session.form
        self.store = store
        self.history_dialog: HistoryDialog | None = None
        self._undo_filter = _UndoKeysToEditor(self)
        # the inputs it is put on when they first get the focus (_focus_changed), not when made: a
        # filter on each would have every event of theirs go through Python (issue 16: the start)
        self._undo_inputs: set[QWidget] = set()

        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setObjectName("readOnlyBanner")
        self.banner.setStyleSheet(BANNER)
        self.banner.setAccessibleName(_("Read-only report"))
        # a save that failed (full disk, read-only medium) or a report changed elsewhere
        self.save_banner = QLabel(self)
        self.save_banner.setWordWrap(True)
        self.save_banner.setObjectName("saveBanner")
        self.save_banner.setStyleSheet(BANNER)
        self.save_banner.hide()
        self._save_banner_error = False

        self.tools: dict[str, QToolButton] = {}
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        for name, slot in (("undo", self.undo), ("redo", self.redo), ("save", self.save_now),
                           ("history", self.show_history)):
            button = QToolButton(self)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.clicked.connect(slot)
            self.tools[name] = button
            bar.addWidget(button)
        self.status_line = StatusLine(self)
        self.status = self.status_line.save_state
        self._message_index = -1
        bar.addWidget(self.status_line, 1)

        self.navigator = QListWidget(self)
        self.navigator.setMaximumWidth(320)
        self.navigator.setWordWrap(True)
        self.navigator.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.pages = QStackedWidget(self)
        self.section_pages: list[SectionPage] = []
        for section in self.form.sections:  # each page is built when first shown (page_built)
            page = SectionPage(session, section, self.pages, on_built=self.page_built)
            self.pages.addWidget(page)
            self.section_pages.append(page)
            self.navigator.addItem(QListWidgetItem())
        self.editors = FieldEditors(self.section_pages)
        self.page_of = self.editors.page_of
        self.navigator.currentRowChanged.connect(self._show_section)
        self.checks = ChecksPanel(session, self)
        self.checks.issueActivated.connect(self.go_to_issue)
        self.checks.message.connect(self.show_message)

        splitter = QSplitter(self)
        splitter.setObjectName("editorSplitter")  # its sizes are remembered (ui/layout_memory.py)
        splitter.addWidget(self.navigator)
        splitter.addWidget(self.pages)
        splitter.addWidget(self.checks)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 720, 320])
        layout = QVBoxLayout(self)
        layout.addWidget(self.save_banner)
        layout.addWidget(self.banner)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self._shortcuts: list[QShortcut] = []
        for keys, action in ([(k, self.undo) for k in UNDO_KEYS] + [(k, self.redo) for k in REDO_KEYS]
                           + [("Ctrl+S", self.save_now),
                              ("F8", lambda: self.checks.next_error(1)),
                              ("Shift+F8", lambda: self.checks.next_error(-1))]):
            shortcut = QShortcut(self)
            set_shortcut(shortcut, keys, "key")  # without PySide6's QKeySequence class (issue 16)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
            self._shortcuts.append(shortcut)

        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.run_checks)
        session.changed.connect(self._check_timer.start)
        session.saveStateChanged.connect(self._update_status)
        session.notice.connect(self._show_notice)
        session.readOnlyChanged.connect(self._apply_read_only)
        session.undo_stack.canUndoChanged.connect(self._update_tools)
        session.undo_stack.canRedoChanged.connect(self._update_tools)
        session.undo_stack.indexChanged.connect(self._next_action)
        self.init_reveal()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
        self._apply_texts()  # the checks run once the editor has been painted (EditorChecks.paintEvent)
        self.navigator.setCurrentRow(0)  # builds the first page, in the language just applied
        emit(self.titleChanged, self.title())

    # -- sections, built when first shown

    def _show_section(self, number: int) -> None:
        if 0 <= number < len(self.section_pages):
            self.section_pages[number].build()
        self.pages.setCurrentIndex(number)

    def page_built(self, page: SectionPage) -> None:
        """A section's editors were just made: connect them and show them as the others are."""
        self.editors.add_page(page)
        for editor in page.editors:
            self._undo_inputs.add(editor.focus_widget())
            if isinstance(editor, TableField):
                editor.editor.message.connect(self.show_message)
                editor.editor.unreadable.connect(self._show_unreadable)
        self.show_checks_on(page)

    # -- texts

    def title(self) -> str:
        """The report as the main window names it ("form, period")."""
        from desktop.reporting.report_info import describe_report

        return describe_report(self.session.report)

    def retranslate(self) -> None:
        """Apply the current language to every text (labels, options, numbers, checks)."""
        self._apply_texts()
        self.run_checks()
        emit(self.titleChanged, self.title())

    def _apply_texts(self) -> None:
        lang = current_language()
        for number, section in enumerate(self.form.sections):
            self.navigator.item(number).setText(section_title(section, lang))
            self.section_pages[number].retranslate()
        self.navigator.setAccessibleName(_("Sections of the report"))
        self.pages.setAccessibleName(pick(self.form.title, lang))
        texts = {"undo": (_("Undo"), _("Undo the last change (Ctrl+Z)")),
                 "redo": (_("Redo"), _("Redo (Ctrl+Y)")),
                 "save": (_("Save now"), _("Save now (Ctrl+S); changes are also saved automatically")),
                 "history": (_("History…"), _("Browse and restore saved versions"))}
        for name, (text, tip) in texts.items():
            self.tools[name].setText(text)
            self.tools[name].setToolTip(tip)
            self.tools[name].setAccessibleName(text)
        self.checks.retranslate()
        self.status_line.retranslate()
        self._apply_read_only(self.session.read_only)
        self._update_status()
        self._update_tools()

    def _update_tools(self) -> None:
        stack = self.session.undo_stack
        writable = not self.session.read_only
        self.tools["undo"].setEnabled(stack.canUndo() and writable)
        self.tools["redo"].setEnabled(stack.canRedo() and writable)
        self.tools["save"].setEnabled(writable)
        if stack.canUndo():
            self.tools["undo"].setToolTip(_("Undo: {action} (Ctrl+Z)").format(action=stack.undoText()))

    def _update_status(self) -> None:
        session = self.session
        if session.save_error is not None and session.dirty:
            text = _("Not saved yet: {reason}").format(reason=session.save_error.render(current_language()))
        elif session.read_only:
            text = _("Read-only")
        elif session.dirty:
            text = _("Unsaved changes…")
        else:
            text = _("All changes saved")
        self.status.setText(text)
        if session.save_error is not None and session.dirty and not session.read_only:
            self.save_banner.setText(_("Your last changes are not saved yet: {reason} They are kept in "
                                       "this window and CT20 tries again by itself.").format(
                reason=session.save_error.render(current_language())))
            self.save_banner.show()
            self._save_banner_error = True
        elif self._save_banner_error:
            self.save_banner.hide()
            self._save_banner_error = False
        self._update_tools()

    def _show_notice(self, text: str) -> None:
        self.save_banner.setText(text)
        self.save_banner.show()
        self._save_banner_error = False

    def show_message(self, text: str) -> None:
        """Say the result of what the user just did; it stays until their next change."""
        self.status_line.show_message(text)
        self._message_index = self.session.undo_stack.index()

    def _show_unreadable(self, text: str) -> None:
        self.status_line.show_message(text, self.go_to_first_unreadable)
        self._message_index = self.session.undo_stack.index()

    def _next_action(self, index: int) -> None:
        if index != self._message_index:
            self.status_line.clear()

    def refresh_banner(self) -> None:
        """Show the report's state anew (e.g. after the Ministry's receipt was imported)."""
        self._apply_read_only(self.session.read_only)

    def _apply_read_only(self, read_only: bool) -> None:
        report = self.session.report
        if not read_only:
            self.banner.hide()
        else:
            submitted = report.status == "submitted"
            receipt = receipt_of(self.store, read_meta(self.store, report.id)) if submitted else None
            if receipt is not None:
                text = receipt_banner_text(receipt, revised=self.store.newer_revision(report.id) is not None)
            elif report.status == "submitted":
                text = submission_banner_text(delivery_of(self.store, report.id).sent)
            elif report.trashed:
                text = _("This report is in the trash and is read-only. Take it out of the trash "
                         "to edit it.")
            elif self.session.save_error is not None:
                text = _("This report can no longer be changed here: {reason} Your last changes "
                         "were kept aside with the report, so they are not lost.").format(
                    reason=self.session.save_error.render(current_language()))
            else:
                text = _("The data file is open read-only (it is in use by another CT20 window). "
                         "This report cannot be changed here.")
            answered = receipt["decision"] if receipt else None
            self.banner.setStyleSheet(CORRECTION_BANNER if answered in ("correction_requested", "rejected") else BANNER)
            self.banner.setText(text)
            self.banner.show()
        for editor in self.editors.built().values():  # one built later starts read-only itself
            editor.set_read_only(read_only)
        self._update_tools()

    def go_to_first_unreadable(self) -> None:
        """The “Show” of the status line: the first text that was kept as typed."""
        self.run_checks()
        issue = next((i for i in self.checks.checks.errors if i.code == INPUT_CODE), None)
        if issue is not None:
            self.go_to_issue(issue)

    # -- undo, save, history

    def undo(self) -> None:
        if self.session.read_only:
            return
        self._commit_open_cell()
        self.session.end_typing()
        self.session.undo_stack.undo()

    def redo(self) -> None:
        if self.session.read_only:
            return
        self.session.end_typing()
        self.session.undo_stack.redo()

    def save_now(self) -> None:
        self.flush()
        if not self.session.dirty:
            self.show_message(_("Saved."))

    def flush(self) -> None:
        """Save every pending edit now (an open table cell is committed first)."""
        self._commit_open_cell()
        self.session.save_now()

    def _commit_open_cell(self) -> None:
        focus = QApplication.focusWidget()
        for editor in self.editors.built().values():
            if not isinstance(editor, TableField):
                continue
            for view in editor.editor.view.views():  # the first column may have its own
                if view.state() != QAbstractItemView.State.EditingState:
                    continue
                cell_editor = focus
                while cell_editor is not None and cell_editor.parentWidget() is not view.viewport():
                    cell_editor = cell_editor.parentWidget()
                if cell_editor is not None and view.indexWidget(view.currentIndex()) is None:
                    view.commitData(cell_editor)

    def show_history(self) -> HistoryDialog:
        from .history_dialog import HistoryDialog  # not at the editor's first paint (issue 16)

        self.flush()
        dialog = HistoryDialog(self.session, self)
        dialog.restoreRequested.connect(self.restore_version)
        self.history_dialog = dialog
        dialog.open()
        return dialog

    def restore_version(self, seq: int) -> None:
        self.session.reload_after_restore(seq)
        self.run_checks()
        self.show_message(_("Restored version {seq}. Ctrl+Z takes it back.").format(seq=seq))

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and new in self._undo_inputs:
            self._undo_inputs.discard(new)
            new.installEventFilter(self._undo_filter)
        if old is not None and self.isAncestorOf(old):
            self.left_widget(old, new)
            self.session.end_typing()
            if self.session.dirty and not (new is not None and _same_input(old, new)):
                self.session.save_now()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._avoid_shortcut_clashes()
        self.checks_when_shown()

    def _avoid_shortcut_clashes(self) -> None:
        avoid_clashes(self, self._shortcuts)

    def hideEvent(self, event: QHideEvent) -> None:
        self.flush()
        super().hideEvent(event)


def _same_input(old: QWidget, new: QWidget) -> bool:
    """Focus moving inside one input (a cell editor opening in its table) is not leaving it."""
    parent = new.parent() if isinstance(new, (QLineEdit, QPlainTextEdit)) else None
    return old is new or old.isAncestorOf(new) or new.isAncestorOf(old) or (
        parent is not None and parent.parent() is old)
