"""The row checkers of the fast path accept nothing that the validators refuse.

For every table of every form version's schema that `split_tables` gives a row checker, thousands
of rows are generated from a fixed seed: sound ones (every type, bounds and lengths at their
edges, Vietnamese and astral characters) and nearly sound ones (one value off: a bound or length
by one, `true` for an integer, 2.0 and 2.5, NaN and infinities, numbers as strings, a missing
required key, an unknown key, a row that is no object...). Each row is judged by the row checker,
by fastjsonschema and by jsonschema (with our formats). The checker must never accept a row
either refuses, and it must accept every row fastjsonschema accepts unless the row holds a value
it leaves to the validators on purpose (a float in an integer column, a non-finite number).
`test_a_wrong_rule_is_caught` shows the comparison failing on a checker with one rule wrong.
"""

from __future__ import annotations

import math
import random
from typing import Any

import fastjsonschema
import jsonschema
import pytest

from desktop.forms import get_form, list_forms, rowcheck
from desktop.forms.schema import data_file_schema
from desktop.forms.schemacheck import FORMATS, _for
from tests.forms.test_schemacheck import _large

ROWS_PER_TABLE = 1500
FORMS = sorted({(form.id, form.version) for form in list_forms()})
TEXT = "aZ09 -_.,/ăâđêôơưĂÂĐÊÔƠƯạảãáàệỹ漢字😀\u00a0\t\n"


def _validators(schema: dict[str, Any]) -> tuple[Any, Any]:
    checker = jsonschema.FormatChecker(formats=())
    for name, check in FORMATS.items():
        checker.checks(name)(check)
    return fastjsonschema.compile(schema, formats=FORMATS), jsonschema.Draft202012Validator(
        schema, format_checker=checker)


def _subschema(schema: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    for key in path:
        schema = schema["properties"][key]
    return schema


def _text(rng: random.Random, length: int) -> str:
    """`length` characters (code points): random ones, repeated beyond 64."""
    chunk = "".join(rng.choice(TEXT) for _ in range(min(max(length, 0), 64)))
    return (chunk * (length // 64 + 1))[:max(length, 0)] if chunk else ""


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1990, 2100):04d}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _sound(column: dict[str, Any], rng: random.Random) -> Any:
    types = column["type"] if isinstance(column["type"], list) else [column["type"]]
    kind = rng.choice(types)
    if "enum" in column:
        return rng.choice(column["enum"])
    if kind == "string":
        if column.get("format") == "date":
            return _date(rng)
        if column.get("format") == "date-time":
            return f"{_date(rng)}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00{rng.choice(['Z', '+07:00'])}"
        low, high = column.get("minLength", 0), column.get("maxLength", 40)
        return _text(rng, rng.choice([low, high, rng.randint(low, min(high, low + 40))]))
    if kind in ("integer", "number"):
        low, high = column.get("minimum", -10**6), column.get("maximum", 10**9)
        value = rng.choice([low, high, rng.randint(math.ceil(low), math.floor(high))])
        if kind == "number" and rng.random() < 0.5:
            value = min(max(float(value) + rng.choice([0.0, 0.25, -0.25, 0.1]), low), high)
        return int(value) if kind == "integer" else value
    if kind == "boolean":
        return rng.random() < 0.5
    return None


def _off(column: dict[str, Any], rng: random.Random) -> Any:
    """A value close to sound: one rule broken, or a value only a validator can judge."""
    sound = _sound(column, rng)
    choices: list[Any] = [True, False, None, 0, 1, 2.0, 2.5, -1, -0.0, 10**30, -(10**30), float("nan"),
                          float("inf"), float("-inf"), "", "1", "true", [], {}, [sound], {"v": sound}]
    if isinstance(sound, str):
        choices += [sound + "\n", sound.upper(), sound + " ", " " + sound, sound[:-1], sound + "x" * 600,
                    "2024-02-30", "2025-02-29", "٢٠٢٥-١١-١٠", "2025-11-10\n", "2026-03-15T09:30:00",
                    "2026-03-15T25:30:00+07:00", "2026-03-15t09:30:00.5z"]
    for bound in ("minimum", "maximum"):
        if bound in column:
            edge = column[bound]
            choices += [edge - 1, edge + 1, edge - 0.5, edge + 0.5, float(edge), edge - 1e-9, edge + 1e-9]
    for bound in ("minLength", "maxLength"):
        if bound in column:
            choices += [_text(rng, column[bound] - 1), _text(rng, column[bound] + 1), "😀" * column[bound]]
    if "enum" in column:
        choices += [option.upper() for option in column["enum"]] + [option + " " for option in column["enum"]]
    return rng.choice(choices)


def _rows(row_schema: dict[str, Any], rng: random.Random, count: int) -> list[Any]:
    columns = row_schema["properties"]
    required = set(row_schema.get("required", []))
    rows: list[Any] = []
    for _ in range(count):
        row = {key: _sound(column, rng) for key, column in columns.items() if key in required or rng.random() < 0.7}
        roll = rng.random()
        if roll < 0.35 and columns:
            key = rng.choice(sorted(columns))
            row[key] = _off(columns[key], rng)
        elif roll < 0.42 and required:
            row.pop(rng.choice(sorted(required)))
        elif roll < 0.48:
            row[rng.choice(["extra", "Name", "name ", ""])] = _sound(rng.choice(list(columns.values())), rng)
        elif roll < 0.50:
            row = rng.choice([[], None, "row", 1, list(row.items())])
        rows.append(row)
    return rows


def _leaves_to_validators(row: Any, row_schema: dict[str, Any]) -> bool:
    """A sound row the checker does not try to prove: floats it cannot judge by type alone."""
    if not isinstance(row, dict):
        return False
    for key, value in row.items():
        column = row_schema["properties"].get(key, {})
        types = column.get("type") if isinstance(column.get("type"), list) else [column.get("type")]
        if type(value) is float and (not math.isfinite(value) or "number" not in types):
            return True
    return False


def disagreements(check: rowcheck.RowsCheck, table_schema: dict[str, Any], rows: list[Any]) -> list[str]:
    """Every row on which `check` breaks its contract with the two validators."""
    compiled, explainer = _validators(table_schema)
    found = []
    for row in rows:
        try:
            compiled([row])
            theirs = True
        except fastjsonschema.JsonSchemaValueException:
            theirs = False
        interpreted = explainer.is_valid([row])
        ours = check([row])
        if ours and not (theirs and interpreted):
            found.append(f"accepted, the validators refuse (fastjsonschema {theirs}, jsonschema {interpreted}): {row!r}")
        elif theirs and not ours and not _leaves_to_validators(row, table_schema["items"]):
            found.append(f"refused a row fastjsonschema accepts: {row!r}")
    return found


def _tables() -> list[tuple[str, str, tuple[str, ...]]]:
    found = []
    for form_id, version in FORMS:
        split = rowcheck.split_tables(data_file_schema(get_form(form_id, version)), FORMATS)
        found += [(form_id, version, table.path) for table in split.tables]
    return found


def test_every_forms_tables_have_row_checkers():
    """The big tables go through the fast path (else nothing would be faster)."""
    paths = {(form_id, path) for form_id, _v, path in _tables()}
    assert ("ct20.province", ("values", "clusters", "wastewater")) in paths
    assert ("ct20.enterprise", ("values", "facilities")) in paths
    assert ("ct20.ministry-unit", ("values", "tasks")) in paths
    assert ("kh1375.unit", ("values", "priority_tasks")) in paths
    assert ("ct20.province", ("justifications",)) in paths
    assert all(path != ("attachments",) for _f, _v, path in _tables())  # patterns: left to the validator


@pytest.mark.parametrize(("form_id", "version", "path"), _tables(), ids=lambda v: ".".join(v) if isinstance(v, tuple) else v)
def test_row_checker_agrees_with_both_validators(form_id, version, path):
    schema = data_file_schema(get_form(form_id, version))
    table = next(t for t in rowcheck.split_tables(schema, FORMATS).tables if t.path == path)
    table_schema = _subschema(schema, path)
    rng = random.Random(f"{form_id}@{version}:{'.'.join(path)}")
    rows = _rows(table_schema["items"], rng, ROWS_PER_TABLE)
    assert disagreements(table.check, table_schema, rows) == []
    accepted = sum(1 for row in rows if table.check([row]))
    assert ROWS_PER_TABLE // 3 < accepted < ROWS_PER_TABLE  # both kinds were generated


def test_a_wrong_rule_is_caught(monkeypatch):
    """The comparison can fail: with `isinstance(v, int)` for an integer (JSON `true` is no
    integer) or a maximum off by one, it finds the rows that prove it."""
    schema = data_file_schema(get_form("ct20.province"))
    table_schema = _subschema(schema, ("values", "clusters", "wastewater"))
    rows = _rows(table_schema["items"], random.Random(7), ROWS_PER_TABLE)
    original = rowcheck._column_test

    def lax_integer(*args: Any, **kwargs: Any) -> str | None:
        test = original(*args, **kwargs)
        return test.replace("type(v) is int and", "isinstance(v, int) and") if test else test

    monkeypatch.setattr(rowcheck, "_column_test", lax_integer)
    lax = rowcheck.table_check(table_schema, FORMATS)
    assert lax is not None
    assert any("True" in problem or "False" in problem for problem in disagreements(lax, table_schema, rows))

    def off_by_one(schema: Any, index: int, names: dict[str, Any], formats: Any) -> str | None:
        if isinstance(schema, dict) and "maximum" in schema:
            schema = {**schema, "maximum": schema["maximum"] + 1}
        return original(schema, index, names, formats)

    monkeypatch.setattr(rowcheck, "_column_test", off_by_one)
    wide = rowcheck.table_check(table_schema, FORMATS)
    assert wide is not None
    assert disagreements(wide, table_schema, rows)


def test_a_whole_file_is_judged_as_by_the_full_validator():
    """The fast path (validator without the tables + row checkers) and the full validator give
    the same verdict on a 2,000-row file and on copies with one generated row put in each table."""
    form = get_form("ct20.province")
    checkers = _for(form)
    data = _large()
    assert checkers.proves_sound(data)
    rng = random.Random(11)
    for table in checkers.tables:
        table_schema = _subschema(checkers.schema, table.path)
        node = data
        for key in table.path[:-1]:
            node = node.setdefault(key, {})
        rows = node.setdefault(table.path[-1], [])
        for row in _rows(table_schema["items"], rng, 80):
            rows.append(row)  # the file with this row last, then as it was
            try:
                checkers.validate(data)
                full = True
            except fastjsonschema.JsonSchemaValueException:
                full = False
            fast = checkers.proves_sound(data)
            rows.pop()
            assert not fast or full, row
            assert fast or not full or _leaves_to_validators(row, table_schema["items"]), row


@pytest.mark.parametrize("schema", [
    {"type": "array", "items": {"type": "object", "properties": {"a": {"type": "string", "pattern": "^a$"}}}},
    {"type": "array", "items": {"type": "object", "properties": {"a": {"type": "integer", "default": 1}}}},
    {"type": "array", "items": {"type": "object", "properties": {"a": {"type": "string", "format": "email"}}}},
    {"type": "array", "items": {"type": "object", "properties": {"a": {"enum": [1, 2]}}}},
    {"type": "array", "items": {"type": "object", "properties": {"a": {"type": "integer", "minimum": True}}}},
    {"type": "array", "items": {"type": "object", "additionalProperties": {"type": "string"}}},
    {"type": "array", "prefixItems": [{"type": "string"}], "items": {"type": "object"}},
    {"type": "array", "items": {"type": "object", "properties": {"a": {"type": "string", "const": "x"}}}},
    {"type": "array", "items": {"type": "object", "properties": {"a": {"oneOf": [{"type": "string"}]}}}},
])
def test_what_is_not_understood_is_left_to_the_validator(schema):
    assert rowcheck.table_check(schema, FORMATS) is None


def test_a_schema_with_references_is_never_split():
    schema = {"type": "object", "$defs": {"row": {"type": "object"}},
              "properties": {"t": {"type": "array", "items": {"$ref": "#/$defs/row"}},
                             "u": {"type": "array", "items": {"type": "object", "properties": {}}}}}
    split = rowcheck.split_tables(schema, FORMATS)
    assert split.tables == ()
    assert split.rest == schema


SYNTHETIC = {
    "type": "array",
    "items": {
        "type": "object", "additionalProperties": False, "required": ["a", "d"],
        "properties": {
            "a": {"type": ["string", "null"], "minLength": 2, "maxLength": 5},
            "b": {"type": ["integer", "null"], "maximum": 7},
            "c": {"type": "number", "maximum": 2.5, "title": "only a maximum"},
            "d": {"type": ["string", "null"], "enum": ["x", "y"]},
            "e": {"type": "string", "format": "date"},
            "f": {"type": ["boolean", "integer"], "minimum": -3},
            "g": {"type": "string", "minLength": 0},
        },
    },
}


def test_type_lists_null_and_one_sided_bounds_agree_with_both_validators():
    """Keywords the forms do not use today, but the checker claims to understand."""
    check = rowcheck.table_check(SYNTHETIC, FORMATS)
    assert check is not None
    rows = _rows(SYNTHETIC["items"], random.Random(5), 3000)
    assert disagreements(check, SYNTHETIC, rows) == []
    assert check([{"a": None, "d": "x", "b": None, "c": -1e300, "f": True, "g": ""}])
    assert not check([{"a": "ab", "d": None}])  # null is not in the enum
