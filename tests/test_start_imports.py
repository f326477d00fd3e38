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
    window.close()
print(json.dumps(loaded))
"""


def test_the_main_window_starts_without_the_heavy_libraries(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", PROGRAM, str(tmp_path / "ct20.sqlite3")], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "PySide6" in loaded  # the program did start a window
    assert sorted(loaded & set(NOT_AT_START)) == []
