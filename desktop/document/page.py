"""The A4 page of a Decree 30 document (pdf-layout.md): margins, page numbers, page templates.

Shared by the report, the consolidated report and the receipt.
"""

from __future__ import annotations

import io
from typing import NamedTuple

from reportlab import rl_config
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from desktop.document.fonts import FontFamily
from desktop.document.pdf_sections import LANDSCAPE, PORTRAIT

# Page streams Flate-compressed only. reportlab's default puts ASCII85 on top, which makes every
# page a quarter bigger (a 2,000-row report: 925 KB instead of 771 KB) and with it the hash, the
# package and the store; PDF/A and every reader take binary streams. A reportlab setting: it holds
# for every PDF the process draws.
rl_config.useA85 = 0

# Decree 30: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm. A landscape page is bound
# by its top edge (the table's head faces the binding), so its top margin is the wide one.
PORTRAIT_MARGINS = {"top": 20 * mm, "bottom": 20 * mm, "left": 30 * mm, "right": 15 * mm}
LANDSCAPE_MARGINS = {"top": 30 * mm, "bottom": 15 * mm, "left": 20 * mm, "right": 20 * mm}
PAGE_NUMBER_SIZE = 13



class SignatureBox(NamedTuple):
    """Where the visible signature goes: 0-based page index and the rectangle in PDF points."""

    page_index: int
    x1: float
    y1: float
    x2: float
    y2: float


def _frame(page: tuple[float, float], margins: dict[str, float], name: str) -> Frame:
    width, height = page
    return Frame(
        margins["left"], margins["bottom"],
        width - margins["left"] - margins["right"], height - margins["top"] - margins["bottom"],
        leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=name,
    )


SAMPLE_MARK = "MẪU — KHÔNG CÓ GIÁ TRỊ"  # a sample report: on every page, never an official document
SAMPLE_COLOR = (0.78, 0.16, 0.16)
SAMPLE_SHADE = (0.90, 0.90, 0.90)


def _sample_mark(canvas, fonts: FontFamily) -> None:  # type: ignore[no-untyped-def]
    """A light diagonal mark under the page's text and a red line in the top margin (extractable)."""
    width, height = canvas._pagesize
    canvas.saveState()
    canvas.setFillColorRGB(*SAMPLE_SHADE)
    canvas.setFont(fonts.bold, 40)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.drawCentredString(0, 0, SAMPLE_MARK)
    canvas.restoreState()
    canvas.saveState()
    canvas.setFillColorRGB(*SAMPLE_COLOR)
    canvas.setFont(fonts.bold, 11)
    canvas.drawString(15 * mm, height - 9 * mm, SAMPLE_MARK)
    canvas.restoreState()


def _page_number(fonts: FontFamily, sample: bool = False):
    def draw(canvas, doc) -> None:
        if sample:
            _sample_mark(canvas, fonts)
        number = canvas.getPageNumber()
        if number > 1:  # Decree 30: centred in the top margin, not on the first page
            width, height = canvas._pagesize
            canvas.saveState()
            canvas.setFont(fonts.regular, PAGE_NUMBER_SIZE)
            canvas.drawCentredString(width / 2, height - 12 * mm, str(number))
            canvas.restoreState()

    return draw


def official_document(buffer: io.BytesIO, fonts: FontFamily, *, sample: bool = False,
                      **info: object) -> BaseDocTemplate:
    """The A4 document of pdf-layout.md: portrait and landscape page templates, page numbers;
    `sample`: every page marked "MẪU — KHÔNG CÓ GIÁ TRỊ"."""
    # initialFontName: otherwise every page names Helvetica, a font that is not embedded (PDF/A).
    doc = BaseDocTemplate(buffer, pagesize=A4, lang="vi-VN", displayDocTitle=1,
                          initialFontName=fonts.regular, initialFontSize=14, **info)
    wide = landscape(A4)
    doc.addPageTemplates([
        PageTemplate(PORTRAIT, [_frame(A4, PORTRAIT_MARGINS, PORTRAIT)], onPage=_page_number(fonts, sample),
                     pagesize=A4),
        PageTemplate(LANDSCAPE, [_frame(wide, LANDSCAPE_MARGINS, LANDSCAPE)], onPage=_page_number(fonts, sample),
                     pagesize=wide),
    ])
    return doc
