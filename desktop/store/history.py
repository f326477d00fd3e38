"""Which autosaves a report's history keeps: every recent one, then fewer the older they get.

An editor saves a report about every second while the user types: 2,000 autosaves of a
2,000-row report once added 100 MB to the store. Only autosaves are ever thinned; everything else
is kept for good: the first entry (the initial values), the latest entry (the current values),
every save the user asked for (Ctrl+S, closing the report, the command line, an import, a
restore) and every entry with a note (a named version). Among the autosaves:

- the newest `KEEP_NEWEST` are kept one by one (at most a few minutes of typing);
- the rest of the last day keeps one per 10 minutes;
- the last week keeps one per hour;
- older ones keep one per day.

"One per period" keeps the newest autosave of that period, i.e. the state the report had at
its end. A report's history so holds at most KEEP_NEWEST + 144 + 144 autosaves from its last
week plus one per day before, whatever the number of saves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

AUTOSAVE = "autosave"  # the `source` of a save made by the editor's timer, not by the user
KEEP_NEWEST = 50  # >= 1: the latest entry (the current values) is always kept
DAY = dt.timedelta(days=1)
# (entries younger than this, keep one per this long); the last tier holds everything older
TIERS: tuple[tuple[dt.timedelta, dt.timedelta], ...] = (
    (DAY, dt.timedelta(minutes=10)),
    (dt.timedelta(days=7), dt.timedelta(hours=1)),
    (dt.timedelta.max, DAY),
)


class Saved(NamedTuple):
    seq: int
    saved_at: str  # ISO 8601 UTC, as the store writes it
    source: str
    note: str | None


def thinnable(entry: Saved) -> bool:
    """Whether the entry is an autosave the thinning may remove (the database says the same)."""
    return entry.source == AUTOSAVE and entry.note is None and entry.seq != 1


def _moment(saved_at: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(saved_at.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _bucket(moment: dt.datetime, width: dt.timedelta) -> int:
    return int(moment.timestamp() // width.total_seconds())


def to_remove(entries: Iterable[Saved], now: dt.datetime) -> list[int]:
    """The seqs of the autosaves the history no longer needs (see the module's doc)."""
    ordered = sorted(entries, key=lambda e: e.seq)
    if not ordered:
        return []
    autosaves = [e for e in ordered if thinnable(e)]  # the latest entry is among the newest kept
    older = autosaves[:-KEEP_NEWEST] if len(autosaves) > KEEP_NEWEST else []
    kept: set[tuple[int, int]] = set()
    remove: list[int] = []
    for entry in reversed(older):  # newest first: the first entry met in a period is kept
        moment = _moment(entry.saved_at)
        if moment is None:  # a time stamp we cannot read: keep the entry rather than guess
            continue
        age = now - moment
        for tier, (younger_than, width) in enumerate(TIERS):
            if age < younger_than or tier == len(TIERS) - 1:
                key = (tier, _bucket(moment, width))
                if key in kept:
                    remove.append(entry.seq)
                else:
                    kept.add(key)
                break
    return sorted(remove)


def bound(days: int) -> int:
    """The most autosaves `to_remove` leaves for a report edited over `days` days."""
    return KEEP_NEWEST + 2 * 144 + max(days - 7, 0) + len(TIERS)

