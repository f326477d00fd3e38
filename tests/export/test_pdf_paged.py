"""PagedTable: a long table set page by page breaks exactly where reportlab's own Table breaks,
repeats the heading rows on every page and styles the last row on the page that has it."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from desktop.document.fonts import report_fonts
from desktop.document.pdf_layout import make_styles
from desktop.document.pdf_paged import PagedTable


def _table_parts(rows: int) -> tuple[list[list], list[list[str]], list[float], list[float], list[tuple]]:
    fonts = report_fonts(True)
    styles = make_styles(fonts)
    head = [[Paragraph("Số thứ tự", styles.cell_header), Paragraph("Tên cụm công nghiệp", styles.cell_header)],
            ["(1)", "(2)"]]
    body, heights = [], []
    for index in range(1, rows + 1):
        lines = 1 + index % 4  # rows of one to four lines
        body.append([f"R{index:04d}", "\n".join(["Cụm công nghiệp Khánh Nhạc"] * lines)])
        heights.append(lines * 13.0 + 1.5 + 3.0)
    commands = [("FONT", (0, 0), (-1, -1), fonts.regular, 11, 13.0), ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3.0)]
    return head, body, heights, [60.0, 300.0], commands


def _pages(flowable) -> list[str]:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), initialFontName=report_fonts(True).regular)
    doc.build([Paragraph("Bảng 1. Danh sách", make_styles(report_fonts(True)).body), flowable])
    return [page.extract_text() for page in PdfReader(io.BytesIO(buffer.getvalue())).pages]


def test_pages_break_where_reportlab_breaks_the_same_table() -> None:
    head, body, heights, widths, commands = _table_parts(400)
    paged = _pages(PagedTable(head, body, heights, widths, commands))
    plain = Table([*head, *body], colWidths=widths, repeatRows=2)
    plain.setStyle(TableStyle(commands))
    reference = _pages(plain)
    rows = [re.findall(r"R\d{4}", text) for text in paged]
    assert rows == [re.findall(r"R\d{4}", text) for text in reference]
    assert [row for page in rows for row in page] == [f"R{i:04d}" for i in range(1, 401)]
    assert len(paged) > 10 and all("Tên cụm công nghiệp" in text and "(2)" in text for text in paged)


def test_the_last_row_style_lands_on_the_last_page_only() -> None:
    head, body, heights, widths, commands = _table_parts(120)
    table = PagedTable(head, body, heights, widths, commands)
    table.set_last_row_style([("TEXTCOLOR", (0, -1), (-1, -1), (1, 0, 0))])  # red: easy to find
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=landscape(A4)).build([table])
    reader = PdfReader(io.BytesIO(buffer.getvalue()))
    assert len(reader.pages) > 2
    red = [bool(re.search(r"(^|\s)1 0 0 rg", page.get_contents().get_data().decode("latin-1")))
           for page in reader.pages]
    assert red == [False] * (len(reader.pages) - 1) + [True]
    assert "R0120" in reader.pages[-1].extract_text()


def test_an_empty_table_is_its_heading() -> None:
    head, _, _, widths, commands = _table_parts(0)
    texts = _pages(PagedTable(head, [], [], widths, commands))
    assert len(texts) == 1 and "Tên cụm công nghiệp" in texts[0]
