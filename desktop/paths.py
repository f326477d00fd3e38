"""Where bundled resources and per-user data live, in a source checkout and in a frozen build."""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# Explorer hides extensions, so a user who makes a "portable" text file gets portable.txt.
PORTABLE_MARKERS = ("portable", "portable.txt")


def resources_dir() -> Path:
    """The `resources/` folder: beside the package in a checkout, inside the bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return PACKAGE_DIR.parent / "resources"


log = logging.getLogger(__name__)
APP_FOLDER = "CT20"
STORE_NAME = "ct20.sqlite3"
# Left in the new data folder once the roaming store was copied there: the copy is made once,
# even if the user later removes the new store on purpose.
MOVED_MARKER = "copied-from-roaming-appdata.txt"


def user_guide_path(lang: str) -> Path:
    """The bundled user guide (Markdown, with its screenshots beside it) in a language.

    `docs/` sits beside the package in a checkout and inside the bundle when frozen.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    docs = (Path(frozen_root) if frozen_root else PACKAGE_DIR.parent) / "docs"
    english = docs / "user-guide.md"
    if lang == "en" and english.exists():
        return english
    return docs / "huong-dan-su-dung.md"


def data_dir() -> Path:
    """The folder of the user's data: the store (which also holds the settings) and the logs.

    Portable mode: `data/` beside the executable. Otherwise `%LOCALAPPDATA%\\CT20` on Windows
    (local to the PC: a roaming profile or folder redirection would put the SQLite file on a
    network share; the uninstaller leaves it alone) and the platformdirs data folder elsewhere.
    """
    portable = portable_dir()
    if portable is not None:
        return portable / "data"
    if sys.platform == "win32":
        for variable in ("LOCALAPPDATA", "APPDATA"):
            if os.environ.get(variable):
                return Path(os.environ[variable]) / APP_FOLDER
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_FOLDER, appauthor=False))


def roaming_data_dir() -> Path | None:
    """Where releases up to 0.1 kept the data on Windows: the roaming `%APPDATA%\\CT20`."""
    if sys.platform != "win32" or portable_dir() is not None or not os.environ.get("APPDATA"):
        return None
    folder = Path(os.environ["APPDATA"]) / APP_FOLDER
    return None if folder == data_dir() else folder


def default_store_path() -> Path:
    """The store used when neither `--db` nor `CT20_DB` is given.

    On Windows, a store left in the roaming `%APPDATA%\\CT20` by an older release is first
    copied to `%LOCALAPPDATA%\\CT20` (once; the old file is kept, never deleted).
    """
    env = os.environ.get("CT20_DB")
    if env:
        return Path(env)
    path = data_dir() / STORE_NAME
    old = roaming_data_dir()
    if old is not None:
        try:
            copy_old_store(old / STORE_NAME, path)
        except (OSError, sqlite3.Error) as exc:  # a full disk, a folder that cannot be made ...
            # this run keeps using the old store, as the older release did; the next one tries again
            log.warning("the store %s could not be copied to %s: %s", old / STORE_NAME, path, exc)
            with contextlib.suppress(OSError):
                _copying(path).unlink(missing_ok=True)
                if not path.exists():  # a -wal copied beside a store that never came
                    Path(f"{path}-wal").unlink(missing_ok=True)
            return old / STORE_NAME
    return path


def copy_old_store(old: Path, new: Path) -> bool:
    """Copy the store at `old` (with its automatic backups) to `new` unless `new` already exists
    or was copied before; True when a copy was made. `old` is only read.

    SQLite's backup API makes the copy (what an interrupted session left in the -wal comes
    along); a file SQLite cannot read is copied byte for byte, so that opening it says what is
    wrong and offers the automatic backup, as it would have in the old place.
    """
    marker = new.parent / MOVED_MARKER
    if not old.is_file() or _store_files_exist(new) or marker.exists():
        return False
    import shutil

    new.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(new.parent, 0o700)
    tmp = _copying(new)
    try:
        source = sqlite3.connect(f"{old.resolve().as_uri()}?mode=ro", uri=True)
        try:
            target = sqlite3.connect(tmp)
            try:
                source.backup(target)
                target.execute("PRAGMA journal_mode = DELETE").fetchone()
            finally:
                target.close()
        finally:
            source.close()
    except sqlite3.Error as exc:
        log.warning("the store %s was copied byte for byte: %s", old, exc)
        shutil.copyfile(old, tmp)
        if Path(f"{old}-wal").is_file():
            shutil.copyfile(f"{old}-wal", f"{new}-wal")
    os.replace(tmp, new)
    for backup in sorted(old.parent.glob(f"{old.name}.auto-backup*")):
        target_path = new.parent / (new.name + backup.name[len(old.name):])
        if backup.is_file() and not target_path.exists():
            shutil.copy2(backup, target_path)
    marker.write_text(f"The data of CT20 was copied here from {old} (kept there unchanged).\n",
                      encoding="utf-8")
    log.info("the store %s was copied to %s", old, new)
    return True


def _copying(path: Path) -> Path:
    """The copy being made, named per process (an app and a ct20 command may start together)."""
    return path.with_name(f".{path.name}.{os.getpid()}.copying")


def _store_files_exist(path: Path) -> bool:
    return any(Path(f"{path}{suffix}").exists() for suffix in ("", "-wal", "-journal"))


def logs_dir() -> Path:
    """Where the windowed app writes what would have gone to a console (errors, crash traces)."""
    return data_dir() / "logs"


def portable_dir() -> Path | None:
    """A file named `portable` beside the executable keeps all data next to it (USB stick use).

    Only a frozen build looks: in a checkout `sys.executable` is the Python interpreter.
    """
    if not getattr(sys, "frozen", False):
        return None
    exe_dir = Path(sys.executable).resolve().parent
    return exe_dir if any((exe_dir / name).is_file() for name in PORTABLE_MARKERS) else None



TEMP_PREFIXES = ("ct20-mail-", "ct20-pdf-")
STALE_TEMP_SECONDS = 24 * 3600
_temp_dirs: list[Path] = []


def private_temp_dir(prefix: str) -> Path:
    """A fresh temporary folder (mode 0700) for a file handed to another program (an e-mail
    draft, a PDF to view), removed when the app exits. Folders a crashed run left behind are
    removed once they are a day old."""
    _remove_stale_temp_dirs()
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    if not _temp_dirs:
        atexit.register(remove_temp_dirs)
    _temp_dirs.append(folder)
    return folder


def remove_temp_dirs() -> None:
    """Remove this run's temporary folders (a file still open elsewhere on Windows stays)."""
    while _temp_dirs:
        shutil.rmtree(_temp_dirs.pop(), ignore_errors=True)


def _remove_stale_temp_dirs() -> None:
    try:
        entries = list(Path(tempfile.gettempdir()).iterdir())
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIXES) or entry in _temp_dirs:
            continue
        try:
            if entry.is_dir() and not entry.is_symlink() and entry.stat().st_uid == getattr(os, "getuid", lambda: 0)() \
                    and now - entry.stat().st_mtime > STALE_TEMP_SECONDS:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            continue
