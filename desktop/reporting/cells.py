"""Reading what the user typed into a value, and writing a value back as text. Qt-free.

Everything goes through `desktop.forms.values.coerce_value`, so typed, pasted and imported input
is normalised exactly like the CLI's. Text that cannot be read is not thrown away: it comes back
as "pending" text with the reason, and the editor keeps it (see `session.py`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from desktop.forms.model import NUMBER_TYPES, Field
from desktop.forms.normalize import InputError
from desktop.forms.values import choice_options, read_value
from desktop.frozen_record import FrozenRecord
from desktop.i18n import N_, Message, pick
from desktop.i18n.formatting import format_date, format_number

_CELL_PATH = re.compile(r"^(?P<table>[^\[\]]+)\[(?P<row>\d+)\]\.(?P<column>[^.\[\]]+)$")


def cell_path(table: str, row: int, column: str) -> str:
    """The path of a table cell, as validation issues write it: `clusters.wastewater[3].name`."""
    return f"{table}[{row}].{column}"


def split_cell_path(path: str) -> tuple[str, int, str] | None:
    match = _CELL_PATH.match(path)
    if match is None:
        return None
    return match["table"], int(match["row"]), match["column"]


class Reading(FrozenRecord):
    """The outcome of reading one input: a value to store, or text kept as typed with a reason."""

    value: Any = None
    pending: str | None = None
    error: Message | None = None
    note: Message | None = None  # read through a mapping the user should hear of (a former province)

    @property
    def ok(self) -> bool:
        return self.pending is None


def read_input(field: Field, raw: Any, lang: str) -> Reading:
    """Read typed, pasted or imported input for one field or cell; empty input is an empty value."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Reading()
    raw = _plain(field, raw, lang)
    try:
        value, note = read_value(field, raw, lang=lang)
        return Reading(value=value, note=note)
    except InputError as exc:
        text = raw if isinstance(raw, str) else str(raw)
        return Reading(pending=text, error=exc.message)


def _plain(field: Field, raw: Any, lang: str) -> Any:
    """Spreadsheet cell values (floats, datetimes) in the form each field type expects."""
    if isinstance(raw, float) and raw.is_integer() and field.type not in ("decimal", "percent"):
        raw = int(raw)
    if isinstance(raw, dt.datetime) and field.type != "date":
        raw = raw.date() if raw.time() == dt.time() else raw
    if isinstance(raw, dt.date) and field.type in ("text", "longtext"):
        return format_date(raw, lang) if not isinstance(raw, dt.datetime) else str(raw)
    if field.type == "choice" and isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return str(raw)
    return raw


def number_decimals(field: Field) -> int:
    return 0 if field.type == "int" else field.decimals


def option_text(field: Field, key: str, lang: str) -> str:
    for option_key, label in choice_options(field):
        if option_key == key:
            return pick(label, lang)
    return key


def edit_text(field: Field, value: Any, lang: str) -> str:
    """A stored value as the text an input shows for editing ("1.234,5", "05/11/2025")."""
    if value is None:
        return ""
    if field.type in NUMBER_TYPES and isinstance(value, (int, float)) and not isinstance(value, bool):
        return format_number(value, lang, decimals=number_decimals(field))
    if field.type == "date" and isinstance(value, str):
        try:
            return format_date(value, lang)
        except ValueError:
            return value
    if field.type == "choice" and isinstance(value, str):
        return option_text(field, value, lang)
    if isinstance(value, bool):
        return {"vi": "có", "en": "yes"}.get(lang, "yes") if value else {"vi": "không", "en": "no"}.get(lang, "no")
    return str(value)


def display_text(field: Field, value: Any, lang: str) -> str:
    """Like edit_text, on one line (a table cell shows the first line of a long text)."""
    text = edit_text(field, value, lang)
    if "\n" in text:
        first, _, _rest = text.partition("\n")
        return first + " …"
    return text


def format_count(count: int, lang: str) -> str:
    """A count with the language's thousands separator ("1.200" in Vietnamese)."""
    return format_number(count, lang, decimals=0)


def reading_notes(readings: list[Reading], lang: str, shown: int = 2) -> list[str]:
    """What was read through a mapping (a former province), each said once, a few at most."""
    notes = list(dict.fromkeys(r.note.render(lang) for r in readings if r.note is not None))
    if len(notes) > shown:
        more = Message(N_("({count} more like this)"), count=format_count(len(notes) - shown, lang))
        notes = [*notes[:shown], more.render(lang)]
    return notes
