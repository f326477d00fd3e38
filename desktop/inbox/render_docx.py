"""The consolidated report as an editable Word draft, in the report's layout (our own OOXML writer,
desktop/document/docx.py: no python-docx, no lxml).

A4 with Decree 30 margins, Times New Roman, the two-column header (fixed widths, so the motto
stays on one line, with the short lines under the issuing body and the motto), "BÁO CÁO" and the
subject, headings as Word headings (so the navigation pane lists the parts), page numbers at the
top centre from the second page, the tables with the PDF's own column widths and orientation and
a repeated heading row, the closing block left for the signer, then the annexes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop.document import docx
from desktop.document.docx import cm, mm, pt
from desktop.document.fonts import report_fonts
from desktop.document.pdf_layout import (
    MOTTO,
    NATIONAL_TITLE,
    Styles,
    date_line,
    document_number,
    issuing_body_line,
    make_styles,
    signer_lines,
)
from desktop.document.pdf_tables import PADDING, build_table
from desktop.document.text import display_text
from desktop.i18n.formatting import format_number
from desktop.inbox.model import Column, Consolidated, Table, oriented
from desktop.inbox.pdf_doc import FRAMES
from desktop.inbox.render_pdf import RECIPIENTS, table_field
from desktop.registry import Organization

# The styles (Times New Roman, "Normal" 14 pt, headings, and the tables' 11 pt paragraph style
# "CT20 Bảng") are in resources/docx/template-parts.zip (styles.xml); these are their ids.
TABLE_STYLE_ID = "CT20Bảng"
HEADING_1, HEADING_2 = "Heading1", "Heading2"
HEADER_WIDTHS_MM = (65, 100)  # the right column holds the national title and the motto on one line each
PORTRAIT = docx.Page(mm(210), mm(297), top=mm(20), right=mm(15), bottom=mm(20), left=mm(30))
# bound by the top edge: the wide margin on top, as in the PDF
LANDSCAPE = docx.Page(mm(297), mm(210), top=mm(30), right=mm(20), bottom=mm(15), left=mm(20), landscape=True)
CENTRE, JUSTIFY = "center", "both"


def text_paragraph(text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
                   align: str | None = None, indent: bool = False, **layout: Any) -> str:
    """A paragraph of one run of text from outside (cleaned by display_text); `layout` as for
    docx.paragraph (space_before, space_after, left...)."""
    return docx.paragraph(docx.run(display_text(text), bold=bold, italic=italic, size=size), align=align,
                          first_line=cm(1) if indent else None, **layout)


def heading(text: str, style: str) -> str:
    text = display_text(text)
    return docx.paragraph(docx.run(text, properties=False) if text else "", style=style)


def _twips_of(length_mm: float) -> int:
    """A length in millimetres as whole twentieths of a point, rounded down."""
    return int(mm(length_mm) / 12700 * 20)


def _short_line(length_mm: float, cell_mm: float) -> str:
    """The short rule under the issuing body or the motto: a bordered empty paragraph, indented."""
    indent = mm(max((cell_mm - length_mm) / 2, 0))
    return docx.paragraph(left=indent, right=indent, space_after=pt(0), line_exact=pt(2), border_top=True)


def _header(issuer: Organization, report: Consolidated) -> list[str]:
    widths = [_twips_of(width) for width in HEADER_WIDTHS_MM]
    if issuer.parent_body:
        left = [docx.paragraph(docx.run(display_text(issuer.parent_body.upper()), size=12), align=CENTRE),
                text_paragraph(issuing_body_line(issuer), bold=True, size=12, align=CENTRE)]
    else:  # a body with no parent (the Ministry itself): its name on the first line
        left = [docx.paragraph(docx.run(display_text(issuing_body_line(issuer)), bold=True, size=12), align=CENTRE)]
    left.append(_short_line(25, HEADER_WIDTHS_MM[0]))
    right = [docx.paragraph(docx.run(NATIONAL_TITLE, bold=True, size=12), align=CENTRE),
             text_paragraph(MOTTO, bold=True, size=13, align=CENTRE), _short_line(52, HEADER_WIDTHS_MM[1])]
    number = docx.paragraph(docx.run(document_number(None, issuer), size=13), align=CENTRE)
    date = docx.paragraph(docx.run(date_line(issuer.place or "Hà Nội", report.date.isoformat()), italic=True),
                          align=CENTRE)
    rows = [docx.row([docx.cell(widths[0], *left), docx.cell(widths[1], *right)]),
            docx.row([docx.cell(widths[0], number), docx.cell(widths[1], date)])]
    blocks = [docx.table(widths, rows, centred=True, fixed_padding=int(PADDING * 20)),
              text_paragraph("BÁO CÁO", bold=True, align=CENTRE, space_before=pt(12)),
              text_paragraph(report.subject, bold=True, align=CENTRE)]
    if report.cutoff_line:
        blocks.append(text_paragraph(report.cutoff_line, italic=True, align=CENTRE))
    blocks.append(text_paragraph(f"Kính gửi: {report.addressee}.", align=CENTRE))
    return blocks


def _text(column: Column, value: Any) -> str:
    if value is None or value == "":
        return ""
    if column.numeric and isinstance(value, (int, float)):
        return format_number(value, "vi", decimals=0 if column.kind == "int" else column.decimals)
    return display_text(str(value))  # XML cannot carry U+0001: never stop here


def table_layout(styles: Styles, table: Table) -> tuple[list[int], bool]:
    """The PDF's column widths (in twentieths of a point) and whether the table goes landscape."""
    drawn, wide = build_table(table_field(table), table.all_rows(), styles, FRAMES.portrait_width,
                              FRAMES.landscape_width)
    return [max(int(width * 20), 200) for width in drawn.widths], wide


def _table(table: Table, twips: list[int], *, heading_style: str = HEADING_2) -> list[str]:
    """The table under its title, the heading row repeated on every page it runs onto."""
    headings = [docx.cell(width, docx.paragraph(docx.run(display_text(column.heading), bold=True),
                                                style=TABLE_STYLE_ID, align=CENTRE))
                for column, width in zip(table.columns, twips, strict=True)]
    rows = [docx.row(headings, heading=True), *_rows(table, twips)]
    return [heading(table.title, heading_style),
            docx.table(twips, rows, grid_style=True, fixed_padding=int(PADDING * 20))]


def _rows(table: Table, twips: list[int]) -> list[str]:
    """The rows, written straight as text (68,000 rows in a full year): a width per cell, the
    paragraph style, the alignment, a bold run for the total row, line breaks and tabs inside the run."""
    style = docx.escape(TABLE_STYLE_ID)
    starts = []
    for column, width in zip(table.columns, twips, strict=True):
        align = "right" if column.numeric else "center" if column.key == "tt" else None
        jc = f'<w:jc w:val="{align}"/>' if align else ""
        starts.append((column, f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                               f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{jc}</w:pPr>'))
    rows = table.all_rows()
    last = len(rows) - 1 if table.total is not None else -1
    out = []
    for index, values in enumerate(rows):
        parts = ["<w:tr>"]
        run = "<w:r><w:rPr><w:b/></w:rPr>" if index == last else "<w:r>"
        for column, start in starts:
            parts.append(start)
            text = _text(column, values.get(column.key))
            if text:
                parts.append(f"{run}{docx.cell_content(text)}</w:r>")
            parts.append("</w:p></w:tc>")
        parts.append("</w:tr>")
        out.append("".join(parts))
    return out


def _closing(doc: docx.Document, report: Consolidated, signer: dict[str, str] | None = None,
             recipients: Sequence[str] | None = None) -> str:
    """The closing sentence, then "Nơi nhận" on the left and the signer's block on the right."""
    width = docx.twips(doc.text_width // 2)
    left = [docx.paragraph(docx.run("Nơi nhận:", bold=True, italic=True, size=12))]
    names = RECIPIENTS if recipients is None else tuple(recipients)
    for index, name in enumerate(("Như trên", *names)):
        line = f"- {name.rstrip('.;')}{'.' if index == len(names) else ';'}"
        left.append(text_paragraph(line, size=11, space_after=pt(0)))
    lines = signer_lines({"authority": "none", "signer_title": "CỤC TRƯỞNG", **(signer or {})})
    # "CỤC TRƯỞNG", or "KT. BỘ TRƯỞNG" / "THỨ TRƯỞNG"
    right = [docx.paragraph(docx.run(line, bold=True), align=CENTRE) for line in lines]
    block = docx.table([width, width], [docx.row([docx.cell(width, *left), docx.cell(width, *right)])])
    return text_paragraph(report.closing, indent=True) + block


def _new_section(doc: docx.Document, *, landscape: bool) -> None:
    """A new page in that orientation, with the page number at the top centre."""
    doc.new_section(LANDSCAPE if landscape else PORTRAIT)
    doc.page_numbers(title_page=False)


def render_consolidated_docx(report: Consolidated, issuer: Organization, *, prefer_system_font: bool = True,
                             signer: dict[str, str] | None = None, recipients: Sequence[str] | None = None) -> bytes:
    """`signer` and `recipients` as for render_consolidated_pdf."""
    styles = make_styles(report_fonts(prefer_system_font))
    doc = docx.Document(PORTRAIT)
    doc.page_numbers(title_page=True)  # none on the first page of the document (Decree 30)
    doc.add(*_header(issuer, report), text_paragraph(report.intro, indent=True))
    landscape = False
    layouts = {id(block): table_layout(styles, block) for part in report.parts for block in part.blocks
               if isinstance(block, Table)}
    for part in report.parts:
        blocks = oriented(part, lambda table: layouts[id(table)][1])
        for index, (block, wide) in enumerate(blocks):
            if wide != landscape:  # a table's sentence and heading go with it onto its page, as in the PDF
                _new_section(doc, landscape=wide)
                landscape = wide
            if index == 0:
                doc.add(heading(part.title, HEADING_1))
            if isinstance(block, str):
                doc.add(text_paragraph(block, indent=True, align=JUSTIFY))
            else:
                doc.add(*_table(block, layouts[id(block)][0]))
        if not blocks:
            doc.add(heading(part.title, HEADING_1))
    if landscape:
        _new_section(doc, landscape=False)
    doc.add(_closing(doc, report, signer, recipients))
    for annex in report.annexes:  # each annex from a new page, under its centred title
        tables = [block for block in annex.blocks if isinstance(block, Table)]
        annex_layouts = [table_layout(styles, table) for table in tables]
        _new_section(doc, landscape=any(wide for _, wide in annex_layouts))
        doc.add(text_paragraph(annex.title, bold=True, align=CENTRE))
        for table, (twips, _wide) in zip(tables, annex_layouts, strict=True):
            doc.add(*_table(table, twips))
    return doc.save(title=f"Báo cáo {report.subject[:1].lower()}{report.subject[1:]}",
                    creator=display_text(issuer.name), language="vi-VN", made=report.date)
