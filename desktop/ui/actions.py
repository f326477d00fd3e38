"""The main window's actions: texts, shortcuts, icons and where they appear, in one table."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle, QWidget

from desktop.i18n import N_, _


@dataclass(frozen=True)
class ActionSpec:
    name: str
    text: str  # msgid
    tip: str  # msgid of the status/tool tip
    shortcut: QKeySequence.StandardKey | str | None = None
    icon: QStyle.StandardPixmap | None = None


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
    ActionSpec("guide", N_("&User guide"), N_("How to use CT20 (works without internet)"),
               QKeySequence.StandardKey.HelpContents, SP.SP_DialogHelpButton),
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


def create_actions(window: QWidget) -> dict[str, QAction]:
    actions = {}
    style = window.style()
    for spec in SPECS:
        action = QAction(window)
        action.setObjectName(f"action_{spec.name}")
        if spec.shortcut is not None:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.icon is not None:
            action.setIcon(style.standardIcon(spec.icon))
        actions[spec.name] = action
    return actions


def retranslate_actions(actions: dict[str, QAction]) -> None:
    for spec in SPECS:
        action = actions[spec.name]
        action.setText(_(spec.text))
        action.setStatusTip(_(spec.tip))
        action.setToolTip(_(spec.tip))


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
