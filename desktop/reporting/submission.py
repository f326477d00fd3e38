"""Where a report stands on its way to the Ministry, told truthfully. Qt-free.

draft → signed ("signed, not sent": the package exists, nothing has left this computer) → sent (the
user said so, or an e-mail draft carrying the package was made) → received / accepted / correction
requested (the Ministry's receipt for that very package). Lateness is measured against the
deadline by the day the package was sent, or signed while it has not been sent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop.frozen_record import FrozenRecord

VN_TZ = dt.timezone(dt.timedelta(hours=7))

DRAFT, SIGNED, SENT = "draft", "signed", "sent"
RECEIVED, ACCEPTED, CORRECTION = "received", "accepted", "correction_requested"
REJECTED = "rejected"  # the Ministry did not accept the package (damaged, or not signed by the organisation)
STATES = (DRAFT, SIGNED, SENT, RECEIVED, ACCEPTED, CORRECTION, REJECTED)


class Delivery(FrozenRecord):
    """What the delivery log and the kept package say about a submitted report."""

    package_sha256: str = ""
    signed_at: str = ""  # the package's signing time (ISO, with offset)
    package_path: str = ""  # where the export saved the package file
    draft_path: str = ""  # the latest e-mail draft written for it
    sent_at: str = ""  # when it became "sent" (a draft made or the user's word); empty while not sent

    @property
    def sent(self) -> bool:
        return bool(self.sent_at)

    @property
    def package_folder(self) -> Path | None:
        return Path(self.package_path).parent if self.package_path else None


def delivery_of(store: Any, report_id: str) -> Delivery:
    """The delivery facts of a report (empty for a draft or a report exported before the log existed)."""
    package = store.get_package(report_id, with_data=False)
    if package is None:
        return Delivery()
    return _delivery(store, package, store.deliveries(report_id))


def deliveries_of(store: Any, report_ids: Sequence[str]) -> dict[str, Delivery]:
    """The delivery facts of many reports in a fixed number of queries (the list of reports); only a
    package exported before the delivery log existed costs one more (its folder is in the audit)."""
    if not report_ids:
        return {}
    wanted = set(report_ids)
    packages = {p.report_id: p for p in store.list_packages() if p.report_id in wanted}
    events = store.all_deliveries()
    return {rid: _delivery(store, package, events.get(rid, [])) for rid, package in packages.items()}


def _delivery(store: Any, package: Any, events: Sequence[Any]) -> Delivery:
    saved = draft = sent_at = ""
    for event in events:
        if event.package_sha256 != package.sha256:
            continue
        if event.kind == "saved":
            saved = event.path
        elif event.kind == "email_draft":
            draft = event.path
            sent_at = sent_at or event.at
        elif event.kind == "marked_sent":
            sent_at = sent_at or event.at
        elif event.kind == "marked_not_sent":
            sent_at = ""
    if not saved:
        saved = _folder_from_audit(store, package.report_id, package.file_name)
    return Delivery(package.sha256, package.signed_at, saved, draft, sent_at)


def _folder_from_audit(store: Any, report_id: str, file_name: str) -> str:
    """Packages exported before the delivery log: the export's audit entry names the folder."""
    for entry in store.audit_log(report_id=report_id, limit=200):
        folder = entry["details"].get("folder") if entry["action"] == "report.export" else None
        if isinstance(folder, str) and folder:
            return str(Path(folder) / file_name)
    return ""


def state_of(status: str, delivery: Delivery, receipt: dict | None) -> str:
    """One of STATES."""
    if status != "submitted":
        return DRAFT
    decision = (receipt or {}).get("decision")
    if decision in (RECEIVED, ACCEPTED, CORRECTION, REJECTED) and (
            not delivery.package_sha256 or receipt.get("package_sha256") in ("", None, delivery.package_sha256)):  # type: ignore[union-attr]
        return str(decision)
    return SENT if delivery.sent else SIGNED


def local_day(iso: str) -> dt.date | None:
    """The day (Vietnam time) of an ISO timestamp; a naive one is taken as UTC (the store's clock)."""
    if not iso:
        return None
    try:
        moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(VN_TZ).date()


def days_late(deadline: dt.date | None, delivery: Delivery) -> int | None:
    """How many days after the deadline the package was sent (or signed, while not sent); None
    without a deadline or a package, 0 when on time."""
    day = local_day(delivery.sent_at) if delivery.sent else local_day(delivery.signed_at)
    if deadline is None or day is None:
        return None
    return max(0, (day - deadline).days)
