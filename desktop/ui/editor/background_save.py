"""Autosave of a big report in a worker thread, so typing never waits for the disk.

A report with more than BACKGROUND_ROWS table rows (2,000 rows took 50 ms a save on the UI
thread, 20,000 rows 0.5 s) is copied on the UI thread with `marshal` (the one step that must see
the values while no edit changes them: 20 ms for 20,000 rows, a tenth of writing its JSON);
writing the JSON, comparing, compressing, saving and thinning the history then run in a worker
thread (desktop/ui/export/worker.py). One save runs
at a time; edits made meanwhile are saved by the next one. A save the user asks for (Ctrl+S,
closing the report) waits for a running one and is then made on the UI thread, as is every save
that must ask or tell the user something: a report changed elsewhere (merge) or a failed write.
"""

from __future__ import annotations

import marshal
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject

from desktop.reporting.meta import save_pending
from desktop.store import codec
from desktop.store.history import AUTOSAVE

if TYPE_CHECKING:
    from desktop.store import Store
    from desktop.ui.export.worker import Worker

BACKGROUND_ROWS = 500


def table_rows(values: dict[str, Any]) -> int:
    """How many table rows the values hold (tables at the top level or one level down)."""
    total = 0
    for value in values.values():
        if isinstance(value, list):
            total += len(value)
        elif isinstance(value, dict):
            total += sum(len(inner) for inner in value.values() if isinstance(inner, list))
    return total


class BackgroundSave:
    """One save in a worker thread: its input is fixed when it starts, its outcome kept here."""

    def __init__(self, store: Store, report_id: str, values: bytes | None, base_seq: int,
                 pending: dict[str, str] | None, generation: int) -> None:
        self.store = store
        self.report_id = report_id
        self.values = values  # the values, marshalled; None: only the pending text changed
        self.base_seq = base_seq
        self.pending = pending  # None: unchanged
        self.generation = generation  # the session's edit count when the values were taken
        self.seq: int | None = None
        self.error: BaseException | None = None
        from desktop.ui.export.worker import Worker  # QThread's, when a report is first saved (issue 16)

        self.worker = Worker(self.run)

    def run(self, _worker: Worker) -> BackgroundSave:
        try:
            if self.values is not None:
                text = codec.dumps(marshal.loads(self.values))
                self.seq = self.store.save_values_text(self.report_id, text, source=AUTOSAVE,
                                                       base_seq=self.base_seq)
            if self.pending is not None:
                save_pending(self.store, self.report_id, self.pending)
        except BaseException as exc:
            self.error = exc
            raise
        return self


class BackgroundSaving:
    """The EditSession's side of background autosaves (mixed into it)."""

    # provided by EditSession
    store: Store
    report_id: str
    values: dict[str, Any]
    pending: dict[str, str]
    base_seq: int
    last_saved_seq: int | None
    read_only: bool
    _dirty: bool
    _saved_pending: dict[str, str]
    _generation: int
    _background: BackgroundSave | None

    if TYPE_CHECKING:  # EditSession's own
        def save_now(self, source: str = "ui") -> bool: ...
        def _saved_ok(self) -> None: ...
        def _autosave_later(self) -> None: ...

        @property
        def dirty(self) -> bool: ...

    def _autosave_due(self) -> None:
        """The autosave timer fired: a big report is saved in the background, others here."""
        if self._background is not None:  # the running save's end starts the timer again
            return
        if self.read_only or not self.dirty or table_rows(self.values) <= BACKGROUND_ROWS:
            self.save_now(AUTOSAVE)
            return
        try:
            values = marshal.dumps(self.values) if self._dirty else None
        except ValueError:  # a value marshal cannot copy: saved here, as a small report is
            self.save_now(AUTOSAVE)
            return
        pending = dict(self.pending) if self.pending != self._saved_pending else None
        job = BackgroundSave(self.store, self.report_id, values, self.base_seq, pending, self._generation)
        self._background = job
        job.worker.succeeded.connect(self._background_ended)
        job.worker.failed.connect(self._background_ended)
        job.worker.start(cast(QObject, self))  # the session: the thread's parent

    def background_saving(self) -> bool:
        return self._background is not None

    def _background_ended(self, outcome: object) -> None:
        job = self._background
        if job is None or (outcome is not job and outcome is not job.error):
            return  # already taken in by a save that waited for it
        if self._finish_background(job):
            self._saved_ok()
            if self.dirty:
                self._autosave_later()
        else:  # a merge to ask about or a failure to tell: the save on the UI thread does both
            self.save_now(AUTOSAVE)

    def _wait_for_background(self) -> None:
        """Before a save here: let a running background save end and take in its outcome."""
        job = self._background
        if job is not None:
            job.worker.wait()
            self._finish_background(job)

    def _finish_background(self, job: BackgroundSave) -> bool:
        """Take in what the background save did; False when it failed (nothing was taken)."""
        self._background = None
        if job.error is not None:
            return False
        if job.seq is not None:
            self.base_seq = job.seq
            self.last_saved_seq = job.seq
        if job.values is not None and job.generation == self._generation:
            self._dirty = False  # nothing was typed since the values were taken
        if job.pending is not None:
            self._saved_pending = job.pending
        return True
