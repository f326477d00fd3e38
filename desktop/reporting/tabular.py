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
_WORD = re.compile(r"[a-z0-9]+")
# Abbreviations Vietnamese officers write in column headings (folded: no accents, lower case).
ABBREVIATIONS = {
    "ccn": "cum cong nghiep", "kcn": "khu cong nghiep", "sl": "so luong", "dvt": "don vi tinh",
    "htxlnt": "he thong xu ly nuoc thai", "xlnt": "xu ly nuoc thai", "tk": "thiet ke",
    "ctr": "chat thai ran", "ctnh": "chat thai nguy hai", "qcvn": "quy chuan viet nam",
    "dn": "doanh nghiep", "gp": "giay phep", "gpmt": "giay phep moi truong", "bvmt": "bao ve moi truong",
    "ll": "luu luong", "cs": "co so", "tl": "ty le", "dt": "dien tich", "nt": "nuoc thai",
    "mt": "moi truong", "tp": "thanh pho",
}
MIN_COVER = 0.75  # share of a heading's words a column's name must hold to match it without being equal


def header_key(text: Any) -> str:
    """A column heading reduced for matching: no diacritics, case, asterisk, abbreviations spelt out."""
    folded = fold(str(text or "")).rstrip("* ").strip()
    words = " ".join(ABBREVIATIONS.get(word, word) for word in _WORD.findall(folded))
    return f" {words} ".replace(" so luong ", " so ").strip()  # "SL cơ sở", "Số lượng cơ sở": "Số cơ sở"


def column_keys(column: Field) -> set[str]:
    keys = {header_key(column.key), header_key(column.key.replace("_", " "))}
    for text in column.label.values():
        keys.add(header_key(text))
        if column.unit:
            for unit in column.unit.values():
                keys.add(header_key(f"{text} ({unit})"))
    return {k for k in keys if k}


def _score(heading: str, keys: set[str]) -> float:
    """How well a heading names a column: 2 when equal, else the share of its words the best of the
    column's names holds (words in the same order are not required: "Số cơ sở" ~ "Số cơ sở đang hoạt động")."""
    if heading in keys:
        return 2.0
    words = set(heading.split())
    if not words:
        return 0.0
    best = 0.0
    for key in keys:
        names = set(key.split())
        cover = len(words & names) / len(words)
        if cover >= MIN_COVER and (len(words) >= 2 or len(names) <= 2):
            best = max(best, cover + len(words & names) / len(words | names) / 2)  # closer names first
    return best


def match_columns(headers: list[Any], columns: list[Field]) -> list[str | None]:
    """For each heading of a file, the key of the table column it names (each used at most once).

    Headings are compared Vietnamese-aware: accents and case do not matter, units in brackets may be
    left out, abbreviations are spelt out ("Tên CCN" is "Tên cụm công nghiệp"), and a heading whose
    words a column's name holds matches it, the best pairs first.
    """
    known = [(column, column_keys(column)) for column in columns]
    scores: list[tuple[float, int, int]] = []
    for number, heading in enumerate(headers):
        keyed = _KEYED.search(str(heading or ""))
        text = _KEYED.sub("", str(heading or ""))
        key, bare = header_key(text), header_key(_PARENS.sub("", text))
        for index, (column, keys) in enumerate(known):
            if keyed and keyed.group(1) == column.key:
                score = 3.0
            else:
                score = max(_score(key, keys), _score(bare, keys) if bare else 0.0)
            if score > 0:
                scores.append((score, number, index))
    result: list[str | None] = [None] * len(headers)
    taken: set[int] = set()
    for _score_value, number, index in sorted(scores, key=lambda s: (-s[0], s[1], s[2])):
        if result[number] is None and index not in taken:
            result[number] = known[index][0].key
            taken.add(index)
    return result


def looks_like_header(row: list[Any], columns: list[Field]) -> bool:
    return any(match_columns(row, columns))
