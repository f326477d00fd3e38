"""The PostgreSQL Inbox's connection, transactions (retried on a deadlock or serialization failure)
and audit log: each entry records the server login (`current_user`) and the app's display name."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from desktop.store import codec
from desktop.store.clock import Clock, iso_utc, system_clock
from desktop.store.pg.connect import InboxPermissionError, InboxServerUnreachableError
from desktop.store.pg.driver import Connection, ConnectionFailure, InsufficientPrivilege, Result, TransactionConflict

T = TypeVar("T")
RETRIES = 8


class PgBase:
    def __init__(self, conn: Connection, *, where: str = "", display_name: str = "",
                 clock: Clock | None = None) -> None:
        self.conn = conn
        self.where = where
        self.display_name = display_name
        self.readonly = False
        self._clock: Clock = clock or system_clock
        self._in_snapshot = False
        self.url: str = ""
        self.ca_file: str | None = None

    def close(self) -> None:
        self.conn.close()

    def _now(self) -> str:
        return iso_utc(self._clock())

    @property
    def login(self) -> str:
        """The officer's login on the server."""
        return str(self._one("SELECT current_user")[0])

    def _lost(self, exc: ConnectionFailure) -> InboxServerUnreachableError:
        return InboxServerUnreachableError(self.where, exc.reason)

    def _q(self, sql: str, params: Any = None) -> Result:
        """One statement (inside the caller's transaction, if any)."""
        try:
            return self.conn.execute(sql, params)
        except InsufficientPrivilege:
            raise InboxPermissionError(self.conn.user, self.where) from None
        except ConnectionFailure as exc:
            raise self._lost(exc) from None

    def _one(self, sql: str, params: Any = None) -> tuple[Any, ...]:
        """The one row a statement must give (a row read back inside the same transaction)."""
        row = self._q(sql, params).fetchone()
        if row is None:
            raise RuntimeError(f"no row from {sql[:60]!r}")
        return tuple(row)

    def _tx(self, work: Callable[[], T]) -> T:
        """Run `work` in one transaction, again from the start after a deadlock or serialization
        failure (another officer's transaction won), so neither reaches the user."""
        for attempt in range(RETRIES):
            try:
                with self.conn.transaction():
                    return work()
            except TransactionConflict:
                if attempt == RETRIES - 1:
                    raise
            except ConnectionFailure as exc:
                raise self._lost(exc) from None
        raise AssertionError("unreachable")

    @contextmanager
    def inbox_snapshot(self) -> Iterator[None]:
        """Every read in the block sees the same committed state of the Inbox (REPEATABLE READ)."""
        if self._in_snapshot or self.conn.in_transaction:
            yield
            return
        try:
            with self.conn.transaction():
                self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                self._in_snapshot = True
                try:
                    yield
                finally:
                    self._in_snapshot = False
        except ConnectionFailure as exc:
            raise self._lost(exc) from None

    @contextmanager
    def inbox_batch(self) -> Iterator[None]:
        """Writes in the block commit one by one, as outside it: the server keeps its own disk
        syncs, and one transaction held across many writes would only defeat the retries on a
        deadlock or serialization failure (`_tx`). Offered so that callers need not know which
        store they write to."""
        yield

    # -- audit log

    def _audit(self, action: str, *, details: dict[str, Any] | None = None, at: str | None = None,
               inbox_id: int | None = None) -> None:
        details = details or {}
        by = details.get("by") or {}
        name = self.display_name or (by.get("name") if isinstance(by, dict) else "") or ""
        if inbox_id is None and isinstance(details.get("inbox_id"), int):
            inbox_id = details["inbox_id"]
        self._q("INSERT INTO inbox_audit (at, action, display_name, inbox_id, details) VALUES (%s, %s, %s, %s, %s)",
                (at or self._now(), action, name, inbox_id, codec.dumps(details)))

    def audit(self, action: str, *, report_id: str | None = None, details: dict[str, Any] | None = None) -> None:
        self._tx(lambda: self._audit(action, details={**(details or {}), **({"report_id": report_id}
                                                                             if report_id else {})}))

    def inbox_audit_log(self, *, inbox_id: int | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        """Audit entries of the shared Inbox, newest first: who (server login and display name) did what."""
        sql = "SELECT id, at, action, login, display_name, inbox_id, details FROM inbox_audit"
        params: list[Any] = []
        if inbox_id is not None:
            sql += " WHERE inbox_id = %s"
            params.append(inbox_id)
        sql += " ORDER BY id DESC LIMIT %s"
        params.append(int(limit))
        return [{"id": r[0], "at": r[1], "action": r[2], "login": r[3], "display_name": r[4], "inbox_id": r[5],
                 "details": codec.loads(r[6])} for r in self._q(sql, params)]
