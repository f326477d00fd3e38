"""Where bundled resources and per-user data live, in a source checkout and in a frozen build."""

from __future__ import annotations

import atexit
import os
import shutil
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

    Portable mode: `data/` beside the executable. Otherwise `%APPDATA%\\CT20` on Windows (the
    installer's uninstaller leaves it alone) and the platformdirs data folder elsewhere.
    """
    portable = portable_dir()
    if portable is not None:
        return portable / "data"
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "CT20"
    from platformdirs import user_data_dir

    return Path(user_data_dir("CT20", appauthor=False))


def default_store_path() -> Path:
    """The store used when neither `--db` nor `CT20_DB` is given."""
    env = os.environ.get("CT20_DB")
    if env:
        return Path(env)
    return data_dir() / "ct20.sqlite3"


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
