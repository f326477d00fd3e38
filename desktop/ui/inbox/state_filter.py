"""The board's filter: a button whose menu holds one tick per state (and per mark, e.g. "correction
requested"), each with its count. Any number may be ticked at once; none ticked shows every
organisation. The button says what is shown, so the choice is visible without opening the menu."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from desktop.i18n import _
from desktop.inbox.board import MARKS, STATES, Board, state_text
from desktop.ui.signals import emit

MAX_SHOWN = 3  # states named on the button before it says "N states"


class StateFilter(QToolButton):
    changed = Signal(object)  # the set of states and marks shown, or None for all

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inboxStates")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.menu_ = QMenu(self)
        self.menu_.setObjectName("inboxStatesMenu")
        self.actions_: dict[str, QAction] = {}
        for key in (*STATES, *MARKS):
            action = QAction(self.menu_)
            action.setObjectName(f"inboxState_{key}")
            action.setCheckable(True)
            action.toggled.connect(self._toggled)
            self.actions_[key] = action
            self.menu_.addAction(action)
            if key == STATES[-1]:
                self.menu_.addSeparator()
        self.menu_.addSeparator()
        self.all_action = QAction(self.menu_)
        self.all_action.setObjectName("inboxStatesAll")
        self.all_action.triggered.connect(self.clear)
        self.menu_.addAction(self.all_action)
        self.setMenu(self.menu_)
        self.counts: dict[str, int] = {}
        self.retranslate()

    def retranslate(self) -> None:
        self.all_action.setText(_("All organisations"))
        for key, action in self.actions_.items():
            text = state_text(key).render()
            action.setText(f"{text} ({self.counts[key]})" if key in self.counts else text)
        chosen = self.states()
        if not chosen:
            self.setText(_("All organisations"))
        elif len(chosen) <= MAX_SHOWN:
            self.setText(", ".join(state_text(key).render() for key in self.actions_ if key in chosen))
        else:
            self.setText(_("{count} states").format(count=len(chosen)))
        self.setToolTip(_("Tick the states to show; several can be ticked at once"))
        self.setAccessibleName(_("Show the organisations in these states"))

    def set_board(self, board: Board | None) -> None:
        self.counts = {}
        if board is not None:
            self.counts = dict(board.counts())
            for mark in MARKS:
                self.counts[mark] = sum(1 for row in board.rows if mark in row.marks)
        self.retranslate()

    def states(self) -> set[str] | None:
        chosen = {key for key, action in self.actions_.items() if action.isChecked()}
        return chosen or None

    def set_states(self, states: set[str] | None) -> None:
        for key, action in self.actions_.items():
            action.blockSignals(True)
            action.setChecked(key in (states or set()))
            action.blockSignals(False)
        self._toggled()

    def clear(self) -> None:
        self.set_states(None)

    def _toggled(self, *_args: object) -> None:
        self.retranslate()
        emit(self.changed, self.states())
