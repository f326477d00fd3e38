"""Numbers and dates the way each language writes them (vi: 1.234,5 and 05/11/2025)."""

from __future__ import annotations

import datetime as dt
from typing import Any

SEPARATORS = {"vi": (".", ","), "en": (",", ".")}  # (grouping, decimal)


def format_number(value: int | float, lang: str = "vi", *, decimals: int = 3) -> str:
    """Grouped, with at most `decimals` places and no trailing zeros: 1234.5 → "1.234,5" (vi)."""
    group, point = SEPARATORS.get(lang, SEPARATORS["vi"])
    if 0 <= decimals <= _FAST_DECIMALS:
        fast = _plain_number(value, decimals)
        if fast is not None:
            sign, whole, places = fast
            return sign + f"{whole:,}".replace(",", group) + (point + places if places else "")
    from decimal import Decimal  # not at start: counts and plain numbers need no Decimal

    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    number = round(number, decimals)
    sign = "-" if number < 0 else ""
    text = f"{abs(number):f}"
    integer, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    grouped = f"{int(integer):,}".replace(",", group)
    return sign + grouped + (point + fraction if fraction else "")


_FAST_DECIMALS = 6
_FAST_LIMIT = 10**15  # with at most 6 places: 21 digits, well inside Decimal's 28


def _plain_number(value: int | float, decimals: int) -> tuple[str, int, str] | None:
    """(sign, integer part, fraction without trailing zeros) of a number that needs no rounding
    at `decimals` places: an int, or a float whose shortest repr has at most `decimals` places and
    no exponent (the digits Decimal(repr(value)) would print). None for anything else (rounding,
    exponents, huge values, inf/nan, bools), which the Decimal path formats."""
    kind = value.__class__
    if kind is int:
        if -_FAST_LIMIT < value < _FAST_LIMIT:
            return ("-" if value < 0 else ""), abs(int(value)), ""
        return None
    if kind is not float or not -_FAST_LIMIT < value < _FAST_LIMIT:
        return None
    text = repr(value)
    if "e" in text:
        return None
    integer, _, fraction = text.lstrip("-").partition(".")
    if len(fraction) > decimals:
        return None
    fraction = fraction.rstrip("0")
    # Decimal's sign: "-0.0" is not below zero, so it has none
    return ("-" if value < 0 else ""), int(integer), fraction


def format_date(value: str | dt.date, lang: str = "vi") -> str:
    day = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return day.strftime("%d/%m/%Y")


class Formatted:
    """A value inside a message, written in the language the message is rendered in."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def render(self, lang: str) -> str:
        value = self.value
        if isinstance(value, bool):
            return {"vi": "có", "en": "yes"}[lang] if value else {"vi": "không", "en": "no"}[lang]
        if isinstance(value, (int, float)):
            return format_number(value, lang)
        if isinstance(value, (dt.date, str)) and _is_iso_date(value):
            return format_date(value, lang)
        return str(value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Formatted) and other.value == self.value

    def __repr__(self) -> str:
        return f"Formatted({self.value!r})"


def _is_iso_date(value: Any) -> bool:
    if isinstance(value, dt.date):
        return True
    if len(value) != 10 or value[4] != "-":
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True
