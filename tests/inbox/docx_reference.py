"""The DOCX renderers as they were written on python-docx (and lxml), kept as the reference the
app's own OOXML writer (desktop/document/docx.py) is compared with, part by part
(tests/inbox/test_docx_writer.py). python-docx and lxml are test-only dependencies.

Copied unchanged from desktop/inbox/render_docx.py and desktop/inbox/reminder_letter.py
(render_reminder_docx) as of the commit that replaced them; do not "improve" it: it is the
definition of the documents Word and LibreOffice get.
"""


from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import _Cell
from lxml import etree

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
from desktop.inbox.reminder_letter import HEADER_LEFT, Letter, balanced_lines
from desktop.inbox.render_pdf import RECIPIENTS, table_field
from desktop.registry import Organization

FONT = "Times New Roman"
TABLE_STYLE = "CT20 Bảng"
HEADER_WIDTHS = (Mm(65), Mm(100))  # the right column holds the national title and the motto on one line each
ROWS_PER_CHUNK = 2000
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARSER = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True)


def _font(style: Any, size: float, bold: bool | None = None) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.color.rgb = RGBColor(0, 0, 0)
    if bold is not None:
        style.font.bold = bold
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


def _setup(doc: Any) -> None:
    # No thumbnail (since 2026-12-05): python-docx's template carries a picture of a blank page,
    # which Explorer showed as the preview of every draft
    package = doc.part.package
    for key, relationship in list(package.rels.items()):
        if relationship.reltype == RT.THUMBNAIL:
            del package.rels[key]
    _page(doc.sections[0], landscape=False)
    normal = doc.styles["Normal"]
    _font(normal, 14)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Heading 1", 14), ("Heading 2", 13)):
        _font(doc.styles[name], size, bold=True)
        doc.styles[name].paragraph_format.space_before = Pt(6)
        doc.styles[name].paragraph_format.space_after = Pt(6)
    cell = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    _font(cell, 11)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.first_line_indent = Cm(0)


def _page(section: Any, *, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    if landscape:  # bound by the top edge: the wide margin on top, as in the PDF
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(30), Mm(15), \
            Mm(20), Mm(20)
    else:
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(20), Mm(20), \
            Mm(30), Mm(15)


def _paragraph(container: Any, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
               align: Any = None, indent: bool = False) -> Any:
    paragraph = container.add_paragraph()
    run = paragraph.add_run(display_text(text))
    run.bold, run.italic = bold or None, italic or None
    if size is not None:
        run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1)
    return paragraph


def _fixed_widths(table: Any, widths: list[int]) -> None:
    """Column widths in twentieths of a point, kept by Word and LibreOffice (fixed layout)."""
    table.autofit = False  # python-docx's own <w:tblLayout w:type="fixed"/>, in its schema place
    properties = table._tbl.tblPr
    # (until 2026-12-05 a second tblLayout was appended here, and tblCellMar after tblLook: out of
    # ECMA-376's order, which strict readers refuse; both writers now follow the schema)
    width = properties.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        properties.append(width)
    width.set(qn("w:w"), str(sum(widths)))
    width.set(qn("w:type"), "dxa")
    margins = OxmlElement("w:tblCellMar")  # the PDF's cell padding, so its widths hold the same text
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(int(PADDING * 20)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    look = properties.find(qn("w:tblLook"))
    if look is not None:  # CT_TblPr: … tblLayout, tblCellMar, tblLook
        look.addprevious(margins)
    else:
        properties.append(margins)
    grid = table._tbl.tblGrid
    for column, value in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(value))
    for row in table.rows:
        for tc, value in zip(row._tr.tc_lst, widths, strict=True):
            tc_width = tc.get_or_add_tcPr().get_or_add_tcW()
            tc_width.set(qn("w:w"), str(value))
            tc_width.set(qn("w:type"), "dxa")


def _short_line(cell: Any, length_mm: float, cell_mm: float) -> None:
    """The short rule under the issuing body or the motto: a bordered empty paragraph, indented."""
    paragraph = cell.add_paragraph()
    indent = max((cell_mm - length_mm) / 2, 0)
    paragraph.paragraph_format.left_indent = Mm(indent)
    paragraph.paragraph_format.right_indent = Mm(indent)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    properties = paragraph._p.get_or_add_pPr()
    # CT_PPrBase: pStyle … numPr, suppressLineNumbers, pBdr, shd, tabs, … spacing, ind, … jc
    later = {qn(f"w:{name}") for name in ("shd", "tabs", "spacing", "ind", "jc", "rPr", "sectPr")}
    anchor = next((child for child in properties if child.tag in later), None)
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        properties.append(borders)


def _header(doc: Any, issuer: Organization, report: Consolidated) -> None:
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(table, [int(w.pt * 20) for w in HEADER_WIDTHS])
    centre = WD_ALIGN_PARAGRAPH.CENTER
    left, right = table.rows[0].cells
    if issuer.parent_body:
        left.paragraphs[0].add_run(display_text(issuer.parent_body.upper())).font.size = Pt(12)
        left.paragraphs[0].alignment = centre
        _paragraph(left, issuing_body_line(issuer), bold=True, size=12, align=centre)
    else:  # a body with no parent (the Ministry itself): its name on the first line
        run = left.paragraphs[0].add_run(display_text(issuing_body_line(issuer)))
        run.bold, run.font.size = True, Pt(12)
        left.paragraphs[0].alignment = centre
    _short_line(left, 25, HEADER_WIDTHS[0].mm)
    right.paragraphs[0].add_run(NATIONAL_TITLE).bold = True
    right.paragraphs[0].runs[0].font.size = Pt(12)
    right.paragraphs[0].alignment = centre
    _paragraph(right, MOTTO, bold=True, size=13, align=centre)
    _short_line(right, 52, HEADER_WIDTHS[1].mm)
    number, date = table.rows[1].cells
    number.paragraphs[0].add_run(document_number(None, issuer)).font.size = Pt(13)
    number.paragraphs[0].alignment = centre
    date.paragraphs[0].add_run(date_line(issuer.place or "Hà Nội", report.date.isoformat())).italic = True
    date.paragraphs[0].alignment = centre
    _paragraph(doc, "BÁO CÁO", bold=True, align=centre).paragraph_format.space_before = Pt(12)
    _paragraph(doc, report.subject, bold=True, align=centre)
    if report.cutoff_line:
        _paragraph(doc, report.cutoff_line, italic=True, align=centre)
    _paragraph(doc, f"Kính gửi: {report.addressee}.", align=centre)


def _text(column: Column, value: Any) -> str:
    if value is None or value == "":
        return ""
    if column.numeric and isinstance(value, (int, float)):
        return format_number(value, "vi", decimals=0 if column.kind == "int" else column.decimals)
    return display_text(str(value))  # XML cannot carry U+0001 (python-docx refuses it): never stop here


def _repeat_heading(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    heading = OxmlElement("w:tblHeader")
    heading.set(qn("w:val"), "true")
    properties.append(heading)


def table_layout(styles: Styles, table: Table) -> tuple[list[int], bool]:
    """The PDF's column widths (in twentieths of a point) and whether the table goes landscape."""
    drawn, wide = build_table(table_field(table), table.all_rows(), styles, FRAMES.portrait_width,
                              FRAMES.landscape_width)
    return [max(int(width * 20), 200) for width in drawn.widths], wide


def _table(doc: Any, table: Table, style_id: str, twips: list[int], *, heading: str = "Heading 2") -> None:
    doc.add_paragraph(display_text(table.title), style=heading)
    grid = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    _fixed_widths(grid, twips)
    _repeat_heading(grid.rows[0])
    widths = []
    for column, tc in zip(table.columns, grid.rows[0]._tr.tc_lst, strict=True):
        paragraph = _Cell(tc, grid).paragraphs[0]
        paragraph._p.style = style_id
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(display_text(column.heading)).bold = True
        width = tc.find(qn("w:tcPr")).find(qn("w:tcW"))
        widths.append((width.get(qn("w:w")), width.get(qn("w:type"))))
    rows = table.all_rows()
    last = len(rows) - 1 if table.total is not None else -1
    for start in range(0, len(rows), ROWS_PER_CHUNK):
        grid._tbl.extend(_rows_xml(table, rows[start:start + ROWS_PER_CHUNK], start, last, widths, style_id))


def _rows_xml(table: Table, rows: list[dict], first: int, bold_row: int, widths: list[tuple[str, str]],
              style_id: str) -> list[Any]:
    """The rows as WordprocessingML, parsed in one go: python-docx's objects cost ten times more
    at 68,000 rows. The same markup python-docx writes: a width per cell, the paragraph style, the
    alignment, a bold run for the total row, line breaks and tabs inside the run."""
    style = escape(style_id, {'"': "&quot;"})
    parts = [f'<w:tbl xmlns:w="{W_NS}">']
    for index, row in enumerate(rows, start=first):
        parts.append("<w:tr>")
        bold = "<w:rPr><w:b/></w:rPr>" if index == bold_row else ""
        for column, (width, kind) in zip(table.columns, widths, strict=True):
            align = "right" if column.numeric else "center" if column.key == "tt" else None
            jc = f'<w:jc w:val="{align}"/>' if align else ""
            parts.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="{kind}"/></w:tcPr>'
                         f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{jc}</w:pPr>')
            text = _text(column, row.get(column.key))
            if text:
                parts.append(f"<w:r>{bold}{_run_content(text)}</w:r>")
            parts.append("</w:p></w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return list(etree.fromstring("".join(parts).encode("utf-8"), _PARSER))


def _run_content(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        lines.append("<w:tab/>".join(f'<w:t xml:space="preserve">{escape(piece)}</w:t>' if piece else ""
                                     for piece in line.split("\t")))
    return "<w:br/>".join(lines)


def _closing(doc: Any, report: Consolidated, signer: dict[str, str] | None = None,
             recipients: Sequence[str] | None = None) -> None:
    _paragraph(doc, report.closing, indent=True)
    block = doc.add_table(rows=1, cols=2)
    left, right = block.rows[0].cells
    left.paragraphs[0].add_run("Nơi nhận:").bold = True
    left.paragraphs[0].runs[0].italic = True
    left.paragraphs[0].runs[0].font.size = Pt(12)
    names = RECIPIENTS if recipients is None else tuple(recipients)
    for index, name in enumerate(("Như trên", *names)):
        line = f"- {name.rstrip('.;')}{'.' if index == len(names) else ';'}"
        _paragraph(left, line, size=11).paragraph_format.space_after = Pt(0)
    lines = signer_lines({"authority": "none", "signer_title": "CỤC TRƯỞNG", **(signer or {})})
    for index, line in enumerate(lines):  # "CỤC TRƯỞNG", or "KT. BỘ TRƯỞNG" / "THỨ TRƯỞNG"
        paragraph = right.paragraphs[0] if index == 0 else right.add_paragraph()
        paragraph.add_run(line).bold = True
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _page_numbers(section: Any, *, first: bool) -> None:
    """A PAGE field at the top centre; none on the first page of the document (Decree 30)."""
    section.different_first_page_header_footer = first
    section.header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if paragraph.runs:
        return
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _new_section(doc: Any, *, landscape: bool) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page(section, landscape=landscape)
    section.different_first_page_header_footer = False
    _page_numbers(section, first=False)


def render_consolidated_docx(report: Consolidated, issuer: Organization, *, prefer_system_font: bool = True,
                             signer: dict[str, str] | None = None, recipients: Sequence[str] | None = None) -> bytes:
    """`signer` and `recipients` as for render_consolidated_pdf."""
    styles = make_styles(report_fonts(prefer_system_font))
    doc = Document()
    _setup(doc)
    _page_numbers(doc.sections[0], first=True)
    style_id = doc.styles[TABLE_STYLE].style_id
    doc.core_properties.title = f"Báo cáo {report.subject[:1].lower()}{report.subject[1:]}"
    doc.core_properties.author = display_text(issuer.name)
    doc.core_properties.language = "vi-VN"
    _header(doc, issuer, report)
    _paragraph(doc, report.intro, indent=True)
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
                doc.add_paragraph(display_text(part.title), style="Heading 1")
            if isinstance(block, str):
                paragraph = _paragraph(doc, block, indent=True)
                paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            else:
                _table(doc, block, style_id, layouts[id(block)][0])
        if not blocks:
            doc.add_paragraph(display_text(part.title), style="Heading 1")
    if landscape:
        _new_section(doc, landscape=False)
    _closing(doc, report, signer, recipients)
    for annex in report.annexes:  # each annex from a new page, under its centred title
        tables = [block for block in annex.blocks if isinstance(block, Table)]
        annex_layouts = [table_layout(styles, table) for table in tables]
        _new_section(doc, landscape=any(wide for _, wide in annex_layouts))
        _paragraph(doc, annex.title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        for table, (twips, _wide) in zip(tables, annex_layouts, strict=True):
            _table(doc, table, style_id, twips)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render_reminder_docx(letter: Letter, *, title: str = "") -> bytes:
    doc = Document()
    _setup(doc)
    doc.core_properties.title = title or letter.about
    doc.core_properties.language = "vi-VN"
    centre = WD_ALIGN_PARAGRAPH.CENTER
    head = doc.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left.paragraphs[0].add_run(display_text(letter.parent)).font.size = Pt(12)
    left.paragraphs[0].alignment = centre
    fonts = report_fonts()
    _paragraph(left, "\n".join(balanced_lines(letter.body, fonts.bold, 12, HEADER_LEFT * FRAMES.portrait_width)),
               bold=True, size=12, align=centre)
    _paragraph(left, letter.number, size=13, align=centre)
    _paragraph(left, letter.about, size=12, align=centre)
    right.paragraphs[0].add_run(letter.national).bold = True
    right.paragraphs[0].runs[0].font.size = Pt(12)
    right.paragraphs[0].alignment = centre
    _paragraph(right, letter.motto, bold=True, size=13, align=centre)
    _paragraph(right, letter.dateline, italic=True, align=centre)
    if len(letter.addressees) == 1:
        _paragraph(doc, f"{letter.greeting} {letter.addressees[0][2:]}", align=centre)
    else:
        _paragraph(doc, letter.greeting).paragraph_format.left_indent = Pt(34)
        for line in letter.addressees:
            _paragraph(doc, line).paragraph_format.left_indent = Pt(74)
    for text in letter.paragraphs:
        _paragraph(doc, text, indent=True).alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    block = doc.add_table(rows=1, cols=2)
    left, right = block.rows[0].cells
    left.paragraphs[0].add_run(letter.copies_title).bold = True
    left.paragraphs[0].runs[0].italic = True
    left.paragraphs[0].runs[0].font.size = Pt(12)
    for line in letter.copies:
        _paragraph(left, line, size=11).paragraph_format.space_after = Pt(0)
    first = True
    for line in letter.signer:
        paragraph = right.paragraphs[0] if first else right.add_paragraph()
        paragraph.add_run(line).bold = True
        paragraph.alignment = centre
        first = False
    if letter.signer_name:
        for _ in range(4):
            right.add_paragraph()
        _paragraph(right, letter.signer_name, bold=True, align=centre)
    if letter.annex_rows:
        doc.add_page_break()
        _paragraph(doc, letter.annex_title, bold=True, align=centre)
        _paragraph(doc, letter.annex_subtitle, italic=True, align=centre)
        grid = doc.add_table(rows=1, cols=3)
        grid.style = "Table Grid"
        heading = ("TT", "Cơ quan, đơn vị", "Nội dung đề nghị") if letter.greeting == "Kính gửi:" else \
            ("No.", "Agency or unit", "Request")
        for cell, text in zip(grid.rows[0].cells, heading, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
            cell.paragraphs[0].alignment = centre
        for index, (name, ask) in enumerate(letter.annex_rows, start=1):
            cells = grid.add_row().cells
            for cell, text in zip(cells, (str(index), name, ask), strict=True):
                cell.paragraphs[0].add_run(display_text(text))
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


# ---- the parts our writer ships as they are (resources/docx/template-parts.zip) -------------------

# python-docx's default template after _setup: the same in every document the two renderers write
STATIC_PARTS = ("_rels/.rels", "docProps/app.xml", "word/styles.xml", "word/stylesWithEffects.xml",
                "word/settings.xml", "word/webSettings.xml", "word/fontTable.xml", "word/theme/theme1.xml",
                "customXml/item1.xml", "customXml/_rels/item1.xml.rels", "customXml/itemProps1.xml",
                "word/numbering.xml")


def static_parts() -> dict[str, bytes]:
    """The parts of a document python-docx saves after `_setup` that no content changes."""
    import zipfile

    doc = Document()
    _setup(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        return {name: package.read(name) for name in STATIC_PARTS}


def write_static_parts(path: Any) -> None:
    """`python -m tests.inbox.docx_reference resources/docx/template-parts.zip`: made once; the
    comparison test checks the shipped file still equals what python-docx makes."""
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        for name, data in static_parts().items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            package.writestr(info, data, compresslevel=9)


if __name__ == "__main__":
    import sys

    write_static_parts(sys.argv[1])
