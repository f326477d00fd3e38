"""Tests run without a display: Qt draws offscreen unless told otherwise, on the screen most
offices have (a 1366×768 laptop; Qt's own offscreen screen is 800×800, which no office uses)."""

import os
from pathlib import Path

SCREEN = Path(__file__).resolve().parent / "tests" / "ui" / "screen-1366x768.json"
os.environ.setdefault("QT_QPA_PLATFORM", f"offscreen:configfile={SCREEN}")
