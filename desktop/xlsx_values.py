"""A report's values as an .xlsx workbook that people can edit in Excel and `report fill` reads back.

Layout: a sheet "values" with one row per field (key, Vietnamese label, value), and one sheet per
table field, named by its key, with a header row "Label [key]" and the rows below it.
"""

from __future__ import annotations

import re
from typing import Any

from desktop.forms.model import FormDefinition
from desktop.forms.values import get_path
from desktop.i18n import LocalizedError
from desktop.package.sheets import SheetError, SheetLimits, read_workbook

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
    """{dotted key: value} from a workbook in the layout above (empty cells are left out).

    Read by the strict reader (`desktop.package.sheets`): limits checked while streaming, formulas
    without a saved result and error cells named, text cells (an "=…" text included) read as text.
    """
    try:
        sheets = read_workbook(raw, name, limits=SheetLimits(max_rows=MAX_SHEET_ROWS))
    except SheetError as exc:
        raise XlsxValuesError(exc.message) from None
    result: dict[str, Any] = {}
    for sheet in sheets:
        if sheet.name != VALUES_SHEET:
            continue
        for number, row in zip(sheet.row_numbers, sheet.rows, strict=True):
            key = row[0] if row else None
            if number > 1 and isinstance(key, str) and key.strip():
                value = row[2] if len(row) > 2 else None
                if value is not None:
                    result[key.strip()] = value
    for sheet in sheets:
        if sheet.name == VALUES_SHEET or not sheet.rows:
            continue
        keys = [_header_key(k) for k in sheet.rows[0]]
        table = []
        for row in sheet.rows[1:]:
            cells = {k: v for k, v in zip(keys, row, strict=False) if k and v is not None}
            if cells:
                table.append(cells)
        result[sheet.name] = table
    return result


def _header_key(cell: Any) -> str:
    """ "Tên cụm công nghiệp [name]" → "name"; a bare "name" stays as it is."""
    text = str(cell).strip() if cell is not None else ""
    match = _HEADER.search(text)
    return match.group(1) if match else text
