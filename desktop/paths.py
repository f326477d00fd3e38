"""Where bundled resources and per-user data live, in a source checkout and in a frozen build."""

from __future__ import annotations

import os
import sys
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

