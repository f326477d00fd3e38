"""The Tools menu's and the toolbar's "Check the signatures of a PDF file…" (desktop.ui.pdf_check
holds the dialog and the check): installed at the window's start without the dialog's module, its
widgets and Qt's classes for them (issue 16)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStyle, QWidget

from desktop.i18n import N_
from desktop.ui.actions import add_tools_action, set_action_texts

if TYPE_CHECKING:
    from desktop.ui.pdf_check import PdfCheckDialog

TEXT = N_("Check the signatures of a PDF file…")
TIP = N_("Check who signed a PDF file, when, and whether it was changed after signing")


def _pick_pdf_file(parent: QWidget) -> str | None:
    from desktop.ui.pdf_check import pick_pdf_file

    return pick_pdf_file(parent)


class PdfCheckActions(QObject):
    """Installs the action in the Tools menu and the toolbar of the main window."""

    def __init__(self, window, pick_file: Callable[[QWidget], str | None] = _pick_pdf_file) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.window = window
        self.pick_file = pick_file
        self.dialog: PdfCheckDialog | None = None
        self.action = add_tools_action(window, "action_check_pdf", QStyle.StandardPixmap.SP_FileDialogContentsView,
                                       window.menus)
        self.retranslate()  # texts before the toolbar shows the action (set_action_texts)
        window.toolbar.addAction(self.action)
        self.action.triggered.connect(lambda _checked=False: self.open_dialog())

    def retranslate(self) -> None:
        set_action_texts(self.action, TEXT, TIP)
        if self.dialog is not None:
            self.dialog.retranslate()

    def open_dialog(self, path: str | Path | None = None) -> PdfCheckDialog:
        """Open the dialog (non-modal) and ask for a file, or check `path` at once."""
        if self.dialog is None:
            from desktop.ui.pdf_check import PdfCheckDialog

            self.dialog = PdfCheckDialog(self.window.store, self.window, pick_file=self.pick_file)
        self.dialog.show()
        self.dialog.raise_()
        if path is not None:
            self.dialog.check(path)
        elif not self.dialog.busy():
            self.dialog.choose()
        return self.dialog
