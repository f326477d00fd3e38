"""The rows of the list of reports: one builder for `ct20 report list` and the window's list. Qt-free."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from desktop.store import ReportRecord, Store

from .meta import ReportMeta, read_meta
from .reports import context_of, organization
from .submission import DRAFT, Delivery, delivery_of, state_of

RECEIPT_DECISIONS = ("received", "accepted", "correction_requested")


@dataclass(frozen=True)
class ReportRow:
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
        return self.record.status == "draft" and days is not None and days < 0

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
    """Every report (the most recently changed first), with what the list shows of it."""
    rows = []
    for record in store.list_reports(include_trashed=include_trashed):
        try:
            deadline = context_of(record).deadline
        except Exception:  # a report of a form this version does not know: still listed
            deadline = None
        try:
            org_name = organization(store, record.org_id).name
        except Exception:
            org_name = record.org_id
        meta = read_meta(store, record.id)
        delivery = delivery_of(store, record.id) if record.status != DRAFT else Delivery()
        rows.append(ReportRow(record, deadline, org_name, meta.sample, receipt_of(store, meta), delivery))
    return rows


def receipt_of(store: Store, meta: ReportMeta) -> dict | None:
    """The receipt kept with a report, with the file name and revision of the package it answers."""
    receipt = meta.receipt
    if receipt is None or receipt.get("decision") not in RECEIPT_DECISIONS:
        return None
    package = store.find_package_by_sha256(receipt.get("package_sha256") or "")
    return {**receipt, "package_file": package.file_name if package else "",
            "revision": package.revision if package else None}
