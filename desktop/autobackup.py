"""The automatic backup: one copy of the store kept beside it, to fall back on when the store turns
out to be damaged (a sync tool or a copy that caught it half-written, a disk error). Qt-free.

The desktop refreshes it when a session ends (`keep_auto_backup`, at most once an hour) and offers it when the store
cannot be opened because it is damaged (`restore_auto_backup`). The copy is the store's own
`backup()`: consistent while in use, checked before it replaces the previous copy, so a damaged
store never overwrites a good backup. It is not a history of versions: that is what the user's
own backups (File > Back up) are for.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from pathlib import Path

from desktop.store import Store, StoreError, restore_store

log = logging.getLogger(__name__)
SUFFIX = ".auto-backup"
MAX_AGE = dt.timedelta(hours=1)  # a session that ends within the hour does not copy the store again


def auto_backup_path(store_path: str | Path) -> Path:
    """`ct20.sqlite3` → `ct20.sqlite3.auto-backup`, in the same folder."""
    store_path = Path(store_path)
    return store_path.with_name(store_path.name + SUFFIX)


def auto_backup_time(store_path: str | Path) -> dt.datetime | None:
    """When the automatic backup of the store at `store_path` was made (None if there is none)."""
    try:
        return dt.datetime.fromtimestamp(auto_backup_path(store_path).stat().st_mtime, dt.UTC)
    except OSError:
        return None


def keep_auto_backup(store: Store, *, max_age: dt.timedelta = MAX_AGE) -> Path | None:  # type: ignore[no-untyped-def]
    """Refresh the automatic backup of an open, writable store unless it is younger than
    `max_age`; returns its path when a copy was written, else None.

    Never raises: a backup that cannot be made (a full disk, a read-only folder) must not stop
    the user's work; it is logged, and the previous copy stays as it was.
    """
    if store.readonly:
        return None
    made = auto_backup_time(store.path)
    if made is not None and dt.datetime.now(dt.UTC) - made < max_age:
        return None
    try:
        return Path(store.backup(auto_backup_path(store.path)))
    except (OSError, sqlite3.Error, StoreError):
        log.warning("the automatic backup of %s was not made", store.path, exc_info=True)
        return None


def restore_auto_backup(store_path: str | Path) -> Path | None:
    """Put the automatic backup in place of the store at `store_path` (which must not be open).

    The damaged store is kept aside, never deleted; returns where (None if there was none).
    Raises StoreError when there is no usable backup.
    """
    return restore_store(auto_backup_path(store_path), store_path)
