"""What the window's start loads: not the libraries of signing, verification, PDF drawing or the
shared Inbox server, which only later actions need (issue 16: start ≤ 1.5× a bare window)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_AT_START = ("pyhanko", "pyhanko_certvalidator", "pg8000", "sqlite_utils", "jsonschema", "fastjsonschema",
                "reportlab", "aiohttp", "openpyxl", "docx", "olefile")

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
    window.grab()  # every cell drawn now, with its colour and font
    loaded = sorted({name.split(".")[0] for name in sys.modules})
    classes = sorted(f"{m}.{n}" for m in ("QtCore", "QtGui", "QtWidgets") for n in vars(sys.modules["PySide6." + m]))
    from desktop.i18n import translations
    from desktop.registry import shipped_organizations
    extra = {"listed": window.list_page.proxy.rowCount(), "catalog": type(translations("vi")).__name__,
             "registry_records_made": shipped_organizations.cache_info().currsize}
    window.close()
print(json.dumps([loaded, classes, extra]))
"""
# Qt classes the window does not need to start: PySide6 makes each for Python on first use (importing
# its name is a use), with every enum it holds (tests/ui/test_start_path.py checks the real start too)
QT_NOT_AT_START = ("QtCore.QEvent", "QtGui.QCloseEvent", "QtWidgets.QMessageBox", "QtWidgets.QFileDialog",
                   "QtCore.QStandardPaths",
                   # an overdue cell's colour is a QColor: a QBrush would make QBrush, QGradient (its
                   # Preset enum has 169 members) and QImage for Python before the first paint
                   "QtGui.QBrush", "QtGui.QGradient", "QtGui.QImage")


def test_the_main_window_starts_without_the_heavy_libraries(tmp_path: Path) -> None:
    from desktop.reporting.reports import create_report
    from desktop.store import Store

    with Store.open(tmp_path / "ct20.sqlite3") as store:  # an overdue draft: its deadline is drawn in red
        store.set_profile({"org_id": "so-ct-ninh-binh"})
        create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", PROGRAM, str(tmp_path / "ct20.sqlite3")], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    modules, classes, extra = json.loads(done.stdout.strip().splitlines()[-1])
    assert extra["listed"] == 1
    # the catalog is read lazily (desktop.i18n.mo_catalog), the organisation named without the
    # registry's records (registry.organization_name)
    assert extra["catalog"] == "MoCatalog" and extra["registry_records_made"] == 0
    loaded = set(modules)
    assert "PySide6" in loaded  # the program did start a window
    assert sorted(loaded & set(NOT_AT_START)) == []
    assert "QtWidgets.QMainWindow" in classes
    assert sorted(set(classes) & set(QT_NOT_AT_START)) == []


SCAN_PROGRAM = """
import inspect, json, sys
read = []
real_getsource = inspect.getsource
def counting_getsource(obj):
    read.append(getattr(obj, "__name__", "?"))
    return real_getsource(obj)
inspect.getsource = counting_getsource
import typing, logging, desktop.app  # loaded before PySide6, as at a real start
app = desktop.app._application()
at_start = len(read)  # what PySide6 read while it was imported itself (its own modules)
import typing, logging, desktop.app  # named again afterwards: PySide6's hook looks at each
table = sys.modules["shibokensupport.feature"].pyside_feature_dict
from desktop.ui.report_table import ReportTableModel  # loaded after PySide6, using it: as in the frozen app
sys.path.insert(0, sys.argv[1])
import snake_module  # selects a feature itself
from PySide6.QtWidgets import QWidget
print(json.dumps([read, read[at_start:], table.get("typing"), table.get("desktop.app"), table.get("desktop.ui.report_table"),
                  snake_module.hint(), hasattr(QWidget, "sizeHint")]))
"""
SNAKE_MODULE = """
from __feature__ import snake_case
from PySide6.QtWidgets import QWidget
def hint():
    return hasattr(QWidget, "size_hint") and not hasattr(QWidget, "sizeHint")
"""


def test_pyside6_does_not_read_the_source_of_the_modules_imported(tmp_path: Path) -> None:
    """desktop.app._skip_pyside_source_scan: PySide6's import hook (shibokensupport.feature) reads the
    source of every module an import statement names, once, even one loaded before PySide6 itself.
    None is read: each is entered as the frozen app (no source files) enters it; a module that
    selects a feature still gets it."""
    (tmp_path / "snake_module.py").write_text(SNAKE_MODULE, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", SCAN_PROGRAM, str(tmp_path)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    read, read_later, typing_mark, app_mark, table_mark, snake_case, _camel_case = json.loads(
        done.stdout.strip().splitlines()[-1])
    assert typing_mark == -1 and app_mark == -1  # entered as modules without PySide
    assert not [name for name in read if name in ("typing", "logging") or name.startswith("desktop")], read
    assert table_mark == -1 and read_later == []  # a later module too, without reading a source
    assert snake_case is True
