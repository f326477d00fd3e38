"""Files a second `ct20 FILE.asice` start leaves for the CT20 window that holds the store. Qt-free.

The paths wait in a small folder beside the store (`<store>.open/`, one JSON file per request);
the window watches it (`desktop.ui.open_files.OpenRequestWatcher`).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Sequence
from pathlib import Path


def requests_folder(store_path: str | Path) -> Path:
    return Path(f"{store_path}.open")


def post_open_request(store_path: str | Path, paths: Sequence[str | Path]) -> Path:
    """Leave `paths` for the running window; written under a temporary name, then renamed, so the
    watcher never reads half a file. Raises OSError when the folder cannot be written."""
    folder = requests_folder(store_path)
    folder.mkdir(parents=True, exist_ok=True)
    import uuid  # not at start: uuid imports platform
    name = uuid.uuid4().hex
    temp = folder / f"{name}.tmp"
    temp.write_text(json.dumps([str(Path(p).resolve()) for p in paths], ensure_ascii=False), encoding="utf-8")
    target = folder / f"{name}.json"
    os.replace(temp, target)
    return target


def take_open_requests(store_path: str | Path) -> list[str]:
    """The paths waiting in the requests folder, oldest first; each request file is removed."""
    folder = requests_folder(store_path)
    try:
        files = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
    except OSError:
        return []
    paths: list[str] = []
    for file in files:
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = []
        with contextlib.suppress(OSError):
            file.unlink()
        if isinstance(data, list):
            paths += [p for p in data if isinstance(p, str)]
    return paths
