"""Typed access to what the app keeps beside a report's values (the store's report metadata). Qt-free.

The store keeps a small JSON object per report; only this module knows its keys. Everything else
reads a `ReportMeta` and writes through the functions below, so a key is spelled in one place and
a damaged entry (a list where a dict belongs) reads as "nothing kept" instead of crashing.
"""

from __future__ import annotations

from dataclasses import field
from typing import Any, Protocol

from desktop.frozen_record import FrozenRecord

SAMPLE = "sample"  # True: a sample report made for a new user
RECEIPT = "receipt"  # the Ministry's latest receipt for this report
PENDING = "pending_cells"  # {value or cell path: text typed that cannot be read as a value}
ACKNOWLEDGED = "acknowledged"  # {"<path>+<code>": {"text", "at", "rule"}}: warnings kept with a reason
ATTACHMENTS = "export_attachments"  # the evidence files chosen at the last export
UNSAVED = "unsaved_edits"  # edits the report no longer accepted (submitted meanwhile), kept aside
REQUEST = "request"  # the ad hoc request the report answers: id, number, date, requester, content, deadline


class MetaStore(Protocol):
    """What this module uses of `desktop.store.Store`."""

    def report_meta(self, report_id: str) -> dict[str, Any]: ...
    def set_report_meta(self, report_id: str, key: str, value: Any) -> None: ...


class ReportMeta(FrozenRecord):
    sample: bool = False
    receipt: dict[str, Any] | None = None
    pending: dict[str, str] = field(default_factory=dict)
    acknowledged: dict[str, dict[str, Any]] = field(default_factory=dict)
    attachments: list[str] = field(default_factory=list)
    unsaved: dict[str, Any] | None = None
    request: dict[str, str] | None = None

    @classmethod
    def from_dict(cls, raw: Any) -> ReportMeta:
        raw = raw if isinstance(raw, dict) else {}
        pending = raw.get(PENDING)
        acks = raw.get(ACKNOWLEDGED)
        attachments = raw.get(ATTACHMENTS)
        receipt = raw.get(RECEIPT)
        unsaved = raw.get(UNSAVED)
        request = raw.get(REQUEST)
        return cls(
            sample=raw.get(SAMPLE) is True,
            receipt=receipt if isinstance(receipt, dict) else None,
            pending={str(k): v for k, v in pending.items() if isinstance(v, str)} if isinstance(pending, dict) else {},
            acknowledged={str(k): v for k, v in acks.items() if isinstance(v, dict)} if isinstance(acks, dict) else {},
            attachments=[p for p in attachments if isinstance(p, str)] if isinstance(attachments, list) else [],
            unsaved=unsaved if isinstance(unsaved, dict) else None,
            request={str(k): v for k, v in request.items() if isinstance(v, str)} if isinstance(request, dict)
            else None,
        )


def read_meta(store: MetaStore, report_id: str) -> ReportMeta:
    return ReportMeta.from_dict(store.report_meta(report_id))


def save_pending(store: MetaStore, report_id: str, pending: dict[str, str]) -> None:
    """Keep the text typed that cannot be read yet (it counts as an error until corrected)."""
    store.set_report_meta(report_id, PENDING, dict(pending) or None)


def save_acknowledgements(store: MetaStore, report_id: str, acks: dict[str, dict[str, Any]]) -> None:
    store.set_report_meta(report_id, ACKNOWLEDGED, dict(acks) or None)


def save_attachments(store: MetaStore, report_id: str, paths: list[str]) -> None:
    store.set_report_meta(report_id, ATTACHMENTS, list(paths) or None)


def save_receipt(store: MetaStore, report_id: str, receipt: dict[str, Any]) -> None:
    store.set_report_meta(report_id, RECEIPT, receipt)


def mark_sample(store: MetaStore, report_id: str) -> None:
    store.set_report_meta(report_id, SAMPLE, True)


def keep_unsaved(store: MetaStore, report_id: str, values: dict[str, Any], pending: dict[str, str],
                 at: str) -> None:
    store.set_report_meta(report_id, UNSAVED, {"values": values, "pending": pending, "at": at})


def save_request(store: MetaStore, report_id: str, request: dict[str, str] | None) -> None:
    """The ad hoc request the report answers (as read from its signed file, or typed)."""
    store.set_report_meta(report_id, REQUEST, dict(request) if request else None)
