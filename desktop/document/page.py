"""The A4 page of a Decree 30 document (pdf-layout.md): margins, page numbers, page templates.

Shared by the report, the consolidated report and the receipt.
"""

from __future__ import annotations

import io
from typing import NamedTuple

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from desktop.document.fonts import FontFamily
from desktop.document.pdf_sections import LANDSCAPE, PORTRAIT

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


def _page_number(fonts: FontFamily):
    def draw(canvas, doc) -> None:
        number = canvas.getPageNumber()
        if number > 1:  # Decree 30: centred in the top margin, not on the first page
            width, height = canvas._pagesize
            canvas.saveState()
            canvas.setFont(fonts.regular, PAGE_NUMBER_SIZE)
            canvas.drawCentredString(width / 2, height - 12 * mm, str(number))
            canvas.restoreState()

    return draw


def official_document(buffer: io.BytesIO, fonts: FontFamily, **info: object) -> BaseDocTemplate:
    """The A4 document of pdf-layout.md: portrait and landscape page templates, page numbers."""
    # initialFontName: otherwise every page names Helvetica, a font that is not embedded (PDF/A).
    doc = BaseDocTemplate(buffer, pagesize=A4, lang="vi-VN", displayDocTitle=1,
                          initialFontName=fonts.regular, initialFontSize=14, **info)
    wide = landscape(A4)
    doc.addPageTemplates([
        PageTemplate(PORTRAIT, [_frame(A4, PORTRAIT_MARGINS, PORTRAIT)], onPage=_page_number(fonts),
                     pagesize=A4),
        PageTemplate(LANDSCAPE, [_frame(wide, LANDSCAPE_MARGINS, LANDSCAPE)], onPage=_page_number(fonts),
                     pagesize=wide),
    ])
    return doc
