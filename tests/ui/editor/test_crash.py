"""Killed with SIGKILL while typing: everything typed more than a second before is in the store."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desktop.forms.values import get_path
from desktop.i18n import current_language
from desktop.reporting.cells import read_input, split_cell_path
from desktop.reporting.reports import create_report
from desktop.store import Store

DRIVER = Path(__file__).resolve().parent / "drive_editor.py"
REPO = Path(__file__).resolve().parents[3]
TYPING_SECONDS = 3.5

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")]


def stored_value(store: Store, report_id: str, path: str):
    values = store.get_values(report_id)
    cell = split_cell_path(path)
    if cell is None:
        return get_path(values, path)
    rows = get_path(values, cell[0]) or []
    return rows[cell[1]].get(cell[2]) if cell[1] < len(rows) else None


def expected_value(form, path: str, text: str):
    cell = split_cell_path(path)
    field = form.field(cell[0]).column(cell[2]) if cell else form.field(path)
    return read_input(field, text, current_language()).value


def type_then_kill(store_path: Path, report_id: str, mode: str) -> tuple[list[dict], float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, str(DRIVER), "--db", str(store_path), "--report", report_id, "--mode", mode],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    lines: list[dict] = []
    first = threading.Event()

    def read() -> None:
        for line in process.stdout:
            lines.append(json.loads(line))
            first.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        if not first.wait(60):
            process.kill()
            pytest.fail(f"the app typed nothing: {process.stderr.read()[-2000:]}")
        time.sleep(TYPING_SECONDS)
        killed_at = time.time()
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
    finally:
        if process.poll() is None:
            process.kill()
    reader.join(5)
    assert process.returncode == -signal.SIGKILL
    return lines, killed_at


@pytest.mark.parametrize("mode", ["app", "editor"])
def test_values_typed_a_second_before_a_kill_are_kept(qtbot, tmp_path, mode):
    store_path = tmp_path / "ct20.sqlite3"
    with Store.open(store_path) as store:
        store.set_profile({"org_id": "so-ct-ha-noi", "signer_name": "", "place": "Hà Nội"})
        report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ha-noi",
                                  period="2025", source="test")
        form_store = store
        from desktop.reporting.reports import form_of

        form = form_of(form_store.get_report(report_id))

    lines, killed_at = type_then_kill(store_path, report_id, mode)
    settled = [line for line in lines if line["t"] <= killed_at - 1.0]
    assert len({line["path"] for line in settled}) >= 3, "the test typed too little to prove anything"
    assert len(lines) > len(settled), "the kill came after the typing had ended"

    with Store.open(store_path) as store:  # reopening after the kill: WAL recovery, integrity check
        for path in dict.fromkeys(line["path"] for line in settled):
            typed = [line["text"] for line in lines if line["path"] == path]
            last_settled = max(i for i, line in enumerate(lines)
                               if line["path"] == path and line["t"] <= killed_at - 1.0)
            allowed = {json.dumps(expected_value(form, path, line["text"]))
                       for line in lines[last_settled:] if line["path"] == path}
            value = stored_value(store, report_id, path)
            assert json.dumps(value) in allowed, (path, value, typed[-3:])

        # And the editor, started again on the store, shows them.
        from desktop.ui.editor import ReportEditor

        editor = ReportEditor(store, report_id)
        qtbot.addWidget(editor)
        assert editor.editors["document.number"].input.text() == "215/BC-SCT"

    if mode == "app":
        # The real app starts again on the same store: the killed process's lock is taken over and
        # the report opens (the screenshot is taken once the editor is idle).
        shot = tmp_path / "after-restart.png"
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        restarted = subprocess.run(
            [sys.executable, "-m", "desktop", "gui", "--db", str(store_path), "--report", report_id,
             "--screenshot", str(shot)], capture_output=True, text=True, env=env, timeout=120, cwd=REPO)
        assert restarted.returncode == 0, restarted.stderr[-2000:]
        assert shot.stat().st_size > 1000
