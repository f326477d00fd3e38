"""The reminder letter's two files: a Decree 30 công văn as PDF (the document kit) and as DOCX.

The words come from desktop.inbox.reminders (`Letter`); here they are only laid out: the header
with the number and the "V/v" summary under it, "Kính gửi:" and the list of addressees, the body,
"Nơi nhận:" and the signer's block left for the signature.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from reportlab.lib.units import cm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from desktop.document import docx
from desktop.document.docx import pt
from desktop.document.fonts import report_fonts
from desktop.document.pdf_layout import CentredRule, Styles, esc, make_styles, parent_body_line
from desktop.document.text import display_text
from desktop.inbox.pdf_doc import FRAMES, official_document
from desktop.inbox.render_docx import CENTRE, JUSTIFY, PORTRAIT, text_paragraph


@dataclass(frozen=True)
class Letter:
    """The letter's words in one language: what the PDF and the DOCX both print."""

    parent: str
    body: str
    number: str
    about: str
    national: str
    motto: str
    dateline: str
    greeting: str
    addressees: list[str]
    paragraphs: list[str]
    copies_title: str
    copies: list[str]
    signer: list[str]
    signer_name: str
    annex_title: str = ""  # the attached list of addressees, when there are many
    annex_subtitle: str = ""
    annex_rows: list[tuple[str, str]] = field(default_factory=list)  # (organisation, what is asked of it)



HEADER_LEFT = 0.44  # the share of the line the issuing body's column takes, as in pdf_layout.header_block


def balanced_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """The issuing body on two balanced lines when it does not fit on one ("CỤC KỸ THUẬT AN TOÀN VÀ"
    / "MÔI TRƯỜNG CÔNG NGHIỆP"), as a Ministry's letterhead breaks it; otherwise one line."""
    words = text.split()
    if stringWidth(text, font, size) <= width or len(words) < 2:
        return [text]
    best = min(range(1, len(words)), key=lambda i: max(stringWidth(" ".join(words[:i]), font, size),
                                                         stringWidth(" ".join(words[i:]), font, size)))
    return [" ".join(words[:best]), " ".join(words[best:])]


def _pdf_header(styles: Styles, letter: Letter, width: float) -> Table:
    fonts = styles.fonts
    left_width = width * HEADER_LEFT
    about = styles.number.clone("about", fontSize=12, leading=14)
    body = "<br/>".join(esc(line) for line in balanced_lines(letter.body, fonts.bold, 12, left_width))
    left: list[Flowable] = [Paragraph(esc(parent_body_line(letter.parent, fonts.regular, 12, left_width)),
                                      styles.header),
                            Paragraph(body, styles.header_bold), CentredRule(left_width * 0.35),
                            Paragraph(esc(letter.number), styles.number), Paragraph(esc(letter.about), about)]
    right: list[Flowable] = [Paragraph(esc(letter.national), styles.header_bold),
                             Paragraph(esc(letter.motto), styles.motto), CentredRule((width - left_width) * 0.62),
                             Spacer(1, 4), Paragraph(esc(letter.dateline), styles.dateline)]
    table = Table([[left, right]], colWidths=[left_width, width - left_width])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.regular, 12),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def _pdf_closing(styles: Styles, letter: Letter, width: float) -> Table:
    left: list[Flowable] = [Paragraph(esc(letter.copies_title), styles.recipients_title)]
    left += [Paragraph(esc(line), styles.recipients) for line in letter.copies]
    right: list[Flowable] = [Paragraph(esc(line), styles.signer) for line in letter.signer]
    right.append(Spacer(1, 80))
    if letter.signer_name:
        right.append(Paragraph(esc(letter.signer_name), styles.signer))
    table = Table([[left, right]], colWidths=[width * 0.45, width * 0.55])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), styles.fonts.regular, 12), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    table.spaceBefore = 10
    return table


def _pdf_list(styles: Styles, letter: Letter, width: float) -> Table:
    heading = ["TT", "Cơ quan, đơn vị", "Nội dung đề nghị"] if letter.greeting == "Kính gửi:" else \
        ["No.", "Agency or unit", "Request"]
    rows = [[Paragraph(esc(text), styles.cell_header) for text in heading]]
    rows += [[Paragraph(str(i), styles.cell_center), Paragraph(esc(name), styles.cell),
              Paragraph(esc(ask), styles.cell)] for i, (name, ask) in enumerate(letter.annex_rows, start=1)]
    table = Table(rows, colWidths=[width * 0.08, width * 0.5, width * 0.42], repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), styles.fonts.regular, 11), ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def render_reminder_pdf(letter: Letter, *, title: str = "", prefer_system_font: bool = True) -> bytes:
    fonts = report_fonts(prefer_system_font)
    styles = make_styles(fonts)
    width = FRAMES.portrait_width
    greeting = styles.body.clone("greeting", firstLineIndent=0, leftIndent=0, spaceAfter=0)
    story: list[Flowable] = [_pdf_header(styles, letter, width), Spacer(1, 18)]
    names = styles.body.clone("greeting-names", firstLineIndent=0, leftIndent=2.6 * cm, spaceAfter=0)
    if len(letter.addressees) == 1:
        story.append(Paragraph(esc(f"{letter.greeting} {letter.addressees[0][2:]}"), styles.addressee))
    else:
        story.append(Paragraph(esc(letter.greeting), greeting.clone("greeting-c", leftIndent=1.2 * cm)))
        story += [Paragraph(esc(line), names) for line in letter.addressees]
        story.append(Spacer(1, 12))
    story += [Paragraph(esc(text), styles.body) for text in letter.paragraphs]
    story.append(_pdf_closing(styles, letter, width))
    if letter.annex_rows:
        story += [PageBreak(), Paragraph(esc(letter.annex_title), styles.title),
                  Paragraph(esc(letter.annex_subtitle), styles.dateline), Spacer(1, 10),
                  _pdf_list(styles, letter, width)]
    buffer = io.BytesIO()
    official_document(buffer, fonts, title=title or letter.about, author=letter.body).build(story)
    return buffer.getvalue()


def render_reminder_docx(letter: Letter, *, title: str = "") -> bytes:
    doc = docx.Document(PORTRAIT)
    half = docx.twips(doc.text_width // 2)
    fonts = report_fonts()
    body = "\n".join(balanced_lines(letter.body, fonts.bold, 12, HEADER_LEFT * FRAMES.portrait_width))
    left = [docx.paragraph(docx.run(display_text(letter.parent), size=12), align=CENTRE),
            text_paragraph(body, bold=True, size=12, align=CENTRE),
            text_paragraph(letter.number, size=13, align=CENTRE),
            text_paragraph(letter.about, size=12, align=CENTRE)]
    right = [docx.paragraph(docx.run(letter.national, bold=True, size=12), align=CENTRE),
             text_paragraph(letter.motto, bold=True, size=13, align=CENTRE),
             text_paragraph(letter.dateline, italic=True, align=CENTRE)]
    doc.add(docx.table([half, half], [docx.row([docx.cell(half, *left), docx.cell(half, *right)])], centred=True))
    if len(letter.addressees) == 1:
        doc.add(text_paragraph(f"{letter.greeting} {letter.addressees[0][2:]}", align=CENTRE))
    else:
        doc.add(text_paragraph(letter.greeting, left=pt(34)))
        doc.add(*(text_paragraph(line, left=pt(74)) for line in letter.addressees))
    doc.add(*(text_paragraph(text, indent=True, align=JUSTIFY) for text in letter.paragraphs))
    copies = [docx.paragraph(docx.run(letter.copies_title, bold=True, italic=True, size=12))]
    copies += [text_paragraph(line, size=11, space_after=pt(0)) for line in letter.copies]
    signer = [docx.paragraph(docx.run(line, bold=True), align=CENTRE) for line in letter.signer]
    if letter.signer_name:  # room for the signature, then the name
        signer = (signer or [docx.paragraph()]) + [docx.paragraph()] * 4
        signer.append(text_paragraph(letter.signer_name, bold=True, align=CENTRE))
    doc.add(docx.table([half, half], [docx.row([docx.cell(half, *copies), docx.cell(half, *signer)])]))
    if letter.annex_rows:
        third = docx.twips(doc.text_width // 3)
        heading = ("TT", "Cơ quan, đơn vị", "Nội dung đề nghị") if letter.greeting == "Kính gửi:" else \
            ("No.", "Agency or unit", "Request")
        rows = [docx.row(docx.cell(third, docx.paragraph(docx.run(text, bold=True), align=CENTRE)) for text in heading)]
        rows += [docx.row(docx.cell(third, docx.paragraph(docx.run(display_text(text), properties=False)))
                          for text in (str(index), name, ask))
                 for index, (name, ask) in enumerate(letter.annex_rows, start=1)]
        doc.add(docx.page_break(), text_paragraph(letter.annex_title, bold=True, align=CENTRE),
                text_paragraph(letter.annex_subtitle, italic=True, align=CENTRE),
                docx.table([third] * 3, rows, grid_style=True))
    return doc.save(title=title or letter.about, creator=letter.body, language="vi-VN")
