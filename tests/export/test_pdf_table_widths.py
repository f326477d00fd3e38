"""The report table's column widths, chosen by the lines its cells really take (pdf_lines):
a table of 20,000 rows is laid out as well as one of 2,000 (its five-digit row numbers do not
make the rows taller), no word is cut between letters, and the PDF read back has every row."""

from __future__ import annotations

import random
import re
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4

from desktop.document.fonts import report_fonts
from desktop.document.page import LANDSCAPE_MARGINS, PORTRAIT_MARGINS
from desktop.document.pdf_layout import make_styles
from desktop.document.pdf_lines import LONG_TEXT_WORDS, LONG_WORD, LineCounter, break_lines
from desktop.document.pdf_paged import PagedTable
from desktop.document.pdf_tables import LANDSCAPE_HEIGHT, PORTRAIT_HEIGHT, build_table, column_heading
from desktop.export.pdf import render_report_pdf
from desktop.forms import Period, get_form
from desktop.registry import get_organization
from tests.export.reports import large_province_values

WORDS = ["Cụm", "công", "nghiệp", "Khánh", "Nhạc", "xử", "lý", "nước", "thải", "tập", "trung", "đạt",
         "QCVN", "40:2011/BTNMT", "https://cct.gov.vn/" + "a" * 60, "ư" * 30, "-", "(", ")", "W" * 100]
PORTRAIT = A4[0] - PORTRAIT_MARGINS["left"] - PORTRAIT_MARGINS["right"]
LANDSCAPE = A4[1] - LANDSCAPE_MARGINS["left"] - LANDSCAPE_MARGINS["right"]


def _build(rows: list[dict]) -> tuple[PagedTable, bool]:
    field = get_form("ct20.province").fields["clusters.wastewater"]
    return build_table(field, rows, make_styles(report_fonts()), PORTRAIT, LANDSCAPE)


@pytest.fixture(scope="module")
def short_and_long() -> tuple[tuple[PagedTable, bool], tuple[PagedTable, bool]]:
    return (_build(large_province_values(2000)["clusters"]["wastewater"]),
            _build(large_province_values(20000)["clusters"]["wastewater"]))


def _page_count(table: PagedTable, landscape: bool) -> int:
    """Pages the table fills when each page's frame holds only it (PagedTable's own page breaks)."""
    frame = LANDSCAPE_HEIGHT if landscape else PORTRAIT_HEIGHT
    pages, rest = 0, table
    while True:
        parts = rest.split(sum(table.widths), frame)
        pages += 1
        if len(parts) == 1:
            return pages
        rest = parts[1]


def test_the_line_count_is_the_lines_the_cell_prints() -> None:
    font = report_fonts().regular
    chance = random.Random(16)
    for _ in range(600):
        size = chance.choice((9, 10, 11))
        counter = LineCounter(font, size)
        text = "\n".join(
            (" " * chance.randint(1, 2)).join(chance.choice(WORDS) for _ in range(chance.randint(0, 30)))
            for _ in range(chance.randint(1, 3)))
        assert len(text.split()) <= LONG_TEXT_WORDS and max(map(len, WORDS)) <= LONG_WORD
        for width in (chance.uniform(15.0, 400.0) for _ in range(5)):
            assert counter.count(text, width) == len(break_lines(text, font, size, width)), (text, width)


def test_five_digit_row_numbers_do_not_make_the_rows_taller(short_and_long) -> None:  # type: ignore[no-untyped-def]
    """The row-number column is wider at 20,000 rows; the other columns must still get widths as good
    as at 2,000 rows (the search once settled on widths that made each row 30 % taller)."""
    (short, _), (long, _) = short_and_long
    per_row_short = sum(short.heights) / len(short.body)
    per_row_long = sum(long.heights) / len(long.body)
    assert long.widths[0] > short.widths[0]  # "20000" is wider than "2000"
    assert per_row_long <= per_row_short * 1.02, (per_row_short, per_row_long)


def test_pages_grow_in_proportion_to_the_rows(short_and_long) -> None:  # type: ignore[no-untyped-def]
    """Ten times the rows, ten times the pages: within 5 % (the row-number column really is 5.5 points
    wider at 20,000 rows, which the other columns lose; the search once made it 27 %)."""
    (short, short_landscape), (long, long_landscape) = short_and_long
    assert short_landscape and long_landscape  # 14 columns
    pages_short, pages_long = _page_count(short, True), _page_count(long, True)
    assert pages_long <= 10 * pages_short * 1.05, (pages_short, pages_long)


def test_no_word_is_cut_between_letters() -> None:
    """Not in the cells of any row (a long word in three rows out of 2,000 is seldom in the sample
    the widths are chosen on), nor in the headings."""
    font = report_fonts().regular
    rows = large_province_values(2000)["clusters"]["wastewater"]
    long_words = {"note": "QCVN-40:2011/BT", "name": "Khánh-Nhạc-Trường", "commune": "Phường-Đông-Thành"}
    for index in (1333, 1555, 1777):
        for key, word in long_words.items():
            rows[index][key] = f"{rows[index].get(key) or ''} {word} xx".strip()
    # wider than these columns get for the usual rows, narrower than a link (which may be cut)
    assert all(85 < LineCounter(font, 11).measure(word) < 104 for word in long_words.values())
    table, _ = _build(rows)
    field = get_form("ct20.province").fields["clusters.wastewater"]
    shown = [c for c in field.columns if not c.row_code]
    for ci, column in enumerate(shown, start=1):  # column 0 is the row number
        heading = table.head[0][ci]
        assert heading.split() == column_heading(column).split(), heading
        if column.key in long_words:
            for index in (1333, 1555, 1777):
                assert long_words[column.key] in table.body[index][ci].split(), table.body[index][ci]
        for ri, row in enumerate(rows):
            value = row.get(column.key)
            if column.type in ("text", "longtext") and isinstance(value, str):
                assert table.body[ri][ci].split() == value.split(), (ri, column.key)


def test_the_pdf_read_back_has_every_row_in_order(tmp_path: Path) -> None:
    values = large_province_values(2000)
    result = render_report_pdf(get_form("ct20.province"), values, org=get_organization("so-ct-ninh-binh"),
                               period=Period.parse("2025"))
    path = tmp_path / "report.pdf"
    path.write_bytes(result.data)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    # the row number is the leftmost cell: it starts a line of the page's text, and nothing else does
    numbers = [int(n) for n in re.findall(r"(?m)^(\d+) {2,}\S", text)]
    assert numbers == list(range(1, 2001))
    # in the order it was drawn, each cell's lines follow one another: every name is there whole
    drawn = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                           check=True).stdout
    flat = " ".join(drawn.split())
    missing = [row["name"] for row in values["clusters"]["wastewater"] if f"{row['name']} " not in flat]
    assert not missing
