"""As an officer coming from Excel: percentages, labels, former provinces and check marks, typed,
pasted and imported, all read the same way; messages name labels, never codes."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from .helpers import stored, stored_meta, type_text

TABLE = "clusters.wastewater"


def cluster_table(editor):
    editor.navigator.setCurrentRow(editor.page_of[TABLE])
    return editor.editors[TABLE].editor


def col(table, key: str) -> int:
    return table.model.column_index(key)


def test_percentages_pasted_from_excel_store_the_number_shown(qtbot, store_path, new_report, open_editor):
    report_id = new_report()
    editor = open_editor(report_id)
    table = cluster_table(editor)
    QApplication.clipboard().setText("CCN A\t85%\nCCN B\t70,5 %\nCCN C\t105%\n")
    table.view.setFocus()
    table.view.setCurrentIndex(table.model.index(0, col(table, "name")))
    # the block starts at "name"; the percentages go into the next column only if it is the share
    table.view.setCurrentIndex(table.model.index(0, 0))
    rows = [line.split("\t") for line in QApplication.clipboard().text().splitlines()]
    QApplication.clipboard().setText("\n".join(f"{name}\t\t\t{pct}" for name, pct in rows) + "\n")
    assert table.model.columns[3].key == "occupancy_pct"
    qtbot.keyClick(table.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    editor.flush()
    stored_rows = stored(store_path, report_id)["clusters"]["wastewater"]
    assert [r["occupancy_pct"] for r in stored_rows] == [85, 70.5, 105]
    assert stored_meta(store_path, report_id).get("pending_cells", {}) == {}
    editor.run_checks()
    over = [i for i in editor.checks.checks.errors if i.path == f"{TABLE}[2].occupancy_pct"]
    assert [i.code for i in over] == ["max"]  # 105 % stays 105 and is an error, never 1,05
    assert table.model.data(table.model.index(1, col(table, "occupancy_pct"))) == "70,5"


def test_typing_a_percent_sign_in_a_percent_field(qtbot, store_path, new_report, open_editor):
    report_id = new_report("kh1375.unit")
    editor = open_editor(report_id)
    field = editor.editors["targets.ash_slag_gypsum_reused_pct.achieved"]
    editor.navigator.setCurrentRow(editor.page_of[field.field.key])
    field.input.setFocus()
    type_text(qtbot, field.input, "82,5 %")
    qtbot.keyClick(field.input, Qt.Key.Key_Tab)
    editor.flush()
    assert stored(store_path, report_id)["targets"]["ash_slag_gypsum_reused_pct"]["achieved"] == 82.5


def test_an_xlsx_cell_formatted_as_percent_imports_as_shown(qtbot, tmp_path, store_path, new_report, open_editor):
    report_id = new_report()
    editor = open_editor(report_id)
    table = cluster_table(editor)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["STT", "Tên CCN", "Tỷ lệ lấp đầy", "SL cơ sở", "Trạng thái HTXLNT", "Công suất TK"])
    sheet.append([1, "CCN Gián Khẩu", 0.82, 12, "Đang vận hành", 1500])
    sheet.append([2, "CCN Đồng Hướng", 1.05, 3, "Chưa có", None])
    for row in (2, 3):
        sheet.cell(row, 3).number_format = "0%"
    path = tmp_path / "ccn.xlsx"
    book.save(path)
    table.import_file(path)
    qtbot.waitUntil(lambda: table.import_dialog is not None or table.import_error is not None, timeout=30_000)
    dialog = table.import_dialog
    assert dialog.mapping() == [None, "name", "occupancy_pct", "facilities", "wwtp_status", "design_capacity_m3d"]
    shown = [dialog.preview_model.item(r, 1).text() for r in range(2)]  # the preview shows what will be stored
    assert shown == ["82", "105"]
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    editor.flush()
    rows = stored(store_path, report_id)["clusters"]["wastewater"]
    assert [r["occupancy_pct"] for r in rows] == [82, 105]
    assert rows[0]["facilities"] == 12 and rows[0]["wwtp_status"] == "operating"


def test_former_province_pasted_is_mapped_and_said(qtbot, store_path, new_report, open_editor):
    report_id = new_report("ct20.enterprise")
    editor = open_editor(report_id)
    editor.navigator.setCurrentRow(editor.page_of["facilities"])
    table = editor.editors["facilities"].editor
    table.paste_text("Nhà máy giấy Hà Nam\tHà Nam\tGiấy\nNhà máy bia\tTỉnh Ninh Bình\tbeverage\n")
    editor.flush()
    rows = stored(store_path, report_id)["facilities"]
    assert [r["province"] for r in rows] == ["ninh-binh", "ninh-binh"]
    status = editor.status_line.message.text()
    assert "Hà Nam" in status and "Ninh Bình" in status
    assert "ninh-binh" not in status and "ha-nam" not in status


def test_a_choice_not_in_the_list_names_the_labels(qtbot, store_path, new_report, open_editor):
    report_id = new_report("ct20.enterprise")
    editor = open_editor(report_id)
    editor.navigator.setCurrentRow(editor.page_of["facilities"])
    table = editor.editors["facilities"].editor
    table.paste_text("Nhà máy dệt\tHà Tây\tDệt may\n")
    editor.run_checks()
    texts = [i.message.render("vi") for i in editor.checks.checks.errors if i.row == 0]
    sector = next(t for t in texts if "Dệt may" in t)
    assert "Giấy" in sector
    for key in ("paper", "beverage", "machinery", "chemicals", "other"):
        assert key not in sector
    province = next(t for t in texts if "Hà Tây" in t)
    assert "Hà Nội" in province and "ha-noi" not in province
    tooltip = table.model.data(table.model.index(0, col(table, "sector")), Qt.ItemDataRole.ToolTipRole)
    assert "Giấy" in tooltip and "paper" not in tooltip


def test_check_marks_and_an_unticked_box_without_a_hidden_state(qtbot, store_path, new_report, open_editor):
    report_id = new_report()
    editor = open_editor(report_id)
    table = cluster_table(editor)
    assert [c.key for c in table.model.columns][9:11] == ["auto_monitoring", "data_transmitted"]
    lines = ["CCN A\t\t\t\t\t\tChưa có\t\t\tCó\t✓", "CCN B\t\t\t\t\t\tChưa có\t\t\tChưa có\tKhông",
             "CCN C\t\t\t\t\t\tChưa có\t\t\tCó\tx", "CCN D\t\t\t\t\t\tChưa có\t\t\tCó\t0"]
    table.paste_text("\n".join(lines) + "\n")
    editor.flush()
    rows = stored(store_path, report_id)["clusters"]["wastewater"]
    assert [r.get("data_transmitted") for r in rows] == [True, False, True, False]
    assert stored_meta(store_path, report_id).get("pending_cells", {}) == {}
    checks = [table.model.data(table.model.index(r, col(table, "data_transmitted")), Qt.ItemDataRole.CheckStateRole)
              for r in range(4)]
    assert checks == [Qt.CheckState.Checked, Qt.CheckState.Unchecked, Qt.CheckState.Checked, Qt.CheckState.Unchecked]
    editor.run_checks()
    # "Không" where there is no monitoring shows unticked and is no error: unticked is one state
    assert not [i for i in editor.checks.checks.errors if i.column == "data_transmitted"]


def test_the_import_preview_says_which_former_provinces_it_maps(qtbot, tmp_path, store_path, new_report,
                                                               open_editor):
    report_id = new_report("ct20.enterprise")
    editor = open_editor(report_id)
    editor.navigator.setCurrentRow(editor.page_of["facilities"])
    table = editor.editors["facilities"].editor
    path = tmp_path / "co-so.csv"
    path.write_text("Tên cơ sở;Tỉnh/TP;Lĩnh vực;Giấy phép MT\nNhà máy giấy;Hà Nam;Giấy;Đã cấp\n"
                    "Nhà máy bia;Hà Nội;Đồ uống;Đã cấp\n", encoding="utf-8")
    table.import_file(path)
    qtbot.waitUntil(lambda: table.import_dialog is not None or table.import_error is not None, timeout=30_000)
    dialog = table.import_dialog
    assert dialog.mapping()[:2] == ["name", "province"]
    province = dialog.preview_model.item(0, 1)
    assert province.text() == "Ninh Bình" and "Hà Nam" in province.toolTip()
    assert dialog.preview_model.item(1, 1).toolTip() == ""
    assert "1" in dialog.summary.text()
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    editor.flush()
    assert [r["province"] for r in stored(store_path, report_id)["facilities"]] == ["ninh-binh", "ha-noi"]
    assert "Hà Nam" in editor.status_line.message.text()
