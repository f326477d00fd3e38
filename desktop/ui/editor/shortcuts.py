"""The editor's own keys (Ctrl+S, undo, F8…) beside its host window's actions."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QWidget

from desktop.ui.actions import KEYS_PROPERTY


def avoid_clashes(editor: QWidget, shortcuts: Iterable[QShortcut]) -> None:
    """A host window's own action for a key wins over the editor's where both could fire while the
    focus is in the editor: two active shortcuts for one key would make Qt run neither. An action
    that fires only while its own widget has the focus (the main window's Save, Ctrl+S, shown in
    its menu) is no clash: the editor's key is the one that saves while the officer types."""
    host = editor.window()
    if host is editor:
        return
    taken: set[frozenset[str]] = set()
    # The window's own actions, its children (all of the main window's with a key are): not every
    # object under it, which PySide6 would each make a Python object of to look at, the editor's
    # 360 included (issue 16: 7 M instructions of the start with a report open). Their keys are
    # compared as the texts they were given (actions.set_shortcut), without PySide6's QKeySequence.
    for action in host.findChildren(QAction, options=Qt.FindChildOption.FindDirectChildrenOnly):
        keys = action.property(KEYS_PROPERTY)
        if isinstance(keys, str) and fires_with_focus_inside(action, editor):
            taken.add(key_set(keys))
    for shortcut in shortcuts:
        keys = shortcut.property(KEYS_PROPERTY)
        shortcut.setEnabled(not (isinstance(keys, str) and key_set(keys) in taken))


def key_set(keys: str) -> frozenset[str]:
    """The keys of a shortcut's text, "Ctrl+Shift+Z" and "Shift+Ctrl+Z" alike (the last one the
    key itself, which may be "+")."""
    text = keys.strip().lower()
    key = "+" if text.endswith("++") or text == "+" else text.rsplit("+", 1)[-1]
    modifiers = text[: len(text) - len(key)].rstrip("+")
    return frozenset([*(part for part in modifiers.split("+") if part), "key " + key])


def fires_with_focus_inside(action: QAction, widget: QWidget) -> bool:
    """Whether `action`'s shortcut can fire while `widget` (or a widget inside it) has the focus."""
    context = action.shortcutContext()
    if context == Qt.ShortcutContext.WidgetShortcut:  # only while one of its own widgets has it
        return False
    if context == Qt.ShortcutContext.WidgetWithChildrenShortcut:
        return any(isinstance(w, QWidget) and (w is widget or w.isAncestorOf(widget))
                   for w in action.associatedObjects())
    return True  # the window's or the application's
