"""CT20_TEST_DRIVER for tests/ui/test_screenshot.py: records, when `--screenshot` grabs the window,
what the open report's editor shows then (into the JSON file named by CT20_START_REPORT)."""

from __future__ import annotations

import json
import os

from PySide6.QtWidgets import QMainWindow


def drive(window) -> None:  # type: ignore[no-untyped-def]
    def grab(*args):  # type: ignore[no-untyped-def]
        editor = window.editor
        state = {"editor": type(editor).__name__ if editor is not None else None}
        if editor is not None:
            state.update(painted=editor.painted(), checks_ran=editor.checks_ran(),
                         summary=editor.checks.summary.text(),
                         place=editor.editors["document.place"].input.text(),
                         visible=editor.isVisible() and editor.editors["document.place"].isVisible())
        with open(os.environ["CT20_START_REPORT"], "w", encoding="utf-8") as out:
            json.dump(state, out)
        return QMainWindow.grab(window, *args)

    window.grab = grab  # the app's own grab, observed
