"""The values being edited, their autosave, and the one place that changes them.

Widgets never write values themselves: they hand raw input to the session, which reads it
(`cells.read_input`) and pushes an undo command; the command changes the values here and the
session tells every view what changed. Text that cannot be read is kept as typed in `pending`
(saved with the report, see `desktop.reporting.meta`) and the value stays empty, so nothing
wrong is stored and nothing typed is lost.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from desktop.forms.values import delete_path, get_path, set_path
from desktop.i18n import Message, current_language
from desktop.reporting.cells import Reading, cell_path, read_input, split_cell_path
from desktop.reporting.examples import example_values
from desktop.reporting.meta import keep_unsaved, read_meta, save_acknowledgements, save_pending
from desktop.reporting.reports import context_of, form_of
from desktop.store import ReportChangedError, ReportReadOnlyError, Store, StoreError
from desktop.store.merge import Conflict
from desktop.ui.signals import emit

from . import commands
from .background_save import BackgroundSave, BackgroundSaving
from .session_merge import ChangedElsewhere

AUTOSAVE_MS = 700
UNSAVED_META_KEY = "unsaved_edits"
RETRY_MS = 2000  # the first retry of a failed save; each next one waits twice as long …
MAX_RETRY_MS = 60000  # … up to a minute
MERGE_ATTEMPTS = 3


class TableListener(Protocol):
    """A view of one table field (its Qt model), told before and after rows change."""

    def rows_about_to_change(self, kind: str, first: int, last: int, dest: int = -1) -> None: ...
    def rows_changed(self, kind: str) -> None: ...
    def cells_changed(self, first: int, last: int) -> None: ...


class EditSession(QObject, BackgroundSaving, ChangedElsewhere):
    fieldChanged = Signal(str)  # a top-level field path; "" means every field
    changed = Signal()  # any change of values or pending text
    saveStateChanged = Signal()
    readOnlyChanged = Signal(bool)
    notice = Signal(str)  # something the user must be told (the report was changed elsewhere)

    def __init__(self, store: Store, report_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.report = store.get_report(report_id)
        self.report_id = self.report.id
        self.form = form_of(self.report)
        self.context = context_of(self.report)
        self.examples = example_values(store, self.report.org_id)  # for the help texts' examples
        # the version these values are based on: a save over a newer one merges or asks first
        self.values, self.base_seq = store.values_with_seq(self.report_id)
        meta = read_meta(store, self.report_id)
        self.pending: dict[str, str] = dict(meta.pending)
        self.acks: dict[str, Any] = dict(meta.acknowledged)
        self.undo_stack = QUndoStack(self)
        self._listeners: dict[str, TableListener] = {}
        self._dirty = False
        self._saved_pending = dict(self.pending)
        self.save_error: Message | None = None
        self.save_failures = 0
        self._saving = False
        self.last_saved_seq: int | None = None
        # which value wins where both sides changed one; True keeps the values typed here
        self.ask_keep_mine: Callable[[list[Conflict]], bool] = self._ask_keep_mine
        self.read_only = not self.report.editable or bool(getattr(store, "readonly", False))
        self._merge_open = False
        self._generation = 0  # edits so far: a background save knows whether more came after it
        self._background: BackgroundSave | None = None
        self._autosave = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._autosave.timeout.connect(self._autosave_due)

    # -- reading

    @property
    def dirty(self) -> bool:
        return self._dirty or self.pending != self._saved_pending

    def value(self, path: str) -> Any:
        return get_path(self.values, path)

    def rows(self, table: str) -> list[dict]:
        rows = get_path(self.values, table)
        return rows if isinstance(rows, list) else []

    def pending_text(self, path: str) -> str | None:
        return self.pending.get(path)

    def add_table_listener(self, table: str, listener: TableListener) -> None:
        self._listeners[table] = listener

    # -- input from widgets (each becomes one undo command)

    def read(self, path: str, raw: Any) -> Reading:
        field = self.form.field(path)
        assert field is not None, path
        return read_input(field, raw, current_language())

    def edit_field(self, path: str, raw: Any) -> None:
        """A top-level field's input: typed text, a choice key, a bool or None."""
        if self.read_only:
            return
        reading = self.read(path, raw)
        old_value, old_pending = copy.deepcopy(self.value(path)), self.pending.get(path)
        if reading.value == old_value and type(reading.value) is type(old_value) \
                and reading.pending == old_pending:
            return
        self.undo_stack.push(commands.SetField(self, path, old_value, old_pending, reading.value,
                                               reading.pending, merge=self._merge_open))
        self._merge_open = True

    def end_typing(self) -> None:
        """The user left a field: the next keystrokes start a new undo step."""
        self._merge_open = False

    def edit_cells(self, table: str, edits: list[tuple[int, str, Any]], text: str) -> None:
        """Raw input for cells [(row, column key, raw)]; rows past the end are appended."""
        if self.read_only or not edits:
            return
        field = self.form.field(table)
        assert field is not None and field.is_table, table
        lang = current_language()
        rows = self.rows(table)
        changes = []
        for row, key, raw in edits:
            column = field.column(key)
            if column is None or column.fixed:
                continue
            reading = read_input(column, raw, lang)
            path = cell_path(table, row, key)
            old_value = rows[row].get(key) if row < len(rows) else None
            old_pending = self.pending.get(path)
            if (reading.value, reading.pending) == (old_value, old_pending) and \
                    type(reading.value) is type(old_value):
                continue
            changes.append(commands.CellChange(row, key, old_value, old_pending,
                                               reading.value, reading.pending))
        grow_to = max((row + 1 for row, _key, _raw in edits), default=0)
        if not changes and grow_to <= len(rows):
            return
        self._merge_open = False
        self.undo_stack.push(commands.SetCells(self, table, changes, len(rows),
                                               max(grow_to, len(rows)), text))

    # -- changes (called by the undo commands only)

    def apply_field(self, path: str, value: Any, pending: str | None) -> None:
        if value is None:
            delete_path(self.values, path)
        else:
            set_path(self.values, path, copy.deepcopy(value))
        self._set_pending(path, pending)
        emit(self.fieldChanged, path)
        self._touched()

    def apply_cells(self, table: str, changes: list[tuple[int, str, Any, str | None]]) -> None:
        rows = self.rows(table)
        for row, key, value, pending in changes:
            if value is None:
                rows[row].pop(key, None)
            else:
                rows[row][key] = value
            self._set_pending(cell_path(table, row, key), pending)
        if changes:
            listener = self._listeners.get(table)
            if listener is not None:
                listener.cells_changed(min(c[0] for c in changes), max(c[0] for c in changes))
        emit(self.fieldChanged, table)
        self._touched()

    def insert_rows(self, table: str, index: int, rows: list[dict],
                    pending: dict[tuple[int, str], str] | None = None) -> None:
        if not rows:
            return
        current = self.rows(table)
        if not current:
            set_path(self.values, table, current)
        listener = self._listeners.get(table)
        if listener is not None:
            listener.rows_about_to_change("insert", index, index + len(rows) - 1)
        current[index:index] = rows
        count = len(rows)
        self._remap_pending(table, lambda r: r + count if r >= index else r)
        for (offset, key), text in (pending or {}).items():
            self.pending[cell_path(table, index + offset, key)] = text
        if listener is not None:
            listener.rows_changed("insert")
        emit(self.fieldChanged, table)
        self._touched()

    def remove_rows(self, table: str, first: int, count: int) -> tuple[list[dict], dict]:
        """Remove rows first..first+count-1; returns them and their pending text (by offset)."""
        current = self.rows(table)
        last = first + count - 1
        listener = self._listeners.get(table)
        if listener is not None:
            listener.rows_about_to_change("remove", first, last)
        removed = current[first:last + 1]
        del current[first:last + 1]
        taken = {}
        for path in list(self.pending):
            cell = split_cell_path(path)
            if cell and cell[0] == table and first <= cell[1] <= last:
                taken[(cell[1] - first, cell[2])] = self.pending.pop(path)
        self._remap_pending(table, lambda r: r - count if r > last else r)
        if not current:
            delete_path(self.values, table)
        if listener is not None:
            listener.rows_changed("remove")
        emit(self.fieldChanged, table)
        self._touched()
        return removed, taken

    def move_rows(self, table: str, first: int, last: int, delta: int) -> None:
        """Move the block first..last by delta (±1) rows."""
        current = self.rows(table)
        listener = self._listeners.get(table)
        dest = first - 1 if delta < 0 else last + 2
        if listener is not None:
            listener.rows_about_to_change("move", first, last, dest)
        if delta < 0:
            moved = current.pop(first - 1)
            current.insert(last, moved)
            mapping = {first - 1: last, **{r: r - 1 for r in range(first, last + 1)}}
        else:
            moved = current.pop(last + 1)
            current.insert(first, moved)
            mapping = {last + 1: first, **{r: r + 1 for r in range(first, last + 1)}}
        self._remap_pending(table, lambda r: mapping.get(r, r))
        if listener is not None:
            listener.rows_changed("move")
        emit(self.fieldChanged, table)
        self._touched()

    def replace_all(self, values: dict, pending: dict[str, str]) -> None:
        for listener in self._listeners.values():
            listener.rows_about_to_change("reset", 0, 0)
        self.values = copy.deepcopy(values)
        self.pending = dict(pending)
        for listener in self._listeners.values():
            listener.rows_changed("reset")
        emit(self.fieldChanged, "")
        self._touched()

    def _set_pending(self, path: str, pending: str | None) -> None:
        if pending is None:
            self.pending.pop(path, None)
        else:
            self.pending[path] = pending

    def _remap_pending(self, table: str, new_row: Callable[[int], int]) -> None:
        moved = {}
        for path in list(self.pending):
            cell = split_cell_path(path)
            if cell and cell[0] == table:
                moved[cell_path(table, new_row(cell[1]), cell[2])] = self.pending.pop(path)
        self.pending.update(moved)

    def _touched(self) -> None:
        self._dirty = True
        self._generation += 1
        emit(self.changed)
        self._autosave_later()
        emit(self.saveStateChanged)

    def _autosave_later(self) -> None:
        if not self.read_only and not self._autosave.isActive():
            # Not restarted by later edits: steady typing is still saved every AUTOSAVE_MS.
            self._autosave.start(AUTOSAVE_MS)

    # -- saving

    def save_now(self, source: str = "ui") -> bool:
        """Write pending edits to the store now; True when everything is saved.

        `source`: "ui" for a save the user asked for (Ctrl+S, closing the report), kept in the
        history for good; the timer's saves are autosaves, thinned as they age. A background
        autosave still running is waited for first (desktop/ui/editor/background_save.py).

        A save that fails (a full disk, a read-only medium, a store busy in another program)
        keeps every typed value here, says why (`save_error`, shown by the editor) and is tried
        again after 2 s, 4 s, 8 s … up to a minute. A report saved elsewhere meanwhile is merged
        (`_take_newer`), never overwritten.
        """
        self._autosave.stop()
        if self._saving:  # e.g. focus moved to the merge question this save is asking
            return False
        self._wait_for_background()
        if self.read_only or not self.dirty:
            return not self.dirty
        self._saving = True
        try:
            if self._dirty:
                self._save_values(source)
            if self.pending != self._saved_pending:
                snapshot = dict(self.pending)
                save_pending(self.store, self.report_id, snapshot)
                self._saved_pending = snapshot
            self._saved_ok()
        except ReportReadOnlyError as exc:  # submitted or trashed meanwhile (e.g. by the CLI)
            self.save_error = exc.message
            self._keep_aside()
            self.set_read_only(True)
        except StoreError as exc:
            self.save_error = exc.message
            self.save_failures += 1
            self._autosave.start(min(RETRY_MS * 2 ** (self.save_failures - 1), MAX_RETRY_MS))
        finally:
            self._saving = False
        emit(self.saveStateChanged)
        return not self.dirty

    def _saved_ok(self) -> None:
        self.save_error = None
        self.save_failures = 0
        emit(self.saveStateChanged)

    def _save_values(self, source: str) -> None:
        for _attempt in range(MERGE_ATTEMPTS):
            try:
                seq = self.store.save_values(self.report_id, self.values, source=source,
                                             base_seq=self.base_seq)
            except ReportChangedError:
                self._take_newer()
                continue
            if seq is not None:
                self.base_seq = seq
                self.last_saved_seq = seq
            self._dirty = False
            return
        # saved elsewhere again and again while merging: the autosave tries once more soon
        raise ReportChangedError(self.report_id, self.base_seq, self.store.current_seq(self.report_id))

    def _keep_aside(self) -> None:
        """Edits the report no longer accepts still must not vanish: keep them in its metadata."""
        at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        with contextlib.suppress(StoreError):  # the store itself is gone: nothing more to do here
            keep_unsaved(self.store, self.report_id, self.values, self.pending, at)

    def set_read_only(self, read_only: bool) -> None:
        if read_only != self.read_only:
            self.read_only = read_only
            emit(self.readOnlyChanged, read_only)

    def reload_after_restore(self, seq: int) -> None:
        """Restore a history entry in the store, then show it (one undoable step)."""
        self.save_now()
        old_values, old_pending = copy.deepcopy(self.values), dict(self.pending)
        self.store.restore_history(self.report_id, seq)
        new_values, self.base_seq = self.store.values_with_seq(self.report_id)
        self.undo_stack.push(commands.ReplaceAll(self, old_values, old_pending, new_values, {}, seq))

    # -- acknowledgements of warnings

    def set_ack(self, key: str, entry: dict | None) -> None:
        acks = dict(self.acks)
        if entry is None:
            acks.pop(key, None)
        else:
            acks[key] = entry
        save_acknowledgements(self.store, self.report_id, acks)
        self.acks = acks
        emit(self.changed)
