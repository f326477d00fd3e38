"""The report table's cells: each distinct value formatted and broken into lines once, with exactly
the text and the line breaks it had when every cell was done on its own (reportlab's simpleSplit)."""

from __future__ import annotations

import random

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit

from desktop.document.fonts import report_fonts
from desktop.document.page import LANDSCAPE_MARGINS, PORTRAIT_MARGINS
from desktop.document.pdf_layout import make_styles
from desktop.document.pdf_lines import Widths, break_lines, split_words
from desktop.document.pdf_tables import PADDING, _cell_texts, build_table, format_value
from desktop.document.text import display_text
from desktop.forms import get_form
from tests.export.reports import large_province_values

WORDS = ["Cụm", "công", "nghiệp", "Khánh", "Nhạc", "xử", "lý", "nước", "thải", "tập", "trung", "đạt",
         "QCVN", "40:2011/BTNMT", "https://cct.gov.vn/" + "a" * 60, "ư" * 30, "-", "(", ")"]


def test_word_wrap_breaks_where_reportlab_simple_split_breaks() -> None:
    font = report_fonts().regular
    chance = random.Random(20)
    for _ in range(400):
        text = (" " * chance.randint(0, 2)).join(
            chance.choice(WORDS) + " " * chance.randint(1, 3) for _ in range(chance.randint(0, 25)))
        size = chance.choice((9, 10, 11))
        width = chance.uniform(20.0, 300.0)
        assert split_words(text, width, Widths(font, size)) == simpleSplit(text, font, size, width), (text, width)


def test_a_recurring_value_prints_as_its_type_says() -> None:
    """1, 1.0 and True are one dict key in Python; the cache must not print one for the other."""
    form = get_form("ct20.province")
    table = form.fields["clusters.wastewater"]
    for column in table.columns:
        values = [1, 1.0, True, False, 0, 0.0, -0.0, "1", "1", 1.5, 2.25, None, [1, 2], {"a": 1},
                  "operating", "compliant", "\u202eabc", "2025-03-01", True, 1, 1.0]
        rows = [{column.key: value} for value in values]
        expected = ["" if v is None else display_text(format_value(column, v)) for v in values]
        assert _cell_texts(column, rows) == expected, column.key


def test_every_body_cell_is_its_text_broken_as_on_its_own() -> None:
    form = get_form("ct20.province")
    table = form.fields["clusters.wastewater"]
    values = large_province_values(400)
    rows = values["clusters"]["wastewater"]
    rows[3]["note"] = "dòng một\ndòng hai " + "x" * 120
    rows[5]["name"] = rows[7]["name"]  # the same text twice: one cache entry, the same lines
    fonts = report_fonts()
    styles = make_styles(fonts)
    portrait = A4[0] - PORTRAIT_MARGINS["left"] - PORTRAIT_MARGINS["right"]
    landscape = A4[1] - LANDSCAPE_MARGINS["left"] - LANDSCAPE_MARGINS["right"]
    built, _wide = build_table(table, rows, styles, portrait, landscape)
    size = built.commands[0][4]
    shown = [c for c in table.columns if not c.row_code]
    by_heading = {i + 1: column for i, column in enumerate(shown)}  # column 0 is "TT"
    assert len(built.body) == len(rows)  # no row here is taller than half a page
    for ri, row in enumerate(rows):
        assert built.body[ri][0] == str(ri + 1)
        for ci, column in by_heading.items():
            value = row.get(column.key)
            text = "" if value is None else display_text(format_value(column, value))
            if column.type in ("int", "decimal", "percent", "date", "bool"):
                assert built.body[ri][ci] == text
            else:
                width = built.widths[ci] - 2 * PADDING - 0.5
                assert built.body[ri][ci] == "\n".join(break_lines(text, fonts.regular, size, width)), (ri, column.key)
