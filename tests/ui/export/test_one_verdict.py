"""One verdict: text typed into a table cell that cannot be read as a value is an error for the
editor, the export dialog, the export service and `ct20 report validate` alike, with one message
that names the cell in the user's words (table, row, column), never an internal key."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.export.service import ExportError, export_report
from desktop.forms import get_form
from desktop.i18n import pick
from desktop.reporting.reports import fill_report, validate_report
from desktop.signing.spec import P12Signer
from tests.ui.conftest import REPO
from tests.ui.export.drive import open_export
from tests.ui.helpers import type_text

TABLE, COLUMN = "clusters.wastewater", "area_ha"
TYPED = "khoảng 20"


def type_into_cell(qtbot, window, report_id: str, row: int) -> None:
    """Open the report, go to the cell, type as a user would, press Return, go back to the list."""
    assert window.open_report(report_id)
    editor = window.editor
    editor.navigator.setCurrentRow(editor.page_of[TABLE])
    table = editor.editors[TABLE].editor
    table.focus_cell(row, COLUMN)
    qtbot.keyClick(table.view, Qt.Key.Key_F2)  # edit the cell
    cell = QApplication.focusWidget()
    cell.selectAll()
    type_text(qtbot, cell, TYPED)
    qtbot.keyClick(cell, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.view.state() != table.view.State.EditingState)


def ct20(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "desktop", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)


def test_unreadable_text_in_a_cell_is_refused_everywhere_with_one_message(
        qtbot, window, profiled_store, ready_report, pki, tmp_path):
    type_into_cell(qtbot, window, ready_report, row=1)
    editor = window.editor
    editor.run_checks()

    # The editor: the one error of the report, in the checks panel.
    checks = editor.checks
    assert [i.path for i in checks.checks.errors] == [f"{TABLE}[1].{COLUMN}"]
    row = next(r for r in range(checks.model.rowCount()) if checks.model.issue_at(r) is not None)
    message = checks.model.data(checks.model.index(row))
    table = get_form("ct20.province").field(TABLE)
    assert pick(table.label, "vi") in message and "dòng 2" in message
    assert f"“{pick(table.column(COLUMN).label, 'vi')}”" in message and TYPED in message
    assert TABLE not in message and COLUMN not in message  # no internal key
    assert checks.summary.text().startswith("1 lỗi, ")

    # The export dialog (Ctrl+E on the open report saves the typed text first).
    dialog = open_export(qtbot, window, ready_report)
    assert dialog.blocker.isVisible() and not dialog.export_button.isEnabled()
    assert message in [dialog.error_list.item(row).text() for row in range(dialog.error_list.count())]
    dialog.reject()

    # The export service, as the CLI and the dialog's worker call it.
    spec = P12Signer(pki.signer.p12_path, pki.signer.password)
    with pytest.raises(ExportError) as refused:
        export_report(profiled_store, ready_report, tmp_path / "out", spec)
    assert message in refused.value.render("vi")
    assert not (tmp_path / "out").exists() and profiled_store.get_report(ready_report).status == "draft"

    # `ct20 report validate` in another process, on the same store.
    run = ct20("report", "validate", ready_report, "--db", str(profiled_store.path))
    assert run.returncode == 1, run.stderr
    assert f"Lỗi: {message}" in run.stdout.splitlines()
    run = ct20("report", "export", ready_report, "--db", str(profiled_store.path), "--out", str(tmp_path / "out"),
               "--p12", str(pki.signer.p12_path), "--p12-password-file", str(write(tmp_path, pki.signer.password)))
    assert run.returncode != 0 and message in run.stderr
    assert validate_report(profiled_store, ready_report).errors[0].message.render("vi") == message


def test_a_value_given_by_ct20_fill_replaces_the_text_that_could_not_be_read(
        qtbot, window, profiled_store, ready_report):
    type_into_cell(qtbot, window, ready_report, row=0)
    window.close_editor()
    assert [i.path for i in validate_report(profiled_store, ready_report).errors] == [f"{TABLE}[0].{COLUMN}"]
    rows = profiled_store.get_values(ready_report)["clusters"]["wastewater"]
    rows[0][COLUMN] = 20
    fill_report(profiled_store, ready_report, {"clusters.wastewater": rows})
    assert validate_report(profiled_store, ready_report).ok
    assert window.open_report(ready_report)
    assert window.editor.session.pending == {}


def write(folder, secret: bytes):
    path = folder / "password.txt"
    path.write_bytes(secret)
    return path
