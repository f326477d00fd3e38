"""A fast proof that the tables of a data file are sound, in front of the compiled validator.

Most of a big data file is its tables: 2,000 rows of a dozen plain values. The compiled validator
(fastjsonschema) spends several Python operations on each value (a set of the row's keys, one
`remove` per key, `isinstance` twice...). Here the row schema of each table is turned, once per
form version, into a small function that checks a row with about one type test per value.

It only ever proves: `split_tables` returns the schema with the `items` of the tables it fully
understands taken out (`rest`), and one row checker per such table. A data file is sound when
the compiled validator of `rest` accepts it and every row checker accepts its table's rows; when
either says no, or a row holds anything the checker cannot prove sound (a float in an integer
column, NaN, a dict subclass...), the caller runs the full compiled validator as before, whose
verdict and reason stand. So the fast path can only be slower to say "sound", never say it
wrongly, provided each row checker accepts nothing the validators refuse:
tests/forms/test_rowcheck.py compares them on thousands of generated rows of every form.

What a row checker understands (anything else leaves the table to the compiled validator):
rows of `type: object` with `properties`, `required`, `additionalProperties` true/false; each
column with `type` (string, number, integer, boolean, null, or a list of them), `enum` (strings
only), `minLength`/`maxLength`, `minimum`/`maximum`, `format` (one of the `formats` given: the
very functions both validators call); annotations (title, description, $comment, examples).
Patterns are left to the compiled validator (fastjsonschema reads `$` as the end of the string,
jsonschema also before a final newline). A table is found only through `properties` from the
root, so its schema applies to exactly one place of the data file; a schema with references or
`unevaluated*` keywords is never split.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

RowsCheck = Callable[[list[Any]], bool]

_ANNOTATIONS = frozenset({"title", "description", "$comment", "examples", "deprecated"})  # never "default":
# fastjsonschema writes defaults into the data it validates
_COLUMN_KEYS = frozenset({"type", "enum", "minLength", "maxLength", "minimum", "maximum", "format"}) | _ANNOTATIONS
_ROW_KEYS = frozenset({"type", "properties", "required", "additionalProperties"}) | _ANNOTATIONS
_TABLE_KEYS = frozenset({"type", "items", "minItems", "maxItems"}) | _ANNOTATIONS
_TYPES = frozenset({"string", "number", "integer", "boolean", "null"})
_NEVER_SPLIT = frozenset({"$ref", "$dynamicRef", "$recursiveRef", "unevaluatedItems", "unevaluatedProperties"})
MISSING = object()


@dataclass(frozen=True)
class Table:
    """The rows at `path` (object keys from the root), checked by `check`."""

    path: tuple[str, ...]
    check: RowsCheck


@dataclass(frozen=True)
class Split:
    rest: dict[str, Any]  # the schema without the items of `tables`
    tables: tuple[Table, ...]


def split_tables(schema: Mapping[str, Any], formats: Mapping[str, Callable[[str], bool]]) -> Split:
    """The schema's tables that a row checker understands, and the schema without their items.
    `formats`: the format checkers the validators are given."""
    rest = json.loads(json.dumps(schema))  # a copy sharing no node: each subschema has one place
    if _mentions(rest, _NEVER_SPLIT):
        return Split(rest, ())
    tables: list[Table] = []
    _walk(rest, (), formats, tables)
    return Split(rest, tuple(tables))


def _mentions(node: Any, keys: frozenset[str]) -> bool:
    if isinstance(node, dict):
        return any(key in keys or _mentions(value, keys) for key, value in node.items())
    if isinstance(node, list):
        return any(_mentions(value, keys) for value in node)
    return False


def _walk(node: dict[str, Any], path: tuple[str, ...], formats: Mapping[str, Callable[[str], bool]],
          tables: list[Table]) -> None:
    properties = node.get("properties")
    if not isinstance(properties, dict):
        return
    for key, child in properties.items():
        if not isinstance(child, dict):
            continue
        check = table_check(child, formats)
        if check is not None:
            del child["items"]
            tables.append(Table((*path, key), check))
        else:
            _walk(child, (*path, key), formats, tables)


def table_check(schema: Mapping[str, Any], formats: Mapping[str, Callable[[str], bool]]) -> RowsCheck | None:
    """The row checker of an array schema whose `items` it understands, else None."""
    if not set(schema) <= _TABLE_KEYS or schema.get("type") != "array" or not isinstance(schema.get("items"), dict):
        return None
    return row_check(schema["items"], formats)


def row_check(schema: Mapping[str, Any], formats: Mapping[str, Callable[[str], bool]]) -> RowsCheck | None:
    """A function of a list of rows: True only when every row is sound under `schema` (an
    object schema), False when it could not prove it; None when `schema` is not understood."""
    if not set(schema) <= _ROW_KEYS or schema.get("type") != "object":
        return None
    properties = schema.get("properties", {})
    required = schema.get("required", [])
    extra = schema.get("additionalProperties", True)
    if (not isinstance(properties, dict) or not isinstance(required, list)
            or not all(isinstance(key, str) for key in required) or not isinstance(extra, bool)):
        return None
    names: dict[str, Any] = {"MISSING": MISSING, "ISFINITE": math.isfinite}
    lines = ["def check(rows):", "    for row in rows:",
             "        if type(row) is not dict:", "            return False"]
    if not extra:
        names["ALLOWED"] = frozenset(properties)
        lines += ["        if not row.keys() <= ALLOWED:", "            return False"]
    if required:
        names["REQUIRED"] = frozenset(required)
        lines += ["        if not row.keys() >= REQUIRED:", "            return False"]
    for index, (key, column) in enumerate(properties.items()):
        test = _column_test(column, index, names, formats)
        if test is None:
            return None
        lines += [f"        v = row.get({key!r}, MISSING)", f"        if v is not MISSING and not ({test}):",
                  "            return False"]
    lines.append("    return True")
    code = compile("\n".join(lines), f"<row check {schema.get('title', '')!s:.40}>", "exec")
    exec(code, names)  # our own code: keys as literals (repr), every other value by name
    return names["check"]  # type: ignore[no-any-return]


def _bound(value: Any) -> bool:
    return type(value) in (int, float) and math.isfinite(value)


def _column_test(schema: Any, index: int, names: dict[str, Any],
                 formats: Mapping[str, Callable[[str], bool]]) -> str | None:
    """A Python expression over `v`, true only when `v` is sound under the column's `schema`."""
    if not isinstance(schema, dict) or not set(schema) <= _COLUMN_KEYS:
        return None
    types = schema.get("type")
    types = [types] if isinstance(types, str) else types
    if not isinstance(types, list) or not types or not all(isinstance(t, str) and t in _TYPES for t in types):
        return None
    low, high = schema.get("minimum"), schema.get("maximum")
    shortest, longest = schema.get("minLength"), schema.get("maxLength")
    if any(bound is not None and not _bound(bound) for bound in (low, high)):
        return None
    if any(length is not None and (type(length) is not int or length < 0) for length in (shortest, longest)):
        return None
    if "enum" in schema:
        options = schema["enum"]
        if not isinstance(options, list) or not all(isinstance(option, str) for option in options):
            return None
        if "string" not in types:
            return None  # nothing passes both: leave it to the validators
        types = ["enum"]
        names[f"E{index}"] = frozenset(options)
    fmt = schema.get("format")
    if fmt is not None and (not isinstance(fmt, str) or fmt not in formats):
        return None
    numeric = []
    if low is not None:
        names[f"LO{index}"] = low
        numeric.append(f"LO{index} <= v")
    if high is not None:
        names[f"HI{index}"] = high
        numeric.append(f"v <= HI{index}")
    tests = []
    for kind in types:
        if kind in ("string", "enum"):
            text = ["type(v) is str"]
            if kind == "enum":
                text.append(f"v in E{index}")
            if shortest is not None:
                text.append(f"{shortest} <= len(v)")
            if longest is not None:
                text.append(f"len(v) <= {longest}")
            if fmt is not None:
                names[f"F{index}"] = formats[fmt]
                text.append(f"F{index}(v) is True")
            tests.append(" and ".join(text))
        elif kind == "integer":
            tests.append(" and ".join(["type(v) is int", *numeric]))
        elif kind == "number":  # no bool; a float only when finite (NaN and infinities: the validators decide)
            tests.append(" and ".join(["(type(v) is int or type(v) is float and ISFINITE(v))", *numeric]))
        elif kind == "boolean":
            tests.append("type(v) is bool")
        else:
            tests.append("v is None")
    return " or ".join(f"({test})" for test in tests)
