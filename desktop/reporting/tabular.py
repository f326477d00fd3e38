"""Rows from outside: a block copied from Excel, a .csv or an .xlsx file. Qt-free.

Cells are returned as found (text, or the numbers and dates openpyxl reads); turning them into
values is `cells.read_input`'s job, the same as for typing.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from desktop.forms.model import Field
from desktop.forms.normalize import fold
from desktop.i18n import N_, LocalizedError, Message

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_ROWS = 20000  # far beyond a table's 2,000 rows; stops a runaway sheet early
MAX_COLUMNS = 200


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


def read_rows_file(path: str | Path) -> dict[str, list[list[Any]]]:
    """The rows of a .csv file ({"": rows}) or of each sheet of an .xlsx file ({sheet: rows})."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise TabularError(Message(N_("Cannot read the file {file}: {reason}"),
                                   file=str(path), reason=exc.strerror or str(exc))) from None
    if size > MAX_FILE_BYTES:
        raise TabularError(Message(N_("The file {file} is too large ({size} bytes)."),
                                   file=str(path), size=size))
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _read_xlsx(path)
    if suffix in (".csv", ".txt", ".tsv"):
        return {"": _read_csv(path)}
    raise TabularError(Message(N_("Only .xlsx and .csv files can be imported.")))


def _read_csv(path: Path) -> list[list[Any]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TabularError(Message(
            N_("The file {file} is not UTF-8 text. In Excel, save it as “CSV UTF-8”."),
            file=str(path))) from None
    delimiter = _guess_delimiter(text)
    rows = []
    for index, row in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)):
        if index >= MAX_ROWS:
            break
        rows.append(row[:MAX_COLUMNS])
    return rows


def _guess_delimiter(text: str) -> str:
    sample = text[:16384]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        counts = {sep: first.count(sep) for sep in (";", "\t", ",")}
        best = max(counts, key=lambda sep: counts[sep])
        return best if counts[best] else ","


def _read_xlsx(path: Path) -> dict[str, list[list[Any]]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise TabularError(Message(N_("The file {file} is not a readable .xlsx workbook ({reason})."),
                                   file=str(path), reason=str(exc)[:120])) from None
    try:
        sheets: dict[str, list[list[Any]]] = {}
        active = book.active.title if book.active is not None else None
        names = sorted(book.sheetnames, key=lambda name: name != active)
        for name in names:
            rows = []
            for index, row in enumerate(book[name].iter_rows(values_only=True)):
                if index >= MAX_ROWS:
                    break
                rows.append(list(row[:MAX_COLUMNS]))
            sheets[name] = _trim(rows)
        return sheets
    finally:
        book.close()


def _trim(rows: list[list[Any]]) -> list[list[Any]]:
    """Drop the empty rows and columns a spreadsheet reports around its data."""
    def empty(cell: Any) -> bool:
        return cell is None or (isinstance(cell, str) and not cell.strip())

    while rows and all(empty(c) for c in rows[-1]):
        rows.pop()
    width = max((i + 1 for row in rows for i, c in enumerate(row) if not empty(c)), default=0)
    return [row[:width] + [None] * (width - len(row[:width])) for row in rows]


_PARENS = re.compile(r"\s*\([^)]*\)\s*$")


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
        key = header_key(heading)
        bare = header_key(_PARENS.sub("", str(heading or "")))
        found = None
        for column, keys in known:
            if column.key not in taken and (key in keys or (bare and bare in keys)):
                found = column.key
                break
        if found:
            taken.add(found)
        result.append(found)
    return result


def looks_like_header(row: list[Any], columns: list[Field]) -> bool:
    return any(match_columns(row, columns))
