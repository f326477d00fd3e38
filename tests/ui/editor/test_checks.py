"""The checks panel: live, grouped by section, takes the cursor to the problem, acknowledgements."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog

from .helpers import stored_meta, type_text

TABLE = "clusters.wastewater"


def row_of(editor, path: str, code: str | None = None) -> int:
    model = editor.checks.model
    for row in range(model.rowCount()):
        issue = model.issue_at(row)
        if issue is not None and issue.path == path and (code is None or issue.code == code):
            return row
    raise AssertionError(f"no issue at {path} in the checks panel")


def click_issue(qtbot, editor, path: str, code: str | None = None) -> None:
    view = editor.checks.list
    index = editor.checks.model.index(row_of(editor, path, code))
    view.scrollTo(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())


def test_problems_are_grouped_by_section(new_report, open_editor):
    editor = open_editor(new_report())
    model = editor.checks.model
    headings = [model.data(model.index(r)) for r in range(model.rowCount()) if model.issue_at(r) is None]
    assert headings[0] == "Thông tin văn bản"
    assert headings[1].startswith("I. Chương trình")
    assert len(editor.checks.checks.errors) > 0


def test_clicking_an_error_puts_the_cursor_in_the_field(qtbot, new_report, open_editor):
    editor = open_editor(new_report())
    click_issue(qtbot, editor, "program.activities")
    assert editor.pages.currentIndex() == editor.page_of["program.activities"]
    assert QApplication.focusWidget() is editor.editors["program.activities"].input

    click_issue(qtbot, editor, "document.number")
    assert editor.navigator.currentRow() == 0
    assert QApplication.focusWidget() is editor.editors["document.number"].input


def test_clicking_a_cell_error_selects_scrolls_to_and_focuses_the_cell(qtbot, new_report, open_editor):
    rows = [{"name": f"Cụm {i}", "wwtp_status": "none"} for i in range(300)]
    del rows[250]["name"]
    editor = open_editor(new_report(values={"clusters": {"operating": 300, "wastewater": rows}}))
    click_issue(qtbot, editor, f"{TABLE}[250].name")
    table = editor.editors[TABLE].editor
    current = table.view.currentIndex()
    assert (current.row(), current.column()) == (250, table.model.column_index("name"))
    assert QApplication.focusWidget() is table.view
    assert table.view.viewport().rect().intersects(table.view.visualRect(current))  # scrolled into view
    assert editor.pages.currentIndex() == editor.page_of[TABLE]


def test_f8_goes_to_the_next_error(qtbot, new_report, open_editor):
    editor = open_editor(new_report())
    first_errors = [i.path for _s, items in editor.checks.checks.groups for i in items if i.severity == "E"]
    qtbot.keyClick(editor.navigator, Qt.Key.Key_F8)
    assert QApplication.focusWidget() is editor.editors[first_errors[0]].focus_widget()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8)
    assert QApplication.focusWidget() is editor.editors[first_errors[1]].focus_widget()


def test_checks_follow_typing(qtbot, new_report, open_editor):
    editor = open_editor(new_report())
    errors_before = len(editor.checks.checks.errors)
    line = editor.editors["document.number"].input
    line.setFocus()
    type_text(qtbot, line, "215/BC-SCT")
    qtbot.waitUntil(lambda: len(editor.checks.checks.errors) == errors_before - 1, timeout=2000)
    assert editor.editors["document.number"].problem.messages == []


def test_acknowledging_a_warning_keeps_it_with_the_report(qtbot, store_path, new_report, open_editor):
    values = {"clusters": {"established": 3, "operating": 3, "wastewater": [
        {"name": "CCN Gián Khẩu", "wwtp_status": "operating", "design_capacity_m3d": 1500}]}}
    report_id = new_report(values=values)
    editor = open_editor(report_id)
    path = TABLE
    click_issue(qtbot, editor, path, "row_count")
    issue = editor.checks.selected_issue()
    assert issue.severity == "W"
    assert editor.checks.ack_button.isEnabled()
    qtbot.mouseClick(editor.checks.ack_button, Qt.MouseButton.LeftButton)
    dialog = editor.checks.ack_dialog
    assert isinstance(dialog, QInputDialog) and dialog.isVisible()
    line = dialog.findChild(type(editor.editors["document.number"].input))
    line.setFocus()
    type_text(qtbot, line, "Hai cụm mới thành lập tháng 12, chưa có số liệu")
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    acks = stored_meta(store_path, report_id)["acknowledged"]
    entry = acks[f"{TABLE}+row_count"]
    assert entry["text"] == "Hai cụm mới thành lập tháng 12, chưa có số liệu"
    assert entry["at"].endswith("Z")
    index = editor.checks.model.index(row_of(editor, path, "row_count"))
    assert editor.checks.model.data(index, Qt.ItemDataRole.ForegroundRole) is not None  # muted
    assert "Hai cụm mới" in editor.checks.model.data(index)

    # F8 skips nothing that is an error, and the acknowledgement survives reopening.
    editor.close()
    again = open_editor(report_id)
    index = again.checks.model.index(row_of(again, path, "row_count"))
    assert again.checks.model.data(index, Qt.ItemDataRole.ForegroundRole) is not None

    # Withdrawing it un-mutes the warning.
    click_issue(qtbot, again, path, "row_count")
    qtbot.mouseClick(again.checks.ack_button, Qt.MouseButton.LeftButton)
    assert "acknowledged" not in stored_meta(store_path, report_id)
    assert again.checks.model.data(index, Qt.ItemDataRole.ForegroundRole) is None
