"""A steady, legible editor, used as an officer would: nothing jumps, nothing red before its time,
tables that behave like a spreadsheet, a status line that keeps what it said."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from .helpers import type_text

TABLE = "clusters.wastewater"


def cluster_table(editor):
    editor.navigator.setCurrentRow(editor.page_of[TABLE])
    return editor.editors[TABLE].editor


def col(table, key: str) -> int:
    return table.model.column_index(key)


def leave(qtbot, widget) -> None:
    """Put the cursor in a field and leave it with Tab, as a user does."""
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    qtbot.keyClick(widget, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: not widget.hasFocus())


def test_a_blank_report_is_not_red_until_a_field_is_left(qtbot, new_report, open_editor):
    editor = open_editor(new_report())
    assert editor.checks.checks.errors  # the checks know, the form does not shout
    assert all(e.problem.messages == [] for e in editor.editors.values())
    assert all(e.input.styleSheet() == "" for e in editor.editors.values())

    leave(qtbot, editor.editors["document.number"].input)
    number = editor.editors["document.number"].problem
    assert [sev for sev, _t in number.messages] == ["E"]
    assert "Số văn bản" in number.messages[0][1]
    assert editor.editors["document.signer_name"].problem.messages == []  # not visited yet

    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F8)  # asking for the checks shows them all
    assert editor.editors["document.signer_name"].problem.messages != []
    assert editor.editors["program.activities"].problem.messages != []


def test_a_report_worked_on_before_shows_its_problems_at_once(new_report, open_editor):
    editor = open_editor(new_report(values={"document": {"number": "12/BC-SCT"}}))
    assert editor.editors["document.signer_name"].problem.messages != []


def test_a_message_does_not_move_the_form(qtbot, new_report, open_editor):
    editor = open_editor(new_report())
    field = editor.editors["document.number"]
    below = editor.editors["document.date"]
    before = (field.geometry(), field.input.geometry(), below.geometry(), below.input.geometry())
    assert field.problem.messages == []
    leave(qtbot, field.input)
    assert field.problem.messages and field.problem.text()
    QApplication.processEvents()
    after = (field.geometry(), field.input.geometry(), below.geometry(), below.input.geometry())
    assert after == before

    # a long message, several problems, and going away again: still nothing moves
    field.set_issues([("E", "Một thông báo rất dài " * 30), ("W", "Cảnh báo")])
    QApplication.processEvents()
    assert (field.geometry(), below.geometry()) == before[::2]
    assert field.problem.text().endswith("…") and "Cảnh báo" in field.problem.toolTip()
    type_text(qtbot, field.input, "215/BC-SCT")
    editor.run_checks()
    QApplication.processEvents()
    assert field.problem.messages == [] and (field.geometry(), below.geometry()) == before[::2]


def test_unreadable_input_is_said_under_the_field(qtbot, store_path, new_report, open_editor):
    editor = open_editor(new_report())
    field = editor.editors["clusters.established"]
    editor.navigator.setCurrentRow(editor.page_of[field.field.key])
    field.input.setFocus()
    qtbot.keyClicks(field.input, "12 cum")
    assert field.problem.messages == []  # not while typing
    qtbot.keyClick(field.input, Qt.Key.Key_Tab)
    editor.run_checks()
    messages = [text for _sev, text in field.problem.messages]
    assert any("12 cum" in text for text in messages), messages
    assert field.problem.isVisible() and "12 cum" in field.problem.text()


def test_derived_values_are_laid_out_legibly(qtbot, new_report, open_editor):
    editor = open_editor(new_report())
    table = cluster_table(editor)
    table.paste_text("Cụm A\tXã A\t\t\t\t\tĐang vận hành\t100\nCụm B\tXã B\t\t\t\t\tChưa có\n")
    editor.run_checks()
    page = editor.pages.widget(editor.page_of[TABLE])
    page.reveal(page.derived)
    editor.resize(1000, 700)  # narrow: long labels wrap
    QApplication.processEvents()
    labels = page.derived.names + page.derived.values
    for label in labels:
        assert label.text()
        assert label.height() >= label.heightForWidth(label.width()), label.text()  # not clipped
    rects = [label.geometry() for label in labels]
    for i, first in enumerate(rects):
        for second in rects[i + 1:]:
            assert not first.intersects(second)  # nothing overlaps


def test_the_checks_panel_wraps_and_can_be_widened(qtbot, new_report, open_editor):
    editor = open_editor(new_report())
    view = editor.checks.list
    model = editor.checks.model
    rows = [r for r in range(model.rowCount()) if model.issue_at(r) is not None]
    heights = {view.visualRect(model.index(r)).height() for r in rows}
    line = view.fontMetrics().lineSpacing()
    assert max(heights) >= 2 * line  # a long message takes two lines instead of being cut
    assert view.horizontalScrollBar().maximum() == 0
    splitter = editor.checks.parentWidget()
    sizes = splitter.sizes()
    splitter.setSizes([sizes[0], sizes[1] - 300, sizes[2] + 300])
    QApplication.processEvents()
    assert editor.checks.width() >= sizes[2] + 250


def test_enter_moves_down_and_tab_moves_right(qtbot, store_path, new_report, open_editor):
    editor = open_editor(new_report())
    table = cluster_table(editor)
    table.paste_text("Cụm A\nCụm B\nCụm C\n")
    view = table.view
    area = col(table, "area_ha")
    table.focus_cell(0, "area_ha")
    qtbot.keyClick(view, "1")  # typing opens the cell
    qtbot.keyClick(QApplication.focusWidget(), "2")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (1, area)
    assert editor.session.rows(TABLE)[0]["area_ha"] == 12
    qtbot.keyClick(view, Qt.Key.Key_Return)  # not editing: Enter moves down too
    assert view.currentIndex().row() == 2
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert (view.currentIndex().row(), view.currentIndex().column()) == (2, area + 1)
    qtbot.keyClick(view, "7")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # Tab in a cell: commit, next cell
    qtbot.waitUntil(lambda: view.currentIndex().column() == area + 2)
    assert editor.session.rows(TABLE)[2]["occupancy_pct"] == 7
    assert view.state() == view.State.EditingState  # the next cell is open for typing, as in Excel
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)
    assert view.currentIndex().row() == 1  # Shift+Enter goes up


def test_the_first_column_stays_when_scrolling_sideways(qtbot, new_report, open_editor):
    editor = open_editor(new_report())
    table = cluster_table(editor)
    table.paste_text("".join(f"Cụm công nghiệp {i}\tXã A\t1\t2\t3\t4\tChưa có\t\t\t\t\t\tghi chú\n" for i in range(5)))
    view = table.view
    frozen = view.frozen
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    QApplication.processEvents()
    assert view.horizontalScrollBar().value() > 0
    assert frozen.isVisible()
    assert frozen.geometry().left() == view.verticalHeader().width() + view.frameWidth()
    assert frozen.columnWidth(0) == view.columnWidth(0) and frozen.width() == view.columnWidth(0)
    first = frozen.visualRect(table.model.index(0, 0))
    assert frozen.viewport().rect().contains(first.center())
    assert frozen.model().data(frozen.indexAt(first.center())) == "Cụm công nghiệp 0"
    # the cell the cursor goes to is never hidden under the frozen column
    table.focus_cell(4, "commune")
    rect = view.visualRect(view.currentIndex())
    assert rect.left() >= view.columnWidth(0) - 1
    # editing a name from the keyboard happens in the frozen column, where it can be seen
    table.focus_cell(1, "name")
    qtbot.keyClick(view, "X")
    qtbot.waitUntil(lambda: frozen.state() == frozen.State.EditingState)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: frozen.state() != frozen.State.EditingState)
    assert editor.session.rows(TABLE)[1]["name"] == "X"
    assert view.currentIndex().row() == 2
    # a click on a name from another field: the keyboard follows into the table
    editor.editors["clusters.established"].input.setFocus()
    qtbot.mouseClick(frozen.viewport(), Qt.MouseButton.LeftButton, pos=frozen.visualRect(table.model.index(3, 0)).center())
    assert QApplication.focusWidget() is view and view.currentIndex().row() == 3


def test_column_widths_follow_type_and_content(qtbot, new_report, open_editor):
    editor = open_editor(new_report())
    table = cluster_table(editor)
    view = table.view
    widths = {c.key: view.columnWidth(n) for n, c in enumerate(table.model.columns)}
    assert widths["name"] > widths["area_ha"] and widths["note"] > widths["facilities"]
    assert widths["data_transmitted"] < widths["name"]
    long_name = "Cụm công nghiệp Đồng Văn IV mở rộng giai đoạn hai phía bắc quốc lộ 1A"
    table.paste_text(f"{long_name}\n")
    assert view.columnWidth(col(table, "name")) > widths["name"]  # widened for what was pasted
    header = view.horizontalHeader()
    line = view.fontMetrics().lineSpacing()
    assert header.height() >= 2 * line  # long headings wrap instead of widening their columns


def test_a_cut_off_cell_shows_its_whole_text(qtbot, new_report, open_editor):
    editor = open_editor(new_report())
    table = cluster_table(editor)
    long_note = "Hệ thống xử lý nước thải đang nâng cấp, dự kiến hoàn thành quý IV năm 2026 " * 3
    table.paste_text(f"Cụm A\t\t\t\t\t\tChưa có\t\t\t\t\t\t{long_note}\nCụm B\t\t\t\t\t\tChưa có\t\t\t\t\t\tngắn\n")
    view = table.view
    for row, expected in ((1, None), (0, long_note.strip())):
        index = table.model.index(row, col(table, "note"))
        view.scrollTo(index)
        QApplication.processEvents()
        point = view.visualRect(index).center()
        QToolTip.hideText()
        QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, point,
                                                           view.viewport().mapToGlobal(point)))
        if expected is None:
            assert not QToolTip.isVisible()
        else:
            assert QToolTip.text() == expected


def test_the_status_line_keeps_the_paste_result_until_the_next_change(qtbot, store_path, new_report, open_editor):
    editor = open_editor(new_report())
    table = cluster_table(editor)
    lines = [f"Cụm {i}\tXã A\t{'abc' if i in (3, 7) else i}" for i in range(10)]
    table.paste_text("\n".join(lines) + "\n")
    status = editor.status_line
    text = status.message.text()
    assert "30" in text and "2" in text
    assert status.show_button.isVisible()
    editor.flush()  # saving does not wipe it
    qtbot.wait(50)
    assert status.message.text() == text and editor.status.text()
    qtbot.mouseClick(status.show_button, Qt.MouseButton.LeftButton)  # “Show” goes to the first bad cell
    current = table.view.currentIndex()
    assert (current.row(), current.column()) == (3, col(table, "area_ha"))
    assert QApplication.focusWidget() is table.view
    assert status.message.text() == text
    table.focus_cell(0, "name")
    table.paste_text("Cụm mới\n")  # the next action says its own result
    assert status.message.text() != text and not status.show_button.isVisible()
    editor.undo()
    assert status.message.text() == ""


def test_no_click_lands_in_the_wrong_field(qtbot, new_report, open_editor):
    """Leaving a field shows its message; the next field is where it was when the user aimed at it."""
    editor = open_editor(new_report())
    number, date = editor.editors["document.number"], editor.editors["document.date"]
    number.input.setFocus()
    aim = date.input.mapTo(editor, QPoint(5, 5))
    qtbot.mouseClick(date.input, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    QApplication.processEvents()
    assert number.problem.messages  # the message of the field left appeared …
    assert editor.childAt(aim) is date.input  # … and the field clicked is still under the mouse
    assert QApplication.focusWidget() is date.input


def test_tab_from_the_last_cell_leaves_the_table(qtbot, new_report, open_editor):
    editor = open_editor(new_report())
    table = cluster_table(editor)
    table.paste_text("Cụm A\nCụm B\n")
    view = table.view
    last = table.model.columns[-1].key
    table.focus_cell(1, last)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not view and not view.isAncestorOf(QApplication.focusWidget())
    table.focus_cell(0, table.model.columns[0].key)
    qtbot.keyClick(view, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is not view
