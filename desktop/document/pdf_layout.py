"""The fixed parts of a Decree 30 report: styles, the two-column header, the title, the closing block.

Everything here prints Vietnamese, whatever the interface language: the PDF is the official copy.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm, mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop.document.fonts import FontFamily
from desktop.document.text import display_text
from desktop.forms.periods import Period
from desktop.registry import Organization

BODY_SIZE = 14
TABLE_SIZE = 11
SIGNATURE_WIDTH = 72 * mm
SIGNATURE_HEIGHT = 30 * mm
AUTHORITY_PREFIX = {"kt": "KT.", "tl": "TL.", "tuq": "TUQ.", "q": "Q."}
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def esc(text: Any) -> str:
    """Plain text → reportlab paragraph markup (values may hold <, & and quotes); control, bidi and
    zero-width characters removed (desktop.document.text.display_text)."""
    return escape(display_text(str(text)), {'"': "&quot;"})


@dataclass(frozen=True)
class Styles:
    fonts: FontFamily
    body: ParagraphStyle
    heading: ParagraphStyle  # "I. …", "1. …"
    table_heading: ParagraphStyle  # the same, not kept with the (splittable) table after it
    header: ParagraphStyle  # parent body, national title (12 pt, centred)
    header_bold: ParagraphStyle
    number: ParagraphStyle  # "Số: …"
    motto: ParagraphStyle
    dateline: ParagraphStyle
    title: ParagraphStyle
    addressee: ParagraphStyle
    recipients_title: ParagraphStyle
    recipients: ParagraphStyle
    signer: ParagraphStyle
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle
    cell_header: ParagraphStyle


def make_styles(fonts: FontFamily) -> Styles:
    def style(name: str, font: str, size: float, **kw: Any) -> ParagraphStyle:
        kw.setdefault("leading", round(size * 1.2, 1))
        return ParagraphStyle(name, fontName=font, fontSize=size, **kw)

    centred = {"alignment": TA_CENTER}
    return Styles(
        fonts=fonts,
        body=style("body", fonts.regular, BODY_SIZE, alignment=TA_JUSTIFY, firstLineIndent=1 * cm,
                   spaceAfter=6),
        heading=style("heading", fonts.bold, BODY_SIZE, alignment=TA_LEFT, firstLineIndent=1 * cm,
                      spaceBefore=4, spaceAfter=6, keepWithNext=1),
        table_heading=style("table-heading", fonts.bold, BODY_SIZE, alignment=TA_LEFT,
                            firstLineIndent=1 * cm, spaceBefore=4, spaceAfter=6),
        header=style("header", fonts.regular, 12, **centred),
        header_bold=style("header-bold", fonts.bold, 12, **centred),
        number=style("number", fonts.regular, 13, **centred),
        motto=style("motto", fonts.bold, 13, **centred),
        dateline=style("dateline", fonts.italic, 14, **centred),
        title=style("title", fonts.bold, BODY_SIZE, **centred),
        addressee=style("addressee", fonts.regular, BODY_SIZE, spaceBefore=10, spaceAfter=12, **centred),
        recipients_title=style("recipients-title", fonts.bold_italic, 12, alignment=TA_LEFT),
        recipients=style("recipients", fonts.regular, 11, leading=13, alignment=TA_LEFT),
        signer=style("signer", fonts.bold, BODY_SIZE, **centred),
        cell=style("cell", fonts.regular, TABLE_SIZE, leading=13, alignment=TA_LEFT),
        cell_right=style("cell-right", fonts.regular, TABLE_SIZE, leading=13, alignment=TA_RIGHT),
        cell_center=style("cell-center", fonts.regular, TABLE_SIZE, leading=13, alignment=TA_CENTER),
        cell_header=style("cell-header", fonts.bold, TABLE_SIZE, leading=13, alignment=TA_CENTER),
    )


class CentredRule(Flowable):
    """The short solid rule Decree 30 puts under the issuing body, the motto and the subject line."""

    def __init__(self, length: float, thickness: float = 0.6, above: float = 1.8, below: float = 2.0):
        super().__init__()
        self.length = length
        self.thickness = thickness
        self.above = above  # clear of the descenders of the line above
        self.below = below

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.length = min(self.length, avail_width)
        return avail_width, self.above + self.below

    def draw(self) -> None:
        self.canv.setLineWidth(self.thickness)
        start = (self.width - self.length) / 2
        self.canv.line(start, self.below, start + self.length, self.below)


class SignatureSpace(Flowable):
    """The empty space of the signature block; remembers where it was drawn for the PAdES field.

    The reserved box keeps a few points clear of the title line above and the name below, so the
    visible signature never touches their letters (diacritics and descenders included).
    """

    CLEARANCE = 4.0

    def __init__(self, width: float = SIGNATURE_WIDTH, height: float = SIGNATURE_HEIGHT) -> None:
        super().__init__()
        self.box_width = width
        self.box_height = height
        self.box: tuple[int, float, float, float, float] | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.box_width = min(self.box_width, avail_width)
        self.height = self.box_height + 2 * self.CLEARANCE
        return avail_width, self.height

    def draw(self) -> None:
        left = (self.width - self.box_width) / 2
        x1, y1 = self.canv.absolutePosition(left, self.CLEARANCE)
        x2, y2 = self.canv.absolutePosition(left + self.box_width, self.CLEARANCE + self.box_height)
        page_index = self.canv.getPageNumber() - 1
        self.box = (page_index, round(x1, 2), round(y1, 2), round(x2, 2), round(y2, 2))


def issuing_body_line(org: Organization) -> str:
    """The issuing body without the place its parent body already names ("SỞ CÔNG THƯƠNG")."""
    name_words = org.name.upper().split()
    parent_words = org.parent_body.upper().split()
    common = 0
    while (common < min(len(name_words), len(parent_words))
           and name_words[-1 - common] == parent_words[-1 - common]):
        common += 1
    if common >= 2 and len(name_words) - common >= 2:
        name_words = name_words[: len(name_words) - common]
    return " ".join(name_words)


def parent_body_line(parent_body: str, font: str, size: float, width: float) -> str:
    """The parent body in capitals, on one line where it fits: Decree 30 lets the header shorten
    common phrases ("ỦY BAN NHÂN DÂN" → "UBND"); otherwise it breaks after "ỦY BAN NHÂN DÂN"."""
    text = " ".join(parent_body.upper().split())
    if stringWidth(text, font, size) <= width:
        return text
    for phrase, short in (("ỦY BAN NHÂN DÂN", "UBND"), ("HỘI ĐỒNG NHÂN DÂN", "HĐND")):
        if text.startswith(phrase + " "):
            shortened = short + text[len(phrase):]
            if stringWidth(shortened, font, size) <= width:
                return shortened
    return text


def document_number(number: str | None, org: Organization) -> str:
    """ "Số: 05/BC-SCT" — Decree 30 writes numbers under 10 with a leading zero."""
    if not number:
        return f"Số:        /{org.number_suffix}" if org.number_suffix else "Số:"
    match = re.match(r"^(\d)(/.*)?$", number)
    if match:
        number = f"0{match.group(1)}{match.group(2) or ''}"
    return f"Số: {number}"


def date_line(place: str | None, date: str | None) -> str:
    """ "Ninh Bình, ngày 05 tháng 01 năm 2026": day under 10 and months 1–2 padded, not the others."""
    prefix = f"{place}, " if place else ""
    if not date:
        return f"{prefix}ngày      tháng      năm"
    day = dt.date.fromisoformat(date)
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{prefix}ngày {day.day:02d} tháng {month} năm {day.year}"


def subject_line(title_vi: str, period: Period) -> str:
    """The subject under "BÁO CÁO": the form title without its leading "Báo cáo", plus the period."""
    subject = re.sub(r"^\s*báo cáo\s+", "", title_vi, flags=re.IGNORECASE)
    subject = subject[:1].upper() + subject[1:]
    if period.kind == "half":
        return f"{subject} 6 tháng {'đầu' if period.half == 1 else 'cuối'} năm {period.year}"
    return f"{subject} năm {period.year}"


def _longest_line(text: str, font: str, size: float, width: float) -> float:
    return max((stringWidth(line, font, size) for line in simpleSplit(text, font, size, width)), default=0)


def header_block(styles: Styles, org: Organization, document: dict, width: float) -> Table:
    fonts = styles.fonts
    left_width = width * 0.44
    right_width = width - left_width
    body = issuing_body_line(org)
    left: list[Flowable] = []
    if org.parent_body:
        left.append(Paragraph(esc(parent_body_line(org.parent_body, fonts.regular, 12, left_width)),
                              styles.header))
    left.append(Paragraph(esc(body), styles.header_bold))
    left.append(CentredRule(0.4 * _longest_line(body, fonts.bold, 12, left_width)))
    right: list[Flowable] = [
        Paragraph(NATIONAL_TITLE, styles.header_bold),
        Paragraph(MOTTO, styles.motto),
        CentredRule(_longest_line(MOTTO, fonts.bold, 13, right_width)),
    ]
    place = document.get("place") or org.place
    rows = [
        [left, right],
        [Paragraph(esc(document_number(document.get("number"), org)), styles.number),
         Paragraph(esc(date_line(place, document.get("date"))), styles.dateline)],
    ]
    table = Table(rows, colWidths=[left_width, right_width])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), styles.fonts.regular, 12),  # not Helvetica: every font embedded
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 1), (-1, 1), 4),
    ]))
    return table


def title_block(styles: Styles, subject: str, addressee: str | None, width: float) -> list[Flowable]:
    rule = 0.4 * _longest_line(subject, styles.fonts.bold, BODY_SIZE, width)
    flowables: list[Flowable] = [
        Spacer(1, 16),
        Paragraph("BÁO CÁO", styles.title),
        Paragraph(esc(subject), styles.title),
        CentredRule(rule),
    ]
    if addressee:
        flowables.append(Paragraph(f"Kính gửi: {esc(addressee.rstrip(' ;.'))}.", styles.addressee))
    else:
        flowables.append(Spacer(1, 12))
    return flowables


def _same_recipient(a: str, b: str) -> bool:
    def key(text: str) -> str:
        return " ".join(text.strip().rstrip(";.").split()).casefold()

    return key(a) == key(b)


def recipient_lines(recipients: Sequence[str], addressee: str | None) -> list[str]:
    """ "- Như trên;" first when "Kính gửi" names the receiver; each line ends ";", the last ".". """
    names = [r.strip().lstrip("-– ").rstrip(" ;.") for r in recipients if r and r.strip()]
    if addressee:
        names = ["Như trên"] + [n for n in names if not _same_recipient(n, addressee)]
    return [f"- {name}{'.' if i == len(names) - 1 else ';'}" for i, name in enumerate(names)]


def signer_lines(document: dict) -> list[str]:
    """ "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC": the authority and head's title, then the signer's title."""
    authority = document.get("authority") or "none"
    head = (document.get("head_title") or "").strip()
    title = (document.get("signer_title") or "").strip()
    lines = []
    if authority in AUTHORITY_PREFIX and head:
        lines.append(f"{AUTHORITY_PREFIX[authority]} {head.upper()}")
        if authority == "q" and title.upper() == head.upper():
            title = ""
    if title:
        lines.append(title.upper())
    return lines


def closing_block(
    styles: Styles, document: dict, addressee: str | None, width: float
) -> tuple[Table, SignatureSpace]:
    left_width = width * 0.45
    recipients = [row.get("name", "") for row in document.get("recipients") or [] if isinstance(row, dict)]
    left: list[Flowable] = [Paragraph("Nơi nhận:", styles.recipients_title)]
    left += [Paragraph(esc(line), styles.recipients) for line in recipient_lines(recipients, addressee)]
    space = SignatureSpace()
    right: list[Flowable] = [Paragraph(esc(line), styles.signer) for line in signer_lines(document)]
    right.append(space)
    if document.get("signer_name"):
        right.append(Paragraph(esc(document["signer_name"]), styles.signer))
    table = Table([[left, right]], colWidths=[left_width, width - left_width])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), styles.fonts.regular, 12),  # not Helvetica: every font embedded
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    table.spaceBefore = 10
    return table, space
