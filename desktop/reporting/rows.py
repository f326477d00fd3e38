"""The rows of the list of reports: one builder for `ct20 report list` and the window's list. Qt-free."""

from __future__ import annotations

import datetime as dt
from dataclasses import field
from typing import Any

from desktop.frozen_record import FrozenRecord
from desktop.registry import organization_name
from desktop.store import ReportRecord, Store

from .basics import deadline_of
from .meta import ReportMeta
from .submission import DRAFT, Delivery, deliveries_of, state_of

RECEIPT_DECISIONS = ("received", "accepted", "correction_requested", "rejected")


class ReportRow(FrozenRecord):
    """A report as the list shows it; computed once per reload, texts rendered on demand."""

    record: ReportRecord
    deadline: dt.date | None
    org_name: str
    sample: bool = False
    receipt: dict | None = None  # the Ministry's latest receipt, with the package it answers
    delivery: Delivery = field(default_factory=Delivery)  # where the package went (submitted reports)

    @property
    def id(self) -> str:
        return self.record.id

    def days_left(self, today: dt.date) -> int | None:
        return None if self.deadline is None else (self.deadline - today).days

    def overdue(self, today: dt.date) -> bool:
        days = self.days_left(today)
        return self.record.status == "draft" and days is not None and days < 0 and not self.sample

    @property
    def state(self) -> str:
        """draft, signed, sent, received, accepted or correction_requested (reporting.submission)."""
        return state_of(self.record.status, self.delivery, self.receipt)

    def to_json(self) -> dict[str, Any]:
        """The row of `ct20 report list --json` (cli.md)."""
        record = self.record
        return {"id": record.id, "form": record.form_id, "org": record.org_id, "period": record.period,
                "status": record.status, "updated": record.updated_at,
                "receipt": self.receipt.get("decision") if self.receipt else None, "state": self.state}


def load_rows(store: Store, *, include_trashed: bool = True) -> list[ReportRow]:
    """Every report (the most recently changed first), with what the list shows of it.

    A fixed number of queries whatever the number of reports (the reports with their metadata,
    the organisations, the packages the receipts answer): 5,000 reports took 15,000 queries."""
    listed = store.list_reports_with_meta(include_trashed=include_trashed)
    metas = [ReportMeta.from_dict(raw) for _record, raw in listed]
    answered = [meta.receipt.get("package_sha256") or "" for meta in metas
                if meta.receipt is not None and meta.receipt.get("decision") in RECEIPT_DECISIONS]
    packages = store.find_packages_by_sha256(answered) if answered else {}
    custom = store.custom_organizations()
    deliveries = deliveries_of(store, [record.id for record, _raw in listed if record.status != DRAFT])
    names: dict[str, str] = {}
    deadlines: dict[tuple[str, str, str, str | None, str | None], dt.date | None] = {}
    rows = []
    for (record, _raw), meta in zip(listed, metas, strict=True):
        key = (record.form_id, record.form_version, record.period, record.reference, record.deadline)
        if key not in deadlines:
            try:
                deadlines[key] = deadline_of(record)
            except Exception:  # a report of a form this version does not know: still listed
                deadlines[key] = None
        if record.org_id not in names:
            try:
                names[record.org_id] = organization_name(record.org_id, custom)
            except Exception:
                names[record.org_id] = record.org_id
        delivery = deliveries.get(record.id, Delivery()) if record.status != DRAFT else Delivery()
        rows.append(ReportRow(record, deadlines[key], names[record.org_id], meta.sample,
                              _receipt(meta, packages), delivery))
    return rows


def _receipt(meta: ReportMeta, packages: dict[str, Any]) -> dict | None:
    receipt = meta.receipt
    if receipt is None or receipt.get("decision") not in RECEIPT_DECISIONS:
        return None
    package = packages.get((receipt.get("package_sha256") or "").lower())
    return {**receipt, "package_file": package.file_name if package else "",
            "revision": package.revision if package else None}


def receipt_of(store: Store, meta: ReportMeta) -> dict | None:
    """The receipt kept with a report, with the file name and revision of the package it answers."""
    receipt = meta.receipt
    if receipt is None or receipt.get("decision") not in RECEIPT_DECISIONS:
        return None
    return _receipt(meta, store.find_packages_by_sha256([receipt.get("package_sha256") or ""]))
