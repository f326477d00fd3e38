"""Acting as a user in tests."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import QApplication, QStyledItemDelegate, QStyleOptionViewItem, QWidget


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type text as a keyboard (or a Vietnamese input method like Unikey) would.

    `qtbot.keyClicks` maps each character to a key code and aborts on characters outside
    Latin-1 ("ễ"), so those are sent as key events carrying their text, as Windows does for
    characters an input method commits.
    """
    for char in text:
        if char.isascii():
            qtbot.keyClick(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def shown_text_color(index: QModelIndex) -> QColor:
    """The colour a view's standard delegate writes the cell's text in (what the user sees), from
    whatever the model gives for Qt.ItemDataRole.ForegroundRole."""
    option = QStyleOptionViewItem()
    QStyledItemDelegate().initStyleOption(option, index)
    return option.palette.color(QPalette.ColorRole.Text)


def shown_bold(index: QModelIndex) -> bool:
    option = QStyleOptionViewItem()
    QStyledItemDelegate().initStyleOption(option, index)
    return option.font.bold()


def click(qtbot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def on_next_modal(handler, timeout_ms: int = 5000) -> None:
    """Run `handler(dialog)` on the next modal dialog once it shows (its exec() blocks the test).

    If the handler fails, the dialog is closed so the test reports the failure instead of
    hanging; the exception reaches pytest-qt as an error in a Qt callback.
    """
    from PySide6.QtCore import QTimer

    waited = {"ms": 0}

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            waited["ms"] += 20
            if waited["ms"] < timeout_ms:
                QTimer.singleShot(20, poll)
            return
        try:
            handler(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject() if hasattr(dialog, "reject") else dialog.close()

    QTimer.singleShot(0, poll)
