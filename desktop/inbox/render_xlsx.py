"""The consolidated report as an Excel workbook: one sheet per table, numbers as numbers.

Each sheet: the table's title on row 1, the column headings (with units) on row 2, the rows, and
the total row in bold. Panes are frozen under the headings and a filter is set on them, so an
officer can sort and sum further in Excel. Streamed through desktop.document.xlsx: every text an
inert text cell, linear in the number of cells.
"""

from __future__ import annotations

import re

from desktop.document.xlsx import Style, XlsxBook
from desktop.inbox.model import Column, Consolidated, Table

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
FORMATS = {"int": "#,##0", "decimal": "#,##0.###", "percent": "0.00"}
WIDTHS = {"tt": 6, "org": 40, "province": 22, "name": 36, "note": 40, "submitted": 30, "status": 18}
TITLE = Style(bold=True, size=12)
HEADING = Style(bold=True, wrap=True, vertical="center", horizontal="center")


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


def _style(column: Column, bold: bool) -> Style | None:
    if column.numeric:
        return Style(bold=bold, number_format=FORMATS[column.kind])
    if column.kind == "longtext":
        return Style(bold=bold, wrap=True, vertical="top")
    return Style(bold=True) if bold else None


def write_table(book: XlsxBook, table: Table, name: str) -> None:
    columns = table.columns
    sheet = book.sheet(name, widths=[_width(c) for c in columns], freeze="C3" if len(columns) > 2 else "A3")
    sheet.append([table.title], TITLE)
    sheet.append([column.heading for column in columns], HEADING)
    plain = [_style(column, False) for column in columns]
    for row in table.rows:
        sheet.append([_cell(column, row.get(column.key)) for column in columns], plain)
    last = sheet.rows
    if table.total is not None:
        sheet.append([_cell(column, table.total.get(column.key)) for column in columns],
                     [_style(column, True) for column in columns])
    sheet.auto_filter(2, max(last, 2), len(columns))


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
        write_table(book, table, _sheet_name(table, used))
    return book.to_bytes()
