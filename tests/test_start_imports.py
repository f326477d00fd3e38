"""What the window's start loads: not the libraries of signing, verification, PDF drawing or the
shared Inbox server, which only later actions need (issue 16: start ≤ 1.5× a bare window)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_AT_START = ("pyhanko", "pyhanko_certvalidator", "psycopg", "sqlite_utils", "jsonschema", "fastjsonschema",
                "reportlab", "aiohttp", "openpyxl", "docx", "extract_msg")

PROGRAM = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from desktop.store import Store
from desktop.ui.main_window import MainWindow
from desktop.ui.open_files import FileOpener, OpenRequestWatcher
with Store.open(sys.argv[1]) as store:
    window = MainWindow(store)
    window.show()
    app.processEvents()
    loaded = sorted({name.split(".")[0] for name in sys.modules})
    classes = sorted(f"{m}.{n}" for m in ("QtCore", "QtGui", "QtWidgets") for n in vars(sys.modules["PySide6." + m]))
    window.close()
print(json.dumps([loaded, classes]))
"""
# Qt classes the window does not need to start: PySide6 makes each for Python on first use (importing
# its name is a use), with every enum it holds (tests/ui/test_start_path.py checks the real start too)
QT_NOT_AT_START = ("QtCore.QEvent", "QtGui.QCloseEvent", "QtWidgets.QMessageBox", "QtWidgets.QFileDialog",
                   "QtCore.QStandardPaths")


def test_the_main_window_starts_without_the_heavy_libraries(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", PROGRAM, str(tmp_path / "ct20.sqlite3")], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    modules, classes = json.loads(done.stdout.strip().splitlines()[-1])
    loaded = set(modules)
    assert "PySide6" in loaded  # the program did start a window
    assert sorted(loaded & set(NOT_AT_START)) == []
    assert "QtWidgets.QMainWindow" in classes
    assert sorted(set(classes) & set(QT_NOT_AT_START)) == []
