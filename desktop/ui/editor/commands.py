"""Undo steps. Each holds just enough to go both ways; the session does the actual change."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from desktop.frozen_record import FrozenRecord
from desktop.i18n import _, current_language, pick

if TYPE_CHECKING:
    from .session import EditSession

MERGE_FIELD = 1


def _label(session: EditSession, path: str) -> str:
    field = session.form.field(path)
    return pick(field.label, current_language()) if field else path


class SetField(QUndoCommand):
    """A top-level field's value; consecutive keystrokes in one field merge into one step."""

    def __init__(self, session: EditSession, path: str, old: Any, old_pending: str | None,
                 new: Any, new_pending: str | None, *, merge: bool) -> None:
        super().__init__(_("Edit “{label}”").format(label=_label(session, path)))
        self.session, self.path = session, path
        self.old, self.old_pending = old, old_pending
        self.new, self.new_pending = new, new_pending
        self.can_merge = merge

    def id(self) -> int:
        return MERGE_FIELD

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetField) or other.path != self.path or not other.can_merge:
            return False
        self.new, self.new_pending = other.new, other.new_pending
        if self.new == self.old and self.new_pending == self.old_pending:
            self.setObsolete(True)
        return True

    def redo(self) -> None:
        self.session.apply_field(self.path, self.new, self.new_pending)

    def undo(self) -> None:
        self.session.apply_field(self.path, self.old, self.old_pending)


class CellChange(FrozenRecord):
    row: int
    column: str
    old: Any
    old_pending: str | None
    new: Any
    new_pending: str | None


class SetCells(QUndoCommand):
    """Cells typed, pasted or cleared; rows appended when a paste runs past the end."""

    def __init__(self, session: EditSession, table: str, changes: list[CellChange],
                 rows_before: int, rows_after: int, text: str) -> None:
        super().__init__(text)
        self.session, self.table, self.changes = session, table, changes
        self.rows_before, self.rows_after = rows_before, rows_after

    def redo(self) -> None:
        if self.rows_after > self.rows_before:
            count = self.rows_after - self.rows_before
            self.session.insert_rows(self.table, self.rows_before, [{} for _ in range(count)])
        self.session.apply_cells(self.table, [(c.row, c.column, c.new, c.new_pending)
                                              for c in self.changes])

    def undo(self) -> None:
        self.session.apply_cells(self.table, [(c.row, c.column, c.old, c.old_pending)
                                              for c in self.changes])
        if self.rows_after > self.rows_before:
            self.session.remove_rows(self.table, self.rows_before,
                                     self.rows_after - self.rows_before)


class InsertRows(QUndoCommand):
    def __init__(self, session: EditSession, table: str, index: int, rows: list[dict],
                 pending: dict[tuple[int, str], str] | None, text: str) -> None:
        super().__init__(text)
        self.session, self.table, self.index = session, table, index
        self.rows, self.pending = rows, pending or {}

    def redo(self) -> None:
        self.session.insert_rows(self.table, self.index, copy.deepcopy(self.rows), self.pending)

    def undo(self) -> None:
        self.session.remove_rows(self.table, self.index, len(self.rows))


class RemoveRows(QUndoCommand):
    """Removes blocks of rows; `blocks` are (first, count), applied from the bottom up."""

    def __init__(self, session: EditSession, table: str, blocks: list[tuple[int, int]],
                 text: str) -> None:
        super().__init__(text)
        self.session, self.table = session, table
        self.blocks = sorted(blocks, reverse=True)
        self.removed: list[tuple[int, list[dict], dict]] = []

    def redo(self) -> None:
        self.removed = []
        for first, count in self.blocks:
            rows, pending = self.session.remove_rows(self.table, first, count)
            self.removed.append((first, rows, pending))

    def undo(self) -> None:
        for first, rows, pending in reversed(self.removed):
            self.session.insert_rows(self.table, first, rows, pending)


class MoveRows(QUndoCommand):
    def __init__(self, session: EditSession, table: str, first: int, last: int, delta: int,
                 text: str) -> None:
        super().__init__(text)
        self.session, self.table = session, table
        self.first, self.last, self.delta = first, last, delta

    def redo(self) -> None:
        self.session.move_rows(self.table, self.first, self.last, self.delta)

    def undo(self) -> None:
        self.session.move_rows(self.table, self.first + self.delta, self.last + self.delta,
                               -self.delta)


class ReplaceAll(QUndoCommand):
    """Every value at once (a restored history entry); the first redo shows what is stored."""

    def __init__(self, session: EditSession, old: dict, old_pending: dict, new: dict,
                 new_pending: dict, seq: int) -> None:
        super().__init__(_("Restore version {seq}").format(seq=seq))
        self.session = session
        self.old, self.old_pending = old, old_pending
        self.new, self.new_pending = new, new_pending

    def redo(self) -> None:
        self.session.replace_all(self.new, self.new_pending)

    def undo(self) -> None:
        self.session.replace_all(self.old, self.old_pending)
