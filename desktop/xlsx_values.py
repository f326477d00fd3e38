"""A report's values as an .xlsx workbook that people can edit in Excel and `report fill` reads back.

Layout: a sheet "values" with one row per field (key, Vietnamese label, value), and one sheet per
table field, named by its key, with a header row "Label [key]" and the rows below it.
"""

from __future__ import annotations

import io
import re
from typing import Any

from desktop.forms.model import FormDefinition
from desktop.forms.values import get_path
from desktop.i18n import N_, LocalizedError, Message

VALUES_SHEET = "values"
MAX_SHEET_ROWS = 20_000
_HEADER = re.compile(r"\[([A-Za-z0-9_]+)\]\s*$")


class XlsxValuesError(LocalizedError):
    pass


def write_values_xlsx(form: FormDefinition, values: dict) -> bytes:
    """Every text as an inert text cell (desktop.document.xlsx), never as a formula; only what XML
    cannot carry is removed, so what `report fill` reads back is what was written."""
    from desktop.document.xlsx import Style, XlsxBook

    book = XlsxBook(display=False)
    sheet = book.sheet(VALUES_SHEET)
    sheet.append(["key", "label", "value"])
    for path, field in form.fields.items():
        if not field.is_table:
            sheet.append([path, field.label["vi"], get_path(values, path)])
    bold = Style(bold=True)
    for path, field in form.fields.items():
        if not field.is_table:
            continue
        table = book.sheet(path[:31])
        table.append([f"{c.label['vi']} [{c.key}]" for c in field.columns], bold)
        for row in get_path(values, path) or []:
            table.append([row.get(c.key) for c in field.columns] if isinstance(row, dict) else [])
    return book.to_bytes()


def read_values_xlsx(raw: bytes, name: str = "") -> dict[str, Any]:
    """{dotted key: value} from a workbook in the layout above (empty cells are left out)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise XlsxValuesError(Message(N_("The file {file} is not an Excel workbook (.xlsx)."), file=name)) from None
    result: dict[str, Any] = {}
    try:
        if VALUES_SHEET in book.sheetnames:
            for row in _rows(book[VALUES_SHEET], name, VALUES_SHEET, skip=1):
                key = row[0] if row else None
                if isinstance(key, str) and key.strip():
                    value = row[2] if len(row) > 2 else None
                    if value is not None:
                        result[key.strip()] = value
        for title in book.sheetnames:
            if title == VALUES_SHEET:
                continue
            rows = list(_rows(book[title], name, title, skip=0))
            if not rows:
                continue
            keys = [_header_key(k) for k in rows[0]]
            table = []
            for row in rows[1:]:
                cells = {k: v for k, v in zip(keys, row, strict=False) if k and v is not None}
                if cells:
                    table.append(cells)
            result[title] = table
    finally:
        book.close()
    return result


def _rows(sheet, name: str, title: str, *, skip: int):
    for index, row in enumerate(sheet.iter_rows(values_only=True)):
        if index >= MAX_SHEET_ROWS:
            raise XlsxValuesError(
                Message(N_("The sheet {sheet} of {file} has too many rows."), sheet=title, file=name)
            )
        if index >= skip:
            yield list(row)


def _header_key(cell: Any) -> str:
    """ "Tên cụm công nghiệp [name]" → "name"; a bare "name" stays as it is."""
    text = str(cell).strip() if cell is not None else ""
    match = _HEADER.search(text)
    return match.group(1) if match else text
