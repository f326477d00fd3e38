"""Ad hoc requests recorded in the Inbox (schema 6): the requesting letter, its addressees, its deadline.

The store keeps what it is given, once per id; checking a request (dates, known addressees, limits)
is the job of `desktop.inbox.requests`. The PostgreSQL Inbox keeps the same records
(`desktop.store.pg.requests`), sharing the row layout below.
"""

from __future__ import annotations

import re
from typing import Any

from desktop.i18n import N_, Message
from desktop.store import codec
from desktop.store.errors import StoreError
from desktop.store.records import RequestRecord

REQUEST_COLUMNS = "id, number, date, requester, content, addressees, deadline, created_at, created_by, details"
REQUEST_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")


class RequestNotFoundError(StoreError):
    def __init__(self, request_id: object) -> None:
        super().__init__(Message(N_("There is no request {id} in the inbox."), id=str(request_id)))
        self.request_id = request_id


def request_record(row: Any) -> RequestRecord:
    addressees = codec.loads(row[5])
    details = codec.loads(row[9])
    return RequestRecord(
        id=row[0], number=row[1], date=row[2], requester=row[3], content=row[4],
        addressees=tuple(a for a in addressees if isinstance(a, str)) if isinstance(addressees, list) else (),
        deadline=row[6], created_at=row[7], created_by=row[8], details=details if isinstance(details, dict) else {},
    )


def request_row(*, request_id: str, number: str, date: str, requester: str, content: str,
                addressees: list[str] | tuple[str, ...], deadline: str, created_by: str,
                details: dict[str, Any] | None) -> tuple[Any, ...]:
    """The values of a new row (without created_at), after the checks every store makes."""
    if not REQUEST_ID.match(request_id or ""):
        raise ValueError(f"a request id is lower-case ASCII letters, digits, '.', '_' or '-': {request_id!r}")
    if not (number.strip() and requester.strip() and content.strip() and date and deadline):
        raise ValueError("a request needs a number, a date, who asked, what it asks and a deadline")
    if not addressees or not all(isinstance(a, str) and a for a in addressees):
        raise ValueError("a request needs at least one addressee")
    return (request_id, number, date, requester, content, codec.dumps(list(addressees)), deadline, created_by,
            codec.dumps(details or {}))


def audit_details(record: RequestRecord) -> dict[str, Any]:
    return {"request": record.id, "number": record.number, "date": record.date, "requester": record.requester,
            "addressees": list(record.addressees), "deadline": record.deadline}


class RequestStore:
    """The SQLite side (a mixin of `desktop.store.Store`)."""

    def add_request(self, *, request_id: str, number: str, date: str, requester: str, content: str,
                    addressees: list[str] | tuple[str, ...], deadline: str, created_by: str = "",
                    details: dict[str, Any] | None = None) -> tuple[RequestRecord, bool]:
        """Record a request once: (the record, True) when new, (the one kept, False) when the id exists."""
        values = request_row(request_id=request_id, number=number, date=date, requester=requester, content=content,
                             addressees=addressees, deadline=deadline, created_by=created_by, details=details)
        with self._write() as conn:  # type: ignore[attr-defined]
            row = conn.execute(f"SELECT {REQUEST_COLUMNS} FROM inbox_requests WHERE id = ?", (request_id,)).fetchone()
            if row is not None:
                return request_record(row), False
            now = self._now()  # type: ignore[attr-defined]
            conn.execute(
                "INSERT INTO inbox_requests (id, number, date, requester, content, addressees, deadline, created_by,"
                " details, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*values, now))
            record = request_record(conn.execute(
                f"SELECT {REQUEST_COLUMNS} FROM inbox_requests WHERE id = ?", (request_id,)).fetchone())
            self._audit("inbox.request.add", at=now, details=audit_details(record))  # type: ignore[attr-defined]
        return record, True

    def list_requests(self) -> list[RequestRecord]:
        """Every request, newest letter first."""
        rows = self._conn.execute(  # type: ignore[attr-defined]
            f"SELECT {REQUEST_COLUMNS} FROM inbox_requests ORDER BY date DESC, created_at DESC, id")
        return [request_record(row) for row in rows]

    def get_request(self, request_id: str) -> RequestRecord:
        row = self._conn.execute(  # type: ignore[attr-defined]
            f"SELECT {REQUEST_COLUMNS} FROM inbox_requests WHERE id = ?", (str(request_id).strip(),)).fetchone()
        if row is None:
            raise RequestNotFoundError(request_id)
        return request_record(row)
