"""The main window's export actions: "Export and sign…", "Exported package…", "Create a revision",
"Check my signature setup…"; the report-related ones are also the list's context menu.

Installed by `MainWindow` with one call; the dialogs (and pyHanko behind them) are imported when
first used, so the window starts without paying for them. The target is the open report when
the editor is shown, otherwise the report selected in the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QStyle

from desktop.i18n import N_, _
from desktop.store import ReportRecord, StoreError
from desktop.ui.action_host import ActionHost
from desktop.ui.actions import set_action_texts, set_shortcut

if TYPE_CHECKING:
    from desktop.ui.export.export_dialog import ExportDialog
    from desktop.ui.export.package_dialog import PackageDialog
    from desktop.ui.export.signature_check import SignatureCheckDialog

SP = QStyle.StandardPixmap
TEXTS = {
    "export": (N_("E&xport and sign…"), N_("Sign the report and make the package to email to the Ministry")),
    "package": (N_("Exported &package…"),
                N_("The signed package of this report: open its PDF or folder, write the email, copy for webmail, "
                   "mark it sent")),
    "revise": (N_("Create a re&vision"),
               N_("Start a new draft from a submitted report; its package will replace the one sent")),
    "check_signature": (N_("Check my &signature setup…"),
                        N_("Find your token or certificate file, show the certificate and make a test signature")),
}


class ExportActions(QObject):
    def __init__(self, window: ActionHost) -> None:
        super().__init__(window.window())
        self.window = window
        self.dialog: ExportDialog | None = None  # the export dialog open now (tests and the status bar use it)
        self.check_dialog: SignatureCheckDialog | None = None
        self.package_dialog: PackageDialog | None = None
        style = window.style()
        self.actions: dict[str, QAction] = {}
        for name, icon, shortcut in (("export", SP.SP_DialogApplyButton, "Ctrl+E"),
                                     ("package", SP.SP_DirOpenIcon, None),
                                     ("revise", SP.SP_BrowserReload, None),
                                     ("check_signature", SP.SP_DialogYesButton, None)):
            action = QAction(window.window())
            action.setObjectName(f"action_{name}")
            action.setIcon(style.standardIcon(icon))
            if shortcut:
                set_shortcut(action, shortcut)
            window.addAction(action)
            self.actions[name] = action
        self.retranslate()  # texts before menus and toolbar show the actions (set_action_texts)
        menus = {title: menu for menu, title in window.menus}
        report_menu, tools_menu = menus.get(N_("&Report")), menus.get(N_("&Tools"))
        if report_menu is not None:
            report_menu.addSeparator()
            report_menu.addActions([self.actions["export"], self.actions["package"], self.actions["revise"]])
        if tools_menu is not None:
            tools_menu.addAction(self.actions["check_signature"])
        window.toolbar.addSeparator()
        window.toolbar.addActions([self.actions["export"], self.actions["revise"]])
        self.actions["export"].triggered.connect(self.export_report)
        self.actions["revise"].triggered.connect(self.revise_report)
        self.actions["package"].triggered.connect(self.show_package)
        table = window.list_page.table  # right click on a report: what can be done with it
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        table.addActions([self.actions["export"], self.actions["package"], self.actions["revise"]])
        self.actions["check_signature"].triggered.connect(self.check_signature)

    def retranslate(self) -> None:
        for name, (text, tip) in TEXTS.items():
            set_action_texts(self.actions[name], text, tip)

    # -- which report, and what may be done with it

    def target(self) -> ReportRecord | None:
        window = self.window
        report_id = window.editor_report_id if window.editor_visible() else window.list_page.selected_report_id()
        if not report_id:
            return None
        try:
            return window.store.get_report(report_id)
        except StoreError:
            return None

    def update(self) -> None:
        report = self.target()
        writable = not self.window.store.readonly
        self.actions["export"].setEnabled(writable and report is not None and report.editable)
        revisable = (writable and report is not None and report.status == "submitted" and not report.trashed
                     and self.window.store.newer_revision(report.id) is None)
        self.actions["revise"].setEnabled(revisable)
        self.actions["package"].setEnabled(report is not None and report.status == "submitted")

    # -- the actions

    def export_report(self) -> ExportDialog | None:
        report = self.target()
        if report is None or not report.editable or self.window.store.readonly:
            return None
        if report.id == self.window.editor_report_id and not self.window.flush_editor():
            return None
        from desktop.ui.export.export_dialog import ExportDialog

        dialog = ExportDialog(self.window.store, report.id, self.window.window())
        dialog.exported.connect(self._exported)
        dialog.result_panel.changed.connect(lambda _id: self.window.list_page.reload())  # sent: the list says so
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _exported(self, report_id: str) -> None:
        """Show the report as it now is: submitted and read-only."""
        window = self.window
        if window.editor_report_id == report_id:
            showing = window.editor_visible()
            window.close_editor()  # a new editor reads the report as submitted: read-only, with its banner
            if showing:
                window.open_report(report_id)
        window.list_page.reload()
        if not window.editor_visible():
            window.list_page.select(report_id)
        window.update_actions()

    def show_package(self) -> PackageDialog | None:
        """The export's result again, for a submitted report: its PDF, folder, e-mail and sent state."""
        report = self.target()
        if report is None or report.status != "submitted":
            return None
        from desktop.ui.export.package_dialog import PackageDialog

        dialog = PackageDialog(self.window.store, report.id, self.window.window())
        dialog.panel.changed.connect(lambda _id: self.window.list_page.reload())
        dialog.finished.connect(dialog.deleteLater)
        self.package_dialog = dialog
        dialog.open()
        return dialog

    def revise_report(self) -> str | None:
        from PySide6.QtWidgets import QMessageBox  # not at start (issue 16)
        report = self.target()
        if report is None or report.status != "submitted":
            return None
        from desktop.reporting.reports import revise_report

        try:
            new_id, revision = revise_report(self.window.store, report.id, source="ui")
        except Exception as exc:  # a refusal (already revised, store busy) is told, not raised
            text = exc.render() if hasattr(exc, "render") else str(exc)
            QMessageBox.warning(self.window.window(), _("No revision was created"), text)
            return None
        self.window.list_page.reload()
        self.window.open_report(new_id)
        self.window.statusBar().showMessage(
            _("Revision {revision} is a new draft; the submitted report stays as it was sent.").format(
                revision=revision), 8000)
        return new_id

    def check_signature(self) -> SignatureCheckDialog:
        from desktop.ui.export.signature_check import SignatureCheckDialog

        dialog = SignatureCheckDialog(self.window.store, self.window.window())
        dialog.finished.connect(dialog.deleteLater)
        self.check_dialog = dialog
        dialog.open()
        return dialog
