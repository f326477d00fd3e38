"""Where bundled resources and per-user data live, in a source checkout and in a frozen build."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resources_dir() -> Path:
    """The `resources/` folder: beside the package in a checkout, inside the bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return PACKAGE_DIR.parent / "resources"


def default_store_path() -> Path:
    """The store used when neither `--db` nor `CT20_DB` is given."""
    env = os.environ.get("CT20_DB")
    if env:
        return Path(env)
    portable = _portable_dir()
    if portable is not None:
        return portable / "data" / "ct20.sqlite3"
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "CT20" / "ct20.sqlite3"
    from platformdirs import user_data_dir

    return Path(user_data_dir("CT20", appauthor=False)) / "ct20.sqlite3"


def _portable_dir() -> Path | None:
    """A file named `portable` beside the executable keeps all data next to it (USB stick use)."""
    if not getattr(sys, "frozen", False):
        return None
    exe_dir = Path(sys.executable).resolve().parent
    return exe_dir if (exe_dir / "portable").exists() else None
