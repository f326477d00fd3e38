"""Every .xlsx workbook CT20 writes goes through here (report values, the board, the consolidation).

Text is always a text cell: openpyxl turns any string that starts with "=" into a formula, so a
difficulty typed as `=HYPERLINK("http://…","click")` or `=cmd|' /C calc'!A0` would go live in
Excel and LibreOffice. Here every string is written as an inline string (`data_type` "s"), never
as a formula, whatever it starts with; what XML cannot carry is removed first (desktop.document.
text), and a text longer than Excel's cell limit is cut there with a visible mark.

The workbook is write-only (streamed): every row is written once, in order, so the time is
linear in the number of cells. Column widths and frozen panes therefore come with the sheet,
before its first row; the auto filter may be set at any time.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from desktop.document.text import display_text, xml_text

EXCEL_CELL_LIMIT = 32_767  # characters Excel keeps in one cell
TRUNCATED = " […]"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Style:
    """How a cell looks; `None` fields keep openpyxl's default."""

    bold: bool = False
    size: float | None = None
    wrap: bool = False
    horizontal: str | None = None
    vertical: str | None = None
    number_format: str | None = None
    border: bool = False  # thin lines on all four sides


@dataclass(frozen=True)
class Formula:
    """A formula cell CT20 itself writes (never a user's text): `text` without the "=", and its
    value as computed by CT20, stored as the cell's cached value so that a reader that does not
    calculate (openpyxl, a previewer) shows the same figure as Excel."""

    text: str
    cached: int | float


def cell_text(value: str, *, display: bool = True) -> str:
    """The text a cell gets: cleaned for XML (and for the eye when `display`), within Excel's limit."""
    text = display_text(value) if display else xml_text(value)
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(TRUNCATED)] + TRUNCATED
    return text


def sheet_title(title: str) -> str:
    """A valid sheet name: no []:*?/\\, no quote at either end, at most 31 characters."""
    return _SHEET_FORBIDDEN.sub("-", display_text(title)).strip("'")[:31] or "Sheet"


class XlsxSheet:
    """One streamed sheet; `rows` counts the rows written so far."""

    def __init__(self, book: XlsxBook, sheet: WriteOnlyWorksheet) -> None:
        self._book = book
        self._sheet = sheet
        self.rows = 0
        self.columns = 0

    def append(self, values: Sequence[Any], styles: Style | Sequence[Style | None] | None = None) -> None:
        """One row; `styles` is one style for every cell or one per cell (None: unstyled)."""
        book = self._book
        cells: list[Any] = []
        for index, value in enumerate(values):
            style = styles if isinstance(styles, Style) or styles is None else (
                styles[index] if index < len(styles) else None)
            cells.append(book.cell(self._sheet, value, style))
        self._sheet.append(cells)
        self.rows += 1
        self.columns = max(self.columns, len(cells))

    def print_setup(self, title_rows: str | None = None, *, landscape: bool = False) -> None:
        """Print the heading rows on every page, fit every column on the page's width. Call it
        before the first row: a streamed sheet writes its properties with that row."""
        from openpyxl.worksheet.properties import PageSetupProperties

        if title_rows:
            self._sheet.print_title_rows = title_rows
        self._sheet.page_setup.orientation = "landscape" if landscape else "portrait"
        self._sheet.page_setup.paperSize = "9"  # A4
        self._sheet.page_setup.fitToWidth = 1
        self._sheet.page_setup.fitToHeight = 0
        self._sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    def auto_filter(self, first_row: int, last_row: int, columns: int | None = None) -> None:
        """A filter on the heading row `first_row` down to `last_row`."""
        last_column = get_column_letter(max(columns or self.columns, 1))
        self._sheet.auto_filter.ref = f"A{first_row}:{last_column}{max(last_row, first_row)}"


class XlsxBook:
    """A streamed workbook. `display`: also remove bidi and zero-width characters (the board and
    the consolidation); without it only what XML cannot carry goes (values meant to be read back)."""

    def __init__(self, *, display: bool = True) -> None:
        self._book = Workbook(write_only=True)
        self.display = display
        self._styles: dict[Style, StyleArray] = {}
        self._cached: dict[str, list[int | float]] = {}  # sheet title → cached values of its formulas, in order

    def sheet(self, title: str, *, widths: Sequence[float] = (), freeze: str | None = None) -> XlsxSheet:
        sheet = self._book.create_sheet(sheet_title(title))
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        if freeze:
            sheet.freeze_panes = freeze
        return XlsxSheet(self, sheet)

    def cell(self, sheet: WriteOnlyWorksheet, value: Any, style: Style | None) -> Any:
        """The value as a cell that can never be a formula (nor an error value such as "#N/A"),
        unless it is a `Formula` CT20 made."""
        if isinstance(value, Formula):
            cell = Cell(sheet, row=1, column=1, style_array=self._style_array(style))
            cell._value = f"={value.text}"
            cell.data_type = "f"
            self._cached.setdefault(sheet.title, []).append(value.cached)
            return cell
        if isinstance(value, bool):
            pass
        elif isinstance(value, (int, float)):
            if isinstance(value, float) and not math.isfinite(value):
                value = None
        elif isinstance(value, (dt.datetime, dt.date, dt.time)):
            if isinstance(value, (dt.datetime, dt.time)) and value.tzinfo is not None:
                value = value.replace(tzinfo=None)  # Excel has no time zones: the caller's local time
        elif value is not None:
            text = cell_text(value if isinstance(value, str) else str(value), display=self.display)
            if style is None and not text.startswith("=") and text not in ERROR_CODES:
                return text  # openpyxl makes any other string a text cell itself
            cell = Cell(sheet, row=1, column=1, style_array=self._style_array(style))  # as WriteOnlyCell
            cell._value = text  # cleaned above; set directly, as openpyxl would turn "=…" into a formula
            cell.data_type = "s"
            return cell
        if style is None:
            return value
        return Cell(sheet, row=1, column=1, value=value, style_array=self._style_array(style))

    def _style_array(self, style: Style | None) -> StyleArray | None:
        """A copy of the style's array of indexes into the workbook's fonts, alignments and formats,
        made once per style (assigning openpyxl style objects per cell costs more than the cell)."""
        if style is None:
            return None
        found = self._styles.get(style)
        if found is None:
            template = Cell(self._template_sheet())
            if style.bold or style.size:
                template.font = Font(bold=style.bold or None, size=style.size)
            if style.wrap or style.horizontal or style.vertical:
                template.alignment = Alignment(wrap_text=style.wrap or None, horizontal=style.horizontal,
                                               vertical=style.vertical)
            if style.number_format is not None:
                template.number_format = style.number_format
            if style.border:
                side = Side(style="thin")
                template.border = Border(left=side, right=side, top=side, bottom=side)
            found = self._styles[style] = StyleArray(template._style)
        return StyleArray(found)

    def _template_sheet(self) -> Any:
        """Any sheet of this workbook: the cells that carry a style only need its workbook."""
        return self._book.worksheets[0]

    def to_bytes(self) -> bytes:
        if not self._book.worksheets:
            self._book.create_sheet("Sheet")
        buffer = io.BytesIO()
        self._book.save(buffer)
        if not self._cached:
            return buffer.getvalue()
        return _with_cached_values(buffer.getvalue(), [self._cached.get(s.title, []) for s in self._book.worksheets])


_EMPTY_FORMULA = re.compile(r"(<f>[^<]*</f>)<v\s*/?>(?:</v>)?")


def _with_cached_values(data: bytes, cached: list[list[int | float]]) -> bytes:
    """The workbook with each formula's cached value written after it (openpyxl leaves it empty)."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            if match and int(match.group(1)) <= len(cached) and cached[int(match.group(1)) - 1]:
                content = _fill(content.decode("utf-8"), cached[int(match.group(1)) - 1]).encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()


def _fill(xml: str, cached: list[int | float]) -> str:
    values = iter(cached)
    return _EMPTY_FORMULA.sub(lambda m: f"{m.group(1)}<v>{_number(next(values))}</v>", xml)


def _number(value: int | float) -> str:
    return str(value) if isinstance(value, int) else repr(float(value))
