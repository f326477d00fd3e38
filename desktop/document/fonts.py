"""The report's typeface: Times New Roman where the machine has it, else the bundled Liberation Serif.

Decree 30 documents are set in Times New Roman. Windows ships it; elsewhere the PDF uses Liberation
Serif (SIL OFL 1.1, `resources/fonts/`), which has the same advance widths, so a report breaks its
lines and pages the same way on every machine. Both are embedded (subset) in the PDF, as PDF/A asks.
A Times New Roman without every Vietnamese letter (very old copies) is passed over.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.i18n import N_, LocalizedError, Message
from desktop.paths import resources_dir

STYLES = ("regular", "bold", "italic", "bold_italic")
BUNDLED_FILES = {
    "regular": "LiberationSerif-Regular.ttf",
    "bold": "LiberationSerif-Bold.ttf",
    "italic": "LiberationSerif-Italic.ttf",
    "bold_italic": "LiberationSerif-BoldItalic.ttf",
}
_WINDOWS_FILES = {"regular": "times.ttf", "bold": "timesbd.ttf", "italic": "timesi.ttf", "bold_italic": "timesbi.ttf"}
_NAMED_FILES = {
    "regular": "Times New Roman.ttf",
    "bold": "Times New Roman Bold.ttf",
    "italic": "Times New Roman Italic.ttf",
    "bold_italic": "Times New Roman Bold Italic.ttf",
}
_UNDERSCORED_FILES = {style: name.replace(" ", "_") for style, name in _NAMED_FILES.items()}
# Every letter a Vietnamese report prints, plus the typographic marks the forms use.
VIETNAMESE_SAMPLE = (
    "aàảãáạăằẳẵắặâầẩẫấậdđeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵ"
    "AÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬDĐEÈẺẼÉẸÊỀỂỄẾỆIÌỈĨÍỊOÒỎÕÓỌÔỒỔỖỐỘƠỜỞỠỚỢUÙỦŨÚỤƯỪỬỮỨỰYỲỶỸÝỴ"
    "³²–“”’"
)


class FontError(LocalizedError):
    pass


@dataclass(frozen=True)
class FontFamily:
    """A registered reportlab font family; `regular` is also the family name for <b>/<i> markup."""

    display_name: str  # "Times New Roman" or "Liberation Serif"
    regular: str
    bold: str
    italic: str
    bold_italic: str
    files: tuple[Path, ...]


def _font_dirs() -> list[Path]:
    dirs: list[Path] = []
    if sys.platform == "win32":
        windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT") or r"C:\Windows"
        dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:  # fonts installed "for this user only"
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path("/Library/Fonts"), Path("/System/Library/Fonts/Supplemental"), Path.home() / "Library/Fonts"]
    else:
        dirs += [
            Path("/usr/share/fonts/truetype/msttcorefonts"),
            Path("/usr/share/fonts/msttcore"),
            Path("/usr/share/fonts/TTF"),
            Path.home() / ".local/share/fonts",
            Path.home() / ".fonts",
        ]
    return dirs


def times_new_roman_files() -> dict[str, Path] | None:
    """The four Times New Roman files of this machine, or None when any is missing."""
    for folder in _font_dirs():
        for names in (_WINDOWS_FILES, _NAMED_FILES, _UNDERSCORED_FILES):
            files = {style: _find(folder, name) for style, name in names.items()}
            if all(files.values()):
                return files  # type: ignore[return-value]
    return None


def _find(folder: Path, name: str) -> Path | None:
    path = folder / name
    if path.is_file():
        return path
    lowered = folder / name.lower()  # msttcorefonts installs times.ttf as well as Times_New_Roman.ttf
    return lowered if lowered.is_file() else None


def bundled_files() -> dict[str, Path]:
    folder = resources_dir() / "fonts"
    return {style: folder / name for style, name in BUNDLED_FILES.items()}


def _covers_vietnamese(font: TTFont) -> bool:
    cmap = font.face.charToGlyph
    return all(ord(char) in cmap for char in VIETNAMESE_SAMPLE)


@cache
def report_fonts(prefer_system: bool = True) -> FontFamily:
    """Register and return the report family (cached: registration happens once per process)."""
    if prefer_system:
        system = times_new_roman_files()
        if system is not None:
            try:
                return _register("CT20-TimesNewRoman", "Times New Roman", system)
            except FontError:
                pass  # a damaged or incomplete copy: the bundled font still makes a correct PDF
    return _register("CT20-LiberationSerif", "Liberation Serif", bundled_files())


def _register(prefix: str, display: str, files: dict[str, Path]) -> FontFamily:
    names = {}
    fonts = []
    for style in STYLES:
        path = files[style]
        name = prefix if style == "regular" else f"{prefix}-{style}"
        try:
            font = TTFont(name, str(path))
        except Exception as exc:  # reportlab raises TTFError, OSError, struct errors
            raise FontError(
                Message(N_("The font file {path} cannot be used: {error}"), path=str(path), error=str(exc))
            ) from exc
        if not _covers_vietnamese(font):
            raise FontError(Message(N_("The font file {path} lacks Vietnamese letters."), path=str(path)))
        fonts.append(font)
        names[style] = name
    for font in fonts:
        pdfmetrics.registerFont(font)
    regular, bold, italic, bold_italic = (names[s] for s in STYLES)
    pdfmetrics.registerFontFamily(regular, normal=regular, bold=bold, italic=italic, boldItalic=bold_italic)
    return FontFamily(display, regular, bold, italic, bold_italic, tuple(files[s] for s in STYLES))
