"""Rows from outside: a block copied from Excel, a .csv or an .xlsx file. Qt-free.

Cells are returned as found (text, or the numbers and dates openpyxl reads); turning them into
values is `cells.read_input`'s job, the same as for typing.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.forms.model import Field
from desktop.forms.normalize import fold
from desktop.i18n import N_, LocalizedError, Message
from desktop.package.sheetcsv import read_csv
from desktop.package.sheets import SheetCancelled, SheetError, SheetLimits, read_workbook

__all__ = ["SheetCancelled", "TabularError", "match_columns", "parse_clipboard", "read_rows_file"]

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 20000  # far beyond a table's 2,000 rows; the import passes the table's own limit
MAX_COLUMNS = 200
Progress = Callable[[float], None]


class TabularError(LocalizedError):
    """A file that cannot be read as rows."""


def parse_clipboard(text: str) -> list[list[str]]:
    """Tab-separated text as Excel and LibreOffice copy it (quoted cells may hold line breaks)."""
    if not text:
        return []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if "\t" not in text and '"' not in text:
        return [[line] for line in text.split("\n")]
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter="\t", quotechar='"')]


def read_rows_file(path: str | Path, *, max_rows: int = MAX_ROWS, progress: Progress | None = None,
                   cancelled: Callable[[], bool] | None = None) -> dict[str, list[list[Any]]]:
    """The rows holding data of a .csv file ({"": rows}) or of each sheet of an .xlsx file ({sheet: rows}),
    active sheet first. Read by the strict readers of `desktop.package`: every limit is checked while
    the file streams, and more than `max_rows` rows is refused with the count (never cut).

    Raises TabularError with the reason in plain words; `SheetCancelled` when `cancelled()` turns true.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv", ".txt", ".tsv"):
        raise TabularError(Message(N_("Only .xlsx and .csv files can be imported.")))
    limits = SheetLimits(max_rows=max_rows, max_columns=MAX_COLUMNS, max_file_bytes=MAX_FILE_BYTES)
    try:
        if suffix == ".xlsx":
            sheets = read_workbook(path, path.name, limits=limits, progress=progress, cancelled=cancelled)
            return {sheet.name: _trim(sheet.rows) for sheet in sheets}
        return {"": _trim(read_csv(path, path.name, limits=limits, progress=progress, cancelled=cancelled).rows)}
    except SheetError as exc:
        raise TabularError(exc.message) from None


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Drop the empty rows and columns a spreadsheet reports around its data."""
    def empty(cell: Any) -> bool:
        return cell is None or (isinstance(cell, str) and not cell.strip())

    while rows and all(empty(c) for c in rows[-1]):
        rows.pop()
    width = max((i + 1 for row in rows for i, c in enumerate(row) if not empty(c)), default=0)
    return [row[:width] + [None] * (width - len(row[:width])) for row in rows]


_PARENS = re.compile(r"\s*\([^)]*\)\s*$")
_KEYED = re.compile(r"\s*\[([A-Za-z0-9_]+)\]\s*$")  # "Tên cụm công nghiệp [name]", as `report show --xlsx` writes


def header_key(text: Any) -> str:
    """A column heading reduced for matching: no diacritics, case, asterisk or "(unit)"."""
    folded = fold(str(text or "")).rstrip("* ").strip()
    return folded


def column_keys(column: Field) -> set[str]:
    keys = {header_key(column.key), header_key(column.key.replace("_", " "))}
    for text in column.label.values():
        keys.add(header_key(text))
        if column.unit:
            for unit in column.unit.values():
                keys.add(header_key(f"{text} ({unit})"))
    return {k for k in keys if k}


def match_columns(headers: list[Any], columns: list[Field]) -> list[str | None]:
    """For each heading of a file, the key of the table column it names (each used once)."""
    taken: set[str] = set()
    result: list[str | None] = []
    known = [(column, column_keys(column)) for column in columns]
    for heading in headers:
        keyed = _KEYED.search(str(heading or ""))
        text = _KEYED.sub("", str(heading or ""))
        key = header_key(text)
        bare = header_key(_PARENS.sub("", text))
        found = None
        for column, keys in known:
            if column.key in taken:
                continue
            if (keyed and keyed.group(1) == column.key) or key in keys or (bare and bare in keys):
                found = column.key
                break
        if found:
            taken.add(found)
        result.append(found)
    return result


def looks_like_header(row: list[Any], columns: list[Field]) -> bool:
    return any(match_columns(row, columns))
