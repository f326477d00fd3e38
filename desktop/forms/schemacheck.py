"""Checking a data file against its form version's JSON Schema: fast when it is sound, explained
when it is not.

The normal path is a validator compiled to Python code once per form version (fastjsonschema):
a sound 2,000-row data file is checked in a few milliseconds, where the interpreting validator
(jsonschema) needs a fifth of a second. jsonschema is imported only when the compiled validator
refuses a file, to list every mismatch in the words the user has always seen.

Why the two agree (tests/forms/test_schemacheck.py checks it on valid and on broken files): the
schema (desktop/forms/schema.py) is draft 2020-12 but uses only keywords whose meaning has not
changed since draft 6 (type, const, enum, properties, additionalProperties, required, items as
one schema, minItems/maxItems, minLength/maxLength, minimum/maximum, pattern, oneOf, format),
which fastjsonschema implements with the same rules as jsonschema: booleans are not numbers,
1.0 is an integer, `True` does not equal 1 in const/enum, patterns are Python `re.search`.
The formats are ours, given to both validators (`FORMATS`), so neither depends on which optional
format packages happen to be installed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from desktop.forms.model import FormDefinition
from desktop.forms.rowcheck import split_tables
from desktop.forms.schema import data_file_schema

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})", re.ASCII
)


def is_date(text: str) -> bool:
    """RFC 3339 full-date: YYYY-MM-DD, a day that exists."""
    if not _DATE.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def is_date_time(text: str) -> bool:
    """RFC 3339 date-time with its offset (what the exporter writes: 2026-03-15T09:30:00+07:00)."""
    if not _DATE_TIME.fullmatch(text):
        return False
    try:
        dt.datetime.fromisoformat(text.replace("z", "Z").replace("t", "T"))
    except ValueError:
        return False
    return True


FORMATS: dict[str, Callable[[str], bool]] = {"date": is_date, "date-time": is_date_time}


class _Checkers:
    """The schema of one form version, its compiled validators and (when first needed) its explainer.

    `proves_sound` is the normal path: the schema's tables checked by their row checkers
    (desktop/forms/rowcheck.py) and the rest by a validator compiled without them; `validate`,
    the validator of the whole schema, is compiled only when that fails to prove a file sound."""

    def __init__(self, form: FormDefinition) -> None:
        import fastjsonschema

        self.schema = data_file_schema(form)
        split = split_tables(self.schema, FORMATS)
        self.tables = split.tables
        self._rest = fastjsonschema.compile(split.rest, formats=FORMATS) if split.tables else None
        self._validate: Any = None
        self._explainer: Any = None

    @property
    def validate(self) -> Any:
        if self._validate is None:
            import fastjsonschema

            self._validate = fastjsonschema.compile(self.schema, formats=FORMATS)
        return self._validate

    def proves_sound(self, data: Any) -> bool:
        """True only when `data` is sound; False when not, or not proven here."""
        if self._rest is None:
            return False
        try:
            self._rest(data)
            return self._tables_sound(data)
        except Exception:  # refused, or upset by hostile data: the full validator says what it says
            return False

    def _tables_sound(self, data: Any) -> bool:
        for table in self.tables:
            rows = data
            for key in table.path:  # `properties` apply to objects holding the key, nothing else
                if type(rows) is not dict:
                    if isinstance(rows, dict):
                        return False  # a subclass: the validator decides
                    rows = None
                    break
                rows = rows.get(key)
            if type(rows) is list:
                if not table.check(rows):
                    return False
            elif isinstance(rows, (list, tuple)):
                return False  # an array for the validator, not a JSON one: it decides
        return True

    @property
    def explainer(self) -> Any:
        if self._explainer is None:
            from jsonschema import Draft202012Validator, FormatChecker

            checker = FormatChecker(formats=())
            for name, check in FORMATS.items():
                # jsonschema asks a format of every value, fastjsonschema of strings only: a format
                # says nothing of a number (`type` refuses it), as jsonschema's own formats do
                checker.checks(name)(lambda value, check=check: not isinstance(value, str) or check(value))
            self._explainer = Draft202012Validator(self.schema, format_checker=checker)
        return self._explainer


_checkers: dict[tuple[str, str], _Checkers] = {}


def _for(form: FormDefinition) -> _Checkers:
    key = (form.id, form.version)
    if key not in _checkers:
        _checkers[key] = _Checkers(form)
    return _checkers[key]


def first_mismatch(form: FormDefinition, data: Any) -> str | None:
    """None when `data` matches the form version's schema, else a short technical description of
    the first mismatch found (use `mismatches` to explain it to a user)."""
    from fastjsonschema import JsonSchemaValueException

    checkers = _for(form)
    if checkers.proves_sound(data):
        return None
    try:
        checkers.validate(data)
    except JsonSchemaValueException as exc:
        return str(exc.message)
    return None


def mismatches(form: FormDefinition, data: Any) -> list[Any]:
    """Every way `data` breaks the schema, as jsonschema's ValidationError objects (`message`,
    `absolute_path`), in no particular order. Slow on big files: call it when `first_mismatch`
    found one."""
    return list(_for(form).explainer.iter_errors(data))


def schema_errors(form: FormDefinition, data: Any) -> tuple[list[Any], str | None]:
    """(jsonschema's errors, the compiled validator's first mismatch): both empty/None for a sound
    file; jsonschema runs only when the compiled validator refused it. Should the two ever
    disagree (the errors empty while a mismatch was found), the caller still refuses the file,
    with the mismatch as its reason."""
    found = first_mismatch(form, data)
    if found is None:
        return [], None
    return mismatches(form, data), found
