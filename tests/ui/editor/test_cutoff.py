"""The data cut-off ("Số liệu tính từ ngày … đến ngày …") in the editor: pre-filled with the period's
default, narrowed by typing, checked (an end before the start is an error)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop.reporting.reports import validate_report

from .helpers import stored, type_text


def test_the_cut_off_is_prefilled_and_narrowed_by_typing(qtbot, store, store_path, new_report, open_editor):
    report_id = new_report()
    period = store.get_report(report_id).period
    editor = open_editor(report_id)
    start, end = editor.editors["document.data_from"].input, editor.editors["document.data_to"].input
    assert (start.text(), end.text()) == (f"15/12/{int(period) - 1}", f"14/12/{period}")
    end.setFocus()
    end.selectAll()
    type_text(qtbot, end, f"31/10/{period}")
    qtbot.keyClick(end, Qt.Key.Key_Return)
    editor.flush()
    assert stored(store_path, report_id)["document"]["data_to"] == f"{period}-10-31"
    end.setFocus()
    end.selectAll()
    type_text(qtbot, end, f"01/12/{int(period) - 1}")
    qtbot.keyClick(end, Qt.Key.Key_Return)
    editor.flush()
    errors = [i for i in validate_report(store, report_id, lang="en").errors if i.path == "document.data_to"]
    assert errors and "before the first day" in errors[0].message.render("en")
