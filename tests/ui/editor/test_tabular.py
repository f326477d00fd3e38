"""Reading pasted blocks and files, and matching their headings to table columns (no Qt)."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.forms import get_form
from desktop.reporting.cells import edit_text, read_input
from desktop.reporting.tabular import (
    TabularError,
    match_columns,
    parse_clipboard,
    read_rows_file,
)

TABLE = get_form("ct20.province").field("clusters.wastewater")


def test_clipboard_blocks_as_excel_copies_them():
    assert parse_clipboard("a\tb\r\nc\td\r\n") == [["a", "b"], ["c", "d"]]
    assert parse_clipboard('"two\nlines"\tx\n"say ""hi"""\ty\n') == [["two\nlines", "x"], ['say "hi"', "y"]]
    assert parse_clipboard("one\n\ntwo") == [["one"], [""], ["two"]]
    assert parse_clipboard("") == []


def test_headings_match_labels_keys_and_units_without_diacritics():
    headings = ["TEN CUM CONG NGHIEP *", "Diện tích (ha)", "area_ha", "wwtp status", "Khác", None]
    assert match_columns(headings, list(TABLE.columns)) == ["name", "area_ha", None, "wwtp_status", None, None]
    assert match_columns(["Industrial cluster", "Design capacity (m³/day)"], list(TABLE.columns)) == \
        ["name", "design_capacity_m3d"]


@pytest.mark.parametrize("content", [
    "Tên cụm công nghiệp,Diện tích\nCCN A,\"1.234,5\"\n",
    "\ufeffTên cụm công nghiệp;Diện tích\nCCN A;1.234,5\n",
    "Tên cụm công nghiệp\tDiện tích\nCCN A\t1.234,5\n",
])
def test_csv_files_with_any_usual_separator(tmp_path, content):
    path = tmp_path / "rows.csv"
    path.write_text(content, encoding="utf-8")
    assert read_rows_file(path) == {"": [["Tên cụm công nghiệp", "Diện tích"], ["CCN A", "1.234,5"]]}


def test_files_that_cannot_be_read_say_why(tmp_path):
    ansi = tmp_path / "ansi.csv"
    ansi.write_bytes("Tên;Ghi chú\n".encode("cp1258"))  # Excel's "CSV" on a Vietnamese Windows: read
    assert read_rows_file(ansi) == {"": [["Tên", "Ghi chú"]]}
    tcvn3 = tmp_path / "tcvn3.csv"
    tcvn3.write_bytes(b"T\xaan c\xf4m c\xabng nghi\xd6p;Di\xd6n t\xdach\n")  # "Tên cụm công nghiệp" in TCVN3
    with pytest.raises(TabularError, match="TCVN3"):
        read_rows_file(tcvn3)
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook")
    with pytest.raises(TabularError):
        read_rows_file(fake)
    with pytest.raises(TabularError):
        read_rows_file(tmp_path / "rows.ods")


def test_spreadsheet_cell_values_are_read_like_typed_ones():
    area = TABLE.column("area_ha")
    assert read_input(area, 52.5, "vi").value == 52.5
    assert read_input(area, "1.234,5", "vi").value == 1234.5
    assert read_input(TABLE.column("facilities"), 12.0, "vi").value == 12
    assert read_input(TABLE.column("name"), 2025.0, "vi").value == "2025"
    date = get_form("ct20.province").field("document.date")
    assert read_input(date, dt.datetime(2025, 11, 5), "vi").value == "2025-11-05"
    bad = read_input(area, "khoảng 20", "vi")
    assert bad.pending == "khoảng 20" and bad.error is not None and bad.value is None
    assert read_input(area, "   ", "vi") == read_input(area, None, "vi")
    assert edit_text(area, 1234.5, "vi") == "1.234,5" and edit_text(area, 1234.5, "en") == "1,234.5"
