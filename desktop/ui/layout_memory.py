"""Window geometry and splitter sizes, remembered in the store's settings between sessions.

A window opens where it was closed (size, position, maximised), but never larger than the screen it
opens on: a geometry saved on a 1920-pixel screen is fitted to the 1366-pixel laptop it opens on
next. Splitters are found by object name among a widget's children, so the editor needs no code for it.
"""

from __future__ import annotations

import base64
import logging

from PySide6.QtCore import QByteArray, QRect, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from desktop.store import Store, StoreError

log = logging.getLogger(__name__)
PREFIX = "ui.layout."
MARGIN = 0.92  # a first start takes at most this share of the screen's free area


class LayoutMemory:
    def __init__(self, store: Store) -> None:
        self.store = store

    def _get(self, key: str) -> object:
        try:
            return self.store.get_setting(PREFIX + key)
        except StoreError:
            return None

    def _set(self, key: str, value: object) -> None:
        if self.store.readonly or self._get(key) == value:
            return  # unchanged: no write (each is a synchronous transaction) when a window closes as it opened
        try:
            self.store.set_setting(PREFIX + key, value)
        except StoreError as exc:  # never lose a close over a layout
            log.warning("layout not saved: %s", exc)

    # -- windows

    def restore_window(self, window: QWidget, key: str, default: tuple[int, int]) -> bool:
        """Give the window its saved geometry, or `default` size centred; fitted to the screen.

        Returns whether it should be centred when fitted again once shown (`fit_when_shown`):
        the window calls that from its `setVisible`, as no event filter is installed on it (one
        would see every event the window gets before it is painted, each wrapped for Python)."""
        saved = self._get(key + ".geometry")
        restored = False
        if isinstance(saved, str):
            try:
                restored = window.restoreGeometry(QByteArray(base64.b64decode(saved)))
            except (ValueError, TypeError):
                restored = False
        if not restored:
            window.resize(*default)
        fit_to_screen(window, centre=not restored)
        return not restored

    def save_window(self, window: QWidget, key: str) -> None:
        data = bytes(window.saveGeometry().data())
        self._set(key + ".geometry", base64.b64encode(data).decode("ascii"))

    # -- splitters

    def track_splitters(self, root: QWidget, key: str) -> None:
        """Restore the sizes of every named splitter among `root`'s own children and save them as
        they move. Its own only: PySide6 makes a Python object of every object it looks at, and the
        whole of a report's editor (360 objects) cost its start 13 M instructions."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QSplitter  # not at start (issue 16)
        for splitter in root.findChildren(QSplitter, options=Qt.FindChildOption.FindDirectChildrenOnly):
            name = splitter.objectName()
            if not name:
                continue
            setting = f"{key}.{name}"
            sizes = self._get(setting)
            if (isinstance(sizes, list) and len(sizes) == splitter.count()
                    and all(isinstance(s, int) and s >= 0 for s in sizes) and sum(sizes) > 0):
                splitter.setSizes(sizes)
            splitter.splitterMoved.connect(
                lambda _pos, _index, s=splitter, k=setting: self._set(k, list(s.sizes())))


def fit_when_shown(window: QWidget, *, centre: bool) -> None:
    """Once shown, the frame (title bar, borders) is known: fit the window again with it, as soon
    as the event loop runs. Called by the window's `setVisible(True)` the first time."""
    QTimer.singleShot(0, lambda: fit_to_screen(window, centre=centre))


def available_rect(window: QWidget) -> QRect | None:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fit_to_screen(window: QWidget, *, centre: bool = False) -> None:
    """Shrink the window to the free area of its screen and bring it back onto it.

    Before the window is shown its frame is not known yet: its inner geometry stands for it.
    """
    area = available_rect(window)
    if area is None or window.isMaximized() or window.isFullScreen():
        return
    shown = window.isVisible()
    frame = window.frameGeometry() if shown else window.geometry()
    extra_w = max(0, frame.width() - window.width())
    extra_h = max(0, frame.height() - window.height())
    share = MARGIN if centre else 1.0
    limit_w = int(area.width() * share) - extra_w
    limit_h = int(area.height() * share) - extra_h
    width = max(min(window.width(), limit_w), min(window.minimumWidth(), limit_w))
    height = max(min(window.height(), limit_h), min(window.minimumHeight(), limit_h))
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    frame = window.frameGeometry() if shown else window.geometry()
    x, y = frame.x(), frame.y()
    if centre:
        x = area.x() + (area.width() - frame.width()) // 2
        y = area.y() + (area.height() - frame.height()) // 2
    x = min(max(x, area.x()), area.x() + max(0, area.width() - frame.width()))
    y = min(max(y, area.y()), area.y() + max(0, area.height() - frame.height()))
    if (x, y) != (frame.x(), frame.y()):
        if shown:
            window.move(x, y)  # move() places the frame
        else:
            window.setGeometry(x, y, window.width(), window.height())
