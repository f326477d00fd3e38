"""Table fields as PDF tables: Vietnamese values, column widths from the content, repeated headers.

A 2,000-row table is 28,000 cells, so a cell is a plain string (cheap to lay out) whenever it fits
its column on one line; only text that must wrap becomes a Paragraph.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from desktop.export.pdf_layout import TABLE_SIZE, Styles, esc
from desktop.forms.model import Field
from desktop.forms.values import choice_options
from desktop.i18n.formatting import format_date, format_number

PADDING = 2.5  # left and right padding of a cell
MAX_PORTRAIT_COLUMNS = 7  # wider tables get a landscape page
SMALLER_SIZES = (TABLE_SIZE, 10, 9)
SAMPLE_ROWS = 120  # rows measured to choose the widths of a long table
_NUMERIC_TYPES = ("int", "decimal", "percent", "date", "bool")
_FLEX_WEIGHT = {"longtext": 3.0, "text": 1.6, "choice": 1.0}
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


def needs_landscape(field: Field) -> bool:
    return len(field.columns) + (1 if _auto_numbered(field) else 0) > MAX_PORTRAIT_COLUMNS


def _auto_numbered(field: Field) -> bool:
    """Add a "TT" column unless the table already has one (kh1375's appendix numbers its rows)."""
    return not any(c.label["vi"].strip().upper() == "TT" for c in field.columns)


@dataclass
class _Column:
    heading: str
    kind: str  # "number" (right-aligned, never wraps), "center", "text", "longtext", "choice"
    texts: list[str]


def _columns(field: Field, rows: list[dict]) -> list[_Column]:
    columns = []
    if _auto_numbered(field):
        columns.append(_Column("TT", "center", [str(i) for i in range(1, len(rows) + 1)]))
    for column in field.columns:
        texts = []
        for row in rows:
            value = row.get(column.key)
            texts.append("" if value is None else format_value(column, value))
        if column.type in ("int", "decimal", "percent"):
            kind = "number"
        elif column.type in ("date", "bool") or column.label["vi"].strip().upper() == "TT":
            kind = "center"
        else:
            kind = column.type if column.type in _FLEX_WEIGHT else "text"
        columns.append(_Column(column_heading(column), kind, texts))
    return columns


def _longest_word(text: str, font: str, size: float) -> float:
    return max((stringWidth(word, font, size) for word in re.split(r"\s+", text) if word), default=0.0)


def _widths(columns: list[_Column], styles: Styles, size: float, avail: float) -> list[float] | None:
    """Column widths filling `avail`, or None when even the narrowest layout does not fit."""
    regular, bold = styles.fonts.regular, styles.fonts.bold
    pad = 2 * PADDING + 1
    fixed: dict[int, float] = {}
    minimum: dict[int, float] = {}
    desired: dict[int, float] = {}
    step_rows = max(1, len(columns[0].texts) // SAMPLE_ROWS) if columns else 1
    sample: dict[int, list[tuple[float, ...]]] = {}
    for index, column in enumerate(columns):
        # A heading may wrap (numbers' headings more, their cells are narrow), never inside a word.
        most_lines = 6 if column.kind in ("number", "center") else 5
        head = pad + max(_longest_word(column.heading, bold, size),
                         stringWidth(column.heading, bold, size) / most_lines)
        if column.kind in ("number", "center"):
            content = max((stringWidth(t, regular, size) for t in column.texts if t), default=0.0)
            floor = 2.2 * size if column.heading == "TT" else 3.2 * size
            fixed[index] = max(head, content + pad, floor)
            continue
        texts = column.texts[::step_rows]
        sample[index] = [tuple(stringWidth(line, regular, size) for line in t.split("\n")) for t in texts]
        words = max((_longest_word(t, regular, size) for t in texts if t), default=0.0)
        minimum[index] = max(head, min(words, 7 * size) + pad, 3.3 * size)
        cap = _FLEX_CAP[column.kind] * size / TABLE_SIZE
        longest = max((w for parts in sample[index] for w in parts), default=0.0)
        desired[index] = max(minimum[index], min(longest + pad, cap))
    room = avail - sum(fixed.values())
    if room < sum(minimum.values()) - 0.01:
        return None
    widths = dict(fixed)
    if not desired:
        scale = avail / sum(fixed.values())
        return [fixed[i] * scale for i in range(len(columns))]
    if sum(desired.values()) <= room:  # everything fits: share the rest by the kind of content
        extra = room - sum(desired.values())
        weight = {i: _FLEX_WEIGHT[columns[i].kind] for i in desired}
        total = sum(weight.values())
        widths.update({i: desired[i] + extra * weight[i] / total for i in desired})
    else:
        widths.update(_fit(sample, minimum, desired, room, pad))
    return [widths[i] for i in range(len(columns))]


def _fit(
    sample: dict[int, list[tuple[float, ...]]], minimum: dict[int, float], desired: dict[int, float],
    room: float, pad: float,
) -> dict[int, float]:
    """Share `room` among the wrapping columns so that the rows come out as short as possible.

    Greedy: starting from every column's minimum, give the next slice of width to the column where
    it saves the most lines per point over the sampled rows (a row is as tall as its tallest cell).
    """
    widths = dict(minimum)
    left = room - sum(widths.values())
    step = max(left / 80, 1.0)
    columns = list(widths)
    rows = range(len(next(iter(sample.values()))))

    def lines(parts: tuple[float, ...], width: float) -> int:
        usable = width - pad
        return sum(1 if w <= usable else math.ceil(w * 1.08 / usable) for w in parts) or 1

    cells = {c: [lines(parts, widths[c]) for parts in sample[c]] for c in columns}
    while left >= step:
        tallest = [max(cells[c][r] for c in columns) for r in rows]
        best: tuple[float, int, float, list[int]] | None = None  # (gain per point, column, extra, cells)
        for c in columns:
            for extra in (step, 2 * step, 4 * step, 8 * step, 16 * step):  # look past plateaus
                if extra > left or widths[c] >= desired[c]:
                    break
                trial = [lines(parts, widths[c] + extra) for parts in sample[c]]
                gain = 0
                for r in rows:
                    if cells[c][r] == tallest[r] and trial[r] < tallest[r]:
                        others = max((cells[o][r] for o in columns if o != c), default=1)
                        gain += tallest[r] - max(trial[r], others)
                if gain:
                    if best is None or gain / extra > best[0]:
                        best = (gain / extra, c, extra, trial)
                    break
        if best is None:
            break
        _, column, extra, trial = best
        widths[column] += extra
        cells[column] = trial
        left -= extra
    if left > 0:  # nothing more to save: the rest goes to the columns that still want width
        want = {c: max(desired[c] - widths[c], 0.0) for c in columns}
        total = sum(want.values())
        for c in columns:
            widths[c] += left * (want[c] / total if total else 1 / len(columns))
    return widths


def build_table(field: Field, rows: list[dict], styles: Styles, avail: float) -> Table:
    columns = _columns(field, rows)
    for size in SMALLER_SIZES:
        widths = _widths(columns, styles, size, avail)
        if widths is not None:
            break
    else:  # absurdly many columns: shrink proportionally rather than fail
        size = SMALLER_SIZES[-1]
        natural = [max(_longest_word(c.heading, styles.fonts.bold, size), 20.0) for c in columns]
        widths = [w * avail / sum(natural) for w in natural]
    leading = round(size * 1.18, 1)
    cell = styles.cell.clone("tcell", fontSize=size, leading=leading)
    right = styles.cell_right.clone("tcell-r", fontSize=size, leading=leading)
    centre = styles.cell_center.clone("tcell-c", fontSize=size, leading=leading)
    head = styles.cell_header.clone("thead", fontSize=size, leading=leading)
    regular = styles.fonts.regular
    data: list[list[Any]] = [
        [Paragraph(esc(c.heading), head) for c in columns],
        [f"({i})" for i in range(1, len(columns) + 1)],
    ]
    body: list[list[Any]] = [[None] * len(columns) for _ in rows]
    for ci, column in enumerate(columns):
        limit = widths[ci] - 2 * PADDING - 0.5
        style = right if column.kind == "number" else centre if column.kind == "center" else cell
        for ri, text in enumerate(column.texts):
            if column.kind in ("number", "center") or (
                "\n" not in text and stringWidth(text, regular, size) <= limit
            ):
                body[ri][ci] = text
            else:
                body[ri][ci] = Paragraph(esc(text).replace("\n", "<br/>"), style)
    data += body
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, -1), regular, size, leading),
        ("FONT", (0, 1), (-1, 1), styles.fonts.italic, size - 1, leading),
        ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, 1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for ci, column in enumerate(columns):
        if column.kind in ("number", "center"):
            commands.append(("ALIGN", (ci, 2), (ci, -1), "RIGHT" if column.kind == "number" else "CENTER"))
    long_cells = any(c.kind == "longtext" for c in columns)
    table = Table(data, colWidths=widths, repeatRows=2, splitInRow=1 if long_cells else 0)
    table.setStyle(TableStyle(commands))
    table.spaceBefore = 2
    table.spaceAfter = 8
    return table
