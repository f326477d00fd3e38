"""The consolidator's inbox (packages received, kept byte for byte) and signed receipts (schema 3).

The store keeps what it is given; verifying, deciding what supersedes what, and building the
board are the job of `desktop.inbox`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from desktop.frozen_record import blank
from desktop.store import codec
from desktop.store.digest import sha256_hex
from desktop.store.errors import InboxPackageNotFoundError
from desktop.store.inbox_api import INBOX_ACTION_PREFIXES, StaleDecisionError, last_decision
from desktop.store.packages import _package
from desktop.store.receipt_numbers import ReceiptNumberStore
from desktop.store.records import InboxPackageRecord, PackageRecord, ReceiptRecord
from desktop.store.signer_pins import SignerPinStore

_INBOX_COLUMNS = (
    "id, sha256, file_name, size, status, problems, org_id, form_id, form_version, period, revision,"
    " report_id, supersedes, signer, signed_at, timestamped, imported_at, decision, decided_at, details,"
    " received_at, proven_at"
)
# A store opened at schema 3 or 4 (a test walking the releases one at a time) has no receipt times.
_INBOX_COLUMNS_V3 = _INBOX_COLUMNS.replace(" received_at, proven_at", " NULL, NULL")
_RECEIPT_COLUMNS = (
    "id, sha256, direction, package_sha256, inbox_id, report_id, decision, message, status, file_name,"
    " size, signer, signed_at, created_at"
)
INBOX_STATUSES = ("valid", "untrusted", "invalid")
INBOX_DECISIONS = ("accepted", "rejected")
RECEIPT_DECISIONS = ("received", "accepted", "correction_requested", "rejected")


_INBOX_FIELDS = ("id", "sha256", "file_name", "size", "status", "problems", "org_id", "form_id", "form_version",
                 "period", "revision", "report_id", "supersedes", "signer", "signed_at", "timestamped", "imported_at",
                 "decision", "decided_at", "details", "received_at", "proven_at")


def _inbox(row: tuple[Any, ...], data: bytes | None = None) -> InboxPackageRecord:
    """A record from a row of _INBOX_COLUMNS. Built without the frozen dataclass's __init__ (24
    object.__setattr__ calls): the board reads 10,000 of these at a time (bench_inbox_server)."""
    values = dict(zip(_INBOX_FIELDS, row, strict=True))
    values["problems"] = codec.loads(row[5])
    values["signer"] = codec.loads(row[13])
    values["details"] = codec.loads(row[19])
    values["timestamped"] = bool(row[15])
    values["data"] = data
    record = blank(InboxPackageRecord)
    record.__dict__.update(values)
    return record


def _receipt(row: tuple[Any, ...], data: bytes | None = None) -> ReceiptRecord:
    return ReceiptRecord(
        id=row[0], sha256=row[1], direction=row[2], package_sha256=row[3], inbox_id=row[4],
        report_id=row[5], decision=row[6], message=row[7], status=row[8], file_name=row[9], size=row[10],
        signer=codec.loads(row[11]), signed_at=row[12], created_at=row[13], data=data,
    )


class InboxStore(SignerPinStore, ReceiptNumberStore):
    @property
    def _inbox_columns(self) -> str:
        if getattr(self, "_inbox_schema", None) is None:
            self._inbox_schema = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
        return _INBOX_COLUMNS if self._inbox_schema >= 5 else _INBOX_COLUMNS_V3

    # -- received packages

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
    ) -> tuple[InboxPackageRecord, bool]:
        """Record a received package once: (the record, True) when new, (the one kept, False) when
        the same bytes were recorded before (nothing changes then).

        `received_at`: when it first reached Cục ATMT (an e-mail's receipt time), else now;
        `signed_at`: the signer's claimed time; `proven_at`: a trusted timestamp's time."""
        if not isinstance(data, bytes) or not data:
            raise ValueError("a package is non-empty bytes")
        if status not in INBOX_STATUSES:
            raise ValueError(f"unknown verification status {status!r}")
        sha256 = sha256_hex(data)  # computed once per import (desktop/store/digest.py)
        with self._write() as conn:
            now = self._now()
            # One record per bytes by the unique key, not by a check first (the same as on the server).
            cursor = conn.execute(
                f"INSERT INTO inbox_packages ({_INBOX_COLUMNS.split(', ', 1)[1]}, bytes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?)"
                " ON CONFLICT (sha256) DO NOTHING",
                (sha256, file_name, len(data), status, codec.dumps(problems), org_id, form_id, form_version,
                 period, revision, report_id, supersedes, codec.dumps(signer or {}), signed_at,
                 int(bool(timestamped)), now, codec.dumps(details or {}), received_at or now, proven_at,
                 sqlite3.Binary(data)),
            )
            if cursor.rowcount == 0:
                existing = self._inbox_by_sha(sha256)
                assert existing is not None
                return existing, False
            inbox_id = int(cursor.lastrowid or 0)
            self._audit("inbox.import", at=now, details={
                "inbox_id": inbox_id, "file": file_name, "sha256": sha256, "status": status, "org": org_id,
                "form": form_id, "period": period, "revision": revision, "received_at": received_at or now,
            })
            record = self._inbox_by_id(inbox_id)
        assert record is not None
        return record, True

    def _inbox_by_sha(self, sha256: str) -> InboxPackageRecord | None:
        row = self._conn.execute(
            f"SELECT {self._inbox_columns} FROM inbox_packages WHERE sha256 = ?", (sha256,)
        ).fetchone()
        return _inbox(row) if row else None

    def _inbox_by_id(self, inbox_id: int) -> InboxPackageRecord | None:
        row = self._conn.execute(
            f"SELECT {self._inbox_columns} FROM inbox_packages WHERE id = ?", (inbox_id,)
        ).fetchone()
        return _inbox(row) if row else None

    def get_inbox_package(self, inbox_id: int | str, *, with_data: bool = False) -> InboxPackageRecord:
        """A received package by its inbox id; raises InboxPackageNotFoundError."""
        try:
            number = int(str(inbox_id).strip().lstrip("#"))
        except ValueError:
            raise InboxPackageNotFoundError(inbox_id) from None
        if not -(2**63) <= number < 2**63:  # beyond any id (SQLite would raise OverflowError)
            raise InboxPackageNotFoundError(inbox_id)
        record = self._inbox_by_id(number)
        if record is None:
            raise InboxPackageNotFoundError(inbox_id)
        if not with_data:
            return record
        row = self._conn.execute("SELECT bytes FROM inbox_packages WHERE id = ?", (number,)).fetchone()
        return _inbox_with_data(record, bytes(row[0]))

    def find_inbox_package(self, sha256: str) -> InboxPackageRecord | None:
        return self._inbox_by_sha(sha256.lower())

    def inbox_package_bytes(self, inbox_id: int) -> bytes:
        row = self._conn.execute("SELECT bytes FROM inbox_packages WHERE id = ?", (inbox_id,)).fetchone()
        if row is None:
            raise InboxPackageNotFoundError(inbox_id)
        return bytes(row[0])

    def list_inbox_packages(
        self,
        *,
        form_id: str | None = None,
        period: str | None = None,
        org_id: str | None = None,
        status: str | None = None,
    ) -> list[InboxPackageRecord]:
        """Received packages (without bytes) matching every filter given, in import order."""
        where: list[str] = []
        params: list[Any] = []
        for column, value in (("form_id", form_id), ("period", period), ("org_id", org_id), ("status", status)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = f"SELECT {self._inbox_columns} FROM inbox_packages"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [_inbox(row) for row in self._conn.execute(sql + " ORDER BY id", params)]

    def update_inbox_verification(
        self,
        inbox_id: int,
        *,
        status: str,
        problems: list[dict[str, Any]],
        signer: dict[str, Any],
        signed_at: str | None,
        timestamped: bool,
        proven_at: str | None = None,
        details: dict[str, Any] | None = None,
        action: str = "inbox.recheck",
        audit: dict[str, Any] | None = None,
    ) -> InboxPackageRecord:
        """A new verdict for the same bytes (e.g. checked again after a root was trusted, or its
        signer pinned for its organisation); `details` replaces the kept details when given."""
        if status not in INBOX_STATUSES:
            raise ValueError(f"unknown verification status {status!r}")
        with self._write() as conn:
            before = self._inbox_by_id(inbox_id)
            if before is None:
                raise InboxPackageNotFoundError(inbox_id)
            conn.execute(
                "UPDATE inbox_packages SET status = ?, problems = ?, signer = ?, signed_at = ?, timestamped = ?,"
                " proven_at = ?, details = ? WHERE id = ?",
                (status, codec.dumps(problems), codec.dumps(signer), signed_at, int(bool(timestamped)), proven_at,
                 codec.dumps(before.details if details is None else details), inbox_id),
            )
            self._audit(action, details={"inbox_id": inbox_id, "from": before.status, "to": status, **(audit or {})})
            record = self._inbox_by_id(inbox_id)
        assert record is not None
        return record

    def decide_inbox_package(self, inbox_id: int, decision: str | None,
                             by: dict[str, str] | None = None, *,
                             seen: InboxPackageRecord | None = None, reason: str = "") -> InboxPackageRecord:
        """The consolidator accepts or rejects a package (None takes the decision back); `by`:
        who decided ({"login", "name"}) and `reason`, kept in the audit log. `seen`: the record the decision
        was taken on; StaleDecisionError when the package was decided since."""
        if decision is not None and decision not in INBOX_DECISIONS:
            raise ValueError(f"unknown decision {decision!r}")
        with self._write() as conn:
            current = self._inbox_by_id(inbox_id)
            if current is None:
                raise InboxPackageNotFoundError(inbox_id)
            if seen is not None and (current.decision, current.decided_at) != (seen.decision, seen.decided_at):
                raise StaleDecisionError(inbox_id, **last_decision(self.inbox_audit_log(inbox_id=inbox_id)))
            now = self._now()
            conn.execute(
                "UPDATE inbox_packages SET decision = ?, decided_at = ? WHERE id = ?",
                (decision, now if decision else None, inbox_id),
            )
            self._audit("inbox.decide", at=now, details={"inbox_id": inbox_id, "decision": decision, "by": by or {},
                                                         **({"reason": reason} if reason else {})})
            record = self._inbox_by_id(inbox_id)
        assert record is not None
        return record

    # -- who did what in the Inbox, and one consistent view of it

    def inbox_audit_log(self, *, inbox_id: int | None = None, limit: int = 1000) -> list[dict[str, Any]]:
        """The audit entries of Inbox actions, newest first (`login`: the one recorded in `by`, if any)."""
        rows = self._conn.execute(
            "SELECT id, at, action, details FROM audit_log WHERE " + " OR ".join(
                f"substr(action, 1, {len(p)}) = '{p}'" for p in INBOX_ACTION_PREFIXES) + " ORDER BY id DESC")
        entries: list[dict[str, Any]] = []
        for row in rows:
            details = codec.loads(row[3])
            if row[2] == "inbox.migrate":
                continue
            if inbox_id is not None and details.get("inbox_id") != inbox_id:
                continue
            by = details.get("by") or {}
            entries.append({"id": row[0], "at": row[1], "action": row[2], "login": by.get("login", ""),
                            "display_name": by.get("name", ""), "inbox_id": details.get("inbox_id"),
                            "details": details})
            if len(entries) >= limit:
                break
        return entries

    @contextmanager
    def inbox_snapshot(self) -> Iterator[None]:
        """Reads in the block see one state of the file (a read transaction), unless one is open."""
        conn = self._conn
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")

    @contextmanager
    def inbox_batch(self) -> Iterator[None]:
        """The writes in the block form one transaction, committed at its end: one disk sync for
        many records (a folder import). Writes inside join it (`_write`); an exception rolls all
        of them back and leaves as the StoreError that says why. Inside another write or batch,
        the block simply joins that one."""
        with self._batch():
            yield

    # -- receipts

    def add_receipt(
        self,
        *,
        direction: str,
        data: bytes,
        file_name: str,
        package_sha256: str,
        decision: str,
        message: str,
        status: str,
        signer: dict[str, Any],
        signed_at: str,
        inbox_id: int | None = None,
        report_id: str | None = None,
    ) -> tuple[ReceiptRecord, bool]:
        """Keep a receipt once: (record, True) when new, (the one kept, False) for the same bytes."""
        if decision not in RECEIPT_DECISIONS:
            raise ValueError(f"unknown receipt decision {decision!r}")
        import hashlib  # not at start: hashlib loads OpenSSL
        sha256 = hashlib.sha256(data).hexdigest()
        with self._write() as conn:
            row = conn.execute(f"SELECT {_RECEIPT_COLUMNS} FROM receipts WHERE sha256 = ?", (sha256,)).fetchone()
            if row is not None:
                return _receipt(row), False
            rid = self._resolve(report_id) if report_id is not None else None
            now = self._now()
            cursor = conn.execute(
                f"INSERT INTO receipts ({_RECEIPT_COLUMNS.split(', ', 1)[1]}, bytes)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (sha256, direction, package_sha256, inbox_id, rid, decision, message, status, file_name,
                 len(data), codec.dumps(signer), signed_at, now, sqlite3.Binary(data)),
            )
            self._audit(f"receipt.{'issue' if direction == 'issued' else 'import'}", report_id=rid, at=now,
                        details={"file": file_name, "sha256": sha256, "package_sha256": package_sha256,
                                 "inbox_id": inbox_id, "decision": decision, "status": status})
            row = conn.execute(f"SELECT {_RECEIPT_COLUMNS} FROM receipts WHERE id = ?",
                               (cursor.lastrowid,)).fetchone()
        return _receipt(row), True

    def list_receipts(
        self,
        *,
        inbox_id: int | None = None,
        report_id: str | None = None,
        package_sha256: str | None = None,
    ) -> list[ReceiptRecord]:
        """Receipts (without bytes) matching every filter given, oldest first."""
        where: list[str] = []
        params: list[Any] = []
        if inbox_id is not None:
            where.append("inbox_id = ?")
            params.append(inbox_id)
        if report_id is not None:
            where.append("report_id = ?")
            params.append(self._resolve(report_id))
        if package_sha256 is not None:
            where.append("package_sha256 = ?")
            params.append(package_sha256)
        sql = f"SELECT {_RECEIPT_COLUMNS} FROM receipts"
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [_receipt(row) for row in self._conn.execute(sql + " ORDER BY id", params)]

    def receipt_bytes(self, receipt_id: int) -> bytes | None:
        row = self._conn.execute("SELECT bytes FROM receipts WHERE id = ?", (receipt_id,)).fetchone()
        return bytes(row[0]) if row else None

    # -- the reporter's side: which of our packages a receipt answers

    def find_package_by_sha256(self, sha256: str) -> PackageRecord | None:
        """The package exported from one of our reports with these exact bytes, if any."""
        row = self._conn.execute(
            "SELECT report_id, revision, file_name, sha256, size, signer, signed_at, created_at"
            " FROM packages WHERE sha256 = ?", (sha256.lower(),)
        ).fetchone()
        return _package(row) if row else None

    def find_packages_by_sha256(self, sha256s: Iterable[str]) -> dict[str, PackageRecord]:
        """`find_package_by_sha256` for many at once: {sha256: package} of those found."""
        wanted = sorted({str(s).lower() for s in sha256s if s})
        found: dict[str, PackageRecord] = {}
        for start in range(0, len(wanted), 500):  # SQLite's limit of bound parameters
            chunk = wanted[start:start + 500]
            rows = self._conn.execute(
                "SELECT report_id, revision, file_name, sha256, size, signer, signed_at, created_at"
                f" FROM packages WHERE sha256 IN ({', '.join('?' * len(chunk))})", chunk,
            ).fetchall()
            found.update((row[3], _package(row)) for row in rows)
        return found


def _inbox_with_data(record: InboxPackageRecord, data: bytes) -> InboxPackageRecord:
    from dataclasses import replace

    return replace(record, data=data)
