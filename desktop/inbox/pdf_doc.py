"""Shared by the consolidated report and the receipt: the page templates of the report PDF.

The margins, page numbers and fonts are those of desktop/export/pdf.py (pdf-layout.md), imported
rather than copied; only the small document template is set up here, with the same two page
templates (portrait, and landscape for wide tables).
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from desktop import __version__
from desktop.export.fonts import FontFamily
from desktop.export.pdf import LANDSCAPE_MARGINS, PAGE_NUMBER_SIZE, PORTRAIT_MARGINS
from desktop.export.pdf_sections import LANDSCAPE, PORTRAIT, Frames
from desktop.registry import Organization, UnknownOrganizationError, get_organization

FRAMES = Frames(
    portrait_width=A4[0] - PORTRAIT_MARGINS["left"] - PORTRAIT_MARGINS["right"],
    landscape_width=A4[1] - LANDSCAPE_MARGINS["left"] - LANDSCAPE_MARGINS["right"],
)
CREATOR = f"CT20 Desktop {__version__}"


def _frame(page: tuple[float, float], margins: dict[str, float], name: str) -> Frame:
    width, height = page
    return Frame(margins["left"], margins["bottom"], width - margins["left"] - margins["right"],
                 height - margins["top"] - margins["bottom"], leftPadding=0, rightPadding=0, topPadding=0,
                 bottomPadding=0, id=name)


def _page_number(fonts: FontFamily):  # type: ignore[no-untyped-def]
    def draw(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        number = canvas.getPageNumber()
        if number > 1:  # Decree 30: centred in the top margin, not on the first page
            width, height = canvas._pagesize
            canvas.saveState()
            canvas.setFont(fonts.regular, PAGE_NUMBER_SIZE)
            canvas.drawCentredString(width / 2, height - 12 * mm, str(number))
            canvas.restoreState()

    return draw


def official_document(buffer: io.BytesIO, fonts: FontFamily, **info: Any) -> BaseDocTemplate:
    doc = BaseDocTemplate(buffer, pagesize=A4, lang="vi-VN", displayDocTitle=1, initialFontName=fonts.regular,
                          initialFontSize=14, creator=CREATOR, **info)
    wide = landscape(A4)
    doc.addPageTemplates([
        PageTemplate(PORTRAIT, [_frame(A4, PORTRAIT_MARGINS, PORTRAIT)], onPage=_page_number(fonts), pagesize=A4),
        PageTemplate(LANDSCAPE, [_frame(wide, LANDSCAPE_MARGINS, LANDSCAPE)], onPage=_page_number(fonts),
                     pagesize=wide),
    ])
    return doc


def issuer(store: Any = None, org_id: str = "cuc-atmt") -> Organization:
    """The consolidator as the registry knows it (Cục ATMT), for the document header."""
    custom = store.custom_organizations() if store is not None else []
    try:
        return get_organization(org_id, custom)
    except UnknownOrganizationError:
        return Organization(org_id, "ministry-unit", "Cục Kỹ thuật an toàn và Môi trường công nghiệp",
                            parent_body="BỘ CÔNG THƯƠNG", place="Hà Nội", number_suffix="ATMT")
