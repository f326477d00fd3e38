"""The bundle sizes for docs/performance.md (issue 16): the Windows folder and the Linux bundle.

The Windows folder cannot be built here; `packaging/windows_size.py` estimates it from the
win_amd64 wheels and the Linux bundle (see its doc). run_all calls it when it is given the wheels
folder (`--wheels DIR` or the environment variable CT20_WIN_WHEELS) and a built bundle exists;
otherwise the row says how to measure it. The Linux bundle's size, with and without what only
Linux needs, is read from dist/ct20 with packaging/build.py's own functions.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parent.parent
WINDOWS_SIZE = REPO / "packaging" / "windows_size.py"
BUNDLE = REPO / "dist" / "ct20"
GOAL_MB = 85.0
TIMEOUT = 900
TOTAL = re.compile(r"^Windows folder, estimated from (\d+) wheels.*?: ([\d.]+) MB \(([\d.]+) MiB\), (\d+) files")
PART = re.compile(r"^\s+([\d.]+) MB\s+(\d+) files\s+(.+)$")
LARGEST = re.compile(r"^\s+([\d.]+) MB\s+(\S.*)$")


@dataclass
class WindowsFolder:
    command: str
    output: str = ""
    megabytes: float | None = None  # None: not measured (see `reason`)
    mebibytes: float | None = None  # the same in 2^20 bytes: what Windows Explorer calls "MB"
    files: int = 0
    parts: list[tuple[float, int, str]] = field(default_factory=list)  # (MB, files, what)
    largest: list[tuple[float, str]] = field(default_factory=list)  # (MB, file), biggest first
    reason: str = ""

    @property
    def met(self) -> bool:
        return self.megabytes is not None and self.megabytes <= GOAL_MB

    def breakdown(self) -> str:
        parts = "; ".join(f"{mb:.1f} MB {what}" for mb, _files, what in sorted(self.parts, reverse=True))
        largest = ", ".join(f"{name} {mb:.1f} MB" for mb, name in self.largest[:6])
        gap = f"{self.megabytes - GOAL_MB:.1f} MB over the goal" if self.megabytes is not None else ""
        return f"{gap}: {parts}. Largest files: {largest}" if largest else f"{gap}: {parts}"


def _shown(path: Path) -> str:
    return str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)


def windows_folder(wheels: Path | None, bundle: Path = BUNDLE) -> WindowsFolder:
    """Run packaging/windows_size.py and read its total and parts; or say why it was not run."""
    command = f"python packaging/windows_size.py --wheels {_shown(wheels) if wheels else 'DIR'}"
    if bundle != BUNDLE:
        command += f" --bundle {_shown(bundle)}"
    result = WindowsFolder(command)
    how = ("give run_all the folder of the win_amd64 wheels (`--wheels DIR` or CT20_WIN_WHEELS; "
           "packaging/README.md lists them)")
    if wheels is None:
        result.reason = f"not measured: {how}"
        return result
    if not wheels.is_dir():
        result.reason = f"not measured: {wheels} is not a folder; {how}"
        return result
    if not (bundle / "_internal").is_dir():
        result.reason = f"not measured: build the Linux bundle first (`python packaging/build.py`), then `{command}`"
        return result
    args = [sys.executable, str(WINDOWS_SIZE), "--wheels", str(wheels), "--bundle", str(bundle)]
    try:
        proc = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        result.reason = f"`{command}` did not finish in {TIMEOUT} s"
        return result
    result.output = (proc.stdout + proc.stderr).strip()
    lines = proc.stdout.splitlines()
    total = TOTAL.match(lines[0]) if lines else None
    if proc.returncode != 0 or total is None:
        result.reason = f"`{command}` failed (exit {proc.returncode}); its output is below"
        return result
    result.megabytes, result.files = float(total.group(2)), int(total.group(4))
    result.mebibytes = float(total.group(3))
    for line in lines[1:]:
        part, large = PART.match(line), LARGEST.match(line)
        if part:
            result.parts.append((float(part.group(1)), int(part.group(2)), part.group(3)))
        elif large:
            result.largest.append((float(large.group(1)), large.group(2)))
    return result


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ct20_packaging_build", REPO / "packaging" / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def linux_bundle(bundle: Path = BUNDLE) -> list[str]:
    """Lines on the Linux bundle: its size with and without the parts only Linux needs."""
    if not bundle.is_dir():
        return [f"- Linux bundle: not built in this checkout (`python packaging/build.py` builds "
                f"{_shown(bundle)}; run_all then reports its size)."]
    build = _build_module()
    size, files = build.folder_size(bundle)
    linux = build.linux_only_size(bundle)
    icu = sum(p.stat().st_size for p in bundle.rglob("libicu*") if p.is_file() and not p.is_symlink())
    built = max((p.stat().st_mtime for p in bundle.rglob("*") if p.is_file()), default=0.0)
    stamp = dt.datetime.fromtimestamp(built, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return [f"- Linux bundle `{_shown(bundle)}` (built {stamp}): {size / 1e6:.1f} MB, {files} files.",
            f"- Without the ICU data ({icu / 1e6:.1f} MB): {(size - icu) / 1e6:.1f} MB.",
            f"- Without everything only Linux needs (ICU, X11/xcb and system libraries, the Secret Service "
            f"client: {linux / 1e6:.1f} MB): {(size - linux) / 1e6:.1f} MB (packaging/build.py's own count)."]


def section(folder: WindowsFolder, bundle: Path = BUNDLE) -> list[str]:
    """The "Bundle sizes" section of docs/performance.md."""
    lines = ["## Bundle sizes (`packaging/windows_size.py`, `packaging/build.py`)", ""]
    if folder.megabytes is None:
        lines.append(f"- Windows folder: {folder.reason}.")
    else:
        explorer = ""
        if folder.mebibytes is not None:  # Explorer's and the installer's "MB" are 2^20 bytes
            explorer = (f" ({folder.mebibytes:.1f} MiB, which Windows Explorer shows as \"{folder.mebibytes:.1f} MB\"; "
                        f"≤ {GOAL_MB:.0f} in that unit: {'yes' if folder.mebibytes <= GOAL_MB else 'no'})")
        lines.append(f"- Windows folder, estimated by `{folder.command}`: {folder.megabytes:.1f} MB{explorer}, "
                     f"{folder.files} files; goal ≤ {GOAL_MB:.0f} MB (10^6 bytes): "
                     f"{'met' if folder.met else '**not met**'}.")
        lines += [f"  - {mb:.1f} MB, {files} files: {what}" for mb, files, what in folder.parts]
    lines += linux_bundle(bundle)
    if folder.output:
        lines += ["", "<details><summary>Output of windows_size.py</summary>", "", "```text", folder.output, "```",
                  "", "</details>"]
    return lines
