"""Search keys (`fold`), apart from the rest of desktop.forms.normalize (which re-exports it): the
list of reports sorts and searches with it at the window's start, without normalize's patterns."""

from __future__ import annotations

import unicodedata


class _WithoutMarks(dict):  # type: ignore[type-arg]
    """str.translate's table that drops every combining character (unicodedata.combining ≠ 0)
    and keeps every other one: each code point is asked once and remembered, so a folded text
    costs one pass in C. Only code points below U+3000 (Latin, Vietnamese, the combining blocks)
    are remembered, so no text can make the table large; the others are asked each time."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        if code < 0x3000:
            self[code] = kept
        return kept


_WITHOUT_MARKS = _WithoutMarks()


def fold(text: str) -> str:
    """A search key: no diacritics, case-folded, single spaces ("Ninh Bình" → "ninh binh")."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join(decomposed.translate(_WITHOUT_MARKS).casefold().split())
