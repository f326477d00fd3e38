"""The app's own start (`ct20 gui`, the path bench/bench_startup.py times) loads none of what only
later actions need: signing, verification, PDF drawing, spreadsheets, the shared Inbox server,
the export/package/Inbox stacks, the editor; a report opened at start builds only its first
section (issue 16). Each run is a real process; a test driver inside it reports what it holds."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.reporting.reports import create_report, fill_report
from desktop.store import Store
from tests.ui.conftest import ORG_ID, PROFILE, REPO, run_ct20

DRIVER = REPO / "tests" / "ui" / "start_driver.py"
LIBRARIES = ("pyhanko", "pyhanko_certvalidator", "asn1crypto", "cryptography", "reportlab", "jsonschema",
             "fastjsonschema", "openpyxl", "docx", "babel", "pg8000", "scramp", "pkcs11", "sqlite_utils",
             "aiohttp", "olefile", "lxml", "PIL")
OUR_STACKS = ("desktop.export", "desktop.package", "desktop.inbox", "desktop.signing", "desktop.document",
              "desktop.xlsx_values", "desktop.ui.inbox.inbox_page", "desktop.ui.export.export_dialog",
              "desktop.ui.export.worker", "desktop.ui.trust_page", "desktop.ui.new_report",
              "desktop.ui.settings_dialog", "desktop.ui.first_start")
NOT_FOR_THE_LIST = ("desktop.ui.editor", "desktop.forms.loader", "desktop.forms.model",  # the list reads headings
                    "desktop.forms.normalize")
# the standard library's costly modules that only later actions need (uuid imports platform, hashlib
# loads OpenSSL): imported where used
STDLIB_LATER = ("uuid", "platform", "hashlib", "_hashlib", "locale")  # locale: argparse's gettext look-ups
# Qt classes only dialogs and later actions need: PySide6 makes a class for Python on first use, with
# every enum it holds (QEvent alone has 179 members); importing the name is a use.
QT_LATER = ("QtCore.QEvent", "QtGui.QCloseEvent", "QtWidgets.QMessageBox", "QtWidgets.QFileDialog",
            "QtCore.QStandardPaths", "QtWidgets.QDialog", "QtWidgets.QTreeWidget", "QtWidgets.QSplitter",
            "QtGui.QKeySequence")  # the actions' shortcuts are set from their text (desktop.ui.actions)


def _store(path: Path, rows: int = 60) -> str:
    with Store.open(path) as store:
        store.set_profile(dict(PROFILE))
        report_id = create_report(store, form_id="ct20.province", org_id=ORG_ID, period="2026")
        fill_report(store, report_id, {"clusters": {"established": rows, "operating": rows, "wastewater": [
            {"name": f"Cụm công nghiệp số {n + 1}", "commune": "Xã Phú Lộc", "area_ha": 20 + n, "occupancy_pct": 50,
             "facilities": 3, "wastewater_m3d": 100, "wwtp_status": "none", "auto_monitoring": "not_required",
             "effluent": "not_assessed"} for n in range(rows)]}})
        create_report(store, form_id="ct20.province", org_id=ORG_ID, period="2027")
    return report_id


def _start(tmp_path: Path, *args: str) -> dict:
    report = tmp_path / "start.json"
    shot = tmp_path / "shot.png"
    done = run_ct20("--db", str(tmp_path / "ct20.sqlite3"), "gui", *args, "--screenshot", str(shot), timeout=120,
                    env={"CT20_TEST_DRIVER": str(DRIVER), "CT20_START_REPORT": str(report)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert shot.stat().st_size > 1000  # the window was drawn
    return json.loads(report.read_text(encoding="utf-8"))


def _loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_the_report_list_starts_without_what_later_actions_need(tmp_path: Path) -> None:
    _store(tmp_path / "ct20.sqlite3")
    state = _start(tmp_path)
    assert state["listed"] == 2 and state["editor"] is None
    assert "desktop.ui.main_window" in state["modules"] and "PySide6.QtWidgets" in state["modules"]
    assert _loaded(state["modules"], LIBRARIES) == []
    assert _loaded(state["modules"], OUR_STACKS) == []
    assert _loaded(state["modules"], NOT_FOR_THE_LIST) == []
    assert _loaded(state["modules"], (*STDLIB_LATER, "decimal")) == []  # the list writes counts without it
    # nothing is emitted from Python before the list's first paint: desktop.ui.signals has not
    # probed PySide6 yet, nor loaded ctypes for it
    assert _loaded(state["modules"], ("ctypes",)) == []
    assert "QtWidgets.QMainWindow" in state["qt_classes"]
    assert sorted(set(QT_LATER) & set(state["qt_classes"])) == []
    assert state["gc_enabled"]  # the collector's pause ends with the first paint


def test_a_report_opened_at_start_builds_its_first_section_only(tmp_path: Path) -> None:
    _store(tmp_path / "ct20.sqlite3")
    with Store.open(tmp_path / "ct20.sqlite3") as store:
        report_id = next(r.id for r in store.list_reports() if r.period == "2026")
    state = _start(tmp_path, "--report", report_id)
    assert state["editor"] == "ReportEditor"
    assert state["listed"] == 0  # the list behind the report is read when it is first shown
    assert state["built"][0] and not any(state["built"][1:])
    assert "clusters" in state["sections"][1:]  # the 60-row table is in a section not built
    assert _loaded(state["modules"], LIBRARIES) == []
    assert _loaded(state["modules"], tuple(s for s in OUR_STACKS if s != "desktop.ui.export.worker")) == []
    assert _loaded(state["modules"], STDLIB_LATER) == []
    assert "desktop.ui.editor.history_dialog" not in state["modules"]
    assert _loaded(state["modules"], ("ctypes",)) == []  # desktop.ui.signals: a few emits owed, no probe yet
    # only the Inbox's consolidation reads a form's consolidation block (desktop.forms.model)
    assert "desktop.forms.consolidation" not in state["modules"]
    # the editor's dialogs (history, import, acknowledgement) and its dates' calendars make their Qt
    # classes when opened
    assert sorted(set(state["qt_classes"]) & {"QtWidgets.QFileDialog", "QtWidgets.QInputDialog", "QtWidgets.QTreeWidget",
                                              "QtWidgets.QDialogButtonBox", "QtWidgets.QProgressDialog",
                                              "QtWidgets.QCalendarWidget"}) == []
    assert state["gc_enabled"]


def test_the_collector_runs_again_when_the_start_fails(tmp_path: Path) -> None:
    """`ct20 gui` pauses cyclic garbage collection until the window is painted; a start that ends
    early (a file that is not a store) ends the pause as well."""
    import gc

    from desktop.cli.parser import main

    not_a_store = tmp_path / "notes.sqlite3"
    not_a_store.write_text("not a database", encoding="utf-8")
    assert gc.isenabled()
    try:
        code = main(["--db", str(not_a_store), "gui", "--screenshot", str(tmp_path / "shot.png")])
    finally:
        enabled = gc.isenabled()
        gc.enable()
    assert code != 0 and not (tmp_path / "shot.png").exists()
    assert enabled


def test_the_collector_runs_while_the_first_start_wizard_waits(qtbot, tmp_path: Path) -> None:
    """The pause never lasts while a dialog waits for the user: the first start's wizard runs with
    the collector on."""
    import gc

    from PySide6.QtWidgets import QApplication

    from desktop.app import run_app
    from tests.ui.helpers import on_next_modal

    seen: dict[str, bool] = {}

    def look(wizard) -> None:  # type: ignore[no-untyped-def]
        seen["enabled"] = gc.isenabled()
        wizard.reject()

    app = QApplication.instance()
    app.setQuitOnLastWindowClosed(False)
    on_next_modal(look)
    gc.disable()  # as desktop.cli.parser.main does for `ct20 gui`
    try:
        assert run_app(db=tmp_path / "data" / "ct20.sqlite3") == 0
    finally:
        enabled = gc.isenabled()
        gc.enable()
        app.setQuitOnLastWindowClosed(True)
    assert seen == {"enabled": True}
    assert enabled



def _two_reports(store: Store) -> str:
    report_id = create_report(store, form_id="ct20.province", org_id=ORG_ID, period="2026")
    create_report(store, form_id="ct20.province", org_id=ORG_ID, period="2027")
    return report_id


def _window_for_a_report(qtbot, store: Store):  # type: ignore[no-untyped-def]
    from desktop.ui.main_window import MainWindow

    window = MainWindow(store, list_when_shown=True)
    window.quiet = True  # a report that cannot open is told on stderr, not in a dialog
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_list_behind_a_report_opened_at_start_is_read_when_shown(qtbot, profiled_store) -> None:
    """`ct20 gui --report`: the list is not read before the report's first paint, and shows every
    report whenever it comes into view: All reports, or the editor closed."""
    report_id = _two_reports(profiled_store)
    for leave in ("show_list", "close_editor"):
        window = _window_for_a_report(qtbot, profiled_store)
        assert window.open_at_start(report_id)
        assert not window.list_page.loaded and window.list_page.model.rowCount() == 0
        getattr(window, leave)()
        assert window.stack.currentWidget() is window.list_page
        assert window.list_page.model.rowCount() == 2, leave
        assert len(window.list_page.visible_rows()) == 2
        window.close()


def test_a_report_that_cannot_open_at_start_leaves_the_list_read(qtbot, profiled_store) -> None:
    _two_reports(profiled_store)
    window = _window_for_a_report(qtbot, profiled_store)
    assert not window.open_at_start("no-such-report")
    assert window.stack.currentWidget() is window.list_page and window.editor is None
    assert window.list_page.model.rowCount() == 2
    window.close()
