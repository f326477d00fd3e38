"""Acting as a user on the report editor."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.store import Store


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type like a keyboard with a Vietnamese input method: keys for ASCII, committed text else.

    (`qtbot.keyClicks` cannot send characters outside Latin-1 such as "ễ".)
    """
    for char in text:
        if char.isascii():
            qtbot.keyClick(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def stored(store_path, report_id: str) -> dict:
    """The values as another process would read them now (a separate connection)."""
    with Store.open(store_path, readonly=True) as other:
        return other.get_values(report_id)


def stored_meta(store_path, report_id: str) -> dict:
    with Store.open(store_path, readonly=True) as other:
        return other.report_meta(report_id)
