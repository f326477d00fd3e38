"""The consolidated report as an Excel workbook: one sheet per table, numbers as numbers.

Each sheet: the table's title on row 1, the column headings (with units) on row 2, the rows, and
the total row in bold. Panes are frozen under the headings and a filter is set on them, so an
officer can sort and sum further in Excel.
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from desktop.inbox.model import Column, Consolidated, Table

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
FORMATS = {"int": "#,##0", "decimal": "#,##0.###", "percent": "0.00"}
WIDTHS = {"tt": 6, "org": 40, "province": 22, "name": 36, "note": 40, "submitted": 30, "status": 18}


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


def write_table(book: Workbook, table: Table, name: str) -> None:
    sheet = book.create_sheet(name)
    sheet.append([table.title])
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append([column.heading for column in table.columns])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for row in table.all_rows():
        sheet.append([_cell(column, row.get(column.key)) for column in table.columns])
        for index, column in enumerate(table.columns, start=1):
            cell = sheet.cell(sheet.max_row, index)
            if column.numeric:
                cell.number_format = FORMATS[column.kind]
            elif column.kind == "longtext":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    if table.total is not None:
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for index, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _width(column)
    sheet.freeze_panes = "C3" if len(table.columns) > 2 else "A3"
    last = sheet.max_row - (1 if table.total is not None else 0)
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(table.columns))}{max(last, 2)}"


def _cell(column: Column, value: object) -> object:
    if column.key == "tt" and isinstance(value, str) and value.isdigit():
        return int(value)
    if value is None or value == "":
        return None
    return value


def render_consolidated_xlsx(report: Consolidated) -> bytes:
    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    used: set[str] = set()
    for table in report.tables():
        write_table(book, table, _sheet_name(table, used))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
