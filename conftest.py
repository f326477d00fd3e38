"""Tests run without a display: Qt draws offscreen unless told otherwise, on the screen most
offices have (a 1366×768 laptop; Qt's own offscreen screen is 800×800, which no office uses)."""

import os
from pathlib import Path

SCREEN = Path(__file__).resolve().parent / "tests" / "ui" / "screen-1366x768.json"


def _qt_argument(path: Path) -> str:
    """`path` as a QT_QPA_PLATFORM argument. Qt splits that variable at every ':', a Windows drive's too
    ("C:\\..." would leave `configfile=C` and an 800×800 screen): on Windows the path goes without its
    drive, which Qt reads on the current drive, the repository's where the tests are started from it."""
    drive, rest = os.path.splitdrive(str(path))
    return rest if ":" in drive else str(path)


os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={_qt_argument(SCREEN)}")
