"""Load form definition files, refusing a broken one with the file and the key named."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from desktop.forms.model import (
    FIELD_TYPES,
    NUMBER_TYPES,
    TEXT_TYPES,
    Field,
    FormDefinition,
    Option,
    Rule,
    Section,
)
from desktop.i18n import N_, LocalizedError, Message

DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"
FRAGMENTS_DIR = DEFINITIONS_DIR / "fragments"

CHECKS = ("required", "absent", "compare", "email", "unique", "row_count")
OPS = ("<=", "<", ">=", ">", "==", "!=")
REFS = ("deadline",)
PERIOD_KINDS = ("year", "half", "adhoc")
ORG_KINDS = ("province", "enterprise", "ministry-unit")
OPTION_SOURCES = ("provinces",)
PREFILL_SOURCES = ("org_tasks", "kh1375_priority_tasks")
DEFAULT_SOURCES = (
    "org.place",
    "profile.signer_name",
    "profile.signer_title",
    "profile.head_title",
    "profile.contact_name",
    "profile.contact_phone",
    "profile.contact_email",
    "form.default_recipients",
)

FIELD_KEYS = {
    "key", "type", "label", "help", "unit", "required", "options", "options_from", "default",
    "default_from", "max_length", "min", "max", "decimals", "rules", "columns", "min_rows",
    "max_rows", "prefill", "fixed", "row_code",
}
RULE_KEYS = {"check", "severity", "when", "message", "op", "field", "value", "ref"}
TOP_KEYS = {
    "id", "version", "title", "org_kinds", "periods", "deadlines", "default_recipients",
    "sections", "derived", "first_year", "consolidation",
}


def first_year(reader: _Reader, value: Any) -> int:
    """The first year the form reports on (reports for earlier periods are refused)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 2000 <= value <= 2100:
        raise reader.fail("first_year", "expected a year between 2000 and 2100")
    return value


class DefinitionError(LocalizedError):
    """A definition file that cannot be used; the message names the file and the key."""

    def __init__(self, file: str, where: str, problem: str) -> None:
        super().__init__(
            Message(
                N_("The form definition {file} is broken at {where}: {problem}"),
                file=file,
                where=where,
                problem=problem,
            )
        )
        self.file = file
        self.where = where
        self.problem = problem


class _Reader:
    """Walks one definition file; every problem raises DefinitionError with its location."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name

    def fail(self, where: str, problem: str) -> DefinitionError:
        return DefinitionError(self.name, where or "(top level)", problem)

    def ltext(self, value: Any, where: str, *, required: bool = True) -> dict[str, str] | None:
        if value is None and not required:
            return None
        if not isinstance(value, dict) or not all(
            isinstance(value.get(lang), str) and value.get(lang, "").strip() for lang in ("vi", "en")
        ):
            raise self.fail(where, 'expected {"vi": text, "en": text}')
        if set(value) - {"vi", "en"}:
            raise self.fail(where, "only the languages vi and en are allowed")
        for text in value.values():
            if not unicodedata.is_normalized("NFC", text):
                raise self.fail(where, "text is not Unicode NFC")
        return {"vi": value["vi"], "en": value["en"]}

    def unknown_keys(self, data: dict, allowed: Iterable[str], where: str) -> None:
        extra = sorted(set(data) - set(allowed))
        if extra:
            raise self.fail(where, f"unknown key {extra[0]!r}")

    def rule(self, data: Any, where: str, *, is_table: bool) -> Rule:
        if not isinstance(data, dict):
            raise self.fail(where, "a rule must be an object")
        self.unknown_keys(data, RULE_KEYS, where)
        check = data.get("check")
        if check not in CHECKS:
            raise self.fail(f"{where}.check", f"unknown check {check!r}; expected one of {CHECKS}")
        severity = data.get("severity", "E")
        if severity not in ("E", "W"):
            raise self.fail(f"{where}.severity", "severity must be 'E' or 'W'")
        op = data.get("op")
        if check in ("compare", "row_count"):
            if op not in OPS:
                raise self.fail(f"{where}.op", f"expected one of {OPS}")
            sides = [k for k in ("field", "value", "ref") if k in data]
            if len(sides) != 1 or (check == "row_count" and sides != ["field"]):
                raise self.fail(where, "give exactly one of field, value, ref")
            if "ref" in data and data["ref"] not in REFS:
                raise self.fail(f"{where}.ref", f"unknown reference {data['ref']!r}")
        if check == "row_count" and not is_table:
            raise self.fail(where, "row_count applies to table fields only")
        return Rule(
            check=check,
            severity=severity,
            when=data.get("when"),
            message=self.ltext(data.get("message"), f"{where}.message", required=False),
            op=op,
            field=data.get("field"),
            value=data.get("value"),
            ref=data.get("ref"),
        )

    def field(self, data: Any, where: str, *, section: str, table: Field | None) -> Field:
        if not isinstance(data, dict):
            raise self.fail(where, "a field must be an object")
        key = data.get("key")
        if not isinstance(key, str) or not key or any(not part for part in key.split(".")):
            raise self.fail(f"{where}.key", "a field needs a dotted key")
        where = f"field {key!r}" if table is None else f"field {table.key!r} column {key!r}"
        self.unknown_keys(data, FIELD_KEYS, where)
        ftype = data.get("type")
        if ftype not in FIELD_TYPES:
            raise self.fail(f"{where}.type", f"unknown type {ftype!r}")
        if table is not None and (ftype == "table" or "." in key):
            raise self.fail(where, "a table column must be a plain key and not a table")
        result = Field(
            key=key,
            type=ftype,
            label=self.ltext(data.get("label"), f"{where}.label"),  # type: ignore[arg-type]
            help=self.ltext(data.get("help"), f"{where}.help", required=False),
            unit=self.ltext(data.get("unit"), f"{where}.unit", required=False),
            required=bool(data.get("required", False)),
            options_from=data.get("options_from"),
            default=data.get("default"),
            default_from=data.get("default_from"),
            max_length=data.get("max_length"),
            min=data.get("min"),
            max=data.get("max"),
            decimals=data.get("decimals", 0 if ftype == "int" else 3),
            min_rows=data.get("min_rows", 0),
            max_rows=data.get("max_rows", 2000),
            prefill=data.get("prefill"),
            fixed=bool(data.get("fixed", False)),
            section=section,
            table=table,
            row_code=data.get("row_code"),
        )
        if result.row_code is not None and (
                table is None or ftype != "text" or not isinstance(result.row_code, str)
                or not result.row_code.isascii() or not result.row_code.isalpha() or not result.row_code.isupper()
                or len(result.row_code) > 10):
            raise self.fail(f"{where}.row_code", "a row code is a text column of a table with a prefix of "
                                                 "1 to 10 capital ASCII letters")
        self._field_details(result, data, where)
        return result

    def _field_details(self, result: Field, data: dict, where: str) -> None:
        ftype = result.type
        if ftype in TEXT_TYPES:
            from desktop.forms.model import DEFAULT_MAX_LENGTH

            if result.max_length is None:
                result.max_length = DEFAULT_MAX_LENGTH[ftype]
            if not isinstance(result.max_length, int) or result.max_length < 1:
                raise self.fail(f"{where}.max_length", "must be a positive integer")
        if ftype in NUMBER_TYPES:
            if result.min is None:
                result.min = 0
            if ftype == "percent" and result.max is None:
                result.max = 100
            for bound in ("min", "max"):
                value = getattr(result, bound)
                if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
                    raise self.fail(f"{where}.{bound}", "must be a number")
            if not isinstance(result.decimals, int) or not 0 <= result.decimals <= 6:
                raise self.fail(f"{where}.decimals", "must be an integer from 0 to 6")
        if ftype == "choice":
            options = data.get("options")
            if (options is None) == (result.options_from is None):
                raise self.fail(where, "a choice needs exactly one of options, options_from")
            if options is not None:
                if not isinstance(options, list) or not options:
                    raise self.fail(f"{where}.options", "must be a non-empty list")
                parsed = []
                for i, option in enumerate(options):
                    if not isinstance(option, dict) or not isinstance(option.get("key"), str):
                        raise self.fail(f"{where}.options[{i}]", "an option needs a key")
                    parsed.append(
                        Option(option["key"], self.ltext(option.get("label"), f"{where}.options[{i}].label"))  # type: ignore[arg-type]
                    )
                keys = [o.key for o in parsed]
                if len(set(keys)) != len(keys):
                    raise self.fail(f"{where}.options", "option keys repeat")
                result.options = tuple(parsed)
            elif result.options_from not in OPTION_SOURCES:
                raise self.fail(f"{where}.options_from", f"unknown source {result.options_from!r}")
        elif "options" in data or "options_from" in data:
            raise self.fail(where, "only a choice has options")
        if result.default_from is not None and result.default_from not in DEFAULT_SOURCES:
            raise self.fail(f"{where}.default_from", f"unknown source {result.default_from!r}")
        if result.prefill is not None and result.prefill not in PREFILL_SOURCES:
            raise self.fail(f"{where}.prefill", f"unknown source {result.prefill!r}")
        if ftype == "table":
            columns = data.get("columns")
            if not isinstance(columns, list) or not columns:
                raise self.fail(f"{where}.columns", "a table needs columns")
            result.columns = tuple(
                self.field(c, f"{where}.columns[{i}]", section=result.section, table=result)
                for i, c in enumerate(columns)
            )
            names = [c.key for c in result.columns]
            if len(set(names)) != len(names):
                raise self.fail(f"{where}.columns", "column keys repeat")
            if not (isinstance(result.min_rows, int) and isinstance(result.max_rows, int)
                    and 0 <= result.min_rows <= result.max_rows):
                raise self.fail(where, "min_rows and max_rows must be integers, min ≤ max")
        elif "columns" in data:
            raise self.fail(where, "only a table has columns")
        if not isinstance(data.get("rules", []), list):
            raise self.fail(f"{where}.rules", "must be a list")
        result.rules = tuple(
            self.rule(r, f"{where}.rules[{i}]", is_table=ftype == "table")
            for i, r in enumerate(data.get("rules", []))
        )


def _read_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)
    except FileNotFoundError:
        raise DefinitionError(path.name, "(file)", "the file does not exist") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DefinitionError(path.name, "(file)", f"not valid UTF-8 JSON ({exc})") from None


def load_definition(path: str | Path, *, consolidation_later: bool = False) -> FormDefinition:
    """Load and check one definition file. `consolidation_later`: its consolidation block is read
    and checked when first asked for (the catalog's shipped forms, every one of which the tests read
    whole), not now: opening a report never needs it."""
    path = Path(path)
    reader = _Reader(path)
    data = _read_json(path)
    if not isinstance(data, dict):
        raise reader.fail("", "the file must hold a JSON object")
    reader.unknown_keys(data, TOP_KEYS, "")
    for key in ("id", "version"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise reader.fail(key, "required text")
    expected_name = f"{data['id']}@{data['version']}.json"
    if path.name != expected_name:
        raise reader.fail("id", f"the file must be named {expected_name}")
    title = reader.ltext(data.get("title"), "title")
    org_kinds = _string_list(reader, data, "org_kinds", ORG_KINDS)
    periods = _string_list(reader, data, "periods", PERIOD_KINDS)
    deadlines = data.get("deadlines", {})
    if not isinstance(deadlines, dict) or not all(
        k in ("year", "H1", "H2") and _is_month_day(v) for k, v in deadlines.items()
    ):
        raise reader.fail("deadlines", 'expected {"year"|"H1"|"H2": "MM-DD"}')
    recipients = data.get("default_recipients", [])
    if not isinstance(recipients, list) or not all(isinstance(r, str) for r in recipients):
        raise reader.fail("default_recipients", "expected a list of texts")

    sections: list[Section] = []
    fields: dict[str, Field] = {}
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise reader.fail("sections", "expected a non-empty list")
    for i, raw in enumerate(raw_sections):
        section_reader = reader
        if isinstance(raw, dict) and set(raw) == {"include"}:
            fragment = FRAGMENTS_DIR / f"{raw['include']}.json"
            section_reader = _Reader(fragment)
            raw = _read_json(fragment)
        section = _section(section_reader, raw, f"sections[{i}]")
        if any(s.key == section.key for s in sections):
            raise reader.fail(f"sections[{i}].key", f"section {section.key!r} repeats")
        for f in section.fields:
            if f.key in fields:
                raise section_reader.fail(f"field {f.key!r}", "the key repeats")
            fields[f.key] = f
        sections.append(section)
    check_paths(reader, fields)
    form = FormDefinition(
        id=data["id"],
        version=data["version"],
        title=title,  # type: ignore[arg-type]
        org_kinds=org_kinds,
        periods=periods,
        deadlines=dict(deadlines),
        default_recipients=tuple(recipients),
        sections=sections,
        derived=[],
        source=path.name,
        fields=fields,
        first_year=first_year(reader, data.get("first_year", 2025)),
    )
    check_references(reader, form)
    form.derived = derived_list(reader, form, data.get("derived", []))
    raw_consolidation = data.get("consolidation")
    if consolidation_later and raw_consolidation is not None:
        form.read_consolidation_later(lambda: _consolidation(reader, form, raw_consolidation))
    else:
        form.consolidation = _consolidation(reader, form, raw_consolidation)
    return form


def _consolidation(reader: _Reader, form: FormDefinition, raw: Any) -> Any:
    from desktop.forms.consolidation import read_consolidation  # only where consolidation is asked for

    return read_consolidation(reader, form, raw)


def _string_list(reader: _Reader, data: dict, key: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(v in allowed for v in value):
        raise reader.fail(key, f"expected a non-empty list of {allowed}")
    return tuple(value)


def _is_month_day(value: Any) -> bool:
    import datetime

    if not isinstance(value, str):
        return False
    try:
        datetime.date.fromisoformat(f"2024-{value}")
    except ValueError:
        return False
    return True


def _section(reader: _Reader, raw: Any, where: str) -> Section:
    if not isinstance(raw, dict):
        raise reader.fail(where, "a section must be an object")
    reader.unknown_keys(raw, {"key", "number", "title", "help", "fields"}, where)
    key = raw.get("key")
    if not isinstance(key, str) or not key:
        raise reader.fail(f"{where}.key", "a section needs a key")
    where = f"section {key!r}"
    raw_fields = raw.get("fields")
    if not isinstance(raw_fields, list) or not raw_fields:
        raise reader.fail(f"{where}.fields", "expected a non-empty list")
    return Section(
        key=key,
        number=str(raw.get("number", "")),
        title=reader.ltext(raw.get("title"), f"{where}.title"),  # type: ignore[arg-type]
        help=reader.ltext(raw.get("help"), f"{where}.help", required=False),
        fields=[
            reader.field(f, f"{where}.fields[{i}]", section=key, table=None)
            for i, f in enumerate(raw_fields)
        ],
    )


from desktop.forms.crosscheck import check_paths, check_references, derived_list  # noqa: E402
