"""Putting a backup back in place of the store, without ever losing the store it replaces."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from desktop.store import migrations
from desktop.store.clock import Clock, file_stamp, system_clock
from desktop.store.connection import REGISTRY, holding
from desktop.store.errors import CorruptStoreError, StoreLockedError, StoreNotFoundError
from desktop.store.files import (
    check_header,
    connect,
    copy_database,
    free_name,
    fsync_dir,
    inspect,
    integrity_problems,
    is_busy,
    make_private,
    make_private_folder,
    remove_database_files,
)
from desktop.store.store import Store


def restore_store(
    backup_file: str | Path, store_path: str | Path, *, clock: Clock | None = None
) -> Path | None:
    """Replace the store at `store_path` with the backup `backup_file`.

    1. The backup is validated (SQLite, intact, a CT20 store, schema not newer) and copied to a
       temporary file beside the store, which is migrated if older and gets a "store.restore"
       audit entry; a bad backup is refused with the current store untouched.
    2. The current store is copied aside as `<stem>.before-restore-<timestamp><suffix>` (one
       consistent file; a damaged store byte for byte, with its -wal); that path is returned
       (None if there was no store yet).
    3. The temporary file replaces the store with one atomic rename.

    The store must not be open anywhere (StoreLockedError otherwise): a program still holding
    the old file would go on writing to it after the rename, and those edits would be lost.
    """
    backup_file, store_path = Path(backup_file), Path(store_path)
    now = (clock or system_clock)()
    if REGISTRY.is_open(store_path):  # this very process has it open
        raise StoreLockedError(store_path)
    if not backup_file.is_file():
        raise StoreNotFoundError(backup_file)
    if store_path.exists() and backup_file.resolve() == store_path.resolve():
        raise ValueError("a store cannot be restored from itself")
    staging = _stage(backup_file, store_path)
    try:
        aside = None
        if store_path.exists():
            aside = free_name(
                store_path.with_name(
                    f"{store_path.stem}.before-restore-{file_stamp(now)}{store_path.suffix}"
                )
            )
        with Store._open(staging, clock=clock, copy_before_migrate=False) as staged:
            staged.audit(
                "store.restore",
                details={"from": str(backup_file), "kept_aside": str(aside) if aside else None},
            )
            staged.shared.raw.execute("PRAGMA journal_mode = DELETE").fetchone()
        if aside is not None:
            _set_aside(store_path, aside)
        remove_database_files_of_old_store(store_path)
        os.replace(staging, store_path)
        fsync_dir(store_path.parent)
    except PermissionError as exc:  # Windows: the file is open in another program
        remove_database_files(staging)
        raise StoreLockedError(store_path) from exc
    except BaseException:
        remove_database_files(staging)
        raise
    return aside


def _stage(backup_file: Path, store_path: Path) -> Path:
    """Validate the backup and copy it beside the store, ready to be renamed into place."""
    import uuid  # not at start: uuid imports platform
    staging = store_path.with_name(f".{store_path.name}.restore-{uuid.uuid4().hex[:12]}.tmp")
    make_private_folder(store_path.parent)
    shared = REGISTRY.get(backup_file)
    if shared is not None:  # open in this process: use its connection, never open() the file
        with holding(shared) as conn:
            version = inspect(conn, backup_file, target=len(migrations.STEPS))
            if version == 0:
                raise CorruptStoreError(backup_file, "empty")
            copy_database(conn, staging)
        return staging
    check_header(backup_file)
    try:
        conn = connect(backup_file, readonly=True)
    except sqlite3.Error as exc:
        raise CorruptStoreError(backup_file, str(exc)) from exc
    try:
        version = inspect(conn, backup_file, target=len(migrations.STEPS))
        if version == 0:
            raise CorruptStoreError(backup_file, "empty")
        copy_database(conn, staging)
    finally:
        conn.close()
    return staging


def _set_aside(store_path: Path, aside: Path) -> None:
    """Copy the current store aside, so that a restore never loses it.

    The files are first copied as they are (with a -wal or -journal beside them), before
    anything opens the store: a damaged store is kept exactly as it was. A healthy store is then
    switched out of WAL mode, folding its WAL into the file, and copied again as one
    self-contained file. That switch fails while any other connection has the store open, which
    is how a store in use is detected (StoreLockedError, and no copy is left behind).
    """
    companions = ("", "-wal", "-journal")
    for suffix in companions:
        source = Path(f"{store_path}{suffix}")
        if source.exists():
            shutil.copy2(source, Path(f"{aside}{suffix}"))
    try:
        healthy = _fold_wal(store_path)
    except BaseException:
        remove_database_files(aside)
        raise
    if healthy:
        remove_database_files(aside)
        shutil.copy2(store_path, aside)
    make_private(aside)


def _fold_wal(store_path: Path) -> bool:
    """Switch an intact store to a rollback journal; False if it is too damaged to try."""
    try:
        conn = sqlite3.connect(str(store_path), isolation_level=None, timeout=0.5)
    except sqlite3.Error:
        return False
    try:
        if integrity_problems(conn):
            return False
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
        return True
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise StoreLockedError(store_path) from exc
        return False
    finally:
        conn.close()


def remove_database_files_of_old_store(store_path: Path) -> None:
    """The old store's -wal/-shm must go: SQLite would replay them into the restored file."""
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{store_path}{suffix}").unlink(missing_ok=True)


