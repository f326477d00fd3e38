"""The automatic backup, for the desktop: kept when a session ends, offered when the store turns out
to be damaged (a sync tool or a copy that caught it half-written, a disk error). Qt-free.

The generations and the rule that a store holding less never replaces a backup without asking
live in `desktop.store.backups`; this module is the desktop's view of them. The copy is the
store's online backup: consistent while in use, checked before it replaces anything, so a
damaged store never overwrites a good backup.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from desktop.store import Store, StoreError
from desktop.store.backups import (
    BackupOutcome,
    auto_backup_path,
    backup_time,
    generations,
    keep_backup,
)

log = logging.getLogger(__name__)
MAX_AGE = dt.timedelta(hours=1)  # a session that ends within the hour does not copy the store again

__all__ = [
    "MAX_AGE",
    "BackupOutcome",
    "auto_backup_path",
    "auto_backup_time",
    "keep_auto_backup",
    "keep_auto_backup_outcome",
    "restore_auto_backup",
]


def auto_backup_time(store_path: str | Path) -> dt.datetime | None:
    """When the newest automatic backup of the store at `store_path` was made (None if none)."""
    return backup_time(auto_backup_path(store_path))


def keep_auto_backup_outcome(store: Store, *, max_age: dt.timedelta = MAX_AGE,
                             force: bool = False) -> BackupOutcome:
    """Refresh the automatic backup; the outcome says whether it was made and, if not, why
    (a store holding less than the backup is "smaller": ask the user, then pass `force`)."""
    return keep_backup(store, max_age=max_age, force=force)


def keep_auto_backup(store: Store, *, max_age: dt.timedelta = MAX_AGE) -> Path | None:
    """Refresh the automatic backup of an open, writable store; its path when a copy was
    written, else None (too recent, the store holds less than the backup, or it failed)."""
    return keep_backup(store, max_age=max_age).made


def restore_auto_backup(store_path: str | Path) -> Path | None:
    """Put the newest usable automatic backup in place of the store at `store_path` (which must
    not be open). The damaged store is kept aside, never deleted; returns where (None if there
    was none). Raises StoreError when no backup is usable.
    """
    from desktop.store.restore import restore_store

    failure: StoreError | None = None
    for candidate in generations(store_path) or [auto_backup_path(store_path)]:
        try:
            return restore_store(candidate, store_path)
        except StoreError as exc:
            log.warning("the automatic backup %s cannot be restored: %s", candidate, exc)
            failure = failure or exc
    assert failure is not None
    raise failure
