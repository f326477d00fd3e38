"""The automatic backups: several generations of the store kept beside it, never replaced by less.

`ct20.sqlite3.auto-backup` is the newest copy; `.auto-backup.1` … `.auto-backup.4` are older
ones, one per earlier day on which a copy was made (the newest of that day). A new copy of the
same day replaces the newest; the first copy of a new day moves the others down one place and
the oldest goes.

A copy is never made from a store that holds less than the newest backup (fewer reports, saved
versions, packages, receipts or audit entries: all of these only ever grow), unless the caller
forces it after asking the user; the bigger copy then moves down a place instead of vanishing.
The desktop makes a copy when a session ends (at most hourly) and, like the CLI, on the first
write of a day (`keep_daily_backup`), so a user of the CLI only has one too. Qt-free.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.frozen_record import FrozenRecord
from desktop.store.errors import StoreError
from desktop.store.files import copy_database, fsync_dir

if TYPE_CHECKING:
    from desktop.store.base import StoreBase
    from desktop.store.connection import SharedConnection

log = logging.getLogger(__name__)
SUFFIX = ".auto-backup"
GENERATIONS = 5
GROWING_TABLES = ("reports", "report_history", "audit_log", "packages", "inbox_packages", "receipts")


def auto_backup_path(store_path: str | Path, generation: int = 0) -> Path:
    """`ct20.sqlite3` → `ct20.sqlite3.auto-backup` (generation 0), `….auto-backup.1`, …"""
    store_path = Path(store_path)
    name = store_path.name + SUFFIX + (f".{generation}" if generation else "")
    return store_path.with_name(name)


def generations(store_path: str | Path) -> list[Path]:
    """The automatic backups that exist, newest first."""
    paths = (auto_backup_path(store_path, n) for n in range(GENERATIONS))
    return [path for path in paths if path.is_file()]


def backup_time(path: Path) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    except OSError:
        return None


# How much each table holds, as a count that never goes down. The history's older autosaves are
# thinned (desktop/store/history.py), so it counts the versions ever saved: the sum of each
# report's latest seq (the latest entry is never removed).
_COUNTS = {"report_history": "SELECT coalesce(sum(last), 0) FROM"
                             " (SELECT max(seq) AS last FROM report_history GROUP BY report_id)"}


def content_counts(conn: sqlite3.Connection | SharedConnection) -> dict[str, int]:
    """How many rows each ever-growing table holds (versions ever saved for the history)."""
    present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {
        table: int(conn.execute(_COUNTS.get(table, f"SELECT count(*) FROM {table}")).fetchone()[0])
        for table in GROWING_TABLES if table in present  # fixed names
    }


def counts_of_file(path: Path) -> dict[str, int] | None:
    """The counts of a backup file, or None when it cannot be read as a database."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return content_counts(conn)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


class BackupOutcome(FrozenRecord):
    """What `keep_backup` did: `made` the copy's path, or why not (`skipped`)."""

    made: Path | None = None
    skipped: str | None = None  # "readonly" | "recent" | "smaller" | "failed"
    smaller: dict[str, tuple[int, int]] = field(default_factory=dict)  # table: (store, backup)
    error: BaseException | None = None


def keep_backup(store: StoreBase, *, max_age: dt.timedelta, force: bool = False,
                now: dt.datetime | None = None) -> BackupOutcome:
    """Refresh the automatic backups of an open, writable store unless the newest is younger
    than `max_age` or the store holds less than it (`force`: the user agreed to copy anyway).

    Never raises: a copy that cannot be made (a full disk, a read-only folder) must not stop the
    user's work; it is logged, and the previous copies stay as they were.
    """
    if store.readonly:
        return BackupOutcome(skipped="readonly")
    now = now or dt.datetime.now(dt.UTC)
    newest = auto_backup_path(store.path)
    made = backup_time(newest)
    if made is not None and now - made < max_age and not force:
        return BackupOutcome(skipped="recent")
    try:
        if made is not None:
            theirs = counts_of_file(newest)
            ours = content_counts(store.shared)
            smaller = {table: (ours.get(table, 0), count) for table, count in (theirs or {}).items()
                       if ours.get(table, 0) < count}
            if smaller and not force:
                log.info("the automatic backup of %s was kept: the store holds less (%s)",
                            store.path, smaller)
                return BackupOutcome(skipped="smaller", smaller=smaller)
            if force or made.astimezone().date() != now.astimezone().date():
                _rotate(store.path)
        copy_database(store.shared, newest)
    except (OSError, sqlite3.Error, StoreError) as exc:
        # logged quietly: the write that follows says what is wrong with the disk, in one sentence
        log.info("the automatic backup of %s was not made: %s", store.path, exc)
        return BackupOutcome(skipped="failed", error=exc)
    with contextlib.suppress(StoreError, sqlite3.Error):
        store.audit("store.auto_backup", details={"file": str(newest)})
    return BackupOutcome(made=newest)


def _rotate(store_path: Path) -> None:
    """Move every generation down one place; the oldest goes."""
    for n in range(GENERATIONS - 1, 0, -1):
        older = auto_backup_path(store_path, n - 1)
        if older.exists():
            os.replace(older, auto_backup_path(store_path, n))
    fsync_dir(store_path.parent)


def keep_daily_backup(store: StoreBase) -> None:
    """Before the first write of a day: a copy, unless one was already made today."""
    now = dt.datetime.now(dt.UTC)
    made = backup_time(auto_backup_path(store.path))
    if made is not None and made.astimezone().date() == now.astimezone().date():
        return
    keep_backup(store, max_age=dt.timedelta(0), now=now)
