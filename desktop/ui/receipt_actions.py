"""The main window's "Import receipt…" action (Report menu): the Ministry's signed answer to a
package we sent, attached to the report it answers (desktop.inbox.receipts.import_receipt).

Installed by `MainWindow` with one call, like the export actions. Checking a receipt takes a
fraction of a second (one small package), so it runs in the UI thread behind a wait cursor.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QStyle

from desktop.i18n import N_, _, current_language
from desktop.reporting import report_info as info
from desktop.ui.action_host import ActionHost
from desktop.ui.actions import set_action_texts

if TYPE_CHECKING:
    from desktop.inbox.receipts import ImportedReceipt

TEXT = N_("Import a &receipt…")
TIP = N_("Attach the Ministry's signed receipt (.asice) to the report it answers")


def pick_receipt_file(parent) -> str | None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QStandardPaths  # not at start (issue 16)
    from PySide6.QtWidgets import QFileDialog  # not at start (issue 16)
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Import a receipt"), folder or str(Path.home()),
        ";;".join((_("Signed receipts (*.asice)"), _("All files (*)"))),
    )
    return path or None


class ReceiptActions(QObject):
    def __init__(self, window: ActionHost, pick_file: Callable[..., str | None] = pick_receipt_file) -> None:
        super().__init__(window.window())
        self.window = window
        self.pick_file = pick_file
        self.last_message = ""  # what the user was told last (tests, --screenshot runs)
        self.last_imported: ImportedReceipt | None = None  # the last import that succeeded
        self.action = QAction(window.window())
        self.action.setObjectName("action_import_receipt")
        self.action.setIcon(window.style().standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton))
        self.action.setEnabled(not window.store.readonly)
        window.addAction(self.action)
        self.retranslate()  # texts before the menu shows the action (set_action_texts)
        menus = {title: menu for menu, title in window.menus}
        report_menu = menus.get(N_("&Report"))
        if report_menu is not None:
            report_menu.addAction(self.action)
        self.action.triggered.connect(lambda _checked=False: self.import_receipt())

    def retranslate(self) -> None:
        set_action_texts(self.action, TEXT, TIP)

    def import_receipt(self, path: str | Path | None = None) -> bool:
        """Ask for a file (unless given), import it and tell the user; True when it was attached."""
        from desktop.inbox.receipts import import_receipt

        window = self.window
        if window.store.readonly:
            return False
        if path is None:
            path = self.pick_file(window.window())
            if not path:
                return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            imported = import_receipt(window.store, path)
        except Exception as exc:  # not a receipt, not ours, damaged or forged, store busy: told, not raised
            QApplication.restoreOverrideCursor()
            text = exc.render(current_language()) if hasattr(exc, "render") else str(exc)
            self._tell(_("The receipt was not imported"), text, warning=True)
            return False
        QApplication.restoreOverrideCursor()
        self.last_imported = imported
        record = window.store.get_report(imported.report_id)
        report = _("{report}, revision {revision}").format(report=info.describe_report(record),
                                                            revision=record.revision)
        decision = info.receipt_label({"decision": imported.decision})
        if imported.duplicate:
            lines = [_("This receipt was already imported for “{report}” ({decision}); nothing changed.").format(
                report=report, decision=decision)]
        else:
            lines = [_("The receipt was attached to “{report}”: {decision}.").format(report=report, decision=decision)]
        if imported.message:
            lines.append(_("Message from the Ministry: “{message}”").format(message=imported.message))
        if imported.decision in ("correction_requested", "rejected") and not imported.duplicate:
            lines.append(_("Open the report to see what to do next."))
        lines += [_("Warning: {message}").format(message=p.render(current_language())) for p in imported.problems]
        self._refresh(imported.report_id)
        self._tell(_("Receipt imported"), "\n".join(lines), warning=bool(imported.problems))
        return True

    def _refresh(self, report_id: str) -> None:
        window = self.window
        window.list_page.reload()
        if window.editor is not None and window.editor_report_id == report_id and hasattr(window.editor,
                                                                                          "refresh_banner"):
            window.editor.refresh_banner()
        elif not window.editor_visible():
            window.list_page.select(report_id)
        window.update_actions()

    def _tell(self, title: str, text: str, *, warning: bool) -> None:
        from PySide6.QtWidgets import QMessageBox  # not at start (issue 16)
        self.last_message = text
        window = self.window
        window.statusBar().showMessage(text.split("\n", 1)[0], 10000)
        if window.quiet:
            sys.stderr.write(f"{title}: {text}\n")
        elif warning:
            QMessageBox.warning(window.window(), title, text)
        else:
            QMessageBox.information(window.window(), title, text)
