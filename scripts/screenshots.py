"""Regenerate the screenshot tour of the user guide and the README (in Vietnamese).

    python scripts/screenshots.py [--out docs/screenshots] [--sizes 1366x768,1920x1080] [--only NAME,...]

For each screen size a fresh process draws the real application offscreen on a screen of that size
(Qt's offscreen platform with a screen configuration), maximised as an officer uses it, from a
throw-away store that looks lived in: a profile, the sample report, reports of other periods, a
report ready to export, a test certificate (never a real one) and an Inbox of signed packages.
Every picture of the tour is taken; a picture that cannot be taken fails the run (nothing is
skipped silently). Files: `docs/screenshots/<name>-vi-<W>x<H>.png`; the 1366×768 ones are also
written as `<name>-vi.png`, the names the guide uses.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SIZES = ("1366x768", "1920x1080")
GUIDE_SIZE = "1366x768"  # the pictures of the guide: the screen most offices have
SHOTS = ("list", "editor", "table", "checks", "export", "confirm", "result", "inbox", "received", "trust")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--sizes", default=",".join(SIZES))
    parser.add_argument("--only", default=",".join(SHOTS))
    parser.add_argument("--child", help=argparse.SUPPRESS)  # WxH: draw in this process
    args = parser.parse_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    only = [name for name in args.only.split(",") if name]
    unknown = sorted(set(only) - set(SHOTS))
    if unknown:
        parser.error(f"unknown pictures: {', '.join(unknown)}; known: {', '.join(SHOTS)}")
    if args.child:
        sys.path.insert(0, str(REPO))
        from scripts.tour import run_tour

        return run_tour(out, args.child, only, guide=args.child == GUIDE_SIZE)
    failed = 0
    for size in args.sizes.split(","):
        width, height = (int(part) for part in size.split("x"))
        with tempfile.TemporaryDirectory(prefix="ct20-screen-") as tmp:
            screen = Path(tmp) / "screen.json"
            screen.write_text(json.dumps({"synthesizedWindowFrame": True, "screens": [{
                "name": f"office-{size}", "x": 0, "y": 0, "width": width, "height": height,
                "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}), encoding="utf-8")
            env = {**os.environ, "CT20_LANG": "vi", "QT_QPA_PLATFORM": f"offscreen:configfile={screen}"}
            env.pop("CT20_DB", None)
            command = [sys.executable, str(Path(__file__).resolve()), "--out", str(out), "--only", ",".join(only),
                       "--child", size]
            failed += subprocess.run(command, cwd=REPO, env=env, timeout=900).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
