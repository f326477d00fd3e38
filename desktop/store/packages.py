"""Exported packages kept byte for byte, and the root certificates the user trusts."""

from __future__ import annotations

import sqlite3
from typing import Any

from desktop.store import codec
from desktop.store.errors import TrustRootNotFoundError
from desktop.store.records import PackageRecord, TrustRootRecord
from desktop.store.reports import MIN_PREFIX, ReportStore

_PACKAGE_COLUMNS = "report_id, revision, file_name, sha256, size, signer, signed_at, created_at"
_ROOT_COLUMNS = "id, subject, not_after, pem, added_at"


def _package(row: tuple[Any, ...], data: bytes | None = None) -> PackageRecord:
    return PackageRecord(
        report_id=row[0], revision=row[1], file_name=row[2], sha256=row[3], size=row[4],
        signer=codec.loads(row[5]), signed_at=row[6], created_at=row[7], data=data,
    )


class PackageStore(ReportStore):
    # -- packages

    def submit_package(
        self,
        report_id: str,
        *,
        file_name: str,
        data: bytes,
        signer: dict[str, Any],
        signed_at: str,
        details: dict[str, Any] | None = None,
    ) -> PackageRecord:
        """Keep the exported package and mark its report submitted, in one transaction.

        Only a draft (not in the trash) can be submitted; afterwards its values are frozen. The
        audit entry "report.export" records the file, its SHA-256 and size, the signer and
        `details` (never a PIN or password: callers have none to give).
        """
        if not isinstance(data, bytes) or not data:
            raise ValueError("a package is non-empty bytes")
        import hashlib  # not at start: hashlib loads OpenSSL
        sha256 = hashlib.sha256(data).hexdigest()
        with self._write() as conn:
            rid = self._resolve(report_id)
            record = self._writable(rid)
            now = self._now()
            conn.execute(
                f"INSERT INTO packages ({_PACKAGE_COLUMNS}, bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (rid, record.revision, file_name, sha256, len(data), codec.dumps(signer), signed_at,
                 now, sqlite3.Binary(data)),
            )
            self._checkpoint("submit:package")
            self._touch(rid, now, status="submitted")
            self._audit(
                "report.export", report_id=rid, at=now,
                details={"file": file_name, "sha256": sha256, "size": len(data),
                         "revision": record.revision, "signer": signer.get("name", ""),
                         "serial": signer.get("serial", ""), "signed_at": signed_at, **(details or {})},
            )
        return PackageRecord(rid, record.revision, file_name, sha256, len(data), dict(signer),
                             signed_at, now, data)

    def get_package(self, report_id: str, *, with_data: bool = True) -> PackageRecord | None:
        """The package exported from a report, or None if it was never exported."""
        rid = self._resolve(report_id)
        columns = _PACKAGE_COLUMNS + (", bytes" if with_data else "")
        row = self._conn.execute(
            f"SELECT {columns} FROM packages WHERE report_id = ?", (rid,)
        ).fetchone()
        if row is None:
            return None
        return _package(row[:8], bytes(row[8]) if with_data else None)

    def list_packages(self) -> list[PackageRecord]:
        """Every kept package (without its bytes), the newest first."""
        rows = self._conn.execute(
            f"SELECT {_PACKAGE_COLUMNS} FROM packages ORDER BY created_at DESC, rowid DESC"
        )
        return [_package(row) for row in rows]

    def newer_revision(self, report_id: str) -> str | None:
        """The id of the report that supersedes this one (trashed ones included), if any."""
        rid = self._resolve(report_id)
        row = self._conn.execute(
            "SELECT id FROM reports WHERE supersedes = ? ORDER BY revision DESC LIMIT 1", (rid,)
        ).fetchone()
        return str(row[0]) if row else None

    # -- trusted root certificates

    def add_trust_root(self, root_id: str, *, subject: str, not_after: str, pem: str) -> bool:
        """Trust a certificate; False when it was trusted already (nothing changes then)."""
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM trust_roots WHERE id = ?", (root_id,)).fetchone():
                return False
            conn.execute(
                f"INSERT INTO trust_roots ({_ROOT_COLUMNS}) VALUES (?, ?, ?, ?, ?)",
                (root_id, subject, not_after, pem, self._now()),
            )
            self._audit("trust.add", details={"id": root_id, "subject": subject})
        return True

    def trust_roots(self) -> list[TrustRootRecord]:
        """The trusted root certificates, in the order they were added."""
        rows = self._conn.execute(f"SELECT {_ROOT_COLUMNS} FROM trust_roots ORDER BY added_at, rowid")
        return [TrustRootRecord(*row) for row in rows]

    def remove_trust_root(self, root_id: str) -> TrustRootRecord:
        """Stop trusting a certificate given its id or a unique prefix (at least 8 characters)."""
        wanted = str(root_id).strip().lower()
        with self._write() as conn:
            if len(wanted) >= MIN_PREFIX:
                rows = conn.execute(
                    f"SELECT {_ROOT_COLUMNS} FROM trust_roots WHERE substr(id, 1, ?) = ?",
                    (len(wanted), wanted),
                ).fetchall()
            else:
                rows = []
            if len(rows) != 1:
                raise TrustRootNotFoundError(root_id, len(rows))
            record = TrustRootRecord(*rows[0])
            conn.execute("DELETE FROM trust_roots WHERE id = ?", (record.id,))
            self._audit("trust.remove", details={"id": record.id, "subject": record.subject})
        return record

