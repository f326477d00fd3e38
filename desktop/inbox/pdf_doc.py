"""Shared by the consolidated report and the receipt: the page templates of the report PDF.

The margins, page numbers and fonts are those of desktop/document/page.py (pdf-layout.md), imported
rather than copied; only the small document template is set up here, with the same two page
templates (portrait, and landscape for wide tables).
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.platypus import BaseDocTemplate

from desktop import __version__
from desktop.document.fonts import FontFamily
from desktop.document.page import LANDSCAPE_MARGINS, PORTRAIT_MARGINS
from desktop.document.page import official_document as report_document
from desktop.document.pdf_sections import Frames
from desktop.registry import Organization, UnknownOrganizationError, get_organization

FRAMES = Frames(
    portrait_width=A4[0] - PORTRAIT_MARGINS["left"] - PORTRAIT_MARGINS["right"],
    landscape_width=A4[1] - LANDSCAPE_MARGINS["left"] - LANDSCAPE_MARGINS["right"],
)
CREATOR = f"CT20 Desktop {__version__}"


def official_document(buffer: io.BytesIO, fonts: FontFamily, **info: Any) -> BaseDocTemplate:
    """The report PDF's document template, with CT20 named as the creator."""
    info.setdefault("creator", CREATOR)
    return report_document(buffer, fonts, **info)


def issuer(store: Any = None, org_id: str = "cuc-atmt") -> Organization:
    """The consolidator as the registry knows it (Cục ATMT), for the document header."""
    custom = store.custom_organizations() if store is not None else []
    try:
        return get_organization(org_id, custom)
    except UnknownOrganizationError:
        return Organization(org_id, "ministry-unit", "Cục Kỹ thuật an toàn và Môi trường công nghiệp",
                            parent_body="BỘ CÔNG THƯƠNG", place="Hà Nội", number_suffix="ATMT")
