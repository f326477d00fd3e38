"""Search keys (`fold`), apart from the rest of desktop.forms.normalize (which re-exports it): the
list of reports sorts and searches with it at the window's start, without normalize's patterns."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """A search key: no diacritics, case-folded, single spaces ("Ninh Bình" → "ninh binh")."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
