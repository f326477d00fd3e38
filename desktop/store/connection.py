"""One SQLite connection per process per store file, shared by every `Store.open` of that file.

Why one: POSIX advisory locks belong to the process, and closing *any* file descriptor of a file
drops all of the process's locks on it (SQLite's documented pitfall, "How to corrupt", 2.2). A
second handle that is opened and closed in the app's process (a worker's own connection, a header
check that `open()`s the file) leaves the app's connection without its locks; a `ct20` process
that then closes believes it is the store's last user and deletes the -wal/-shm under the app,
whose next write fails with "disk I/O error". So the file is opened once per process and never
by any other means while that connection lives.

The registry is keyed by the file's real path. The connection is made with
`check_same_thread=False` and every use goes through `SharedConnection`, which serialises access
with a re-entrant lock: a write transaction holds it from `BEGIN IMMEDIATE` to `COMMIT`, a read
holds it while its rows are fetched, so a thread never sees or joins another thread's open
transaction. A forked child forgets the registry without closing anything (closing there would
release nothing of the parent's, but SQLite would checkpoint and delete the WAL it shares).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any


class Rows:
    """The rows of one statement, fetched while the connection's lock was held."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._rows: list[Any] = cursor.fetchall()
        self._next = 0
        self.lastrowid = cursor.lastrowid
        self.rowcount = cursor.rowcount
        self.description = cursor.description

    def fetchone(self) -> Any:
        if self._next >= len(self._rows):
            return None
        row = self._rows[self._next]
        self._next += 1
        return row

    def fetchall(self) -> list[Any]:
        rows, self._next = self._rows[self._next:], len(self._rows)
        return rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class SharedConnection:
    """The process's one connection to one store file, safe to use from any thread."""

    def __init__(self, key: str, conn: sqlite3.Connection, *, readonly: bool) -> None:
        self.key = key
        self.lock = threading.RLock()
        self.batching = False  # a `_batch` transaction is open: writes join it instead of nesting
        self.readonly = readonly  # of the connection itself (a `mode=ro` open)
        self.users = 0
        self.closed = False
        self._conn = conn

    @property
    def raw(self) -> sqlite3.Connection:
        """The sqlite3 connection itself (tests and the backup API); hold `lock` while using it."""
        return self._conn

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Rows:
        with self.lock:
            return Rows(self._conn.execute(sql, params))

    @property
    def in_transaction(self) -> bool:
        return self._conn.in_transaction

    @property
    def total_changes(self) -> int:
        return self._conn.total_changes

    def backup(self, target: sqlite3.Connection) -> None:
        with self.lock:
            self._conn.backup(target)

    def replace(self, conn: sqlite3.Connection, *, readonly: bool) -> None:
        """Take over a read-write connection in place of a read-only one (same file, same process)."""
        with self.lock:
            old, self._conn, self.readonly = self._conn, conn, readonly
            old.close()

    def _close(self) -> None:
        with self.lock:
            self.closed = True
            self._conn.close()


class Registry:
    """Real path → the process's SharedConnection; `lock` serialises opening and closing."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._open: dict[str, SharedConnection] = {}
        self._forgotten: list[SharedConnection] = []

    @staticmethod
    def key(path: Path) -> str:
        return os.path.normcase(os.path.realpath(path))

    def get(self, path: Path) -> SharedConnection | None:
        with self.lock:
            return self._open.get(self.key(path))

    def acquire(
        self,
        path: Path,
        *,
        readonly: bool,
        connect: Callable[[bool], sqlite3.Connection],
    ) -> SharedConnection:
        """The shared connection of `path`, made by `connect(first)` when there is none yet.

        `first` is True when no connection of this process has the file: only then may `connect`
        look at the file by other means (its header). A read-write request on a read-only
        connection replaces it with a read-write one.
        """
        with self.lock:
            key = self.key(path)
            shared = self._open.get(key)
            if shared is None:
                shared = SharedConnection(key, connect(True), readonly=readonly)
                self._open[key] = shared
            elif shared.readonly and not readonly:
                shared.replace(connect(False), readonly=False)
            shared.users += 1
            return shared

    def release(self, shared: SharedConnection) -> None:
        with self.lock:
            if shared.closed:
                return
            shared.users -= 1
            if shared.users <= 0:
                self._open.pop(shared.key, None)
                shared._close()

    def is_open(self, path: Path) -> bool:
        return self.get(path) is not None

    def forget_after_fork(self) -> None:
        """In a forked child: drop every connection without closing it (it is the parent's)."""
        self._forgotten.extend(self._open.values())
        self._open = {}
        self.lock = threading.RLock()


REGISTRY = Registry()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=REGISTRY.forget_after_fork)


@contextmanager
def holding(shared: SharedConnection) -> Iterator[sqlite3.Connection]:
    """The raw connection, with the lock held for the whole block."""
    with shared.lock:
        yield shared.raw
