"""Input read the way Excel users write it: percentages, labels, former provinces, check marks,
headings with abbreviations. One reading for typing, paste, import and `report fill`."""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest

from desktop.forms.catalog import get_form
from desktop.forms.normalize import PercentCell
from desktop.forms.rules import validate
from desktop.forms.values import coerce_value
from desktop.package.sheets import is_percent_format, read_workbook
from desktop.reporting.cells import read_input
from desktop.reporting.tabular import match_columns

PROVINCE = get_form("ct20.province")
ENTERPRISE = get_form("ct20.enterprise")
CLUSTERS = PROVINCE.field("clusters.wastewater")
FACILITIES = ENTERPRISE.field("facilities")


def column(table, key):
    found = table.column(key)
    assert found is not None
    return found


@pytest.mark.parametrize(("raw", "expected"), [
    ("85%", 85), ("85 %", 85), ("70,5 %", 70.5), ("70.5%", 70.5), ("0,5%", 0.5), ("100%", 100),
    ("105%", 105), ("85", 85), (85, 85), ("85％", 85),
    (PercentCell(Decimal("0.82")), 82), (PercentCell(Decimal("0.705")), 70.5), (PercentCell(Decimal("1.05")), 105),
    (PercentCell(Decimal("0.70499999999999996")), 70.5),
])
def test_percent_reads_the_percentage_shown(raw, expected):
    occupancy = column(CLUSTERS, "occupancy_pct")
    assert read_input(occupancy, raw, "vi").value == expected


@pytest.mark.parametrize("raw", ["%", "85%%", "tám lăm %", "85 % 3"])
def test_percent_text_that_is_not_a_number_is_kept_as_typed(raw):
    reading = read_input(column(CLUSTERS, "occupancy_pct"), raw, "vi")
    assert reading.value is None and reading.pending == raw and reading.error is not None


def test_a_percentage_above_the_range_is_an_error_never_rescaled():
    values = {"clusters": {"wastewater": [{"name": "CCN A", "wwtp_status": "none", "occupancy_pct":
                                           coerce_value(column(CLUSTERS, "occupancy_pct"), PercentCell(Decimal("1.05")))}]}}
    assert values["clusters"]["wastewater"][0]["occupancy_pct"] == 105
    issues = [i for i in validate(PROVINCE, values).errors if i.path == "clusters.wastewater[0].occupancy_pct"]
    assert [i.code for i in issues] == ["max"]
    assert "100" in issues[0].message.render("vi")


def test_a_percent_cell_in_a_number_column_is_not_taken_silently():
    reading = read_input(column(CLUSTERS, "area_ha"), PercentCell(Decimal("0.82")), "vi")
    assert reading.value is None and reading.pending == "82%"
    assert "82%" in reading.error.render("vi")
    assert read_input(column(CLUSTERS, "note"), PercentCell(Decimal("0.82")), "vi").value == "82%"


def test_xlsx_cells_formatted_as_percent_come_back_as_shown(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Tỷ lệ", "Diện tích", "Ghi chú"])
    for value, fmt in ((0.82, "0%"), (0.705, "0.0%"), (1.05, "0%"), (0.5, '0.00" %"')):
        sheet.append([value, 12.5, "x"])
        sheet.cell(sheet.max_row, 1).number_format = fmt
    path = tmp_path / "tyle.xlsx"
    book.save(path)
    rows = read_workbook(path, path.name)[0].rows
    occupancy = column(CLUSTERS, "occupancy_pct")
    assert [read_input(occupancy, r[0], "vi").value for r in rows[1:]] == [82, 70.5, 105, 0.5]  # a quoted "%" is only text: Excel shows 0.50 %
    assert rows[1][1] == 12.5  # other cells are untouched


@pytest.mark.parametrize(("code", "percent"), [
    ("0%", True), ("0.00%", True), ("#,##0.0 %", True), ('0.0"%"', False), ("0.0\\%", False),
    ("0.00", False), ("[Red]0%", True), ("0;[Red]-0%", False),
])
def test_which_number_formats_are_percentages(code, percent):
    assert is_percent_format(code) is percent


@pytest.mark.parametrize(("raw", "key"), [
    ("Đang vận hành", "operating"), ("đang vận hành", "operating"), ("DANG VAN HANH", "operating"),
    ("operating", "operating"), ("Under construction", "under_construction"),
    ("under construction", "under_construction"), ("  Chưa   có ", "none"),
])
def test_choice_accepts_labels_and_codes(raw, key):
    reading = read_input(column(CLUSTERS, "wwtp_status"), raw, "vi")
    assert reading.value == key and reading.note is None


@pytest.mark.parametrize(("raw", "key", "former"), [
    ("Hà Nam", "ninh-binh", "Hà Nam"), ("Tỉnh Hà Nam", "ninh-binh", "Hà Nam"), ("ha nam", "ninh-binh", "Hà Nam"),
    ("Bà Rịa - Vũng Tàu", "ho-chi-minh", "Bà Rịa - Vũng Tàu"), ("Kiên Giang", "an-giang", "Kiên Giang"),
    ("Ninh Bình", "ninh-binh", None), ("TP. Hồ Chí Minh", "ho-chi-minh", None),
    ("Thành phố Hà Nội", "ha-noi", None), ("ha-noi", "ha-noi", None),
])
def test_former_province_names_are_mapped_with_a_note(raw, key, former):
    reading = read_input(column(FACILITIES, "province"), raw, "vi")
    assert reading.value == key
    if former is None:
        assert reading.note is None
    else:
        note = reading.note.render("vi")
        assert former in note and key not in note


def test_a_choice_that_is_not_an_option_lists_labels_not_codes():
    reading = read_input(column(FACILITIES, "sector"), "Dệt may", "vi")
    text = reading.error.render("vi")
    assert "Giấy" in text
    for key in column(FACILITIES, "sector").option_keys:
        assert key not in text.split("“Dệt may”")[1]


@pytest.mark.parametrize(("raw", "value"), [
    ("Có", True), ("có", True), ("CÓ", True), ("x", True), ("X", True), ("✓", True), ("✔", True), ("1", True),
    (1, True), (1.0, True), ("yes", True), ("Không", False), ("không", False), ("KHÔNG", False), ("0", False),
    (0, False), ("no", False), (True, True), (False, False),
])
def test_check_boxes_accept_what_excel_users_write(raw, value):
    assert read_input(column(CLUSTERS, "data_transmitted"), raw, "vi").value is value


def test_an_unticked_box_is_one_state():
    """"Không" pasted and a box never ticked look the same, so they are judged the same."""
    def errors(row):
        values = {"clusters": {"wastewater": [{"name": "CCN A", "wwtp_status": "none", **row}]}}
        return [i.code for i in validate(PROVINCE, values).errors if i.path.startswith("clusters.wastewater[0].data")]

    assert errors({"auto_monitoring": "no"}) == []
    assert errors({"auto_monitoring": "no", "data_transmitted": False}) == []
    assert errors({"auto_monitoring": "no", "data_transmitted": True}) == ["absent"]


def test_headings_match_vietnamese_aware():
    columns = list(CLUSTERS.columns)
    headings = ["STT", "Tên CCN", "xa/phuong", "DIỆN TÍCH (HA)", "Tỷ lệ lấp đầy", "SL cơ sở", "Trạng thái HTXLNT",
                "Công suất TK", "Lưu lượng thực tế", "Ghi chú", "ĐVT"]
    assert match_columns(headings, columns) == [
        None, "name", "commune", "area_ha", "occupancy_pct", "facilities", "wwtp_status", "design_capacity_m3d",
        "actual_flow_m3d", "note", None]
    # each column is taken once, by the closest heading
    assert match_columns(["Tên cụm", "Tên cụm công nghiệp"], columns) == [None, "name"]
    facilities = list(FACILITIES.columns)
    assert match_columns(["Tên cơ sở", "Tỉnh/TP", "CTNH phát sinh", "Số sự cố"], facilities) == [
        "name", "province", "hazardous_waste_t", "incidents"]


def test_report_fill_from_an_xlsx_reads_percent_cells_as_shown(tmp_path):
    """`ct20 report fill` reads the same way: a values workbook edited in Excel keeps 82 % as 82."""
    from desktop.forms.values import coerce_values
    from desktop.xlsx_values import read_values_xlsx, write_values_xlsx

    form = get_form("kh1375.unit")
    path = tmp_path / "values.xlsx"
    path.write_bytes(write_values_xlsx(form, {}))
    book = openpyxl.load_workbook(path)
    sheet = book["values"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "targets.ash_slag_gypsum_reused_pct.achieved":
            row[2].value = 0.82
            row[2].number_format = "0%"
        elif row[0].value == "targets.enterprises_trained_pct.achieved":
            row[2].value = "70,5 %"
    book.save(path)
    values = coerce_values(form, read_values_xlsx(path.read_bytes(), path.name))
    assert values["targets.ash_slag_gypsum_reused_pct.achieved"] == 82
    assert values["targets.enterprises_trained_pct.achieved"] == 70.5
