"""Undo/redo over every kind of change, and the revision history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from .helpers import stored, type_text

TABLE = "clusters.wastewater"


def test_undo_and_redo_with_the_keyboard(qtbot, store_path, new_report, open_editor):
    report_id = new_report()
    editor = open_editor(report_id)
    number = editor.editors["document.number"].input
    signer = editor.editors["document.signer_name"].input
    number.setFocus()
    type_text(qtbot, number, "215/BC-SCT")
    qtbot.keyClick(number, Qt.Key.Key_Tab)
    signer.setFocus()
    type_text(qtbot, signer, "Lê Văn Bình")

    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(signer, Qt.Key.Key_Z, ctrl)  # one step per field, not per keystroke
    assert signer.text() == ""
    assert number.text() == "215/BC-SCT"
    qtbot.keyClick(signer, Qt.Key.Key_Z, ctrl)
    assert number.text() == ""
    qtbot.keyClick(signer, Qt.Key.Key_Y, ctrl)
    assert number.text() == "215/BC-SCT"
    editor.flush()
    values = stored(store_path, report_id)["document"]
    assert values["number"] == "215/BC-SCT" and "signer_name" not in values


def test_undo_a_paste_and_a_row_deletion(qtbot, new_report, open_editor):
    editor = open_editor(new_report())
    editor.navigator.setCurrentRow(editor.page_of[TABLE])
    table = editor.editors[TABLE].editor
    QApplication.clipboard().setText("".join(f"Cụm {i}\tXã {i}\t{i},5\n" for i in range(200)))
    table.view.setFocus()
    qtbot.keyClick(table.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert table.model.rowCount() == 200
    table.view.setCurrentIndex(table.model.index(10, 0))
    table.delete_rows()
    assert table.model.rowCount() == 199

    qtbot.keyClick(table.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert table.model.rowCount() == 200
    assert editor.session.rows(TABLE)[10] == {"name": "Cụm 10", "commune": "Xã 10", "area_ha": 10.5}
    qtbot.keyClick(table.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert table.model.rowCount() == 0
    qtbot.keyClick(table.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert table.model.rowCount() == 200
    assert editor.session.rows(TABLE)[199]["area_ha"] == 199.5


def test_history_lists_saves_and_restores_one(qtbot, store, store_path, new_report, open_editor):
    report_id = new_report()
    editor = open_editor(report_id)
    number = editor.editors["document.number"].input
    number.setFocus()
    qtbot.keyClicks(number, "1/BC")
    editor.flush()
    first_seq = store.history(report_id)[-1].seq
    number.selectAll()
    qtbot.keyClicks(number, "2/BC")
    editor.flush()

    qtbot.mouseClick(editor.tools["history"], Qt.MouseButton.LeftButton)
    dialog = editor.history_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.tree.topLevelItemCount() == len(store.history(report_id))
    dialog.select_seq(first_seq)
    assert "1/BC" in dialog.details.toPlainText() and "2/BC" in dialog.details.toPlainText()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    assert number.text() == "1/BC"
    assert stored(store_path, report_id)["document"]["number"] == "1/BC"
    latest = store.history(report_id)[-1]
    assert latest.note == f"restore:{first_seq}"
    editor.undo()  # a restore is one undoable step
    assert number.text() == "2/BC"
    editor.flush()
    assert stored(store_path, report_id)["document"]["number"] == "2/BC"
