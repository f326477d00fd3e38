"""Windows that fit the screen they open on and come back where the user left them.

`fit_to_screen(window)`: never wider or taller than the available geometry of the window's screen
(the task bar excluded), moved inside it. `restore(store, key, window)` / `remember(...)`: the
geometry kept in the user's settings (Qt's own encoding, base64), applied and then fitted, so a
geometry saved on a larger monitor still opens fully visible on a laptop.
"""

from __future__ import annotations

import base64
from typing import Any

from PySide6.QtCore import QByteArray, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget


def available(window: QWidget) -> QRect:
    """The available geometry of the screen the window is on (else its parent's, else the primary)."""
    parent = window.parentWidget()
    screen = window.screen() or (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fit_to_screen(window: QWidget) -> None:
    area = available(window)
    frame = window.frameGeometry()
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    width = min(window.width(), area.width() - extra_w)
    height = min(window.height(), area.height() - extra_h)
    window.setMinimumSize(min(window.minimumWidth(), width), min(window.minimumHeight(), height))
    window.resize(max(width, 1), max(height, 1))
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.x()), area.x() + area.width() - frame.width())
    y = min(max(frame.y(), area.y()), area.y() + area.height() - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


def restore(store: Any, key: str, window: QWidget) -> bool:
    """Apply the saved geometry (True if there was one), then fit the window to its screen."""
    saved = store.get_setting(key)
    restored = False
    if isinstance(saved, str) and saved:
        try:
            restored = window.restoreGeometry(QByteArray(base64.b64decode(saved, validate=True)))
        except ValueError:  # a damaged setting: the default size it is
            restored = False
    fit_to_screen(window)
    return restored


def remember(store: Any, key: str, window: QWidget) -> None:
    if getattr(store, "readonly", False):
        return
    text = base64.b64encode(bytes(window.saveGeometry().data())).decode("ascii")
    if store.get_setting(key) != text:
        store.set_setting(key, text)
