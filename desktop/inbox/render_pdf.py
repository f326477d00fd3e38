"""The consolidated report as a PDF, laid out like the reports it consolidates (pdf-layout.md).

Header, title and "Kính gửi", closing block and page numbers come from desktop/document/pdf_layout;
the tables are drawn by desktop/document/pdf_tables from a table definition made on the fly, so
numbers, widths, repeated headers and landscape pages behave as in a report. It is a draft: the
signature space stays empty for the officer who finishes it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, NextPageTemplate, PageBreak, Paragraph

from desktop.document.fonts import report_fonts
from desktop.document.pdf_layout import Styles, closing_block, esc, header_block, make_styles, title_block
from desktop.document.pdf_sections import LANDSCAPE, PORTRAIT
from desktop.document.pdf_tables import build_table
from desktop.forms.model import Field
from desktop.inbox.model import Consolidated, Table, oriented
from desktop.inbox.pdf_doc import FRAMES, official_document
from desktop.registry import Organization

RECIPIENTS = ("Lãnh đạo Bộ (để báo cáo)", "Lưu: VT, ATMT.")


def table_field(table: Table) -> Field:
    """The table as a form table field, for pdf_tables; its "TT" column numbers the rows itself."""
    columns = tuple(
        Field(key=c.key, type=c.kind, label={"vi": c.label, "en": c.label},
              unit={"vi": c.unit, "en": c.unit} if c.unit else None, decimals=c.decimals)
        for c in table.columns
    )
    return Field(key=table.key, type="table", label={"vi": table.title, "en": table.title}, columns=columns)


def _table(styles: Styles, table: Table) -> tuple[list[Flowable], bool]:
    drawn, wide = build_table(table_field(table), table.all_rows(), styles, FRAMES.portrait_width,
                              FRAMES.landscape_width)
    if table.total is not None:
        drawn.set_last_row_style([("FONT", (0, -1), (-1, -1), styles.fonts.bold)])
    # a heading never ends a page alone: it starts a new page unless its table's first rows fit under it
    return [CondPageBreak(4 * cm), Paragraph(esc(table.title), styles.table_heading), drawn], wide


def _period_words(report: Consolidated) -> str:
    """ "năm 2025", "6 tháng đầu năm 2026": the period as the report's readers say it."""
    words = report.period.label().render("vi")
    return words[:1].lower() + words[1:]


def render_consolidated_pdf(report: Consolidated, issuer: Organization, *, prefer_system_font: bool = True,
                            signer: dict[str, str] | None = None, recipients: Sequence[str] | None = None) -> bytes:
    """`signer` ({"authority", "head_title", "signer_title"}) and `recipients` default to Cục ATMT's
    report to the Ministry's leadership ("CỤC TRƯỞNG"; "Lãnh đạo Bộ (để báo cáo)", "Lưu: VT, ATMT.")."""
    fonts = report_fonts(prefer_system_font)
    styles = make_styles(fonts)
    width = FRAMES.portrait_width
    document = {
        "date": report.date.isoformat(), "place": issuer.place or "Hà Nội", "authority": "none",
        "signer_title": "CỤC TRƯỞNG", **(signer or {}),
        "recipients": [{"name": name} for name in (RECIPIENTS if recipients is None else recipients)],
    }
    story: list[Flowable] = [header_block(styles, issuer, document, width)]
    title = title_block(styles, report.subject, report.addressee, width)
    if report.cutoff_line:  # under the subject, above "Kính gửi", in italics as on the reports it consolidates
        style = styles.body.clone("cutoff", fontName=styles.fonts.italic, firstLineIndent=0, alignment=1,
                                  spaceBefore=4, spaceAfter=0)
        title.insert(len(title) - 1, Paragraph(esc(report.cutoff_line), style))
    story += title
    story.append(Paragraph(esc(report.intro), styles.body))
    orientation = PORTRAIT
    built = {id(block): _table(styles, block) for part in report.parts for block in part.blocks
             if isinstance(block, Table)}
    for part in report.parts:
        blocks = oriented(part, lambda table: built[id(table)][1])
        for index, (block, wide) in enumerate(blocks):
            wanted = LANDSCAPE if wide else PORTRAIT
            if wanted != orientation:  # a table's sentence and heading go with it onto its page
                story += [NextPageTemplate(wanted), PageBreak()]
                orientation = wanted
            if index == 0:
                story.append(Paragraph(esc(part.title), styles.heading))
            if isinstance(block, str):
                story.append(Paragraph(esc(block), styles.body))
            else:
                story += built[id(block)][0]
        if not blocks:
            story.append(Paragraph(esc(part.title), styles.heading))
    if orientation != PORTRAIT:
        story += [NextPageTemplate(PORTRAIT), PageBreak()]
    closing, _space = closing_block(styles, document, report.addressee, width)
    story.append(KeepTogether([Paragraph(esc(report.closing), styles.body), closing]))
    for annex in report.annexes:  # each annex from a new page, landscape when its table is wide
        first = True
        for block in annex.blocks:
            if isinstance(block, str):
                story.append(Paragraph(esc(block), styles.body))
                continue
            flowables, wide = _table(styles, block)
            if first:
                story += [NextPageTemplate(LANDSCAPE if wide else PORTRAIT), PageBreak(),
                          Paragraph(esc(annex.title), styles.title)]
                first = False
            story += flowables
    buffer = io.BytesIO()
    doc = official_document(
        buffer, fonts, title=f"Báo cáo {report.subject[:1].lower()}{report.subject[1:]}", author=issuer.name,
        # Document properties are shown by every viewer: words, never the form's or period's codes.
        subject=f"Báo cáo {report.subject[:1].lower()}{report.subject[1:]}, kỳ báo cáo: {_period_words(report)}",
        keywords=[issuer.name, _period_words(report)],
    )
    doc.build(story)
    return buffer.getvalue()
