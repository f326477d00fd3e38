"""Cell text broken into lines as the report table prints it, and the number of those lines counted
cheaply at any width — so that column widths are chosen by the height the table will really have.

One rule serves both: reportlab's simpleSplit (greedy, between words, the same sums of glyph widths)
and, for a word wider than the cell (a link, a code), a cut between letters. `LineCounter.count`
gives exactly `len(break_lines(...))` without building a string: each distinct word of a text is
measured once, then a width costs one pass over the text's word widths.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

from reportlab.pdfbase.pdfmetrics import getFont, stringWidth


class Widths:
    """reportlab's string widths in one font and size, each distinct string measured once (a table
    repeats its words: "Cụm", "công", "nghiệp" … in 2,000 names)."""

    def __init__(self, font: str, size: float) -> None:
        self.font, self.size = font, size
        self.known: dict[str, float] = {}
        self._width = getFont(font).stringWidth  # what pdfmetrics.stringWidth calls, looked up once

    def __call__(self, text: str) -> float:
        width = self.known.get(text)
        if width is None:
            width = self.known[text] = self._width(text, self.size)
        return width


def split_words(text: str, width: float, measure: Widths) -> list[str]:
    """reportlab's simpleSplit of one line (the same greedy rule and the same sums, so the same
    breaks) with the word widths measured once."""
    lines: list[str] = []
    known = measure.known
    space = measure(" ")
    words: list[str] = []
    used = -space
    for word in text.split():
        advance = known.get(word)
        if advance is None:
            advance = measure(word)
        if used + space + advance <= width or not words:
            words.append(word)
            used = used + space + advance
        else:
            lines.append(" ".join(words))
            words = [word]
            used = advance
    if words:
        lines.append(" ".join(words))
    return lines


def break_lines(text: str, font: str, size: float, width: float, measure: Widths | None = None) -> list[str]:
    """The text broken into lines that fit `width`; a word wider than the cell (a link, a code) is
    broken between letters rather than run over the border. Plain multi-line strings are several
    times cheaper for reportlab to lay out than Paragraphs, which matters at 2,000 rows. Linear in
    the length of the text: a 20,000-character token is cut in one pass."""
    measure = measure or Widths(font, size)
    if "\n" not in text and measure(text) <= width:
        return [text]
    lines: list[str] = []
    for part in text.split("\n"):
        for line in split_words(part, width, measure) or [""]:
            if measure(line) > width and len(line) > 1:
                lines.extend(cut(line, font, size, width))
            else:
                lines.append(line)
    return lines


@lru_cache(maxsize=4096)
def _char_width(char: str, font: str, size: float) -> float:
    return stringWidth(char, font, size)


def cut(line: str, font: str, size: float, width: float) -> list[str]:
    """A line wider than `width` cut greedily between letters: every piece fits, except a single
    letter wider than the cell. One pass over the line (reportlab's widths are sums of glyphs)."""
    pieces: list[str] = []
    start, used = 0, 0.0
    for index, char in enumerate(line):
        advance = _char_width(char, font, size)
        if used + advance > width and index > start:
            pieces.append(line[start:index])
            start, used = index, 0.0
            if char == " ":  # a break falls on a space: the space goes with the break
                start = index + 1
                continue
        used += advance
    if start < len(line):
        pieces.append(line[start:])
    return pieces


# A text of more words than this is counted on its first words and the count scaled by its length:
# the width search counts the same texts at a hundred widths, and a 20,000-word note must not cost
# a hundred passes (its line count is then exact to within a line or so per LONG_TEXT_WORDS words).
LONG_TEXT_WORDS = 150
# A part of more words than this is broken by bisection over its running sums
LONG_PART = 24
# Runs of words that start past this many words of a text add no new widths worth trying: a long
# text's line count changes almost continuously with the width already.
STEP_WORDS = 40
# A "word" longer than this (a pasted link, a token) is counted by its width rather than cut
LONG_WORD = 120


class LineCounter:
    """`len(break_lines(text, font, size, width))` for many texts at many widths, cheaply."""

    def __init__(self, font: str, size: float) -> None:
        self.font, self.size = font, size
        self.measure = Widths(font, size)
        self.space = self.measure(" ")
        # text → (its width when it has no line break, else -1; per "\n" part: its words and widths)
        self._parsed: dict[str, tuple[float, list[tuple[list[str], list[float]]], float]] = {}
        self._sums: dict[int, list[float]] = {}  # a long part's running sums of word + space

    def _parse(self, text: str) -> tuple[float, list[tuple[list[str], list[float]]], float]:
        found = self._parsed.get(text)
        if found is None:
            measure = self.measure
            whole = measure(text) if "\n" not in text else -1.0
            parts: list[tuple[list[str], list[float]]] = []
            total = 0
            scale = 1.0
            for part in text.split("\n"):
                words = part.split()
                if total + len(words) > LONG_TEXT_WORDS:
                    kept = max(LONG_TEXT_WORDS - total, 1)
                    scale = sum(len(p.split()) for p in text.split("\n")) / (total + kept)
                    words = words[:kept]
                    parts.append((words, [measure(w) for w in words]))
                    break
                total += len(words)
                parts.append((words, [measure(w) for w in words]))
            found = self._parsed[text] = (whole, parts, scale)
        return found

    def count(self, text: str, width: float) -> int:
        """The number of lines `break_lines` gives the text at `width` (at least 1)."""
        whole, parts, scale = self._parse(text)
        if 0.0 <= whole <= width:
            return 1
        space = self.space
        lines = 0
        for words, widths in parts:
            if not words:
                lines += 1
                continue
            if len(words) > LONG_PART:
                lines += self._count_long(words, widths, width)
                continue
            used = -space
            start = 0
            for index, advance in enumerate(widths):
                if used + space + advance <= width or index == start:
                    used = used + space + advance
                else:
                    lines += self._line(words, start, index, used, width)
                    start, used = index, advance
            lines += self._line(words, start, len(words), used, width)
        return max(1, round(lines * scale)) if scale != 1.0 else lines

    def _count_long(self, words: list[str], widths: list[float], width: float) -> int:
        """The greedy break of a long part found line by line, each line's end by bisection over
        the running sum of its words' widths (a line costs a logarithm, not a pass over its words)."""
        sums = self._sums.get(id(words))
        if sums is None:  # `words` lives as long as the parsed text: its id names it
            sums = self._sums[id(words)] = [0.0, *accumulate(w + self.space for w in widths)]
        lines, start, stop = 0, 0, len(words)
        while start < stop:
            end = bisect_right(sums, width + self.space + sums[start], start + 1, stop + 1) - 1
            if end <= start:  # the word alone is wider than the line
                lines += self._line(words, start, start + 1, widths[start], width)
                start += 1
            else:
                lines += 1
                start = end
        return lines

    def fits(self, text: str, limit: float) -> set[float]:
        """The widths up to `limit` at which the text's line count can change: a line of a greedy
        break is a run of consecutive words, so the count drops only where the width reaches the
        width of such a run (a word cut between letters aside)."""
        _whole, parts, _scale = self._parse(text)
        space = self.space
        found: set[float] = set()
        for _words, widths in parts:
            for start in range(min(len(widths), STEP_WORDS)):
                used = -space
                for advance in widths[start:]:
                    used += space + advance
                    if used > limit:
                        break
                    found.add(used)
        return found

    def _line(self, words: list[str], start: int, stop: int, used: float, width: float) -> int:
        """One greedy line: 1, or the pieces its single over-wide word is cut into."""
        if used <= width or stop - start > 1:
            return 1
        word = words[start]
        if len(word) <= 1:
            return 1
        if len(word) > LONG_WORD:  # each piece wastes less than a letter at its end
            return math.ceil(used / max(width - used / len(word), 1.0))
        return _cut_count(word, self.font, self.size, width)


@lru_cache(maxsize=8192)
def _cut_count(word: str, font: str, size: float, width: float) -> int:
    return len(cut(word, font, size, width))
