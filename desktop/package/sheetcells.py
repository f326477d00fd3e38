"""The expat handlers of the spreadsheet reader: shared texts, and the cells of one sheet."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from desktop.forms.normalize import PercentCell
from desktop.i18n import N_, Message, PluralMessage
from desktop.i18n.formatting import Formatted

from .sheetxml import Stop, local
from .sheetzip import MB, SheetError

MAX_NUMBER_CHARS = 100
SHOWN_CELLS = 5
MAX_EXCEL_ROWS, MAX_EXCEL_COLUMNS = 1_048_576, 16_384
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")


@dataclass(frozen=True)
class SheetLimits:
    max_file_bytes: int = 50 * MB
    max_part_bytes: int = 100 * MB  # one inflated XML part
    max_total_bytes: int = 300 * MB  # every part read, inflated
    max_rows: int = 20_000  # rows holding data, per sheet
    max_columns: int = 200  # data further right is refused, empty cells there are ignored
    max_cells: int = 1_000_000  # cell elements per sheet, empty ones included (bounds the time)
    max_cell_chars: int = 32_767  # Excel's own limit
    max_shared_strings: int = 500_000
    max_shared_chars: int = 20_000_000
    max_sheets: int = 64


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]] = field(default_factory=list)  # rows holding data, cells as read
    row_numbers: list[int] = field(default_factory=list)  # each row's number in the sheet (1-based)


def column_letters(index: int) -> str:
    """0 → "A", 27 → "AB"."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _column_index(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number - 1


def cell_reference(text: str | None) -> tuple[int, int] | None:
    """"B12" → (column index 1, row 12); None when it is not a cell reference within Excel's grid."""
    match = _REF.match(text or "")
    if not match:
        return None
    column, row = _column_index(match[1]), int(match[2])
    if column >= MAX_EXCEL_COLUMNS or not 1 <= row <= MAX_EXCEL_ROWS:
        return None
    return column, row


def excel_date(value: float, date1904: bool) -> Any:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

    try:
        return from_excel(value, CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900)
    except (OverflowError, ValueError):
        return value


def iso_datetime(text: str) -> Any:
    try:
        return dt.datetime.fromisoformat(text[:40].rstrip("Z"))
    except ValueError:
        return text




def _too_long(file: str, where: str, limit: int) -> SheetError:
    return SheetError(Message(N_("The file {file} has a cell longer than {max} characters ({cell})."),
                              file=file, max=limit, cell=where))


class StringsHandler:
    """The shared texts (`<sst><si>`): plain or rich runs, phonetic hints (`<rPh>`) left out."""

    def __init__(self, file: str, limits: SheetLimits) -> None:
        self.file, self.limits = file, limits
        self.strings: list[str] = []
        self.pieces: list[str] = []
        self.length = 0
        self.total = 0
        self.phonetic = 0
        self.collecting = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        name = local(name)
        if name == "si":
            self.pieces, self.length = [], 0
        elif name == "rPh":
            self.phonetic += 1
        elif name == "t" and not self.phonetic:
            self.collecting = True

    def end(self, name: str) -> None:
        name = local(name)
        if name == "t":
            self.collecting = False
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "si":
            if len(self.strings) >= self.limits.max_shared_strings:
                raise SheetError(Message(N_("The file {file} holds more than {max} different texts."),
                                         file=self.file, max=self.limits.max_shared_strings))
            self.strings.append("".join(self.pieces))

    def text(self, data: str) -> None:
        if not self.collecting:
            return
        self.length += len(data)
        self.total += len(data)
        if self.length > self.limits.max_cell_chars:
            where = Message(N_("shared text number {index}"), index=len(self.strings))
            raise SheetError(Message(N_("The file {file} has a cell longer than {max} characters ({cell})."),
                                     file=self.file, max=self.limits.max_cell_chars, cell=where))
        if self.total > self.limits.max_shared_chars:
            raise SheetError(Message(N_("The file {file} holds more than {max} characters of text."),
                                     file=self.file, max=self.limits.max_shared_chars))
        self.pieces.append(data)


class SheetHandler:
    """The cells of one worksheet, kept only where they hold data, checked as they stream."""

    def __init__(self, title: str, file: str, limits: SheetLimits, strings: list[str], date_styles: set[int],
                 date1904: bool, percent_styles: set[int] | frozenset[int] = frozenset()) -> None:
        self.sheet = Sheet(title)
        self.file, self.limits, self.strings = file, limits, strings
        self.date_styles, self.date1904 = date_styles, date1904
        self.percent_styles = percent_styles
        self.row_number = 0
        self.cells: dict[int, Any] = {}
        self.next_column = 0
        self.cell_count = 0
        self.data_rows = 0
        self.unsaved: list[tuple[int, int, str | None]] = []  # (row, column, error value or None)
        self.in_cell = self.has_value = self.has_formula = False
        self.column, self.kind, self.style = 0, "n", 0
        self.phonetic = 0
        self.collecting = False
        self.pieces: list[str] = []
        self.length = 0

    # -- expat events

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == "c":
            self._start_cell(attrs)
        elif name == "v" or (name == "t" and not self.phonetic):
            if self.in_cell:
                self.collecting = True
                self.has_value = self.has_value or name == "v"
        elif name == "row":
            self._start_row(attrs)
        elif name == "f":
            self.has_formula = self.in_cell
        elif name == "rPh":
            self.phonetic += 1
        elif name == "dimension":
            self._check_dimension(attrs.get("ref", ""))
        elif ":" in name:  # a prefixed document (<x:c>): the same, by local name
            self.start(local(name), attrs)

    def end(self, name: str) -> None:
        if name == "c":
            if self.pieces or self.has_formula:
                self._end_cell()
            self.in_cell = False  # an empty cell (most of a formatted sheet) costs nothing more
        elif name in ("v", "t"):
            self.collecting = False
        elif name == "row":
            self._end_row()
        elif name == "rPh":
            self.phonetic -= 1
        elif ":" in name:
            self.end(local(name))

    def text(self, data: str) -> None:
        if self.collecting:
            self.length += len(data)
            if self.length > self.limits.max_cell_chars:
                raise _too_long(self.file, self._where(self.column), self.limits.max_cell_chars)
            self.pieces.append(data)

    # -- rows and cells

    def _start_row(self, attrs: dict[str, str]) -> None:
        number = attrs.get("r")
        if number is None:
            self.row_number += 1
        elif number.isdigit() and len(number) <= 7:
            self.row_number = int(number)
        else:
            raise self._damaged()
        if not 1 <= self.row_number <= MAX_EXCEL_ROWS:
            raise self._damaged()
        self.cells = {}
        self.next_column = 0

    def _start_cell(self, attrs: dict[str, str]) -> None:
        self.cell_count += 1
        if self.cell_count > self.limits.max_cells:
            raise SheetError(Message(N_("The sheet “{sheet}” of {file} has more than {max} cells."),
                                     sheet=self.sheet.name, file=self.file, max=self.limits.max_cells))
        ref = attrs.get("r")
        if ref is None:
            self.column = self.next_column
        else:
            parsed = cell_reference(ref)
            if parsed is None or (self.row_number and parsed[1] != self.row_number):
                raise self._damaged()
            self.column = parsed[0]
        if self.column >= MAX_EXCEL_COLUMNS:
            raise self._damaged()
        self.next_column = self.column + 1
        self.kind = attrs.get("t", "n")
        style = attrs.get("s")
        self.style = int(style) if style and style.isdigit() and len(style) < 10 else 0
        self.in_cell = True
        self.has_value = self.has_formula = False
        if self.pieces:
            self.pieces = []
        self.length = self.phonetic = 0

    def _end_cell(self) -> None:
        value = self._value("".join(self.pieces))
        if value is None or value == "":
            return
        if self.column >= self.limits.max_columns:
            raise SheetError(Message(
                N_("The sheet “{sheet}” of {file} has data in cell {cell}, beyond the {max} columns that can "
                   "be read."),
                sheet=self.sheet.name, file=self.file, cell=self._ref(self.column), max=self.limits.max_columns))
        self.cells[self.column] = value

    def _value(self, text: str) -> Any:
        kind = self.kind
        if self.has_formula and (not self.has_value or (text == "" and kind != "str")):
            self.unsaved.append((self.row_number, self.column, None))
            return None
        if kind == "s":
            if not text.strip().isdigit() or len(text) > 12:
                raise self._damaged()
            index = int(text)
            if index >= len(self.strings):
                raise SheetError(Message(
                    N_("The file {file} is damaged: cell {cell} of the sheet “{sheet}” refers to text number "
                       "{index}, and the file holds only {count} texts."),
                    file=self.file, cell=self._ref(self.column), sheet=self.sheet.name, index=index,
                    count=len(self.strings)))
            return self.strings[index]
        if kind in ("inlineStr", "str"):
            return text
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "e":
            self.unsaved.append((self.row_number, self.column, text.strip()[:20] or "#?"))
            return None
        if kind == "d":
            return iso_datetime(text.strip()) if text.strip() else None
        text = text.strip()
        if not text:
            return None
        if len(text) > MAX_NUMBER_CHARS:
            raise self._damaged()
        try:
            number: Any = int(text) if text.lstrip("-").isdigit() else float(text)
        except ValueError:
            raise self._damaged() from None
        if self.style in self.date_styles and isinstance(number, (int, float)):
            return excel_date(number, self.date1904)
        if self.style in self.percent_styles and math.isfinite(number):
            return PercentCell(Decimal(text))  # shown as "82%": the reader of the cell decides
        return number

    def _end_row(self) -> None:
        if not self.cells:
            return
        self.data_rows += 1
        if self.data_rows > self.limits.max_rows:
            raise Stop
        width = max(self.cells) + 1
        self.sheet.rows.append([self.cells.get(i) for i in range(width)])
        self.sheet.row_numbers.append(self.row_number)

    # -- after the sheet

    def too_many_rows(self, count: int) -> None:
        raise SheetError(PluralMessage(
            "The sheet “{sheet}” of {file} has {count} row; at most {max} can be read.",
            "The sheet “{sheet}” of {file} has {count} rows; at most {max} can be read.", count,
            sheet=self.sheet.name, file=self.file, count=Formatted(count), max=Formatted(self.limits.max_rows)))

    def finish(self) -> None:
        """Refuse the sheet if any cell holds a formula without a saved result or an error value."""
        if not self.unsaved:
            return
        headings = self.sheet.rows[0] if self.sheet.rows else []
        shown = []
        for row, column, _error in self.unsaved[:SHOWN_CELLS]:
            heading = headings[column] if column < len(headings) and self.sheet.row_numbers[0] < row else None
            ref = f"{column_letters(column)}{row}"
            shown.append(f"{ref} (“{str(heading)[:40]}”)" if isinstance(heading, str) and heading.strip() else ref)
        if len(self.unsaved) > SHOWN_CELLS:
            shown.append("…")
        errors = sorted({e for _r, _c, e in self.unsaved if e})
        if errors:
            raise SheetError(Message(
                N_("The sheet “{sheet}” of {file} has cells that hold an error ({errors}) or a formula without a "
                   "saved result instead of a value: {cells}. Correct them in Excel or LibreOffice, save the "
                   "file and try again."),
                sheet=self.sheet.name, file=self.file, errors=", ".join(errors[:3]), cells=", ".join(shown)))
        raise SheetError(Message(
            N_("The sheet “{sheet}” of {file} has formulas without a saved result: {cells}. Open the file in "
               "Excel or LibreOffice, save it and try again (or type the values)."),
            sheet=self.sheet.name, file=self.file, cells=", ".join(shown)))

    # -- helpers

    def _check_dimension(self, ref: str) -> None:
        """Only that it lies within Excel's grid: it is never used to allocate anything."""
        for piece in ref.split(":")[:2]:
            if piece and cell_reference(piece) is None:
                raise self._damaged()

    def _ref(self, column: int) -> str:
        return f"{column_letters(column)}{self.row_number}"

    def _where(self, column: int) -> str:
        return f"{self.sheet.name}!{self._ref(column)}"

    def _damaged(self) -> SheetError:
        return SheetError(Message(N_("The file {file} is damaged: the sheet “{sheet}” has a malformed cell or row "
                                     "near row {row}."), file=self.file, sheet=self.sheet.name, row=self.row_number))
