"""Values objects: reading typed input into them, merging, paths, and a new report's values."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

from desktop.forms.choices import match_choice
from desktop.forms.model import Field, FormDefinition
from desktop.forms.normalize import (
    InputError,
    PercentCell,
    normalize_text,
    parse_bool,
    parse_date,
    parse_decimal,
    parse_int,
    parse_percent,
)
from desktop.i18n import N_, Message, pick

MAX_INPUT_ROWS = 20000  # far beyond any form's max_rows; refuses absurd input before it is stored
DELETE = object()


def get_path(values: dict, path: str) -> Any:
    node: Any = values
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def set_path(values: dict, path: str, value: Any) -> None:
    parts = path.split(".")
    node = values
    for part in parts[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            child = node[part] = {}
        node = child
    node[parts[-1]] = value


def delete_path(values: dict, path: str) -> None:
    parts = path.split(".")
    chain = [values]
    for part in parts[:-1]:
        child = chain[-1].get(part)
        if not isinstance(child, dict):
            return
        chain.append(child)
    chain[-1].pop(parts[-1], None)
    for depth in range(len(parts) - 2, -1, -1):  # drop groups left empty
        if not chain[depth + 1]:
            chain[depth].pop(parts[depth], None)


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def choice_options(field: Field) -> list[tuple[str, dict[str, str]]]:
    """(key, label) pairs of a choice, from the definition or from the registry."""
    if field.options:
        return [(o.key, o.label) for o in field.options]
    if field.options_from == "provinces":
        from desktop.registry import provinces

        return [(p.province, {"vi": p.place, "en": p.place}) for p in provinces()]
    return []


def read_value(field: Field, value: Any, *, lang: str = "vi") -> tuple[Any, Message | None]:
    """The stored form of one typed value, and a note when it was read by a mapping the user
    should know about (a former province name taken as today's province)."""
    if field.type == "choice" and value is not None and not (isinstance(value, str) and not value.strip()):
        key, note = match_choice(field, choice_options(field), value)
        return key, note
    return coerce_value(field, value, lang=lang), None


def coerce_value(field: Field, value: Any, *, lang: str = "vi") -> Any:
    """The stored form of one typed value; None means "empty" (the key is absent)."""
    if value is None:
        return None
    ftype = field.type
    if isinstance(value, PercentCell) and ftype in ("text", "longtext", "choice"):
        value = str(value)  # the text the spreadsheet shows ("82%")
    if ftype in ("text", "longtext"):
        text = normalize_text(value, max_length=field.max_length or 500, multiline=ftype == "longtext",
                              label=field.label)
        return text or None
    if isinstance(value, str) and not value.strip() and ftype != "table":
        return None
    if ftype == "int":
        return parse_int(value, lang=lang)
    if ftype == "decimal":
        return parse_decimal(value, decimals=field.decimals, lang=lang)
    if ftype == "percent":
        return parse_percent(value, decimals=field.decimals, lang=lang)
    if ftype == "date":
        return parse_date(value)
    if ftype == "bool":
        return parse_bool(value)
    if ftype == "choice":
        return match_choice(field, choice_options(field), value)[0]
    if ftype == "table":
        return _coerce_table(field, value, lang=lang)
    raise AssertionError(ftype)


def _coerce_table(field: Field, value: Any, *, lang: str) -> list[dict] | None:
    if not isinstance(value, list):
        raise InputError(Message(N_("Expected a list of rows.")))
    if len(value) > min(field.max_rows, MAX_INPUT_ROWS):  # refused with the count, never cut
        raise InputError(Message(N_("Too many rows ({count}); at most {max}."), count=len(value), max=field.max_rows))
    rows = []
    columns = {c.key: c for c in field.columns}
    for index, raw in enumerate(value):
        if not isinstance(raw, dict):
            raise InputError(Message(N_("Each row must be an object of column values.")), f"{field.key}[{index}]")
        row = {}
        for key, cell in raw.items():
            column = columns.get(key)
            path = f"{field.key}[{index}].{key}"
            if column is None:
                raise InputError(Message(N_("There is no column “{key}” in this table."), key=key), path)
            try:
                coerced = coerce_value(column, cell, lang=lang)
            except InputError as exc:
                raise exc.at(path) from None
            if coerced is not None:
                row[key] = coerced
        if row:
            rows.append(row)
    return rows or None


def flatten_input(form: FormDefinition, data: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(field path, raw value) pairs from a nested and/or dotted values object."""
    if not isinstance(data, dict):
        raise InputError(Message(N_("Expected an object of field values.")), prefix or None)
    for key, raw in data.items():
        if not isinstance(key, str) or not key:
            raise InputError(Message(N_("Field names must be text.")), prefix or None)
        path = f"{prefix}.{key}" if prefix else key
        if form.field(path) is not None:
            yield path, raw
        elif any(f.startswith(path + ".") for f in form.fields) and isinstance(raw, dict):
            yield from flatten_input(form, raw, path)
        else:
            raise InputError(Message(N_("There is no field “{key}” in this form."), key=path), path)


def unwrap_values_file(data: Any) -> Any:
    """Accept a bare values object, or a data file / `report show` output that wraps one."""
    if isinstance(data, dict) and data.get("format") == "ct20.submission" and "values" in data:
        return data["values"]
    return data


def coerce_values(form: FormDefinition, data: Any, *, lang: str = "vi") -> dict[str, Any]:
    """Typed input → {path: stored value or DELETE}. Raises InputError naming the path."""
    result: dict[str, Any] = {}
    for path, raw in flatten_input(form, unwrap_values_file(data)):
        field = form.fields[path]
        try:
            value = coerce_value(field, raw, lang=lang)
        except InputError as exc:
            raise (exc if exc.path else exc.at(path)) from None
        result[path] = DELETE if value is None else value
    return result


def merge_values(current: dict, changes: dict[str, Any]) -> tuple[dict, int]:
    """Apply {path: value|DELETE} to a copy of `current`; returns (merged, fields changed)."""
    merged = copy.deepcopy(current)
    changed = 0
    for path, value in changes.items():
        before = get_path(merged, path)
        if value is DELETE:
            if before is not None:
                delete_path(merged, path)
                changed += 1
        elif before != value or type(before) is not type(value):
            set_path(merged, path, value)
            changed += 1
    return merged, changed


def iter_present(form: FormDefinition, values: dict) -> Iterator[tuple[Field, Any]]:
    for path, field in form.fields.items():
        value = get_path(values, path)
        if value is not None:
            yield field, value


def initial_values(
    form: FormDefinition,
    *,
    org: dict | None = None,
    profile: dict | None = None,
    prefill_sources: dict[str, Callable[[], list[dict]]] | None = None,
) -> dict:
    """A new report: defaults, the header from the organisation profile, pre-filled tables."""
    org = org or {}
    profile = profile or {}
    values: dict = {}
    for path, field in form.fields.items():
        value = field.default
        if field.default_from:
            source, _, key = field.default_from.partition(".")
            if source == "org":
                value = org.get(key) or value
            elif source == "profile":
                value = profile.get(key) or value
            elif field.default_from == "form.default_recipients":
                value = [{"name": name} for name in form.default_recipients]
        if field.prefill and prefill_sources and field.prefill in prefill_sources:
            columns = {column.key for column in field.columns}  # a source may know more than the table holds
            value = [{k: v for k, v in row.items() if k in columns} for row in prefill_sources[field.prefill]()]
        if value not in (None, "", []):
            set_path(values, path, coerce_value(field, value))
    return values


def canonical_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def field_label(field: Field, lang: str) -> str:
    return pick(field.label, lang)
