"""The main window's actions: texts, shortcuts, icons and where they appear, in one table."""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QStyle, QToolBar, QWidget

from desktop.i18n import N_, _


class ActionSpec:
    """One action of the table below (a plain class: a dataclass would compile its methods at start)."""

    __slots__ = ("icon", "name", "shortcut", "text", "tip")

    def __init__(self, name: str, text: str, tip: str, shortcut: str | None = None,
                 icon: QStyle.StandardPixmap | None = None) -> None:
        self.name = name
        self.text = text  # msgid
        self.tip = tip  # msgid of the status/tool tip
        self.shortcut = shortcut  # as Qt writes it ("Ctrl+N"): see set_shortcut
        self.icon = icon


SP = QStyle.StandardPixmap
SPECS = (
    ActionSpec("new", N_("&New report…"), N_("Create a new report"), "Ctrl+N", SP.SP_FileIcon),
    ActionSpec("open", N_("&Open"), N_("Open the selected report"), None, SP.SP_DialogOpenButton),
    ActionSpec("duplicate", N_("&Duplicate…"),
               N_("Start a report for another period from the selected one"), "Ctrl+D",
               SP.SP_FileDialogNewFolder),
    ActionSpec("trash", N_("Move to &trash"),
               N_("Move the selected report to the trash (it can be restored)"), "Del",
               SP.SP_TrashIcon),
    ActionSpec("restore", N_("&Restore from trash"), N_("Bring the selected report back"), None,
               SP.SP_DialogResetButton),
    ActionSpec("save", N_("&Save"), N_("Save the report now (it is also saved as you type)"),
               "Ctrl+S", SP.SP_DialogSaveButton),
    ActionSpec("list", N_("All &reports"), N_("Back to the list of reports"), "Alt+Home",
               SP.SP_FileDialogListView),
    ActionSpec("backup", N_("&Back up all data…"), N_("Save a copy of all reports to a file"),
               None, SP.SP_DriveHDIcon),
    ActionSpec("settings", N_("Se&ttings…"), N_("Language and organisation profile"), "Ctrl+,",
               SP.SP_FileDialogDetailedView),
    ActionSpec("quit", N_("&Quit"), N_("Close CT20"), "Ctrl+Q", None),
    # F1: QKeySequence.StandardKey.HelpContents on Windows and Linux, where CT20 runs (Ctrl+? is macOS's)
    ActionSpec("guide", N_("&User guide"), N_("How to use CT20 (works without internet)"), "F1",
               SP.SP_DialogHelpButton),
    ActionSpec("about", N_("&About CT20"), N_("Version and licence"), None, None),
)

MENUS = (
    (N_("&File"), ("new", "open", "save", "list", None, "backup", None, "quit")),
    (N_("&Report"), ("duplicate", "trash", "restore")),
    (N_("&Tools"), ("settings",)),
    (N_("&Help"), ("guide", None, "about")),
)
TOOLBAR = ("new", "open", "duplicate", "trash", "restore", None, "list", None, "settings",
           "backup")  # no Save: the editor has its own, next to its undo and history
# The main toolbar's shorter labels, by action name (feature modules add theirs to the bar too): the
# whole Vietnamese names do not fit on a 1366-pixel laptop screen. The menus keep the whole names;
# on the bar, the tooltip starts with the whole name.
TOOLBAR_LABELS = {
    "action_new": N_("New report"), "action_trash": N_("To trash"), "action_restore": N_("Restore"),
    "action_list": N_("Reports"), "action_inbox": N_("Inbox"), "action_backup": N_("Back up"),
    "action_revise": N_("Revise"), "action_check_pdf": N_("Check a PDF"),
}


def create_actions(window: QWidget) -> dict[str, QAction]:
    """The window's actions, with their texts in the current language already (set_action_texts)."""
    actions = {}
    style = window.style()
    for spec in SPECS:
        action = QAction(window)
        action.setObjectName(f"action_{spec.name}")
        set_action_texts(action, spec.text, spec.tip)
        if spec.shortcut is not None:
            set_shortcut(action, spec.shortcut)
        if spec.icon is not None:
            action.setIcon(style.standardIcon(spec.icon))
        actions[spec.name] = action
    return actions


KEYS_PROPERTY = "ct20Keys"  # an action's or shortcut's keys as text (desktop.ui.editor.shortcuts reads it)


def set_shortcut(action: QObject, keys: str, property_name: str = "shortcut") -> None:
    """`action.setShortcut(QKeySequence(keys))`, Qt reading the keys from the text itself: the same
    shortcut without making PySide6's QKeySequence class for Python, with its 76-member enums,
    before the window's first paint (issue 16: 5.6 M instructions; nothing shows a shortcut until a
    menu opens). The text is kept beside it (KEYS_PROPERTY), so that the keys can be compared
    without that class either. `property_name`: "key" for a QShortcut."""
    action.setProperty(property_name, keys)
    action.setProperty(KEYS_PROPERTY, keys)


def set_action_texts(action: QAction, text: str, tip: str) -> None:
    """An action's texts in the current language (`text` and `tip` are msgids): its name, status tip
    and tooltip, and for an action of the main toolbar (named in TOOLBAR_LABELS) its short label,
    the tooltip starting with the whole name. Set before the action goes into menus and toolbars,
    each of which would rebuild its entry at every change (issue 16: the window's start)."""
    action.setText(_(text))
    action.setStatusTip(_(tip))
    action.setToolTip(_(tip))
    _shorten(action)


def retranslate_actions(actions: dict[str, QAction]) -> None:
    for spec in SPECS:
        set_action_texts(actions[spec.name], spec.text, spec.tip)


def _shorten(action: QAction) -> None:
    short = TOOLBAR_LABELS.get(action.objectName())
    if short is None:
        return
    action.setIconText(_(short))
    whole = re.sub(r"&(.)", r"\1", action.text()).rstrip("…").strip()
    tip = action.toolTip()
    if whole and not tip.startswith(whole):
        action.setToolTip(f"{whole}\n{tip}" if tip and tip != whole else whole)


def shorten_toolbar(toolbar: QToolBar) -> None:
    """Give the toolbar's actions their short labels (TOOLBAR_LABELS), once their texts are
    translated; each one's tooltip then starts with its whole name. Safe to call again (the
    actions given their texts by set_action_texts have them already)."""
    for action in toolbar.actions():
        _shorten(action)


def add_tools_action(window: QWidget, name: str, icon: QStyle.StandardPixmap,
                     menus: Iterable[tuple[QMenu, str]]) -> QAction:
    """An action of the Tools menu (installed later by a feature module): named, with its icon,
    on the window (for its shortcut) and in the Tools menu when the window has one. `menus` is
    the window's list of (menu, title msgid) pairs."""
    action = QAction(window)
    action.setObjectName(name)
    action.setIcon(window.style().standardIcon(icon))
    window.addAction(action)
    tools = {title: menu for menu, title in menus}.get(N_("&Tools"))
    if tools is not None:
        tools.addAction(action)
    return action
