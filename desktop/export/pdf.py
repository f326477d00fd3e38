"""The report as a PDF laid out like a Vietnamese administrative document (Decree 30/2020/NĐ-CP).

`render_report_pdf` builds it from the form definition and the values, for every form: the header,
title and "Kính gửi", the numbered sections with their tables (landscape pages for wide ones), the
closing sentence, "Nơi nhận" and the signature block. It returns the PDF and the rectangle reserved
for the visible PAdES signature, which the signing step places there. The PDF is Vietnamese
whatever the interface language: it is the official copy.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
)

from desktop import __version__
from desktop.document.fonts import report_fonts
from desktop.document.page import LANDSCAPE_MARGINS, PORTRAIT_MARGINS, SignatureBox, official_document
from desktop.document.pdf_annex import justification_annex
from desktop.document.pdf_layout import (
    Styles,
    closing_block,
    esc,
    header_block,
    make_styles,
    subject_line,
    title_block,
)
from desktop.document.pdf_sections import PORTRAIT, Frames, SectionWriter
from desktop.document.text import display_text
from desktop.forms.derived import compute_derived
from desktop.forms.model import FormDefinition
from desktop.forms.periods import Period
from desktop.registry import Organization
from desktop.reporting.adhoc import CUTOFF_FROM, CUTOFF_TO, cutoff_line, reference_line
from desktop.signing.pdfa import DocumentFacts, make_pdfa
from desktop.signing.signers import VN_TZ


@dataclass(frozen=True)
class PdfResult:
    data: bytes
    signature_box: SignatureBox
    page_count: int


def _group(values: dict, key: str) -> dict:
    group = values.get(key)
    return group if isinstance(group, dict) else {}


def _contact_line(styles: Styles, values: dict) -> Paragraph | None:
    contact = _group(values, "contact")
    parts = []
    if contact.get("name"):
        parts.append(contact["name"])
    if contact.get("phone"):
        parts.append(f"điện thoại: {contact['phone']}")
    if contact.get("email"):
        parts.append(f"thư điện tử: {contact['email']}")
    if not parts:
        return None
    return Paragraph(esc("Cán bộ đầu mối: " + ", ".join(parts) + "."), styles.body)


def _cutoff_paragraph(styles: Styles, document: dict) -> Paragraph | None:
    """ "(Số liệu tính từ ngày … đến ngày …)" in italics under the subject (thời gian chốt số liệu)."""
    try:
        start, end = (dt.date.fromisoformat(document[k]) for k in (CUTOFF_FROM, CUTOFF_TO))
    except (KeyError, TypeError, ValueError):
        return None
    style = styles.body.clone("cutoff", fontName=styles.fonts.italic, firstLineIndent=0, alignment=1, spaceBefore=4,
                              spaceAfter=0)
    return Paragraph(esc(f"({cutoff_line(start, end)})"), style)


def _closing_sentence(styles: Styles, subject: str, org: Organization) -> Paragraph:
    """ "Trên đây là báo cáo … của <org>./." — Decree 30 ends the text with "./."."""
    text = f"Trên đây là báo cáo {subject[:1].lower()}{subject[1:]} của {org.name}./."
    return Paragraph(esc(text), styles.body)


def document_facts(form: FormDefinition, org: Organization, period: Period, subject: str) -> DocumentFacts:
    """The document properties every PDF viewer shows: words only, never the form's id or version,
    the organisation's id or the period's code (the embedded data file carries those for machines).
    Subject: the form's title and the period in words; keywords: the organisation and the period."""
    period_words = period.label().render("vi")
    period_words = period_words[:1].lower() + period_words[1:]  # "năm 2025", "6 tháng đầu năm 2026"
    name = display_text(org.name)  # a custom organisation's name is typed: the XMP carries no control
    return DocumentFacts(
        title=display_text(f"Báo cáo {subject[:1].lower()}{subject[1:]}"),
        author=name,
        subject=f"{form.title['vi']}, kỳ báo cáo: {period_words}",
        creator=f"CT20 Desktop {__version__}",
        keywords=[name, period_words],
    )


def render_report_pdf(
    form: FormDefinition,
    values: dict,
    *,
    org: Organization,
    period: Period,
    derived: dict | None = None,
    addressee: str | None = None,
    lang: str = "vi",
    prefer_system_font: bool = True,
    request: dict | None = None,
    sample: bool = False,
    justifications: list[dict] | None = None,
    moment: dt.datetime | None = None,
) -> PdfResult:
    """The report PDF and the rectangle reserved for the visible signature.

    `addressee` is the "Kính gửi" line; by default the form's first default recipient (the
    Ministry's department). `derived` defaults to `compute_derived(form, values)`. `lang` is
    accepted for symmetry with the other exports: the document itself is always Vietnamese.
    `sample`: every page marked "MẪU — KHÔNG CÓ GIÁ TRỊ"; `justifications` (the data file's
    acknowledged warnings with their reasons) become an annex after the signature block.
    `moment`: the PDF/A metadata's time (default: now).
    """
    del lang  # the official copy is Vietnamese whatever the interface language
    fonts = report_fonts(prefer_system_font)
    styles = make_styles(fonts)
    if derived is None:
        derived = compute_derived(form, values)
    if addressee is None and form.default_recipients:
        addressee = form.default_recipients[0].rstrip(" ;.")
    document = _group(values, "document")
    subject = subject_line(form.title["vi"], period)
    frames = Frames(
        portrait_width=A4[0] - PORTRAIT_MARGINS["left"] - PORTRAIT_MARGINS["right"],
        landscape_width=A4[1] - LANDSCAPE_MARGINS["left"] - LANDSCAPE_MARGINS["right"],
    )
    width = frames.portrait_width

    story: list[Flowable] = [header_block(styles, org, document, width)]
    title = title_block(styles, subject, addressee, width)
    cutoff = _cutoff_paragraph(styles, document)
    if cutoff is not None:  # under the subject, above "Kính gửi"
        title.insert(len(title) - 1, cutoff)
    story += title
    opening = reference_line(request or {})
    story.append(Paragraph(esc(f"{opening}, {org.name} báo cáo như sau:" if opening
                               else f"{org.name} báo cáo như sau:"), styles.body))
    orientation = PORTRAIT
    for block in SectionWriter(form, values, derived, styles, frames).write():
        if block.orientation != orientation:
            story += [NextPageTemplate(block.orientation), PageBreak()]
            orientation = block.orientation
        story += block.flowables
    if orientation != PORTRAIT:
        story += [NextPageTemplate(PORTRAIT), PageBreak()]
    closing, space = closing_block(styles, document, addressee, width)
    # The signature never stands alone on a page: the closing sentence goes with it.
    contact = _contact_line(styles, values)
    if contact is not None:
        story.append(contact)
    story.append(KeepTogether([_closing_sentence(styles, subject, org), closing]))
    story += justification_annex(styles, justifications or [], width, document.get("number") or None)

    buffer = io.BytesIO()
    facts = document_facts(form, org, period, subject)
    doc = official_document(buffer, fonts, sample=sample, title=facts.title, author=facts.author, subject=facts.subject,
                            creator=facts.creator, keywords=facts.keywords)
    doc.build(story)
    if space.box is None:
        raise AssertionError("the signature space was never drawn")
    # PDF/A-3b (package.md): XMP with the PDF/A identification and an sRGB output intent.
    data = make_pdfa(buffer.getvalue(), facts, moment=moment or dt.datetime.now(VN_TZ))
    return PdfResult(data, SignatureBox(*space.box), doc.page)
