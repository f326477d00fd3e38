"""Table fields as PDF tables: Vietnamese values, column widths from the content, repeated headers.

A 2,000-row table is 28,000 cells (a consolidation 68,000 rows), so every cell, the headings
included, is a plain string broken into lines here, in time linear in its length (a 20,000-character
token is cut between letters), and the table is set page by page (pdf_paged.PagedTable).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from operator import itemgetter, methodcaller
from typing import Any

from desktop.document.pdf_layout import TABLE_SIZE, Styles
from desktop.document.pdf_lines import Widths, break_lines
from desktop.document.pdf_paged import PagedTable
from desktop.document.pdf_widths import ColumnText, Frame, column_widths, longest_word
from desktop.document.text import display_text
from desktop.forms.model import Field
from desktop.forms.values import choice_options
from desktop.i18n.formatting import format_date, format_number

PADDING = 2.5  # left and right padding of a cell
TOP_PADDING = 1.5
BOTTOM_PADDING = 3.0
_INSET = 2 * PADDING + 0.5  # what a cell's text cannot use of its width: the paddings and the grid
MAX_PORTRAIT_COLUMNS = 10  # wider tables always get a landscape page
PORTRAIT_HEIGHT = 728.0  # points of table a portrait frame holds (257 mm), and a landscape one
LANDSCAPE_HEIGHT = 467.0
SMALLER_SIZES = (TABLE_SIZE, 10, 9)
_NUMERIC_TYPES = ("int", "decimal", "percent", "date", "bool")
_FLEX_CAP = {"longtext": 330.0, "text": 190.0, "choice": 110.0}


# Option key → Vietnamese label per choice field: the registry lookup is not free for 2,000 rows.
_choice_cache: dict[int, tuple[Field, dict[str, str]]] = {}


def _choice_label(field: Field, key: str) -> str:
    cached = _choice_cache.get(id(field))
    if cached is None or cached[0] is not field:
        cached = (field, {k: label["vi"] for k, label in choice_options(field)})
        _choice_cache[id(field)] = cached
    return cached[1].get(key, key)


def format_value(field: Field, value: Any) -> str:
    """A stored value as the report prints it: 1.234,5 · 05/11/2025 · the option's Vietnamese label."""
    ftype = field.type
    if ftype in ("int", "decimal", "percent") and isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value, "vi", decimals=0 if ftype == "int" else field.decimals)
    if ftype == "date" and isinstance(value, str):
        try:
            return format_date(value, "vi")
        except ValueError:
            return value
    if ftype == "bool":
        return "Có" if value else "Không"
    if ftype == "choice" and isinstance(value, str):
        return _choice_label(field, value)
    return str(value)


def with_unit(text: str, unit: str | None) -> str:
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def column_heading(column: Field) -> str:
    unit = (column.unit or {}).get("vi")
    return f"{column.label['vi']} ({unit})" if unit else column.label["vi"]


def _auto_numbered(field: Field) -> bool:
    """Add a "TT" column unless the table already has one (kh1375's appendix numbers its rows)."""
    return not any(c.label["vi"].strip().upper() == "TT" for c in field.columns)


@dataclass
class _Column:
    heading: str
    kind: str  # "number" (right-aligned, never wraps), "center", "text", "longtext", "choice"
    texts: list[str]


def _cell_texts(column: Field, rows: list[dict]) -> list[str]:
    """The column's cells as printed. A value is formatted once however often it recurs (a commune,
    a status, a round figure). Values of one type (the common case) are looked up by themselves;
    mixed ones by their type too, as 1, 1.0 and True are equal dict keys, and a zero by its sign
    (str(-0.0) is "-0.0")."""
    values = list(map(methodcaller("get", column.key), rows))
    try:
        distinct = set(values)
    except TypeError:  # an unhashable value (a list where a figure belongs)
        return _cell_texts_mixed(column, values)
    distinct.discard(None)
    kinds = set(map(type, values))
    kinds.discard(type(None))
    if len(kinds) > 1 or (float in kinds and 0.0 in distinct):
        return _cell_texts_mixed(column, values)
    done: dict[Any, str] = {value: display_text(format_value(column, value)) for value in distinct}
    done[None] = ""
    return list(map(done.__getitem__, values))


def _cell_texts_mixed(column: Field, values: list[Any]) -> list[str]:
    done: dict[tuple[type, Any], str] = {}
    texts = []
    for value in values:
        if value is None:
            texts.append("")
            continue
        try:
            key = (value.__class__, value) if value or value.__class__ is not float else (float, str(value))
            text = done.get(key)
        except TypeError:  # an unhashable value: formatted as it is
            texts.append(display_text(format_value(column, value)))
            continue
        if text is None:
            text = done[key] = display_text(format_value(column, value))
        texts.append(text)
    return texts


def _columns(field: Field, rows: list[dict]) -> list[_Column]:
    columns = []
    if _auto_numbered(field):
        columns.append(_Column("TT", "center", [str(i) for i in range(1, len(rows) + 1)]))
    for column in field.columns:
        if column.row_code:  # a stable code for machines (matching rows across periods), not for readers
            continue
        texts = _cell_texts(column, rows)
        if column.type in ("int", "decimal", "percent"):
            kind = "number"
        elif column.type in ("date", "bool") or column.label["vi"].strip().upper() == "TT":
            kind = "center"
        else:
            kind = column.type if column.type in _FLEX_CAP else "text"
        columns.append(_Column(column_heading(column), kind, texts))
    return columns


def _column_texts(columns: list[_Column]) -> list[ColumnText]:
    return [ColumnText(display_text(c.heading), c.kind in ("number", "center"), c.texts) for c in columns]


def _leading(size: float) -> float:
    return round(size * 1.18, 1)


def _layout(columns: list[_Column], styles: Styles, avail: float, frame_height: float,
            texts: list[ColumnText] | None = None) -> tuple[float, list[float], float] | None:
    """(font size, widths, height in points) at the largest size that fits, or None.
    `texts`: the columns' `_column_texts`, shared between tries so each is measured once."""
    texts = texts if texts is not None else _column_texts(columns)
    for size in SMALLER_SIZES:
        caps = [_FLEX_CAP.get(c.kind, 0.0) * size / TABLE_SIZE for c in columns]
        leading = _leading(size)
        frame = Frame(lines=frame_height / leading, row_padding=(TOP_PADDING + BOTTOM_PADDING) / leading,
                      inset=_INSET)
        found = column_widths(texts, styles.fonts.regular, styles.fonts.bold, size, avail, caps,
                              2 * PADDING + 1, frame)
        if found is not None:
            widths, lines = found
            return size, widths, lines * leading
    return None


class _Wrapped:
    """Each distinct text of a wrapping column broken into lines once (`lines`), with its cell
    text ("\n"-joined) and line count."""

    def __init__(self, font: str, size: float, width: float, measure: Widths) -> None:
        self.font, self.size, self.width, self.measure = font, size, width, measure
        self.done: dict[str, tuple[list[str], str, int]] = {}

    def __call__(self, text: str) -> tuple[list[str], str, int]:
        found = self.done.get(text)
        if found is None:
            lines = break_lines(text, self.font, self.size, self.width, self.measure)
            found = self.done[text] = (lines, "\n".join(lines), len(lines))
        return found


def _pages(layout: tuple[float, list[float], float], landscape: bool) -> float:
    """Paper a layout costs. Landscape pages start on a page of their own: about half a page is
    left empty before them, and their last page is not shared with the text that follows."""
    if landscape:
        return math.ceil(layout[2] / LANDSCAPE_HEIGHT) + 0.5
    return layout[2] / PORTRAIT_HEIGHT


def _body(columns: list[_Column], widths: list[float], font: str, size: float, leading: float,
          most: int) -> tuple[list[list[str]], list[float]]:
    """The table's rows of cell texts (wrapped columns broken into lines) and each row's height.
    Each distinct text of a wrapping column is broken once; the rows are put together column-wise
    (2,000 rows are 28,000 cells). A row of more than `most` lines continues in rows of its own."""
    measure = Widths(font, size)
    texts: list[list[str]] = []  # per column
    broken: dict[int, list[tuple[list[str], str, int]]] = {}  # per wrapping column: each cell's lines
    counts: list[list[int]] = []  # per wrapping column: each cell's number of lines (at least 1)
    for ci, column in enumerate(columns):
        if column.kind in ("number", "center"):  # one line each, never wrapped
            texts.append(column.texts)
            continue
        wrapped = _Wrapped(font, size, widths[ci] - _INSET, measure)
        for text in dict.fromkeys(column.texts):
            wrapped(text)
        cells = broken[ci] = list(map(wrapped.done.__getitem__, column.texts))
        texts.append(list(map(itemgetter(1), cells)))
        counts.append(list(map(itemgetter(2), cells)))
    rows = len(columns[0].texts) if columns else 0
    tallest = list(map(max, zip(*counts, strict=True))) if counts else [1] * rows
    pad = TOP_PADDING + BOTTOM_PADDING
    if not tallest or max(tallest) <= most:  # the common case: every row as it is
        return list(map(list, zip(*texts, strict=True))), [lines * leading + pad for lines in tallest]
    body: list[list[str]] = []
    heights: list[float] = []
    for index, row in enumerate(zip(*texts, strict=True)):
        if tallest[index] <= most:
            body.append(list(row))
            heights.append(tallest[index] * leading + pad)
            continue
        lines = [broken[ci][index][0] if ci in broken else [text] for ci, text in enumerate(row)]
        for start in range(0, tallest[index], most):
            parts = ["\n".join(cell[start:start + most]) for cell in lines]
            body.append(parts)
            heights.append(max(part.count("\n") + 1 for part in parts) * leading + pad)
    return body, heights


def build_table(
    field: Field, rows: list[dict], styles: Styles, portrait_width: float, landscape_width: float
) -> tuple[PagedTable, bool]:
    """The table and whether it goes on landscape pages. Set page by page (PagedTable): linear in
    the number of rows, however long the table."""
    columns = _columns(field, rows)
    measured = _column_texts(columns)
    wide = _layout(columns, styles, landscape_width, LANDSCAPE_HEIGHT, measured)
    narrow = _layout(columns, styles, portrait_width, PORTRAIT_HEIGHT, measured) \
        if len(columns) <= MAX_PORTRAIT_COLUMNS else None
    if narrow is not None and (wide is None or (narrow[0] >= wide[0] and _pages(narrow, False) <= _pages(wide, True))):
        (size, widths, _), landscape = narrow, False
    elif wide is not None:
        (size, widths, _), landscape = wide, True
    else:  # absurdly many columns: shrink proportionally rather than fail
        size, landscape = SMALLER_SIZES[-1], True
        natural = [max(longest_word(c.heading, styles.fonts.bold, size), 20.0) for c in columns]
        widths = [w * landscape_width / sum(natural) for w in natural]
    leading = _leading(size)
    regular = styles.fonts.regular
    # Headings as plain strings broken here, in bold: a Paragraph per heading cell would be wrapped
    # again on every page of a 2,000-page table.
    bold = styles.fonts.bold
    head: list[list[Any]] = [
        ["\n".join(break_lines(display_text(c.heading), bold, size, widths[ci] - _INSET))
         for ci, c in enumerate(columns)],
        [f"({i})" for i in range(1, len(columns) + 1)],
    ]
    # A row taller than about half a page continues in rows of its own: reportlab cannot split
    # a row across pages reliably, and one 20,000-character result must not stop the export.
    most = max(int((LANDSCAPE_HEIGHT if landscape else PORTRAIT_HEIGHT) * 0.55 / leading), 4)
    body, heights = _body(columns, widths, regular, size, leading, most)
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), regular, size, leading),
        ("FONT", (0, 0), (-1, 0), bold, size, leading),
        ("FONT", (0, 1), (-1, 1), styles.fonts.italic, size - 1, leading),
        ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, 1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), TOP_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), BOTTOM_PADDING),
    ]
    for ci, column in enumerate(columns):
        if column.kind in ("number", "center"):
            commands.append(("ALIGN", (ci, 2), (ci, -1), "RIGHT" if column.kind == "number" else "CENTER"))
    table = PagedTable(head, body, heights, widths, commands)
    table.spaceBefore = 2
    table.spaceAfter = 8
    return table, landscape
