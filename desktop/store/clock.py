"""Time stamps of the store: ISO 8601 UTC with seconds, from a clock tests can replace."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


def iso_utc(moment: datetime) -> str:
    """`2026-11-21T05:12:00Z`; a naive datetime is taken to be UTC already."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def file_stamp(moment: datetime) -> str:
    """`20261121T051200Z`: a time stamp that is valid in Windows file names."""
    return iso_utc(moment).replace("-", "").replace(":", "")
