"""Ad hoc requests on the shared Inbox server: the same contract as `desktop.store.requests`."""

from __future__ import annotations

from typing import Any

from desktop.store.pg.base import PgBase
from desktop.store.records import RequestRecord
from desktop.store.requests import REQUEST_COLUMNS, RequestNotFoundError, audit_details, request_record, request_row


class PgRequests(PgBase):
    def add_request(self, *, request_id: str, number: str, date: str, requester: str, content: str,
                    addressees: list[str] | tuple[str, ...], deadline: str, created_by: str = "",
                    details: dict[str, Any] | None = None) -> tuple[RequestRecord, bool]:
        """Record a request once; safe when two officers record the same id at once."""
        values = request_row(request_id=request_id, number=number, date=date, requester=requester, content=content,
                             addressees=addressees, deadline=deadline, created_by=created_by or self.display_name,
                             details=details)

        def work() -> tuple[RequestRecord, bool]:
            now = self._now()
            row = self._q(
                "INSERT INTO inbox_requests (id, number, date, requester, content, addressees, deadline, created_by,"
                " details, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING"
                " RETURNING id", (*values, now)).fetchone()
            record = request_record(self._one(
                f"SELECT {REQUEST_COLUMNS} FROM inbox_requests WHERE id = %s", (request_id,)))
            if row is None:
                return record, False
            self._audit("inbox.request.add", at=now, details=audit_details(record))
            return record, True

        return self._tx(work)

    def list_requests(self) -> list[RequestRecord]:
        rows = self._q(f"SELECT {REQUEST_COLUMNS} FROM inbox_requests ORDER BY date DESC, created_at DESC, id")
        return [request_record(row) for row in rows]

    def get_request(self, request_id: str) -> RequestRecord:
        row = self._q(f"SELECT {REQUEST_COLUMNS} FROM inbox_requests WHERE id = %s",
                      (str(request_id).strip(),)).fetchone()
        if row is None:
            raise RequestNotFoundError(request_id)
        return request_record(row)
