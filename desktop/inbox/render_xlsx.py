"""The consolidated report as an Excel workbook: one sheet per table, numbers as numbers.

Each sheet: the table's title on row 1, the column headings (with units) on row 2, the rows, and
the total row in bold, its figures formulas (SUM over the rows; a percentage recomputed from its
two totals) whose cached values are CT20's own sums. Thin borders on the table, panes frozen
under the headings and a filter on them; printed on A4 with the headings repeated on every page
and every column fitted to the page's width. Streamed through desktop.document.xlsx: every text
an inert text cell, linear in the number of cells.
"""

from __future__ import annotations

import re

from openpyxl.utils import get_column_letter

from desktop.document.xlsx import Formula, Style, XlsxBook
from desktop.inbox.model import Column, Consolidated, Table

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
FORMATS = {"int": "#,##0", "decimal": "#,##0.###", "percent": "0.00"}
WIDTHS = {"tt": 6, "org": 40, "province": 22, "name": 36, "note": 40, "submitted": 30, "status": 18}
TITLE = Style(bold=True, size=12)
HEADING = Style(bold=True, wrap=True, vertical="center", horizontal="center", border=True)


def _sheet_name(table: Table, used: set[str]) -> str:
    base = _FORBIDDEN.sub("-", table.key).strip("'")[:31] or "Bang"
    name, n = base, 2
    while name.casefold() in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.casefold())
    return name


def _width(column: Column) -> float:
    if column.key in WIDTHS:
        return WIDTHS[column.key]
    if column.kind == "longtext":
        return 60
    return max(12, min(30, len(column.heading) * 0.6))


def _style(column: Column, bold: bool) -> Style:
    if column.numeric:
        return Style(bold=bold, number_format=FORMATS[column.kind], border=True, vertical="top")
    return Style(bold=bold, wrap=True, vertical="top", border=True)


def write_table(book: XlsxBook, table: Table, name: str, note: str = "") -> None:
    """One sheet; `note` (the report's data cut-off) follows the title on its row."""
    columns = table.columns
    sheet = book.sheet(name, widths=[_width(c) for c in columns], freeze="C3" if len(columns) > 2 else "A3")
    sheet.print_setup("1:2", landscape=sum(_width(c) for c in columns) > 110)  # before the first row: streamed
    sheet.append([f"{table.title} {note}" if note else table.title], TITLE)
    sheet.append([column.heading for column in columns], HEADING)
    plain = [_style(column, False) for column in columns]
    for row in table.rows:
        sheet.append([_cell(column, row.get(column.key)) for column in columns], plain)
    last = sheet.rows
    if table.total is not None:
        sheet.append(_total_cells(table, last), [_style(column, True) for column in columns])
    sheet.auto_filter(2, max(last, 2), len(columns))


def _total_cells(table: Table, last: int) -> list[object]:
    """The total row: a SUM over the rows for each summed figure, a ratio of two totals for a
    percentage; CT20's own value as each formula's cached value."""
    assert table.total is not None
    letters = {column.key: get_column_letter(index) for index, column in enumerate(table.columns, start=1)}
    total_row = last + 1
    cells: list[object] = []
    for column in table.columns:
        value = table.total.get(column.key)
        if not column.numeric or isinstance(value, bool) or not isinstance(value, (int, float)) or last < 3:
            cells.append(_cell(column, value))
        elif column.ratio_of is not None:
            numerator, denominator = (f"{letters[key]}{total_row}" for key in column.ratio_of)
            cells.append(Formula(f"ROUND(100*{numerator}/{denominator},2)", value))
        elif column.kind == "percent":
            cells.append(_cell(column, value))  # a percentage is never summed
        else:
            letter = letters[column.key]
            cells.append(Formula(f"SUM({letter}3:{letter}{last})", value))
    return cells


def _cell(column: Column, value: object) -> object:
    if column.key == "tt" and isinstance(value, str) and value.isdigit():
        return int(value)
    if value is None or value == "":
        return None
    return value


def render_consolidated_xlsx(report: Consolidated) -> bytes:
    book = XlsxBook()
    used: set[str] = set()
    for table in report.tables():
        if not table.key:  # a table without a tab name of its own: its number ("Bảng 3", "Phụ lục I")
            table = Table(table.title.split(".", 1)[0], table.title, table.columns, table.rows, table.total)
        write_table(book, table, _sheet_name(table, used), report.cutoff_line)
    return book.to_bytes()
