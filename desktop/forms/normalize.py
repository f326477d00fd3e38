"""Input normalisation, in one place for the CLI, file imports and the UI.

Text becomes Unicode NFC with surrounding whitespace trimmed; numbers are read the Vietnamese way
("1.234,5") or plainly ("1234.5"); dates as "YYYY-MM-DD" or "dd/mm/yyyy". Anything that cannot be
read raises InputError with a message that says what was expected.

Characters no report needs, one rule for typing, paste, import, `report fill` and (through
`forbidden_character`) the data file of an incoming package:
- removed silently: invisible marks that carry no meaning in Vietnamese text and that Word, web pages
  and Excel leave behind — zero-width space, non-joiner and joiner (U+200B-U+200D), the left-to-right
  and right-to-left marks (U+200E, U+200F), the word joiner (U+2060), a BOM inside text (U+FEFF) and
  the soft hyphen (U+00AD);
- turned into a line break: vertical tab and form feed (Word's manual line and page breaks), NEL,
  and the Unicode line and paragraph separators; single-line text then has a space there;
- refused, naming the field: every other C0 or C1 control character (tab and newline excepted) and
  every other invisible format character (Unicode category Cf), the bidi embeddings, overrides and
  isolates (U+202A-U+202E, U+2066-U+2069) and tag characters among them: they change what a reader
  sees without being seen, so the user is asked to remove them rather than have them vanish.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from desktop.forms.fold import fold  # noqa: F401 (its home is desktop.forms.fold; named here too)
from desktop.frozen_record import FrozenRecord
from desktop.i18n import N_, LocalizedError, Message
from desktop.i18n.formatting import Formatted

MAX_ABS_NUMBER = 10**15  # far above any real figure, well inside exact float range
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
_LINE_BREAKS = re.compile("[\x0b\x0c\x85\u2028\u2029]")
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2009]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # a lone half of a UTF-16 pair: JSON's "\ud800" decodes to one
_GROUPED_DOTS = re.compile(r"^\d{1,3}(\.\d{3})+$")
_GROUPED_COMMAS = re.compile(r"^\d{1,3}(,\d{3})+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
# What Excel users put in a check-box column: words, a tick mark, 1/0. Anything else is refused.
TRUE_WORDS = {"true", "1", "x", "có", "co", "yes", "đúng", "dung", "y", "✓", "✔", "☑", "☒", "✅"}
FALSE_WORDS = {"false", "0", "không", "khong", "no", "sai", "n", "☐"}
_PERCENT_SIGN = re.compile(r"\s*[%\uff05]\s*$")


class PercentCell(FrozenRecord):
    """A spreadsheet cell formatted as a percentage: it stores 0.82 and shows "82%".

    The reader (`desktop.package.sheetcells`) keeps the stored number exactly; a percent field takes
    the percentage shown (82), never the stored fraction, so nothing is silently off by 100×.
    """

    fraction: Decimal

    @property
    def percent(self) -> Decimal:
        return self.fraction * 100

    def __str__(self) -> str:
        return f"{self.percent.normalize():f}%"


class InputError(LocalizedError):
    """A value that cannot be read; `path` names the field when known."""

    def __init__(self, message: Message, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path

    def at(self, path: str) -> InputError:
        return InputError(self.message, path)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def forbidden_character(text: str) -> str | None:
    """The first character of `text` that no stored text may hold, or None.

    Stored text is what `normalize_text` returns, so it holds neither the characters it removes nor
    the ones it refuses; a data file that does was not written by CT20 and cannot be cleaned.
    """
    for char in text:
        if char in "\t\n":
            continue
        code = ord(char)
        if code < 0x20 or 0x7F <= code <= 0x9F or unicodedata.category(char) in ("Cf", "Cs", "Zl", "Zp"):
            return char
    return None


def _refused_character(text: str) -> str | None:
    """After removal and line breaks: a control or format character that `normalize_text` refuses."""
    if text.isprintable():  # fast path: every control and format character is non-printable
        return None
    for char in text:
        if char in "\t\n ":
            continue
        code = ord(char)
        if code < 0x20 or 0x7F <= code <= 0x9F or unicodedata.category(char) == "Cf":
            return char
    return None


def _character_error(char: str, label: Any) -> InputError:
    code = f"U+{ord(char):04X}"
    if char in _BIDI:
        if label is None:
            return InputError(Message(N_("The text contains an invisible character that reverses or "
                                         "reorders the direction of the text ({code}); remove it."), code=code))
        return InputError(Message(N_("“{field}” contains an invisible character that reverses or reorders "
                                     "the direction of the text ({code}); remove it."), field=label, code=code))
    if label is None:
        return InputError(Message(N_("The text contains an invisible control character ({code}) that a "
                                     "report cannot hold; remove it."), code=code))
    return InputError(Message(N_("“{field}” contains an invisible control character ({code}) that a "
                                 "report cannot hold; remove it."), field=label, code=code))


def normalize_text(value: Any, *, max_length: int = 500, multiline: bool = False, label: Any = None) -> str:
    """NFC, trimmed, invisible marks removed, hostile characters refused (see the module's rule).

    Single-line text keeps no line breaks. `label` (a {"vi", "en"} field label) names the field in
    the message when a character is refused.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise InputError(Message(N_("Expected text.")))
    if isinstance(value, float) and not math.isfinite(value):
        raise InputError(Message(N_("Expected text.")))
    # str() refuses ints of more than 4,300 digits (CVE-2020-10735); Decimal writes them.
    text = str(Decimal(value)) if isinstance(value, int) else str(value)
    if _SURROGATE.search(text):  # not text at all: it cannot be written as UTF-8, so it cannot be stored
        raise InputError(Message(N_("The text contains a character that is not valid Unicode.")))
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    text = _LINE_BREAKS.sub("\n", _INVISIBLE.sub("", text))
    refused = _refused_character(text)
    if refused is not None:
        raise _character_error(refused, label)
    if multiline:
        text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    else:
        text = _SPACES.sub(" ", text.replace("\n", " ")).strip()
    if len(text) > max_length:
        raise InputError(
            Message(N_("The text is {length} characters long; at most {max} are allowed."),
                    length=Formatted(len(text)), max=Formatted(max_length))
        )
    return text


def _number_text(value: str) -> str:
    text = _SPACES.sub("", nfc(value)).strip()
    return text.replace("\u2212", "-")  # a typographic minus pasted from Word


def parse_decimal(value: Any, *, decimals: int = 3, lang: str = "vi") -> int | float:
    """A finite number, rounded to `decimals` places; integral values come back as int."""
    if isinstance(value, bool):
        raise InputError(Message(N_("Expected a number, not true/false.")))
    if isinstance(value, PercentCell):
        raise InputError(Message(N_("The cell shows a percentage ({value}); this field takes a number, "
                                    "not a percentage."), value=str(value)[:50]))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InputError(Message(N_("Expected a number.")))
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(Message(N_("Expected a number.")))
        number = Decimal(repr(value))
    elif isinstance(value, str):
        number = _decimal_from_text(value, lang)
    else:
        raise InputError(Message(N_("Expected a number.")))
    if abs(number) >= MAX_ABS_NUMBER:
        # str(number), not str(value): Python refuses to write an int of 5,000 digits as text
        shown = value.strip() if isinstance(value, str) else str(number)
        raise InputError(Message(N_("The number {value} is too large."), value=shown[:50]))
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def _decimal_from_text(value: str, lang: str) -> Decimal:
    raw = _number_text(value)
    sign = ""
    if raw and raw[0] in "+-":
        sign, raw = raw[0].replace("+", ""), raw[1:]
    if not raw or not re.fullmatch(r"[0-9.,]+", raw) or not any(ch.isdigit() for ch in raw):
        raise InputError(Message(N_("“{value}” is not a number."), value=value.strip()[:50]))
    if "." in raw and "," in raw:
        decimal_sep = "." if raw.rfind(".") > raw.rfind(",") else ","
        group_sep = "," if decimal_sep == "." else "."
        integer, _, fraction = raw.rpartition(decimal_sep)
        if decimal_sep in integer or not _is_grouped(integer, group_sep):
            raise InputError(Message(N_("“{value}” is not a number."), value=value.strip()[:50]))
        plain = integer.replace(group_sep, "") + "." + fraction
    elif "," in raw:
        if raw.count(",") > 1 or (lang == "en" and _GROUPED_COMMAS.match(raw)):
            if not _GROUPED_COMMAS.match(raw):
                raise InputError(Message(N_("“{value}” is not a number."), value=value.strip()[:50]))
            plain = raw.replace(",", "")
        else:
            plain = raw.replace(",", ".")  # the Vietnamese decimal comma
    elif "." in raw:
        # "1.234" is one thousand two hundred and thirty-four to a Vietnamese reader.
        vietnamese_grouping = lang == "vi" and _GROUPED_DOTS.match(raw) and not raw.startswith("0")
        if raw.count(".") > 1 or vietnamese_grouping:
            if not _GROUPED_DOTS.match(raw):
                raise InputError(Message(N_("“{value}” is not a number."), value=value.strip()[:50]))
            plain = raw.replace(".", "")
        else:
            plain = raw
    else:
        plain = raw
    try:
        return Decimal(sign + plain)
    except InvalidOperation:
        raise InputError(Message(N_("“{value}” is not a number."), value=value.strip()[:50])) from None


def _is_grouped(integer: str, sep: str) -> bool:
    if sep not in integer:
        return integer.isdigit()
    return bool((_GROUPED_DOTS if sep == "." else _GROUPED_COMMAS).match(integer))


def parse_percent(value: Any, *, decimals: int = 3, lang: str = "vi") -> int | float:
    """A percentage as shown: "85%", "70,5 %", 85, or a spreadsheet cell formatted as % (0.82 → 82).

    The number is never rescaled otherwise: "105%" is 105, and the field's range (0–100) is checked
    by the rules like any other bound, so an impossible share is shown as an error, not hidden.
    """
    if isinstance(value, PercentCell):
        return parse_decimal(value.percent, decimals=decimals, lang=lang)
    if isinstance(value, str):
        text = nfc(value)
        stripped = _PERCENT_SIGN.sub("", text)
        if stripped != text and not stripped.strip():
            raise InputError(Message(N_("“{value}” is not a number."), value=value.strip()[:50]))
        value = stripped
    return parse_decimal(value, decimals=decimals, lang=lang)


def parse_int(value: Any, *, lang: str = "vi") -> int:
    """A whole number; "1.234" and "1 234" are 1234."""
    if isinstance(value, str):
        raw = _number_text(value)
        body = raw.lstrip("+-")
        if "," in body and not (lang == "en" and _GROUPED_COMMAS.match(body)):
            raise InputError(Message(N_("“{value}” is not a whole number."), value=value.strip()[:50]))
        if "." in body and not _GROUPED_DOTS.match(body):
            raise InputError(Message(N_("“{value}” is not a whole number."), value=value.strip()[:50]))
        try:
            number = parse_decimal(raw.replace(".", "").replace(",", ""), decimals=6, lang=lang)
        except InputError:
            raise InputError(Message(N_("“{value}” is not a whole number."), value=value.strip()[:50])) from None
    else:
        number = parse_decimal(value, decimals=6, lang=lang)
    if not isinstance(number, int):
        raise InputError(Message(N_("“{value}” is not a whole number."), value=str(value)[:50]))
    return number


def parse_date(value: Any) -> str:
    """An ISO date "YYYY-MM-DD" from ISO text, "dd/mm/yyyy", "dd-mm-yyyy", "dd.mm.yyyy" or a date."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        result = value
    elif isinstance(value, str):
        text = _SPACES.sub("", nfc(value))
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
        if match:
            year, month, day = (int(g) for g in match.groups())
        else:
            match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
            if not match:
                raise InputError(Message(N_("“{value}” is not a date (use dd/mm/yyyy)."), value=value.strip()[:50]))
            day, month, year = (int(g) for g in match.groups())
        try:
            result = dt.date(year, month, day)
        except ValueError:
            raise InputError(Message(N_("“{value}” is not a date that exists."), value=value.strip()[:50])) from None
    else:
        raise InputError(Message(N_("Expected a date.")))
    if not 1900 <= result.year <= 2100:
        raise InputError(Message(N_("The year {year} is out of range."), year=result.year))
    return result.isoformat()


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = nfc(value).strip().casefold()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise InputError(Message(N_("Expected yes or no (true/false).")))


def looks_like_email(text: str) -> bool:
    return bool(_EMAIL.match(text))
