"""Column widths for a report table: as short a table as the page width allows.

Officials print these tables, so height is paper: the widths are chosen to minimise the table's
height — every row as tall as its tallest cell, plus the heading rows on every page — over a sample
of the rows (a table of any length is measured on the same number of them, so the choice costs the
same for 2,000 rows as for 20,000). Each candidate is scored by the lines its cells really take
(pdf_lines counts them by the rule that prints them), not by a width ratio: a ratio misjudges
short texts by a line either way, and the search then settled on worse widths as the sample
changed with the table's length. Numbers never wrap, and no column is narrower than its longest
word (in the heading or any cell), so no word is cut between letters save a very long token.
"""

from __future__ import annotations

import math
import random
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import chain

from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

from desktop.document.pdf_lines import LineCounter

SAMPLE_ROWS = 60
TIE = 0.001  # per line of every sampled cell: of two equally tall tables, the one with fewer lines
ANNEAL_MOVES = 3000
ANNEAL_FULL_ROWS = 500  # a table of this many rows or more gets every move, a shorter one fewer
ANNEAL_FEWEST = 600
ANNEAL_HEAT = 0.05  # lines per row: a move that costs this is taken one time in e at the start
REACH = (4.0, 12.0, 36.0, 72.0)  # points: how far past its next step a move may widen a column


@dataclass(frozen=True)
class Frame:
    """What the height of a layout is measured against, in lines of the table's leading."""

    lines: float  # the page's frame height
    row_padding: float  # the top and bottom padding of a row
    inset: float = 0.0  # points of a column's width its text cannot use (paddings, the grid)


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


def _words(texts: list[str]) -> set[str]:
    return set(chain.from_iterable(map(str.split, set(texts))))


class _Problem:
    def __init__(self, columns: list[ColumnText], regular: str, bold: str, size: float, pad: float,
                 cap: list[float], frame: Frame, limit: float) -> None:
        self.pad = pad
        self.frame = frame
        count = len(columns[0].texts) if columns else 0
        # A seeded random sample: an even stride can fall in step with a pattern in the rows.
        rows = sorted(random.Random(count).sample(range(count), SAMPLE_ROWS)) if count > SAMPLE_ROWS \
            else list(range(count))
        self.count = count
        self.sampled = len(rows)
        self.row_weight = count / max(len(rows), 1)
        self.body_counter = LineCounter(regular, size)
        self.head_counter = LineCounter(bold, size)
        self.headings = [c.heading for c in columns]
        self.cells: list[list[str] | None] = []
        self.minimum: list[float] = []
        self.desired: list[float] = []
        measure = getFont(regular).stringWidth
        for column in columns:
            head_word = longest_word(column.heading, bold, size) + pad
            if column.fixed:
                content = column.widest(regular, size)
                self.cells.append(None)
                self.minimum.append(max(head_word, content + pad, 2 * size))
                self.desired.append(max(self.minimum[-1], stringWidth(column.heading, bold, size) / 3 + pad))
                continue
            texts = [column.texts[r] for r in rows]
            # the longest word of every row, not just the sample's: each distinct word measured once
            words = max((measure(word, size) for word in _words(column.texts)), default=0.0)
            self.cells.append(texts)
            # Document numbers ("2456/QĐ-BCT") must not break; only very long "words" (links) may.
            self.minimum.append(max(head_word, min(words, 10 * size) + pad, 3.3 * size))
            longest = max((measure(line, size) for t in texts if t for line in t.split("\n")), default=0.0)
            self.desired.append(max(self.minimum[-1], min(longest + pad, cap[len(self.desired)])))
        self._cache: dict[tuple[int, float], list[int]] = {}
        self._header_cache: dict[tuple[int, float], int] = {}
        self._step_cache: dict[int, list[float]] = {}
        self._above_cache: dict[tuple[int, float], list[float]] = {}
        self._heights: dict[tuple[float, ...], float] = {}
        self.wrapping = [c for c, cells in enumerate(self.cells) if cells is not None]
        self.indices = range(len(self.cells))
        self._distinct = [list(dict.fromkeys(cells)) if cells is not None else [] for cells in self.cells]
        self.limit = limit

    def lines(self, column: int, width: float) -> list[int]:
        """The lines each sampled cell of a wrapping column takes at this width, as printed."""
        key = (column, width)
        found = self._cache.get(key)
        if found is None:
            usable = max(width - self.frame.inset, 1.0)
            count = self.body_counter.count
            cells = self.cells[column] or []
            # each distinct text counted once (a status column has a handful)
            counted = {text: count(text, usable) for text in self._distinct[column]}
            found = self._cache[key] = list(map(counted.__getitem__, cells))
        return found

    def header_lines(self, column: int, width: float) -> int:
        key = (column, width)
        found = self._header_cache.get(key)
        if found is None:
            found = self._header_cache[key] = self.head_counter.count(
                self.headings[column], max(width - self.frame.inset, 1.0))
        return found

    def _steps(self, column: int) -> list[float]:
        """The widths at which the column's lines can change, from its minimum on: those of its
        sampled cells and of its heading (a one-line column's heading only)."""
        found = self._step_cache.get(column)
        if found is None:
            inset = self.frame.inset
            limit = self.limit - inset
            steps: set[float] = set()
            for text in self._distinct[column]:
                steps |= self.body_counter.fits(text, limit)
            steps |= self.head_counter.fits(self.headings[column], limit)
            # a hair over each run's width: the count compares sums done in the same order, but
            # adding the inset here and taking it off there may round the other way
            found = self._step_cache[column] = sorted(
                {step + inset + 1e-6 for step in steps} | {self.minimum[column]})
        return found

    def settle(self, column: int, width: float) -> float:
        """The narrowest width at which the column's cells and heading take the lines they take at
        `width` (not under its minimum)."""
        steps = self._steps(column)
        index = bisect_right(steps, width + 1e-9) - 1
        return max(steps[index] if index >= 0 else width, self.minimum[column])

    def steps_above(self, column: int, width: float) -> list[float]:
        """The widths a move may widen the column to: its next step, and the first step at least
        each of REACH further (a long text's steps are a fraction of a point apart, and a row gets
        shorter only when its tallest cells all lose a line: small moves alone stop short)."""
        key = (column, width)
        found = self._above_cache.get(key)
        if found is None:
            steps = self._steps(column)
            found = self._above_cache[key] = []
            for reach in (0.0, *REACH):
                index = bisect_right(steps, width + reach + 1e-9)
                if index < len(steps) and (not found or steps[index] > found[-1]):
                    found.append(steps[index])
        return found

    def height(self, widths: list[float]) -> float:
        """The table's height in lines: its rows, and its heading rows (the headings and the row of
        column numbers) repeated on every page; plus a hair per wrapped line to break ties."""
        key = tuple(widths)
        found = self._heights.get(key)
        if found is not None:  # the search comes back to the same widths often
            return found
        wrapping = [self.lines(c, widths[c]) for c in self.wrapping]
        # whole lines (ints): summed column-wise, the same totals as row by row
        tallest = sum(map(max, zip(*wrapping, strict=True))) if wrapping else self.sampled
        total = sum(map(sum, wrapping))
        pad = self.frame.row_padding
        body = tallest * self.row_weight + self.count * pad
        head = max(map(self.header_lines, self.indices, widths)) + 1 + 2 * pad
        pages = body / max(self.frame.lines - head, 1.0)
        found = self._heights[key] = body + head * max(pages, 1.0) + TIE * total * self.row_weight
        return found


def column_widths(columns: list[ColumnText], regular: str, bold: str, size: float, avail: float,
                  cap: list[float], pad: float, frame: Frame) -> tuple[list[float], float] | None:
    """Widths filling `avail` and the table's height in lines (of the frame's leading), or None
    when even the narrowest layout does not fit at this size."""
    problem = _Problem(columns, regular, bold, size, pad, cap, frame, avail)
    if sum(problem.minimum) > avail + 0.01:
        return None
    start = _start(problem, avail)
    widths = _improve(problem, _anneal(problem, start, avail))
    if problem.count < ANNEAL_FULL_ROWS:  # a short search: what a plain local search finds may be better
        widths = min((widths, _improve(problem, list(start))), key=problem.height)
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


def _anneal(problem: _Problem, widths: list[float], avail: float, seed: int = 16) -> list[float]:
    """Simulated annealing over the steps: the table's height is the sum of each row's tallest
    cell, so a row gets shorter only when all its tallest cells get a line shorter at once, and a
    search that only takes improving moves stops far from the best (by a quarter of the pages).
    Moves widen a column to one of its next steps, paid from the width left over or by narrowing
    another column to a step below; a worse table is accepted with a chance that falls to nothing.
    The seed is fixed and the score is per row, so the search is the same at any table length."""
    if not widths:
        return widths
    chance = random.Random(seed)
    widths = [problem.settle(c, w) for c, w in enumerate(widths)]
    rows = max(problem.count, 1)
    score = problem.height(widths) / rows
    best, best_score = list(widths), score
    columns = len(widths)
    # the paper at stake grows with the rows: a short table gets a short search
    moves = max(ANNEAL_FEWEST, ANNEAL_MOVES * min(problem.count, ANNEAL_FULL_ROWS) // ANNEAL_FULL_ROWS)
    for step in range(moves):
        heat = ANNEAL_HEAT * (1.0 - step / moves)
        taker = chance.randrange(columns)
        targets = problem.steps_above(taker, widths[taker])
        if not targets:
            continue
        target = chance.choice(targets)
        trial = list(widths)
        trial[taker] = target
        need = sum(trial) - avail
        if need > 1e-9:
            giver = chance.randrange(columns)
            if giver == taker or widths[giver] - need < problem.minimum[giver] - 1e-9:
                continue
            trial[giver] = problem.settle(giver, widths[giver] - need)
        trial_score = problem.height(trial) / rows
        change = trial_score - score
        if change < 0 or (heat > 0 and chance.random() < math.exp(-change / heat)):
            widths, score = trial, trial_score
            if score < best_score - 1e-12:
                best, best_score = list(widths), score
    return _spread(problem, best, avail)


def _spread(problem: _Problem, widths: list[float], avail: float) -> list[float]:
    """What is left over widens the wrapping columns evenly (never a line more)."""
    flexible = [c for c, cells in enumerate(problem.cells) if cells is not None] or list(range(len(widths)))
    spare = avail - sum(widths)
    return [w + spare / len(flexible) if c in flexible else w for c, w in enumerate(widths)]


def _improve(problem: _Problem, widths: list[float]) -> list[float]:
    """Local search to finish: move width from one column to another while the table gets shorter."""
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
