"""Start CT20 on a report and type into it like a user, logging each keystroke (for the kill test).

    python tests/ui/editor/drive_editor.py --db PATH --report ID [--mode app|editor]

`app` starts the real application (`desktop.app.run_app`, as `ct20 gui --report ID` does) and
types into the editor it opens; `editor` opens a bare ReportEditor. One JSON line per keystroke
on stdout: {"t": unix time after the key was handled, "path": value path, "text": typed so far}.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

KEY_INTERVAL_MS = 60
PLAN = [  # what is typed, in order: (path, text); cells are committed with Return
    ("document.number", "215/BC-SCT"),
    ("clusters.established", "1.234"),
    ("clusters.wastewater[0].name", "CCN Gian Khau"),
    ("document.signer_name", "Nguyen Van An"),
    ("program.activities", "Da trien khai ke hoach so 12/KH-UBND."),
    ("clusters.wastewater[1].name", "CCN Dong Huong"),
    ("contact.email", "ninhbinh@example.vn"),
    ("proposals", "De nghi Bo Cong Thuong ho tro kinh phi quan trac tu dong."),
]


def log(path: str, text: str) -> None:
    sys.stdout.write(json.dumps({"t": time.time(), "path": path, "text": text}) + "\n")
    sys.stdout.flush()


def keystrokes():
    for path, text in PLAN:
        for end in range(1, len(text) + 1):
            yield path, text, end


class Typist:
    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.editor = None
        self.steps = keystrokes()
        self.timer = QTimer(interval=KEY_INTERVAL_MS)
        self.timer.timeout.connect(self.step)

    def find_editor(self):
        from desktop.ui.editor import ReportEditor

        for widget in self.app.allWidgets():
            if isinstance(widget, ReportEditor):
                return widget
        return None

    def start(self) -> None:
        self.editor = self.find_editor()
        if self.editor is None:
            QTimer.singleShot(100, self.start)
            return
        window = self.editor.window()
        window.activateWindow()
        self.timer.start()

    def step(self) -> None:
        try:
            path, text, end = next(self.steps)
        except StopIteration:
            self.timer.stop()
            return
        editor = self.editor
        if "[" in path:
            self.type_cell(path, text, end)
            return
        editor.navigator.setCurrentRow(editor.page_of[path])
        widget = editor.editors[path].focus_widget()
        if not widget.hasFocus():
            widget.setFocus()
        QTest.keyClick(widget, text[end - 1])
        log(path, text[:end])

    def type_cell(self, path: str, text: str, end: int) -> None:
        """A cell is typed in one go when its turn comes (the value exists once committed)."""
        if end != len(text):
            return
        editor = self.editor
        table_path, _, rest = path.partition("[")
        row = int(rest.split("]")[0])
        column = rest.split(".", 1)[1]
        editor.navigator.setCurrentRow(editor.page_of[table_path])
        table = editor.editors[table_path].editor
        while table.model.rowCount() <= row:
            table.add_row()
        view = table.view
        view.setFocus()
        view.setCurrentIndex(table.model.index(row, table.model.column_index(column)))
        QTest.keyClick(view, text[0])
        cell_editor = QApplication.focusWidget()
        QTest.keyClicks(cell_editor, text[1:])
        QTest.keyClick(cell_editor, Qt.Key.Key_Return)
        QApplication.processEvents()  # Qt commits the cell on the next turn of the loop
        if table.model.rows[row].get(column) == text:
            log(path, text)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--report", required=True)
    parser.add_argument("--mode", choices=("app", "editor"), default="app")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    typist = Typist(app)
    QTimer.singleShot(300, typist.start)
    if args.mode == "app":
        from desktop.app import run_app

        return run_app(db=args.db, report=args.report, lang="vi")
    from desktop.store import Store
    from desktop.ui.editor import ReportEditor

    store = Store.open(args.db)
    editor = ReportEditor(store, args.report)
    editor.resize(1300, 850)
    editor.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
