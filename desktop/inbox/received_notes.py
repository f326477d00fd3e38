"""What a received package's data file says beyond its figures: the reporter's justifications of the
warnings they acknowledged, and whether it is a sample. Read through the Inbox interface (SQLite or
the shared PostgreSQL Inbox alike), from the package's kept bytes; anything unreadable reads as
nothing said."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from desktop.package.asic import read_package

MAX_SHOWN = 200


@dataclass(frozen=True)
class ReceivedNotes:
    sample: bool = False
    justifications: list[dict[str, str]] = field(default_factory=list)  # {"path", "warning", "reason"}


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def notes_from_data(data: Any) -> ReceivedNotes:
    """The notes of a parsed `du-lieu.json` (kept to well-formed entries)."""
    if not isinstance(data, dict):
        return ReceivedNotes()
    items = data.get("justifications")
    justifications = []
    for item in items[:MAX_SHOWN] if isinstance(items, list) else []:
        if isinstance(item, dict) and _text(item.get("warning")) and _text(item.get("reason")):
            justifications.append({"path": _text(item.get("path")), "warning": _text(item["warning"]),
                                   "reason": _text(item["reason"])})
    return ReceivedNotes(sample=data.get("sample") is True, justifications=justifications)


def received_notes(store: Any, inbox_id: int) -> ReceivedNotes:
    """The notes of an Inbox package (`store`: any Inbox implementation)."""
    try:
        package = read_package(store.inbox_package_bytes(inbox_id))
        return notes_from_data(json.loads(package.data_json))
    except Exception:  # an invalid package: its verdict already says why; no notes to show
        return ReceivedNotes()
