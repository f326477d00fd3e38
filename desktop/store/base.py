"""The store's connection, its write transactions and the audit log, shared by its parts."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from desktop.store import codec
from desktop.store.clock import Clock, iso_utc, system_clock
from desktop.store.connection import REGISTRY, SharedConnection
from desktop.store.errors import StoreReadOnlyError
from desktop.store.files import write_error


class StoreBase:
    path: Path
    readonly: bool
    shared: SharedConnection

    def __init__(
        self, path: Path, shared: SharedConnection, *, readonly: bool, clock: Clock | None
    ) -> None:
        self.path = path
        self.readonly = readonly
        self.shared = shared
        self._clock: Clock = clock or system_clock
        self._closed = False
        # called once, just before this Store's first write (the CLI's daily automatic backup)
        self.before_first_write: Callable[[StoreBase], None] | None = None

    # -- life cycle

    def close(self) -> None:
        """Let go of the shared connection; the last Store of the file in this process closes it."""
        if not self._closed:
            self._closed = True
            REGISTRY.release(self.shared)

    def __enter__(self) -> StoreBase:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path}>"

    # -- plumbing for the parts

    def _now(self) -> str:
        return iso_utc(self._clock())

    @property
    def _conn(self) -> SharedConnection:
        return self.shared

    @contextmanager
    def _write(self) -> Iterator[SharedConnection]:
        """One write transaction: everything in the block is committed together or not at all.

        `BEGIN IMMEDIATE` takes the write lock up front, so a second process waits (busy
        timeout) instead of failing halfway through with a read transaction it cannot upgrade.
        The process's lock on the shared connection is held until the transaction ends, so
        another thread neither joins it nor sees it half-done. A full disk, a read-only medium
        or a failing disk becomes the StoreError that says so.
        """
        if self.readonly:
            raise StoreReadOnlyError(self.path)
        hook, self.before_first_write = self.before_first_write, None
        if hook is not None:
            hook(self)
        shared = self.shared
        with shared.lock:
            conn = shared.raw
            if conn.in_transaction:
                if not shared.batching:
                    raise RuntimeError("store writes do not nest")
                yield shared  # part of the batch: committed or rolled back with it (`_batch`)
                return
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                known = write_error(exc, self.path)
                if known is not None:
                    raise known from exc
                raise
            try:
                yield shared
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                known = write_error(exc, self.path)
                if known is not None:
                    raise known from exc
                raise

    @contextmanager
    def _batch(self) -> Iterator[SharedConnection]:
        """One write transaction that the `_write` blocks inside it join (they no longer commit
        each on its own): everything is committed at the end or nothing. The lock is held
        throughout, so keep the block to the writes themselves."""
        shared = self.shared
        with shared.lock:
            if shared.raw.in_transaction and shared.batching:
                yield shared
                return
            with self._write() as conn:
                shared.batching = True
                try:
                    yield conn
                finally:
                    shared.batching = False

    @contextmanager
    def batch(self) -> Iterator[None]:
        """The writes in the block as one transaction: one disk sync, all committed at its end, or
        none of them when the block raises. The lock is held throughout: keep it to the writes."""
        with self._batch():
            yield

    @contextmanager
    def _read(self) -> Iterator[SharedConnection]:
        """Several reads that see one state of the store (one read transaction)."""
        shared = self.shared
        with shared.lock:
            conn = shared.raw
            if conn.in_transaction:
                yield shared
                return
            conn.execute("BEGIN")
            try:
                yield shared
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")

    def _checkpoint(self, stage: str) -> None:
        """Called between the writes of one transaction; tests make it fail to prove atomicity."""

    def _next_change_seq(self) -> int:
        """A logical clock for "last changed" order, immune to wall-clock jumps."""
        row = self._conn.execute("SELECT coalesce(max(change_seq), 0) + 1 FROM reports")
        return int(row.fetchone()[0])

    # -- audit log

    def audit(
        self, action: str, *, report_id: str | None = None, details: dict[str, Any] | None = None
    ) -> None:
        """Append one entry to the audit log (its own transaction)."""
        with self._write():
            self._audit(action, report_id=report_id, details=details)

    def _audit(
        self,
        action: str,
        *,
        report_id: str | None = None,
        details: dict[str, Any] | None = None,
        at: str | None = None,
    ) -> None:
        """Append to the audit log inside the caller's transaction."""
        self._conn.execute(
            "INSERT INTO audit_log (at, action, report_id, details) VALUES (?, ?, ?, ?)",
            (at or self._now(), action, report_id, codec.dumps(details or {})),
        )

    def audit_log(self, *, report_id: str | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        """Audit entries, newest first: `{"id", "at", "action", "report_id", "details"}`."""
        sql = "SELECT id, at, action, report_id, details FROM audit_log"
        params: list[Any] = []
        if report_id is not None:
            sql += " WHERE report_id = ?"
            params.append(report_id)
        sql += " ORDER BY id DESC LIMIT ?"
        params.append(int(limit))
        return [
            {"id": row[0], "at": row[1], "action": row[2], "report_id": row[3],
             "details": codec.loads(row[4])}
            for row in self._conn.execute(sql, params)
        ]
