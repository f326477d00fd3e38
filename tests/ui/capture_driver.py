"""CT20_TEST_DRIVER for tests/ui/test_screenshot.py: records, when `--screenshot` grabs the window,
whether the open report's first checks had run (into the JSON file named by CT20_START_REPORT)."""

from __future__ import annotations

import json
import os

from PySide6.QtWidgets import QMainWindow


def drive(window) -> None:  # type: ignore[no-untyped-def]
    def grab(*args):  # type: ignore[no-untyped-def]
        editor = window.editor
        state = {"editor": type(editor).__name__ if editor is not None else None,
                 "checks_ran": editor.checks_ran() if editor is not None else None,
                 "problems_shown": (len(editor.checks.checks.errors) + len(editor.checks.checks.warnings)
                                    if editor is not None else None)}
        with open(os.environ["CT20_START_REPORT"], "w", encoding="utf-8") as out:
            json.dump(state, out)
        return QMainWindow.grab(window, *args)

    window.grab = grab  # the app's own grab, observed
