"""Column widths for a report table: as short a table as the page width allows.

Officials print these tables, so height is paper: the widths are chosen to minimise the estimated
height of the table — every row as tall as its tallest cell, plus the header row on every page —
over a sample of the rows (a 2,000-row table is measured on 60 of them). Numbers never wrap.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field

from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

SAMPLE_ROWS = 60
ROWS_PER_PAGE = 10  # a rough guess of how often the header row repeats
WRAP_SLACK = 1.08  # wrapped text needs a little more than its width: lines break between words
HEADER_SLACK = 1.2  # headings are short words in narrow columns: more slack


@dataclass
class ColumnText:
    heading: str
    fixed: bool  # numbers, dates, yes/no and row numbers: one line per cell, width from the content
    texts: list[str]
    _widest: dict[tuple[str, float], float] = field(default_factory=dict, init=False, repr=False, compare=False)
    _widest_text: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def widest(self, font: str, size: float) -> float:
        """The widest cell text. The same column is tried at several sizes and on portrait and
        landscape pages: every distinct text is measured at the first size only. A width is the
        text's sum of glyph widths times the size, so the text widest at one size is widest at
        every size (a tie gives the same width), and it alone is measured at the others."""
        key = (font, size)
        found = self._widest.get(key)
        if found is not None:
            return found
        text = self._widest_text.get(font)
        if text is not None:
            found = stringWidth(text, font, size) if text else 0.0
        else:
            found, text = 0.0, ""
            measure = getFont(font).stringWidth  # what pdfmetrics.stringWidth calls, looked up once
            for candidate in set(self.texts):
                if candidate:
                    width = measure(candidate, size)
                    if width > found or not text:
                        found, text = width, candidate
            self._widest_text[font] = text
        self._widest[key] = found
        return found


def longest_word(text: str, font: str, size: float) -> float:
    return max((stringWidth(word, font, size) for word in re.split(r"\s+", text) if word), default=0.0)


class _Problem:
    def __init__(self, columns: list[ColumnText], regular: str, bold: str, size: float, pad: float,
                 cap: list[float]) -> None:
        self.pad = pad
        count = len(columns[0].texts) if columns else 0
        # A seeded random sample: an even stride can fall in step with a pattern in the rows.
        rows = sorted(random.Random(count).sample(range(count), SAMPLE_ROWS)) if count > SAMPLE_ROWS \
            else list(range(count))
        self.row_weight = count / max(len(rows), 1)
        self.pages = max(1.0, count / ROWS_PER_PAGE)
        self.headers = [stringWidth(c.heading, bold, size) for c in columns]
        self.cells: list[list[tuple[float, ...]] | None] = []
        self.minimum: list[float] = []
        self.desired: list[float] = []
        for index, column in enumerate(columns):
            head_word = longest_word(column.heading, bold, size) + pad
            if column.fixed:
                content = column.widest(regular, size)
                self.cells.append(None)
                self.minimum.append(max(head_word, content + pad, 2 * size))
                self.desired.append(max(self.minimum[-1], self.headers[index] / 3 + pad))
                continue
            texts = [column.texts[r] for r in rows]
            cells = [tuple(stringWidth(line, regular, size) for line in t.split("\n")) if t else ()
                     for t in texts]
            words = max((longest_word(t, regular, size) for t in texts if t), default=0.0)
            self.cells.append(cells)
            # Document numbers ("2456/QĐ-BCT") must not break; only very long "words" (links) may.
            self.minimum.append(max(head_word, min(words, 10 * size) + pad, 3.3 * size))
            longest = max((w for parts in cells for w in parts), default=0.0)
            self.desired.append(max(self.minimum[-1], min(longest + pad, cap[index])))
        self._cache: dict[tuple[int, float], list[int]] = {}
        self._header_cache: dict[tuple[int, float], int] = {}

    def lines(self, column: int, width: float) -> list[int]:
        key = (column, round(width, 2))
        found = self._cache.get(key)
        if found is None:
            usable = max(width - self.pad, 1.0)
            found = [sum(1 if w <= usable else math.ceil(w * WRAP_SLACK / usable) for w in parts) or 1
                     for parts in self.cells[column] or ()]
            self._cache[key] = found
        return found

    def header_lines(self, column: int, width: float) -> int:
        key = (column, width)
        found = self._header_cache.get(key)
        if found is None:
            found = self._header_cache[key] = max(
                1, math.ceil(self.headers[column] * HEADER_SLACK / max(width - self.pad, 1.0)))
        return found

    def height(self, widths: list[float]) -> float:
        """Estimated table height in lines, plus a hair per wrapped cell to break ties."""
        wrapping = [self.lines(c, widths[c]) for c, cells in enumerate(self.cells) if cells is not None]
        # whole lines (ints): summed column-wise, the same totals as row by row
        tallest = sum(map(max, zip(*wrapping, strict=True))) if wrapping else 0
        total = sum(map(sum, wrapping))
        header = max(self.header_lines(c, w) for c, w in enumerate(widths))
        return tallest * self.row_weight + header * self.pages + 0.001 * total


def column_widths(columns: list[ColumnText], regular: str, bold: str, size: float, avail: float,
                  cap: list[float], pad: float) -> tuple[list[float], float] | None:
    """Widths filling `avail` and the table's estimated height in lines, or None when even the
    narrowest layout does not fit at this size."""
    problem = _Problem(columns, regular, bold, size, pad, cap)
    if sum(problem.minimum) > avail + 0.01:
        return None
    widths = _improve(problem, _start(problem, avail))
    return widths, problem.height(widths)


def _start(problem: _Problem, avail: float) -> list[float]:
    """Every column at its desired width scaled into the page, never under its minimum."""
    widths = list(problem.minimum)
    extra = avail - sum(widths)
    want = [max(d - m, 0.0) for d, m in zip(problem.desired, problem.minimum, strict=True)]
    total = sum(want)
    if total >= extra:
        return [w + extra * x / total for w, x in zip(widths, want, strict=True)]
    widths = [w + x for w, x in zip(widths, want, strict=True)]
    extra -= total
    flexible = [c for c, cells in enumerate(problem.cells) if cells is not None] or list(range(len(widths)))
    for c in flexible:  # everything fits on one line: the text columns share what is left
        widths[c] += extra / len(flexible)
    return widths


def _improve(problem: _Problem, widths: list[float]) -> list[float]:
    """Local search: move width from one column to another while the table gets shorter."""
    best = problem.height(widths)
    columns = range(len(widths))
    for delta in (36.0, 12.0, 4.0):
        improved = True
        while improved:
            improved = False
            for giver in columns:
                if widths[giver] - delta < problem.minimum[giver]:
                    continue
                for taker in columns:
                    if taker == giver:
                        continue
                    widths[giver] -= delta
                    widths[taker] += delta
                    score = problem.height(widths)
                    if score < best - 1e-9:
                        best = score
                        improved = True
                        if widths[giver] - delta < problem.minimum[giver]:
                            break
                    else:
                        widths[giver] += delta
                        widths[taker] -= delta
    return widths
