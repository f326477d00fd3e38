"""The store file: opening it safely (checks, pragmas, migrations) and copying it consistently."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import uuid
from collections.abc import Sequence
from pathlib import Path

from desktop.store import migrations
from desktop.store.errors import (
    CorruptStoreError,
    MigrationError,
    NewerStoreError,
    NotAStoreError,
    StoreError,
    StoreLockedError,
    StoreNeedsUpgradeError,
    StoreNotFoundError,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 5.0


def is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite sees it; an empty file is a new store."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except IsADirectoryError as exc:
        raise CorruptStoreError(path, "a folder") from exc
    except OSError as exc:
        raise CorruptStoreError(path, exc.strerror or str(exc)) from exc
    if head and head != SQLITE_MAGIC:
        raise CorruptStoreError(path, "not an SQLite file")


def connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    """A connection in autocommit mode: every transaction of the store is explicit."""
    if readonly:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
            timeout=BUSY_TIMEOUT_SECONDS,
        )
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    return conn


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("PRAGMA integrity_check(20)").fetchall()
    return [] if [r[0] for r in rows] == ["ok"] else [str(r[0]) for r in rows]


def inspect(conn: sqlite3.Connection, path: Path, *, target: int) -> int:
    """The store's schema version, after refusing a newer, damaged or foreign database.

    Reads only, so a refused file is left byte for byte as it was.
    """
    try:
        version = migrations.user_version(conn)
        if version > target:
            raise NewerStoreError(path, version, target)
        problems = integrity_problems(conn)
        if problems:
            raise CorruptStoreError(path, "; ".join(problems[:3]))
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        has_tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if is_busy(exc):
            raise StoreLockedError(path) from exc
        raise CorruptStoreError(path, str(exc)) from exc
    if (version > 0 and app_id != migrations.APPLICATION_ID) or (version == 0 and has_tables):
        raise NotAStoreError(path)
    return version


def open_connection(
    path: Path,
    *,
    readonly: bool = False,
    steps: Sequence[migrations.Step] | None = None,
    copy_before_migrate: bool = True,
) -> sqlite3.Connection:
    """Open (creating if needed), check, configure and migrate the store at `path`."""
    steps = migrations.STEPS if steps is None else steps
    target = len(steps)
    if path.exists():
        check_header(path)
    elif readonly:
        raise StoreNotFoundError(path)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = connect(path, readonly=readonly)
    except sqlite3.Error as exc:
        raise CorruptStoreError(path, str(exc)) from exc
    try:
        version = inspect(conn, path, target=target)
        if version < target:
            if readonly and version == 0:
                raise StoreNotFoundError(path)
            if readonly:
                raise StoreNeedsUpgradeError(path, version, target)
            if version > 0 and copy_before_migrate:
                # before anything writes to it, not even the switch to WAL
                copy_database(conn, free_name(path.with_name(f"{path.name}.pre-v{target}.bak")))
        if not readonly:
            _configure(conn, path)
        if version < target:
            try:
                migrations.migrate(conn, steps)
            except sqlite3.DatabaseError as exc:
                if is_busy(exc):
                    raise StoreLockedError(path) from exc
                raise MigrationError(path, target, str(exc)) from exc
            except StoreError:
                raise
            except Exception as exc:
                raise MigrationError(path, target, str(exc)) from exc
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def _configure(conn: sqlite3.Connection, path: Path) -> None:
    try:
        # WAL: readers never block the writer, a second window cannot corrupt the file.
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        # FULL: a committed save survives a power cut, not only a crash of the app.
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise StoreLockedError(path) from exc
        raise CorruptStoreError(path, str(exc)) from exc


def free_name(path: Path) -> Path:
    """`path`, or `path` with a counter before its suffix if that name is taken: never overwrite."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def copy_database(conn: sqlite3.Connection, dest: Path) -> Path:
    """A consistent, self-contained copy of `conn`'s database at `dest`, replaced atomically.

    Uses SQLite's online backup API (a copy of the file could catch a write half-done or miss
    what is still in the WAL), writes to a temporary file beside `dest`, switches the copy to a
    rollback journal (one file, nothing in a -wal beside it), checks it, then renames it.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        out = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            conn.backup(out)
            out.execute("PRAGMA journal_mode = DELETE").fetchone()
            problems = integrity_problems(out)
            if problems:
                raise CorruptStoreError(dest, "; ".join(problems[:3]))
        finally:
            out.close()
        fsync_file(tmp)
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except BaseException:
        remove_database_files(tmp)
        raise
    return dest


def remove_database_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{path}{suffix}").unlink()


def fsync_file(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to sync."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
