"""Real small and read-only disks for the fault tests: tmpfs mounts (the tests run as root in CI;
as root, permission bits do not stop writes, so a read-only folder is a read-only mount)."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path


def _run(*args: str) -> None:
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"{' '.join(args)}: {done.stderr.strip()} (these tests need root to mount tmpfs)"


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "2m") -> Iterator[Path]:
    """A tmpfs of `size` mounted at `folder` (created), unmounted afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    _run("mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(folder))
    try:
        yield folder
    finally:
        _run("umount", "-l", str(folder))


def read_only(folder: Path) -> None:
    """Remount the tmpfs at `folder` read-only (a write-protected USB stick, a read-only share)."""
    _run("mount", "-o", "remount,ro", str(folder))


def read_write(folder: Path) -> None:
    _run("mount", "-o", "remount,rw", str(folder))


def fill_up(folder: Path, leave: int = 0) -> Path:
    """Fill the disk of `folder` until at most `leave` bytes are free; returns the filler file."""
    filler = folder / "filler.bin"
    with filler.open("ab") as out:
        block = b"\0" * 65536
        while True:
            free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
            if free <= leave:
                break
            try:
                out.write(block[: max(1, min(len(block), free - leave))])
                out.flush()
            except OSError:
                break
    return filler
