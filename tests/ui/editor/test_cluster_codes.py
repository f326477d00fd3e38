"""Importing the cluster list again (another year's spreadsheet, another order, no codes): each
cluster keeps its stable code, matched by its name; a new one waits for the export to get its code."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from .helpers import stored
from .test_table import TABLE, cluster_table, imported


def test_a_new_import_of_the_clusters_keeps_their_codes(qtbot, tmp_path, store_path, new_report, open_editor):
    report_id = new_report(values={"clusters": {"wastewater": [
        {"name": "Cụm công nghiệp Gián Khẩu", "wwtp_status": "operating", "design_capacity_m3d": 1500,
         "code": "CCN-001"},
        {"name": "Cụm công nghiệp Đồng Hướng", "wwtp_status": "none", "code": "CCN-002"},
        {"name": "Cụm công nghiệp Khánh Nhạc", "wwtp_status": "planned", "code": "CCN-003"},
    ]}})
    editor = open_editor(report_id)
    table = cluster_table(editor)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Tên cụm công nghiệp", "Trạng thái HTXLNT tập trung"])
    sheet.append(["CCN Khánh Nhạc", "Đang xây dựng"])  # spelt differently, status changed
    sheet.append(["CCN Kim Tân", "Chưa có"])  # new this year
    sheet.append(["CỤM CÔNG NGHIỆP GIÁN KHẨU", "Đang vận hành"])
    path = tmp_path / "ccn-2026.xlsx"
    book.save(path)
    dialog = imported(qtbot, table, path)
    dialog.replace_radio.setChecked(True)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    editor.flush()
    rows = stored(store_path, report_id)["clusters"]["wastewater"]
    assert [(r["name"], r.get("code")) for r in rows] == [
        ("CCN Khánh Nhạc", "CCN-003"), ("CCN Kim Tân", None), ("CỤM CÔNG NGHIỆP GIÁN KHẨU", "CCN-001")]
    assert [r.get("code") for r in editor.session.rows(TABLE)] == ["CCN-003", None, "CCN-001"]
