"""The visible signature's appearance, drawn with reportlab as a one-page PDF the size of the box.

pyHanko's own text stamps need its optional OpenType stack (fontTools + HarfBuzz) and, in 0.38,
spread the letters of fonts with 2048 units per em. reportlab embeds and measures any TrueType
font correctly, so the stamp is drawn here and pyHanko only places it in the signature field.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from reportlab.lib.colors import Color
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from desktop.i18n import N_, LocalizedError, Message
from desktop.paths import resources_dir
from desktop.signing.signers import CertificateInfo, vn_time

STAMP_BLUE = Color(0.05, 0.2, 0.55)
MAX_FONT_SIZE = 10.0
MIN_FONT_SIZE = 5.0
PADDING = 4.0

_SYSTEM_FONTS = (
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/usr/share/fonts/noto/NotoSans-Regular.ttf",
    "C:/Windows/Fonts/arial.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
)


def stamp_font_path() -> Path:
    """The bundled Noto Sans, else a system font with Vietnamese letters."""
    candidates = [resources_dir() / "fonts" / "NotoSans-Regular.ttf"]
    if sys.platform == "win32":
        candidates.append(Path("C:/Windows/Fonts/arial.ttf"))
    candidates += [Path(path) for path in _SYSTEM_FONTS]
    for path in candidates:
        if path.is_file():
            return path
    raise LocalizedError(Message(N_("No font with Vietnamese letters was found for the signature")))


@cache
def _register(path: str) -> str:
    name = f"CT20Stamp-{abs(hash(path)):x}"
    pdfmetrics.registerFont(TTFont(name, path))
    return name


def stamp_lines(info: CertificateInfo, signed_at: dt.datetime) -> list[str]:
    """The three lines signed government PDFs show (pdf-layout.md); they stay Vietnamese."""
    lines = [f"Ký bởi: {info.common_name}"]
    if info.organization:
        lines.append(f"Cơ quan: {info.organization}")
    lines.append(f"Thời gian ký: {vn_time(signed_at, '.')}")
    return lines


def _layout(
    lines: Sequence[str], font: str, width: float, height: float
) -> tuple[float, list[str]]:
    """The largest font size (down to MIN_FONT_SIZE) at which the wrapped lines fit the box."""
    size = MAX_FONT_SIZE
    while True:
        wrapped = [part for line in lines for part in simpleSplit(line, font, size, width)]
        if len(wrapped) * size * 1.25 <= height or size <= MIN_FONT_SIZE:
            return size, wrapped
        size -= 0.5


def render_stamp(
    lines: Sequence[str], width: float, height: float, font_path: Path | None = None
) -> bytes:
    """A one-page PDF of exactly `width` × `height` points holding the framed text."""
    font = _register(str(font_path or stamp_font_path()))
    buffer = io.BytesIO()
    # initialFontName: otherwise the page names Helvetica, a font that is not embedded (PDF/A)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1, initialFontName=font)
    pdf.setStrokeColor(STAMP_BLUE)
    pdf.setFillColor(STAMP_BLUE)
    pdf.setLineWidth(0.8)
    pdf.rect(0.4, 0.4, width - 0.8, height - 0.8)
    size, wrapped = _layout(lines, font, width - 2 * PADDING, height - 2 * PADDING)
    leading = size * 1.25
    block = leading * len(wrapped)
    y = height - PADDING - (height - 2 * PADDING - block) / 2 - size
    pdf.setFont(font, size)
    for line in wrapped:
        pdf.drawString(PADDING, y, line)
        y -= leading
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
