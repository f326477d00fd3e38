"""What became of an exported package on its way to the Ministry: the append-only delivery log.

Where the package file was saved, every e-mail draft written for it, and the user's word that it
was sent (or, correcting a slip, not sent). Kept apart from the package, which never changes.
"""

from __future__ import annotations

from desktop.frozen_record import FrozenRecord
from desktop.store.reports import ReportStore

DELIVERY_KINDS = ("saved", "email_draft", "marked_sent", "marked_not_sent")


class DeliveryRecord(FrozenRecord):
    report_id: str
    package_sha256: str
    kind: str  # one of DELIVERY_KINDS
    path: str  # the package file (saved) or the draft (email_draft); empty for a mark
    at: str


class DeliveryStore(ReportStore):
    def record_delivery(self, report_id: str, *, package_sha256: str, kind: str, path: str = "") -> DeliveryRecord:
        """Append one event to a report's delivery log (allowed on a submitted report: it is not content)."""
        if kind not in DELIVERY_KINDS:
            raise ValueError(f"unknown delivery kind {kind!r}; expected one of {DELIVERY_KINDS}")
        with self._write() as conn:
            rid = self._resolve(report_id)
            now = self._now()
            conn.execute(
                "INSERT INTO package_deliveries (report_id, package_sha256, kind, path, at) VALUES (?, ?, ?, ?, ?)",
                (rid, package_sha256, kind, str(path), now),
            )
            self._audit(f"package.{kind}", report_id=rid, at=now,
                        details={"sha256": package_sha256, "path": str(path)})
        return DeliveryRecord(rid, package_sha256, kind, str(path), now)

    def deliveries(self, report_id: str) -> list[DeliveryRecord]:
        """The report's delivery log, oldest first."""
        rid = self._resolve(report_id)
        rows = self._conn.execute(
            "SELECT report_id, package_sha256, kind, path, at FROM package_deliveries WHERE report_id = ? ORDER BY id",
            (rid,),
        )
        return [DeliveryRecord(*row) for row in rows]

    def all_deliveries(self) -> dict[str, list[DeliveryRecord]]:
        """Every report's delivery log, oldest first, in one query (the list of reports)."""
        found: dict[str, list[DeliveryRecord]] = {}
        rows = self._conn.execute(
            "SELECT report_id, package_sha256, kind, path, at FROM package_deliveries ORDER BY id")
        for row in rows:
            found.setdefault(row[0], []).append(DeliveryRecord(*row))
        return found
