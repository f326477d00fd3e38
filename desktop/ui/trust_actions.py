"""The Tools menu's "Trusted certificates…": the action the main window starts with. The screen
itself (desktop.ui.trust_page) is imported when it is first opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QStyle

from desktop.i18n import N_
from desktop.ui.actions import add_tools_action, set_action_texts

if TYPE_CHECKING:
    from desktop.ui.trust_page import TrustDialog

TEXT = N_("Trusted &certificates…")
TIP = N_("The root certificates and revocation lists used to check signatures")


class TrustActions(QObject):
    """The Tools menu's "Trusted certificates…", installed by MainWindow with one call."""

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        super().__init__(window)
        self.window = window
        self.dialog: TrustDialog | None = None
        self.action = add_tools_action(window, "action_trust", QStyle.StandardPixmap.SP_DialogApplyButton, window.menus)
        self.action.triggered.connect(lambda _checked=False: self.open_trust())
        self.retranslate()

    def retranslate(self) -> None:
        set_action_texts(self.action, TEXT, TIP)

    def open_trust(self) -> TrustDialog:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
        from desktop.ui.trust_page import TrustDialog

        self.dialog = TrustDialog(self.window.store, self.window)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.show()
        return self.dialog
