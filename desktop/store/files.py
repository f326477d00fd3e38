"""The store file: opening it safely (checks, pragmas, migrations) and copying it consistently."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from desktop.store import migrations
from desktop.store.connection import SharedConnection
from desktop.store.errors import (
    CorruptStoreError,
    EmptyStoreError,
    MigrationError,
    NewerStoreError,
    NotAStoreError,
    StoreError,
    StoreFullError,
    StoreLockedError,
    StoreNeedsUpgradeError,
    StoreNotFoundError,
    StoreReadOnlyMediumError,
    StoreWriteError,
)

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 5.0
SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_FULL, SQLITE_CANTOPEN = 3, 8, 10, 13, 14
PRIVATE_FILE, PRIVATE_FOLDER = 0o600, 0o700
COMPANIONS = ("-wal", "-shm", "-journal")


def is_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def sqlite_code(exc: BaseException) -> int | None:
    """SQLite's primary result code of an error (None for errors SQLite did not raise)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def writable(path: Path) -> bool:
    """Whether the store at `path` can be written: its folder (for -wal/-shm) and the file."""
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(folder, os.W_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def disk_full(path: Path) -> bool:
    """Whether the disk of `path` has (almost) no room left: SQLite reports a -shm or -wal it
    could not grow as a disk I/O error, not as SQLITE_FULL."""
    try:
        st = os.statvfs(path.parent if str(path.parent) else ".")
    except (OSError, AttributeError):  # Windows has no statvfs
        return False
    return st.f_bavail * st.f_frsize < 64 * 1024


def write_error(exc: BaseException, path: Path) -> StoreError | None:
    """What a failed write means to the user (a full disk, a read-only medium), or None."""
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
            return StoreFullError(path)
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return StoreReadOnlyMediumError(path)
        return None
    if not isinstance(exc, sqlite3.Error):
        return None
    if is_busy(exc):
        return StoreLockedError(path)
    code = sqlite_code(exc)
    if code == SQLITE_FULL or "disk is full" in str(exc).lower():
        return StoreFullError(path)
    if code in (SQLITE_READONLY, SQLITE_PERM) or (code == SQLITE_CANTOPEN and not writable(path)):
        return StoreReadOnlyMediumError(path)
    if code == SQLITE_IOERR:
        return StoreFullError(path) if disk_full(path) else StoreWriteError(path, str(exc))
    return None


def check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite sees it, an empty one included.

    Opens the file itself, so it must never run while this process has a connection to it:
    closing this handle would drop that connection's POSIX locks (see desktop.store.connection).
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except IsADirectoryError as exc:
        raise CorruptStoreError(path, "a folder") from exc
    except OSError as exc:
        raise CorruptStoreError(path, exc.strerror or str(exc)) from exc
    if not head:
        raise EmptyStoreError(path)
    if head != SQLITE_MAGIC:
        raise CorruptStoreError(path, "not an SQLite file")


def connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    """A connection in autocommit mode (every transaction of the store is explicit), usable
    from any thread: `SharedConnection` serialises its use.

    Read-only in a folder that cannot be written and with no -wal beside the file: SQLite could
    not make the -shm a WAL store needs, so the file is opened as immutable (nothing can change
    it there anyway).
    """
    if readonly:
        uri = f"{path.resolve().as_uri()}?mode=ro"
        if not writable(path) and not Path(f"{path}-wal").exists():
            uri += "&immutable=1"
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS,
                               check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_SECONDS,
                               check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    # rows removed by a REPLACE still meet the never-delete triggers (as sqlite-utils set it before)
    conn.execute("PRAGMA recursive_triggers = ON")
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
        if sqlite_code(exc) in (SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_PERM) and not writable(path):
            raise StoreReadOnlyMediumError(path) from exc
        if sqlite_code(exc) in (SQLITE_IOERR, SQLITE_FULL):  # the disk, not the file
            raise write_error(exc, path) or StoreWriteError(path, str(exc)) from exc
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
    first: bool = True,
) -> sqlite3.Connection:
    """Open, check, configure and migrate the store at `path`, creating it if it does not exist.

    `first`: no connection of this process has the file yet, so its header may be read
    directly. A file that exists is never replaced and never taken for a new store, even empty.
    """
    steps = migrations.STEPS if steps is None else steps
    target = len(steps)
    if first:
        if path.exists():
            check_header(path)
        elif readonly:
            raise StoreNotFoundError(path)
        else:
            create_store(path, steps)
    if not readonly and not writable(path):
        raise StoreReadOnlyMediumError(path)
    try:
        conn = connect(path, readonly=readonly)
    except sqlite3.Error as exc:
        if not writable(path):
            raise StoreReadOnlyMediumError(path) from exc
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
            make_private(path)
            _configure(conn, path)
        if version < target:
            _migrate(conn, path, steps)
        conn.execute("PRAGMA foreign_keys = ON")
    except BaseException:
        conn.close()
        raise
    return conn


def create_store(path: Path, steps: Sequence[migrations.Step]) -> None:
    """Make a new, complete store at `path` in one step: it never exists half-made or empty.

    Built in a temporary file beside it, then linked into place (which fails if another
    process made the store meanwhile: that one is kept).
    """
    make_private_folder(path.parent)
    if not writable(path):
        raise StoreReadOnlyMediumError(path)
    import uuid  # not at start: uuid imports platform
    tmp = path.with_name(f".{path.name}.new-{uuid.uuid4().hex[:12]}.tmp")
    try:
        conn = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            make_private(tmp)  # still empty: nothing was readable by others
            _configure(conn, path)
            _migrate(conn, path, steps)
        finally:
            conn.close()
        fsync_file(tmp)
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        except OSError:  # a file system without hard links
            if not path.exists():
                os.replace(tmp, path)
        fsync_dir(path.parent)
    except OSError as exc:
        raise write_error(exc, path) or CorruptStoreError(path, str(exc)) from exc
    finally:
        remove_database_files(tmp)


def _migrate(conn: sqlite3.Connection, path: Path, steps: Sequence[migrations.Step]) -> None:
    try:
        migrations.migrate(conn, steps)
    except sqlite3.DatabaseError as exc:
        known = write_error(exc, path)
        if known is not None:
            raise known from exc
        raise MigrationError(path, len(steps), str(exc)) from exc
    except StoreError:
        raise
    except Exception as exc:
        raise MigrationError(path, len(steps), str(exc)) from exc


def _configure(conn: sqlite3.Connection, path: Path) -> None:
    try:
        # WAL: readers never block the writer, a second window cannot corrupt the file.
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        # FULL: a committed save survives a power cut, not only a crash of the app.
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.OperationalError as exc:
        known = write_error(exc, path)
        if known is not None:
            raise known from exc
        raise CorruptStoreError(path, str(exc)) from exc


def make_private(path: Path) -> None:
    """The store and its companions readable by the user only (POSIX; Windows: the per-user
    folder already is). Only what the user owns is changed, and a failure is not an error."""
    if os.name != "posix":
        return
    for name in (str(path), *(f"{path}{suffix}" for suffix in COMPANIONS)):
        with contextlib.suppress(OSError):
            st = os.stat(name)
            if st.st_uid == os.getuid() and st.st_mode & 0o077:
                os.chmod(name, PRIVATE_FILE)


def make_private_folder(folder: Path) -> None:
    """Create the store's folder (and its parents) as private to the user; an existing folder,
    perhaps chosen by the user for other files too, is left as it is."""
    if folder.exists():
        return
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    if os.name == "posix":
        with contextlib.suppress(OSError):
            os.chmod(folder, PRIVATE_FOLDER)  # mkdir's mode is filtered by the umask


def free_name(path: Path) -> Path:
    """`path`, or `path` with a counter before its suffix if that name is taken: never overwrite."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def copy_database(conn: sqlite3.Connection | SharedConnection, dest: Path) -> Path:
    """A consistent, self-contained copy of `conn`'s database at `dest`, replaced atomically.

    Uses SQLite's online backup API (a copy of the file could catch a write half-done or miss
    what is still in the WAL), writes to a temporary file beside `dest`, switches the copy to a
    rollback journal (one file, nothing in a -wal beside it), checks it, then renames it.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    import uuid  # not at start: uuid imports platform
    tmp = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:12]}.tmp")
    try:
        out = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            make_private(tmp)
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
    except (OSError, sqlite3.Error) as exc:
        remove_database_files(tmp)
        known = write_error(exc, dest)
        if known is not None:
            raise known from exc
        raise
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
