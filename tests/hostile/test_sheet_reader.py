"""The strict spreadsheet and CSV reader on damaged and random input: it returns rows or raises a
clear SheetError, never anything else (found by hypothesis, as for the package reader)."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.package.sheetcsv import read_csv
from desktop.package.sheets import SheetError, SheetLimits, read_workbook
from tests.hostile.imports_corpus import maker

BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                            HealthCheck.data_too_large])


def _valid() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        tools = maker()
        inline = Path(folder) / "a.xlsx"
        tools.workbook(inline, tools.SHARED_SHEET, shared=tools.SHARED)
        return inline.read_bytes()


VALID = _valid()


def assert_clear(error: SheetError) -> None:
    for lang in ("vi", "en"):
        text = error.render(lang)
        assert text.strip() and "{" not in text, text


@BOUNDED
@given(changes=st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), max_size=6),
       cut=st.one_of(st.none(), st.integers(0, len(VALID))))
def test_a_damaged_workbook_gives_rows_or_a_clear_refusal(changes: list[tuple[int, int]], cut: int | None) -> None:
    data = bytearray(VALID)
    for position, byte in changes:
        data[position] = byte
    try:
        sheets = read_workbook(bytes(data[:cut] if cut is not None else data), "x.xlsx")
    except SheetError as error:
        assert_clear(error)
        return
    assert all(isinstance(sheet.rows, list) for sheet in sheets)


@BOUNDED
@given(raw=st.binary(max_size=3000))
def test_any_bytes_as_csv_give_rows_or_a_clear_refusal(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.csv"
        path.write_bytes(raw)
        try:
            sheet = read_csv(path, "x.csv", limits=SheetLimits(max_rows=50, max_columns=20, max_cell_chars=100))
        except SheetError as error:
            assert_clear(error)
            return
    assert len(sheet.rows) <= 50 and all(len(row) <= 20 for row in sheet.rows)


@BOUNDED
@given(text=st.text(max_size=400))
def test_any_text_in_utf8_reads_back_cell_for_cell_as_the_csv_module_reads_it(text: str) -> None:
    import csv

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.csv"
        path.write_bytes(text.encode("utf-8"))
        try:
            sheet = read_csv(path, "x.csv")
        except SheetError as error:
            assert_clear(error)
            return
        from desktop.package.sheetcsv import guess_delimiter

        expected = [row for row in csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""),
                                              delimiter=guess_delimiter(text))
                    if any(cell.strip() for cell in row)]
        assert [row for row in sheet.rows] == [row[:max(i for i, c in enumerate(row) if c.strip()) + 1]
                                              for row in expected]


def test_cell_kinds_are_read_as_openpyxl_would(tmp_path: Path) -> None:
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Tên", "Ngày", "Có", "Số", "Số thực", "Công thức như chữ"])
    sheet.append(["CCN A", dt.date(2025, 11, 5), True, 12, 52.5, "=SUM(A1:A2)"])
    sheet["F2"].data_type = "s"
    sheet.append([None, dt.datetime(2026, 1, 2, 8, 30), False, -3, 1e-3, "+84"])
    path = tmp_path / "kinds.xlsx"
    book.save(path)
    (read,) = read_workbook(path, "kinds.xlsx")
    assert read.rows[1] == ["CCN A", dt.datetime(2025, 11, 5), True, 12, 52.5, "=SUM(A1:A2)"]
    assert read.rows[2] == [None, dt.datetime(2026, 1, 2, 8, 30), False, -3, 0.001, "+84"]
    assert read.row_numbers == [1, 2, 3]


def test_prefixed_elements_cached_formula_results_and_iso_dates(tmp_path: Path) -> None:
    import datetime as dt

    tools = maker()
    main = tools.MAIN
    sheet = (f'<x:worksheet xmlns:x="{main}"><x:sheetData><x:row r="2">'
             '<x:c r="A2"><x:f>1+1</x:f><x:v>2</x:v></x:c>'
             '<x:c r="B2" t="str"><x:f>"a"&amp;"b"</x:f><x:v>ab</x:v></x:c>'
             '<x:c r="C2" t="d"><x:v>2025-11-05T00:00:00</x:v></x:c>'
             '<x:c r="E2" t="inlineStr"><x:is><x:r><x:t>Cụm </x:t></x:r><x:r><x:t>A</x:t></x:r></x:is></x:c>'
             "</x:row></x:sheetData></x:worksheet>").encode()
    path = tools.workbook(tmp_path / "prefixed.xlsx", sheet)
    table = next(s for s in read_workbook(path, "prefixed.xlsx") if s.name == tools.TABLE)
    assert table.rows == [[2, "ab", dt.datetime(2025, 11, 5), None, "Cụm A"]] and table.row_numbers == [2]
