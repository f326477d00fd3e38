"""The line under a field that says what is wrong with it: its space is always reserved, so the
form never moves under the mouse when a message appears or goes; long messages end in "…" with
the whole text in the tooltip (and in the checks panel, which wraps)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

COLORS = {"E": "#b00020", "W": "#8a5300"}
MARKS = {"E": "✖", "W": "⚠"}
MUTED = "#555555"  # help texts under a field or a section's title


def mute(label: QLabel) -> None:
    """Grey text, as the style sheet "color: #555" gives it, through the label's palette: a widget
    with a style sheet of its own is polished and drawn by Qt's style sheet style, which cost the
    report's first section some M instructions for its 14 help texts (issue 16)."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(MUTED))
    label.setPalette(palette)


class MessageLine(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._lines: list[tuple[str, str]] = []
        self._more = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self.fontMetrics().lineSpacing() + 4)

    def sizeHint(self) -> QSize:
        return QSize(0, self.fontMetrics().lineSpacing() + 4)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def set_messages(self, lines: list[tuple[str, str]], more: str = "") -> None:
        """[(severity "E"/"W", text)]; the worst comes first. Empty clears the line (its space stays)."""
        self._lines = sorted(lines, key=lambda line: line[0] != "E")
        self._more = more
        self.setToolTip("\n".join(text for _sev, text in self._lines) + (f"\n{more}" if more else "")
                        if self._lines else "")
        self.setAccessibleName(self.full_text())
        self._render()

    def full_text(self) -> str:
        """Everything the line says, not cut (what a screen reader reads)."""
        return " ".join(f"{MARKS.get(sev, '')} {text}" for sev, text in self._lines)

    @property
    def messages(self) -> list[tuple[str, str]]:
        return list(self._lines)

    def _render(self) -> None:
        if not self._lines:
            self.setText("")
            return
        severity = self._lines[0][0]
        self.setStyleSheet(f"color: {COLORS.get(severity, COLORS['E'])};")
        text = self.full_text()
        if len(self._lines) > 1 or self._more:
            text = f"{text} {self._more}".strip()
        width = max(self.width(), 40)
        self.setText(self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._render()
