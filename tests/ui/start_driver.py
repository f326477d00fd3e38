"""CT20_TEST_DRIVER for tests/ui/test_start_path.py: once the started app's event loop runs, write
what it has loaded and built to the JSON file named by CT20_START_REPORT (read by the test)."""

from __future__ import annotations

import gc
import json
import os
import sys


def drive(window) -> None:  # type: ignore[no-untyped-def]
    editor = window.editor
    pages = getattr(editor, "section_pages", None)
    state = {
        "modules": sorted(sys.modules),
        "editor": type(editor).__name__ if editor is not None else None,
        "built": [page.built for page in pages] if pages is not None else None,
        "sections": [page.section.key for page in pages] if pages is not None else None,
        "listed": window.list_page.model.rowCount(),
        # the Qt classes made for Python so far (PySide6 makes each, with all its enums, on first use)
        "qt_classes": sorted(f"{module}.{name}" for module in ("QtCore", "QtGui", "QtWidgets")
                             for name in vars(sys.modules[f"PySide6.{module}"]) if name.startswith("Q")),
        "gc_enabled": gc.isenabled(),  # the start's pause of the collector is over once the window is painted
    }
    with open(os.environ["CT20_START_REPORT"], "w", encoding="utf-8") as out:
        json.dump(state, out)
