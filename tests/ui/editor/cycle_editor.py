"""Open and close the report editor many times in one event loop of the real main window.

Run by test_many_openings.py in its own process (a crash is then a failed test, not a dead run).
Each cycle opens a report of every form in turn, types into a table cell, goes back to the list;
one JSON line per `--every` cycles tells the reference count of True and the widgets alive.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import traceback
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.i18n import set_language
from desktop.reporting.reports import create_report
from desktop.store import Store

REPORTS = (("ct20.province", "so-ct-ninh-binh", "2025"), ("ct20.enterprise", "vinapaco", "2025"),
           ("ct20.ministry-unit", "cuc-atmt", "2025-H2"), ("kh1375.unit", "cuc-atmt", "2025"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--cycles", type=int, default=500)
    parser.add_argument("--every", type=int, default=50)
    args = parser.parse_args()
    set_language("vi")
    app = QApplication([])
    from desktop.ui.editor.table_editor import TableEditor
    from desktop.ui.main_window import MainWindow

    store = Store.open(Path(args.db))
    ids = [create_report(store, form_id=form, org_id=org, period=period, source="test")
           for form, org, period in REPORTS]
    window = MainWindow(store)
    window.show()
    state = {"cycle": 0}

    def step() -> None:
        try:
            cycle_once()
        except BaseException:  # a broken cycle ends the run with a failure, never a hang
            traceback.print_exc()
            app.exit(1)

    def cycle_once() -> None:
        cycle = state["cycle"]
        if cycle == args.cycles:
            window.close()
            app.quit()
            return
        window.open_report(ids[cycle % len(ids)])
        editor = window.editor
        table = editor.findChildren(TableEditor)[0]
        if not table.model.rowCount():
            table.add_row()
        column = next(c for c in table.model.columns if not c.fixed and c.type in ("text", "int", "decimal"))
        table.focus_cell(0, column.key)
        QTest.keyClick(table.view, "x")  # a key opens the cell's editor, as in a spreadsheet
        # the first column stays in view when scrolling sideways: its cells are edited in its own view
        cell = (table.view.viewport().findChildren(QLineEdit) + table.view.frozen.viewport().findChildren(QLineEdit))[-1]
        QTest.keyClicks(cell, str(cycle))
        QTest.keyClick(cell, Qt.Key.Key_Return)
        window.show_list()
        window.close_editor()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        state["cycle"] = cycle = cycle + 1
        if cycle % args.every == 0:
            gc.collect()
            print(json.dumps({"cycle": cycle, "true": sys.getrefcount(True),
                              "widgets": len(QApplication.allWidgets())}), flush=True)
        QTimer.singleShot(0, step)

    QTimer.singleShot(0, step)
    status = app.exec()
    store.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
