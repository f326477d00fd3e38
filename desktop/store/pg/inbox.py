"""Received packages, their verdicts and decisions, and issued receipts on the shared Inbox server.

The same contract as the SQLite `desktop.store.inbox.InboxStore`, written for several officers at
once: a package is recorded with `INSERT … ON CONFLICT (sha256) DO NOTHING` and read back (never a
check first), and a decision is a compare-and-set on the decision seen (`StaleDecisionError` says
who decided meanwhile and what).
"""

from __future__ import annotations

import hashlib
from typing import Any

from desktop.store import codec
from desktop.store.digest import sha256_hex
from desktop.store.errors import InboxPackageNotFoundError
from desktop.store.inbox import (
    _INBOX_COLUMNS,
    _RECEIPT_COLUMNS,
    INBOX_DECISIONS,
    INBOX_STATUSES,
    RECEIPT_DECISIONS,
    _inbox,
    _inbox_with_data,
    _receipt,
)
from desktop.store.inbox_api import StaleDecisionError, last_decision
from desktop.store.pg.base import PgBase
from desktop.store.records import InboxPackageRecord, ReceiptRecord

_INSERT_COLUMNS = _INBOX_COLUMNS.split(", ", 1)[1]


class PgInboxPackages(PgBase):
    def add_inbox_package(
        self,
        *,
        file_name: str,
        data: bytes,
        status: str,
        problems: list[dict[str, Any]],
        org_id: str | None = None,
        form_id: str | None = None,
        form_version: str | None = None,
        period: str | None = None,
        revision: int | None = None,
        report_id: str | None = None,
        supersedes: str | None = None,
        signer: dict[str, Any] | None = None,
        signed_at: str | None = None,
        timestamped: bool = False,
        details: dict[str, Any] | None = None,
        received_at: str | None = None,
        proven_at: str | None = None,
        imported_at: str | None = None,
    ) -> tuple[InboxPackageRecord, bool]:
        """Record a received package once (see the SQLite store); safe when officers import at once."""
        if not isinstance(data, bytes) or not data:
            raise ValueError("a package is non-empty bytes")
        if status not in INBOX_STATUSES:
            raise ValueError(f"unknown verification status {status!r}")
        sha256 = sha256_hex(data)  # computed once per import (desktop/store/digest.py)

        def work() -> tuple[InboxPackageRecord, bool]:
            now = imported_at or self._now()
            row = self._q(
                f"INSERT INTO inbox_packages ({_INSERT_COLUMNS}, bytes) VALUES (%s, %s, %s, %s, %s, %s, %s, %s,"
                " %s, %s, %s, %s, %s, %s, %s, %s, NULL, NULL, %s, %s, %s, %s) ON CONFLICT (sha256) DO NOTHING"
                " RETURNING id",
                (sha256, file_name, len(data), status, codec.dumps(problems), org_id, form_id, form_version, period,
                 revision, report_id, supersedes, codec.dumps(signer or {}), signed_at, bool(timestamped), now,
                 codec.dumps(details or {}), received_at or now, proven_at, data),
            ).fetchone()
            if row is None:
                kept = self._inbox_by_sha(sha256)
                assert kept is not None
                return kept, False
            inbox_id = int(row[0])
            self._audit("inbox.import", at=now, inbox_id=inbox_id, details={
                "inbox_id": inbox_id, "file": file_name, "sha256": sha256, "status": status, "org": org_id,
                "form": form_id, "period": period, "revision": revision, "received_at": received_at or now,
            })
            record = self._inbox_by_id(inbox_id)
            assert record is not None
            return record, True

        return self._tx(work)

    def _inbox_by_sha(self, sha256: str) -> InboxPackageRecord | None:
        row = self._q(f"SELECT {_INBOX_COLUMNS} FROM inbox_packages WHERE sha256 = %s", (sha256,)).fetchone()
        return _inbox(row) if row else None

    def _inbox_by_id(self, inbox_id: int) -> InboxPackageRecord | None:
        row = self._q(f"SELECT {_INBOX_COLUMNS} FROM inbox_packages WHERE id = %s", (inbox_id,)).fetchone()
        return _inbox(row) if row else None

    def get_inbox_package(self, inbox_id: int | str, *, with_data: bool = False) -> InboxPackageRecord:
        try:
            number = int(str(inbox_id).strip().lstrip("#"))
        except ValueError:
            raise InboxPackageNotFoundError(inbox_id) from None
        if not -(2**63) <= number < 2**63:
            raise InboxPackageNotFoundError(inbox_id)
        record = self._inbox_by_id(number)
        if record is None:
            raise InboxPackageNotFoundError(inbox_id)
        return _inbox_with_data(record, self.inbox_package_bytes(number)) if with_data else record

    def find_inbox_package(self, sha256: str) -> InboxPackageRecord | None:
        return self._inbox_by_sha(sha256.lower())

    def inbox_package_bytes(self, inbox_id: int) -> bytes:
        row = self._q("SELECT bytes FROM inbox_packages WHERE id = %s", (inbox_id,)).fetchone()
        if row is None:
            raise InboxPackageNotFoundError(inbox_id)
        return bytes(row[0])

    def list_inbox_packages(self, *, form_id: str | None = None, period: str | None = None,
                            org_id: str | None = None, status: str | None = None) -> list[InboxPackageRecord]:
        where: list[str] = []
        params: list[Any] = []
        for column, value in (("form_id", form_id), ("period", period), ("org_id", org_id), ("status", status)):
            if value is not None:
                where.append(f"{column} = %s")
                params.append(value)
        sql = f"SELECT {_INBOX_COLUMNS} FROM inbox_packages"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [_inbox(row) for row in self._q(sql + " ORDER BY id", params).fetchall()]  # fetchall: 2x row by row

    def update_inbox_verification(
        self, inbox_id: int, *, status: str, problems: list[dict[str, Any]], signer: dict[str, Any],
        signed_at: str | None, timestamped: bool, proven_at: str | None = None,
        details: dict[str, Any] | None = None, action: str = "inbox.recheck", audit: dict[str, Any] | None = None,
    ) -> InboxPackageRecord:
        if status not in INBOX_STATUSES:
            raise ValueError(f"unknown verification status {status!r}")

        def work() -> InboxPackageRecord:
            row = self._q(f"SELECT {_INBOX_COLUMNS} FROM inbox_packages WHERE id = %s FOR UPDATE",
                          (inbox_id,)).fetchone()
            if row is None:
                raise InboxPackageNotFoundError(inbox_id)
            before = _inbox(row)
            self._q("UPDATE inbox_packages SET status = %s, problems = %s, signer = %s, signed_at = %s,"
                    " timestamped = %s, proven_at = %s, details = %s, version = version + 1 WHERE id = %s",
                    (status, codec.dumps(problems), codec.dumps(signer), signed_at, bool(timestamped), proven_at,
                     codec.dumps(before.details if details is None else details), inbox_id))
            self._audit(action, inbox_id=inbox_id,
                        details={"inbox_id": inbox_id, "from": before.status, "to": status, **(audit or {})})
            record = self._inbox_by_id(inbox_id)
            assert record is not None
            return record

        return self._tx(work)

    def decide_inbox_package(self, inbox_id: int, decision: str | None, by: dict[str, str] | None = None, *,
                             seen: InboxPackageRecord | None = None, reason: str = "") -> InboxPackageRecord:
        """Accept or reject (None: take back). With `seen`, a compare-and-set: refused with
        StaleDecisionError when another officer decided since that view was read."""
        if decision is not None and decision not in INBOX_DECISIONS:
            raise ValueError(f"unknown decision {decision!r}")
        who = by or {}

        def work() -> InboxPackageRecord:
            now = self._now()
            sql = ("UPDATE inbox_packages SET decision = %s, decided_at = %s, decided_by = current_user,"
                   " decided_by_name = %s, version = version + 1 WHERE id = %s")
            params: list[Any] = [decision, now if decision else None, who.get("name") or self.display_name, inbox_id]
            if seen is not None:
                sql += " AND decision IS NOT DISTINCT FROM %s AND decided_at IS NOT DISTINCT FROM %s"
                params += [seen.decision, seen.decided_at]
            if self._q(sql + " RETURNING id", params).fetchone() is None:
                if self._inbox_by_id(inbox_id) is None:
                    raise InboxPackageNotFoundError(inbox_id)
                raise StaleDecisionError(inbox_id, **last_decision(self.inbox_audit_log(inbox_id=inbox_id)))
            self._audit("inbox.decide", at=now, inbox_id=inbox_id,
                        details={"inbox_id": inbox_id, "decision": decision, "by": who,
                                 **({"reason": reason} if reason else {})})
            record = self._inbox_by_id(inbox_id)
            assert record is not None
            return record

        return self._tx(work)

    # -- receipts issued for inbox packages

    def add_receipt(self, *, direction: str, data: bytes, file_name: str, package_sha256: str, decision: str,
                    message: str, status: str, signer: dict[str, Any], signed_at: str, inbox_id: int | None = None,
                    report_id: str | None = None, created_at: str | None = None) -> tuple[ReceiptRecord, bool]:
        """Keep an issued receipt once. (A receipt a reporter receives stays in their local store.)"""
        if decision not in RECEIPT_DECISIONS:
            raise ValueError(f"unknown receipt decision {decision!r}")
        if direction != "issued" or inbox_id is None:
            raise ValueError("the shared Inbox keeps the receipts issued for its packages")
        sha256 = hashlib.sha256(data).hexdigest()

        def work() -> tuple[ReceiptRecord, bool]:
            now = created_at or self._now()
            row = self._q(
                f"INSERT INTO receipts ({_RECEIPT_COLUMNS.split(', ', 1)[1]}, bytes) VALUES (%s, %s, %s, %s, %s,"
                " %s, %s, %s, %s, %s, %s, %s, %s, %s) ON CONFLICT (sha256) DO NOTHING RETURNING id",
                (sha256, direction, package_sha256, inbox_id, None, decision, message, status, file_name, len(data),
                 codec.dumps(signer), signed_at, now, data)).fetchone()
            if row is None:
                kept = self._one(f"SELECT {_RECEIPT_COLUMNS} FROM receipts WHERE sha256 = %s", (sha256,))
                return _receipt(kept), False
            self._audit("receipt.issue", at=now, inbox_id=inbox_id, details={
                "file": file_name, "sha256": sha256, "package_sha256": package_sha256, "inbox_id": inbox_id,
                "decision": decision, "status": status})
            kept = self._one(f"SELECT {_RECEIPT_COLUMNS} FROM receipts WHERE id = %s", (row[0],))
            return _receipt(kept), True

        return self._tx(work)

    def list_receipts(self, *, inbox_id: int | None = None, report_id: str | None = None,
                      package_sha256: str | None = None) -> list[ReceiptRecord]:
        if report_id is not None:
            return []  # receipts for one's own reports live in the local store
        where: list[str] = []
        params: list[Any] = []
        if inbox_id is not None:
            where.append("inbox_id = %s")
            params.append(inbox_id)
        if package_sha256 is not None:
            where.append("package_sha256 = %s")
            params.append(package_sha256)
        sql = f"SELECT {_RECEIPT_COLUMNS} FROM receipts"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [_receipt(row) for row in self._q(sql + " ORDER BY id", params)]

    def receipt_bytes(self, receipt_id: int) -> bytes | None:
        row = self._q("SELECT bytes FROM receipts WHERE id = %s", (receipt_id,)).fetchone()
        return bytes(row[0]) if row else None
