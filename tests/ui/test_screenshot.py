"""`ct20 gui --screenshot PNG`: the real app in its own process draws its window and exits 0."""

from __future__ import annotations

from PySide6.QtGui import QImage

from desktop.samples import create_sample_report
from desktop.store import Store
from tests.ui.conftest import ORG_ID, PROFILE, run_ct20


def _sample_store(store_path) -> str:
    with Store.open(store_path) as store:
        store.set_profile(dict(PROFILE))
        return create_sample_report(store, ORG_ID)


def test_screenshot_of_the_main_window(tmp_path, store_path):
    _sample_store(store_path)
    shot = tmp_path / "main.png"
    result = run_ct20("--db", str(store_path), "gui", "--screenshot", str(shot))
    assert result.returncode == 0, result.stderr
    image = QImage(str(shot))
    assert not image.isNull() and image.width() >= 800 and image.height() >= 500
    assert not (tmp_path / "ct20.sqlite3.lock").exists()  # released on exit


def test_screenshot_of_a_report(tmp_path, store_path):
    report_id = _sample_store(store_path)
    shot = tmp_path / "editor.png"
    result = run_ct20("--db", str(store_path), "gui", "--report", report_id, "--screenshot", str(shot))
    assert result.returncode == 0, result.stderr
    assert not QImage(str(shot)).isNull()


def test_screenshot_of_a_report_is_its_first_paint_with_its_values(tmp_path, store_path):
    """The screenshot (and bench/bench_startup.py, which times it) ends at what the user waits for:
    the report painted with its values. Its first checks start right after that paint and run a
    step at a time while the window takes input (tests/ui/editor/test_checks_in_steps.py): the
    grab comes before any of them, at one well-defined point, the checks panel saying it is
    checking. (Until issue 16 the start waited for the checks, which then ran in one go on the
    UI thread before any input.)"""
    import json

    from desktop.reporting.reports import create_report
    from tests.ui.conftest import REPO

    with Store.open(store_path) as store:
        store.set_profile(dict(PROFILE))
        report_id = create_report(store, form_id="ct20.province", org_id=ORG_ID, period="2026")
        place = store.get_values(report_id)["document"]["place"]
    state_file, shot = tmp_path / "state.json", tmp_path / "editor.png"
    result = run_ct20("--db", str(store_path), "gui", "--report", report_id, "--screenshot", str(shot),
                      env={"CT20_TEST_DRIVER": str(REPO / "tests" / "ui" / "capture_driver.py"),
                           "CT20_START_REPORT": str(state_file)})
    assert result.returncode == 0, result.stderr
    state = json.loads(state_file.read_text(encoding="utf-8"))
    assert state["editor"] == "ReportEditor" and state["painted"] is True and state["visible"] is True
    assert place and state["place"] == place  # the values are there
    assert state["checks_ran"] is False and state["summary"] == "Đang kiểm tra báo cáo…"
    assert not QImage(str(shot)).isNull()


def test_screenshot_as_bmp_for_the_start_benchmark(tmp_path, store_path):
    """A .bmp screenshot is written uncompressed (bench/bench_startup.py: compressing a PNG is no
    part of the start it times); any other name gets a PNG."""
    _sample_store(store_path)
    for name, magic in (("main.bmp", b"BM"), ("main.png", b"\x89PNG")):
        shot = tmp_path / name
        result = run_ct20("--db", str(store_path), "gui", "--screenshot", str(shot))
        assert result.returncode == 0, result.stderr
        assert shot.read_bytes()[:len(magic)] == magic
        image = QImage(str(shot))
        assert not image.isNull() and image.width() >= 800


def test_screenshot_of_a_new_store_skips_the_first_start_wizard(tmp_path):
    store_path = tmp_path / "new" / "ct20.sqlite3"
    shot = tmp_path / "empty.png"
    result = run_ct20("--db", str(store_path), "gui", "--screenshot", str(shot))
    assert result.returncode == 0, result.stderr
    assert not QImage(str(shot)).isNull()
    assert store_path.exists()


def test_screenshot_of_an_unknown_report_is_a_usage_error(tmp_path, store_path):
    _sample_store(store_path)
    shot = tmp_path / "none.png"
    result = run_ct20("--db", str(store_path), "gui", "--report", "00000000-nope", "--screenshot", str(shot))
    assert result.returncode == 2
    assert "00000000-nope" in result.stderr
    assert not shot.exists()


def test_importing_the_app_module_does_not_load_qt():
    import subprocess
    import sys

    from tests.ui.conftest import REPO

    code = "import sys, desktop.app, desktop.samples; print('PySide6' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
