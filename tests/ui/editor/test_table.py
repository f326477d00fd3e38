"""The table editor: typing in cells, rows, paste from Excel, import from files, 2,000 rows."""

from __future__ import annotations

import time
import unicodedata

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox

from .helpers import stored, stored_meta, type_text

TABLE = "clusters.wastewater"


def cluster_table(editor):
    """The cluster table, on its page (shortcuts only reach a table the user can see)."""
    editor.navigator.setCurrentRow(editor.page_of[TABLE])
    return editor.editors[TABLE].editor


def press_return(qtbot, view) -> None:
    """Finish typing in a cell; Qt commits it on the next turn of the event loop."""
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != view.State.EditingState)


def column(table, key: str) -> int:
    return table.model.column_index(key)


def test_paste_a_3x200_block_from_the_clipboard(qtbot, store_path, new_report, open_editor):
    report_id = new_report()
    editor = open_editor(report_id)
    table = cluster_table(editor)
    lines = []
    for i in range(200):
        name = unicodedata.normalize("NFD", f"Cụm công nghiệp Đồng Văn {i + 1}")  # as some Mac/Word text comes
        area = "1.234,5" if i % 2 == 0 else "12.75"  # Vietnamese and plain numbers
        lines.append(f"{name}\tXã Duy Minh\t{area}")
    QApplication.clipboard().setText("\r\n".join(lines) + "\r\n")  # Excel ends rows with CRLF
    table.view.setFocus()
    qtbot.keyClick(table.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)

    assert table.model.rowCount() == 200
    editor.flush()
    rows = stored(store_path, report_id)["clusters"]["wastewater"]
    assert len(rows) == 200
    assert rows[0] == {"name": "Cụm công nghiệp Đồng Văn 1", "commune": "Xã Duy Minh", "area_ha": 1234.5}
    assert unicodedata.is_normalized("NFC", rows[0]["name"])
    assert rows[1]["area_ha"] == 12.75
    assert rows[199]["name"] == "Cụm công nghiệp Đồng Văn 200"
    assert table.model.data(table.model.index(0, column(table, "area_ha"))) == "1.234,5"

    # A second paste at a chosen cell overwrites there and grows the table past its end.
    table.view.setCurrentIndex(table.model.index(199, column(table, "wwtp_status")))
    QApplication.clipboard().setText("Đang vận hành\t500\nchưa có\t\n")
    qtbot.keyClick(table.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    editor.flush()
    rows = stored(store_path, report_id)["clusters"]["wastewater"]
    assert len(rows) == 201
    assert rows[199]["wwtp_status"] == "operating" and rows[199]["design_capacity_m3d"] == 500
    assert rows[200] == {"wwtp_status": "none"}  # labels are matched without diacritics or case


def test_pasted_cells_that_cannot_be_read_are_kept_in_red(qtbot, store_path, new_report, open_editor):
    report_id = new_report()
    editor = open_editor(report_id)
    table = cluster_table(editor)
    table.paste_text("Cụm A\tXã A\tkhoảng 20\nCụm B\tXã B\t30\n")
    editor.flush()
    rows = stored(store_path, report_id)["clusters"]["wastewater"]
    assert rows[0] == {"name": "Cụm A", "commune": "Xã A"}  # nothing wrong stored
    assert stored_meta(store_path, report_id)["pending_cells"] == {f"{TABLE}[0].area_ha": "khoảng 20"}
    cell = table.model.index(0, column(table, "area_ha"))
    assert table.model.data(cell) == "khoảng 20"
    assert table.model.data(cell, Qt.ItemDataRole.BackgroundRole) is not None
    assert "khoảng 20" in table.model.data(cell, Qt.ItemDataRole.ToolTipRole)

    # Rows moving keep the typed text with its row; deleting the row takes it away.
    table.view.setCurrentIndex(table.model.index(0, 0))
    table.move_rows(1)
    assert editor.session.pending == {f"{TABLE}[1].area_ha": "khoảng 20"}
    table.view.setCurrentIndex(table.model.index(1, 0))
    table.delete_rows()
    editor.flush()
    assert "pending_cells" not in stored_meta(store_path, report_id)


def test_typing_in_cells(qtbot, store_path, new_report, open_editor):
    report_id = new_report()
    editor = open_editor(report_id)
    table = cluster_table(editor)
    qtbot.mouseClick(table.buttons["add"], Qt.MouseButton.LeftButton)
    view = table.view
    view.setFocus()
    view.setCurrentIndex(table.model.index(0, column(table, "name")))
    qtbot.keyClick(view, "C")  # typing opens the cell editor with that key
    type_text(qtbot, QApplication.focusWidget(), "ụm Phú Thứ")
    press_return(qtbot, view)

    view.setCurrentIndex(table.model.index(0, column(table, "wastewater_m3d")))
    qtbot.keyClick(view, "1")
    qtbot.keyClicks(QApplication.focusWidget(), "234,5")
    press_return(qtbot, view)

    view.setCurrentIndex(table.model.index(0, column(table, "wwtp_status")))
    qtbot.keyClick(view, Qt.Key.Key_F2)
    combo = QApplication.focusWidget()
    assert isinstance(combo, QComboBox)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # (none) → Chưa có → Đã có kế hoạch
    press_return(qtbot, view)

    view.setCurrentIndex(table.model.index(0, column(table, "data_transmitted")))
    qtbot.keyClick(view, Qt.Key.Key_Space)  # a check box cell
    editor.flush()
    row = stored(store_path, report_id)["clusters"]["wastewater"][0]
    assert row == {"name": "Cụm Phú Thứ", "wastewater_m3d": 1234.5, "wwtp_status": "planned",
                   "data_transmitted": True}
    assert table.model.data(table.model.index(0, column(table, "wwtp_status"))) == "Đã có kế hoạch"

    view.setCurrentIndex(table.model.index(0, column(table, "name")))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    editor.flush()
    assert "name" not in stored(store_path, report_id)["clusters"]["wastewater"][0]


def test_add_insert_delete_and_move_rows(qtbot, store_path, new_report, open_editor):
    report_id = new_report()
    editor = open_editor(report_id)
    table = cluster_table(editor)
    table.paste_text("A\nB\nC\n")

    def names():
        return [r.get("name") for r in editor.session.rows(TABLE)]

    table.view.setCurrentIndex(table.model.index(1, 0))
    qtbot.mouseClick(table.buttons["insert"], Qt.MouseButton.LeftButton)
    assert names() == ["A", None, "B", "C"]
    table.view.setCurrentIndex(table.model.index(1, 0))
    qtbot.mouseClick(table.buttons["delete"], Qt.MouseButton.LeftButton)
    assert names() == ["A", "B", "C"]
    table.view.setCurrentIndex(table.model.index(2, 0))
    qtbot.mouseClick(table.buttons["up"], Qt.MouseButton.LeftButton)
    assert names() == ["A", "C", "B"]
    assert table.view.currentIndex().row() == 1  # the cursor moves with the row
    table.view.setFocus()
    qtbot.keyClick(table.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert names() == ["A", "B", "C"]
    editor.undo()
    assert names() == ["A", "C", "B"]
    editor.flush()
    assert [r["name"] for r in stored(store_path, report_id)["clusters"]["wastewater"]] == ["A", "C", "B"]

    table.view.selectAll()
    table.delete_rows()
    editor.flush()
    assert "wastewater" not in stored(store_path, report_id).get("clusters", {})  # empty = absent


def imported(qtbot, table, path):
    """Start the import of `path` and wait for its worker to open the column-mapping dialog."""
    table.import_file(path)
    qtbot.waitUntil(lambda: table.import_dialog is not None or table.import_error is not None, timeout=30_000)
    assert table.import_error is None, table.import_error.text()
    return table.import_dialog


def test_import_rows_from_an_xlsx_file(qtbot, tmp_path, store_path, new_report, open_editor):
    report_id = new_report()
    editor = open_editor(report_id)
    table = cluster_table(editor)
    table.paste_text("Cụm có sẵn\n")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "CCN"
    sheet.append(["TÊN CỤM CÔNG NGHIỆP", "Xã/phường", "Diện tích (ha)", "Trạng thái HTXLNT tập trung",
                  "Công suất thiết kế (m³/ngày đêm)", "Cột riêng của tỉnh"])
    sheet.append(["CCN Gián Khẩu", "Xã Gia Trấn", 52.5, "Đang vận hành", 1500, "x"])
    sheet.append(["CCN Đồng Hướng", "Xã Kim Đông", 75, "operating", "1.200", "y"])
    sheet.append(["CCN Xích Thổ", "Xã Gia Sinh", 40.25, "Chưa có", "không rõ", "z"])
    sheet.append([None, None, None, None, None, None])
    path = tmp_path / "cum-cong-nghiep.xlsx"
    book.save(path)

    dialog = imported(qtbot, table, path)
    assert dialog.isVisible()
    assert dialog.header_check.isChecked()
    assert dialog.mapping() == ["name", "commune", "area_ha", "wwtp_status", "design_capacity_m3d", None]
    assert dialog.preview_model.rowCount() == 3
    dialog.replace_radio.setChecked(True)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    editor.flush()
    rows = stored(store_path, report_id)["clusters"]["wastewater"]
    assert rows == [
        {"name": "CCN Gián Khẩu", "commune": "Xã Gia Trấn", "area_ha": 52.5, "wwtp_status": "operating",
         "design_capacity_m3d": 1500},
        {"name": "CCN Đồng Hướng", "commune": "Xã Kim Đông", "area_ha": 75, "wwtp_status": "operating",
         "design_capacity_m3d": 1200},
        {"name": "CCN Xích Thổ", "commune": "Xã Gia Sinh", "area_ha": 40.25, "wwtp_status": "none"},
    ]
    assert stored_meta(store_path, report_id)["pending_cells"] == {f"{TABLE}[2].design_capacity_m3d": "không rõ"}
    editor.undo()  # one step takes the whole import back
    assert [r.get("name") for r in editor.session.rows(TABLE)] == ["Cụm có sẵn"]
    assert editor.session.pending == {}


def test_import_rows_from_a_semicolon_csv_with_bom(qtbot, tmp_path, store_path, new_report, open_editor):
    report_id = new_report()
    editor = open_editor(report_id)
    table = cluster_table(editor)
    path = tmp_path / "ccn.csv"
    text = "Tên cụm công nghiệp;Diện tích;Tỷ lệ lấp đầy\nCCN Khánh Phú;1.234,5;85,5\nCCN Gia Lập;12;100\n"
    path.write_bytes(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", text).encode("utf-8"))
    dialog = imported(qtbot, table, path)
    assert dialog.mapping() == ["name", "area_ha", "occupancy_pct"]
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    editor.flush()
    assert stored(store_path, report_id)["clusters"]["wastewater"] == [
        {"name": "CCN Khánh Phú", "area_ha": 1234.5, "occupancy_pct": 85.5},
        {"name": "CCN Gia Lập", "area_ha": 12, "occupancy_pct": 100},
    ]


def test_two_thousand_rows_open_scroll_and_edit(qtbot, store_path, new_report, open_editor):
    rows = [{"name": f"Cụm công nghiệp số {i}", "commune": "Xã A", "area_ha": 10.5 + i,
             "wwtp_status": "operating", "design_capacity_m3d": 100, "actual_flow_m3d": 120,
             "wastewater_m3d": 90, "auto_monitoring": "yes", "data_transmitted": True}
            for i in range(2000)]
    report_id = new_report(values={"clusters": {"operating": 2000, "wastewater": rows}})
    started = time.perf_counter()
    editor = open_editor(report_id)
    opened = time.perf_counter() - started
    table = cluster_table(editor)
    view = table.view
    started = time.perf_counter()
    for _step in range(40):
        view.verticalScrollBar().setValue(view.verticalScrollBar().value() + 50)
        QApplication.processEvents()
    scrolled = time.perf_counter() - started
    assert view.rowAt(view.viewport().height() - 2) > 1500
    started = time.perf_counter()
    view.setFocus()
    view.setCurrentIndex(table.model.index(1999, column(table, "area_ha")))
    qtbot.keyClick(view, "7")
    press_return(qtbot, view)
    editor.run_checks()
    edited = time.perf_counter() - started
    print(f"\n2,000 rows: open {opened:.2f} s, 40 scroll steps {scrolled:.2f} s, edit+check {edited:.3f} s")
    assert editor.session.rows(TABLE)[1999]["area_ha"] == 7
    assert view.indexWidget(table.model.index(0, 0)) is None  # cells are painted, not widgets
    assert opened < 10 and edited < 2  # generous: a regression to per-cell widgets takes minutes
    editor.flush()
    assert stored(store_path, report_id)["clusters"]["wastewater"][1999]["area_ha"] == 7


def test_province_choices_and_copying_cells(qtbot, store_path, new_report, open_editor):
    report_id = new_report("ct20.enterprise")
    editor = open_editor(report_id)
    editor.navigator.setCurrentRow(editor.page_of["facilities"])
    table = editor.editors["facilities"].editor
    table.paste_text("Nhà máy giấy Bãi Bằng\tphu tho\tGiấy\n"
                     "Nhà máy bia Hà Nội\tHÀ NỘI\tbeverage\n")
    editor.flush()
    rows = stored(store_path, report_id)["facilities"]
    assert [(r["province"], r["sector"]) for r in rows] == [("phu-tho", "paper"), ("ha-noi", "beverage")]
    assert table.model.data(table.model.index(0, column(table, "province"))) == "Phú Thọ"

    table.view.setFocus()
    table.view.selectAll()
    qtbot.keyClick(table.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    first_line = QApplication.clipboard().text().split("\n")[0].split("\t")
    assert first_line[:3] == ["Nhà máy giấy Bãi Bằng", "Phú Thọ", "Giấy"]
    table.view.setCurrentIndex(table.model.index(2, 0))  # past the end: pasting appends copies
    table.paste_text(QApplication.clipboard().text())
    assert table.model.rowCount() == 4
    assert editor.session.rows("facilities")[3] == editor.session.rows("facilities")[1]
