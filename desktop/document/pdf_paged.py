"""A long table set page by page, in time linear in its rows.

reportlab's Table measures every remaining row again at each page break (and finds each row to
measure by searching its list of heights from the start), so a 68,000-row consolidated table
costs hours. Here the rows' heights are known beforehand — every body cell is a plain string, so
a row is its most lines × leading plus the paddings — and a page takes as many rows as fit, found
by bisection over the running sum of heights. Each page is a small reportlab Table of the heading
rows and that page's rows, drawn with the same style: the output looks as one table with a
repeated heading.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

from reportlab.platypus import Flowable, Table, TableStyle

_FUZZ = 0.01  # points kept free: reportlab's own measurement may round the other way


class PagedTable(Flowable):
    def __init__(self, head: list[list[Any]], body: list[list[str]], heights: list[float], widths: list[float],
                 commands: list[tuple], *, last_row_commands: Sequence[tuple] = (), start: int = 0,
                 cumulative: list[float] | None = None) -> None:
        super().__init__()
        self.head = head
        self.body = body
        self.heights = heights
        self.widths = widths
        self.commands = commands
        self.last_row_commands = list(last_row_commands)
        self.start = start
        self.cumulative = cumulative if cumulative is not None else [0.0, *accumulate(heights)]
        self._head_height: float | None = None
        self.spaceBefore = 0.0
        self.spaceAfter = 0.0

    def set_last_row_style(self, commands: list[tuple]) -> None:
        """Style commands for the table's last row (the total), applied on the page that has it."""
        self.last_row_commands = list(commands)

    def _part(self, start: int, stop: int) -> Table:
        rows = [*self.head, *self.body[start:stop]]
        table = Table(rows, colWidths=self.widths, rowHeights=[None] * len(self.head) + self.heights[start:stop],
                      repeatRows=len(self.head))
        table.setStyle(TableStyle(self.commands))
        if stop == len(self.body) and self.last_row_commands:
            table.setStyle(TableStyle(self.last_row_commands))
        return table

    def head_height(self) -> float:
        if self._head_height is None:
            table = Table(self.head, colWidths=self.widths)
            table.setStyle(TableStyle(self.commands))
            self._head_height = table.wrap(sum(self.widths), 1e9)[1]
        return self._head_height

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = sum(self.widths)
        self.height = self.head_height() + self.cumulative[-1] - self.cumulative[self.start]
        return self.width, self.height

    def _fitting(self, avail_height: float) -> int:
        """How many rows from `start` fit under the heading in `avail_height`."""
        limit = self.cumulative[self.start] + avail_height - self.head_height() - _FUZZ
        return max(bisect_right(self.cumulative, limit) - 1 - self.start, 0)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        count = self._fitting(avail_height)
        if count <= 0:
            return []
        stop = self.start + count
        if stop >= len(self.body):
            part = self._part(self.start, len(self.body))
            part.spaceBefore, part.spaceAfter = self.spaceBefore, self.spaceAfter
            return [part]
        first = self._part(self.start, stop)
        first.spaceBefore = self.spaceBefore
        rest = PagedTable(self.head, self.body, self.heights, self.widths, self.commands,
                          last_row_commands=self.last_row_commands, start=stop, cumulative=self.cumulative)
        rest.spaceAfter = self.spaceAfter
        rest._head_height = self._head_height
        return [first, rest]

    def draw(self) -> None:
        table = self._part(self.start, len(self.body))
        table.wrapOn(self.canv, self.width, self.height)
        table.drawOn(self.canv, 0, 0)
