"""The editor's status line: the result of the last paste or import, kept until the next change
("Đã dán 600 ô; 2 ô không đọc được — Xem"), beside the save state."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolButton, QWidget

from desktop.i18n import _


class StatusLine(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.show_button = QToolButton(self)
        self.show_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.show_button.clicked.connect(self._show)
        self.show_button.hide()
        self.save_state = QLabel(self)
        self.save_state.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.show_button)
        layout.addWidget(self.save_state)
        self._goto: Callable[[], None] | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.show_button.setText(_("See them"))
        self.show_button.setToolTip(_("Go to the first cell that cannot be read"))
        self.message.setAccessibleName(_("Result of the last action"))
        self.save_state.setAccessibleName(_("Save status"))

    def show_message(self, text: str, goto: Callable[[], None] | None = None) -> None:
        """Say `text` until `clear()`; with `goto`, a “Show” button takes the user to the problem."""
        self.message.setText(text)
        self._goto = goto
        self.show_button.setVisible(goto is not None)

    def clear(self) -> None:
        self.show_message("")

    def _show(self) -> None:
        if self._goto is not None:
            self._goto()
