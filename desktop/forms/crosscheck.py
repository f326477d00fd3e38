"""Checks across a definition: references between fields, conditions, derived values."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.forms.model import NUMBER_TYPES, Derived, Field, FormDefinition

if TYPE_CHECKING:
    from desktop.forms.loader import _Reader

DERIVED_KINDS = ("count", "count_by", "sum", "ratio_pct")
OPS = ("<=", "<", ">=", ">", "==", "!=")


def check_paths(reader: _Reader, fields: dict[str, Field]) -> None:
    """A value cannot be both a leaf and a group ("a.b" and "a.b.c")."""
    for path in fields:
        parts = path.split(".")
        for n in range(1, len(parts)):
            prefix = ".".join(parts[:n])
            if prefix in fields:
                raise reader.fail(f"field {path!r}", f"its path runs through the field {prefix!r}")


def check_references(reader: _Reader, form: FormDefinition) -> None:
    for f in form.fields.values():
        for owner in (f, *f.columns):
            table = f if owner is not f else None
            for i, rule in enumerate(owner.rules):
                where = f"field {f.key!r}" + (f" column {owner.key!r}" if table else "") + f" rules[{i}]"
                if rule.field is not None:
                    _resolve(reader, form, table, rule.field, f"{where}.field")
                if rule.check == "unique" and table is None:
                    raise reader.fail(where, "unique applies to table columns only")
                if rule.when is not None:
                    _check_condition(reader, form, table, rule.when, f"{where}.when")


def _resolve(reader: _Reader, form: FormDefinition, table: Field | None, ref: Any, where: str) -> Field:
    if not isinstance(ref, str):
        raise reader.fail(where, "a reference must be a field key")
    if table is not None and table.column(ref) is not None:
        return table.column(ref)  # type: ignore[return-value]
    target = form.field(ref)
    if target is None:
        raise reader.fail(where, f"no field {ref!r}")
    return target


def _check_condition(reader: _Reader, form: FormDefinition, table: Field | None, cond: Any, where: str) -> None:
    if not isinstance(cond, dict):
        raise reader.fail(where, "a condition must be an object")
    if "all" in cond or "any" in cond:
        parts = cond.get("all", cond.get("any"))
        if len(cond) != 1 or not isinstance(parts, list) or not parts:
            raise reader.fail(where, "all/any take a non-empty list and nothing else")
        for i, part in enumerate(parts):
            _check_condition(reader, form, table, part, f"{where}[{i}]")
        return
    target = _resolve(reader, form, table, cond.get("field"), f"{where}.field")
    tests = set(cond) - {"field"}
    if tests == {"in"} or tests == {"not_in"}:
        values = cond.get("in", cond.get("not_in"))
        if not isinstance(values, list) or not values:
            raise reader.fail(where, "in/not_in take a non-empty list")
        if target.type == "choice" and target.options:
            unknown = [v for v in values if v not in target.option_keys]
            if unknown:
                raise reader.fail(where, f"{unknown[0]!r} is not an option of {target.key!r}")
    elif tests == {"op", "value"}:
        if cond["op"] not in OPS:
            raise reader.fail(f"{where}.op", f"expected one of {OPS}")
    elif tests == {"present"}:
        if not isinstance(cond["present"], bool):
            raise reader.fail(f"{where}.present", "expected true or false")
    else:
        raise reader.fail(where, "expected in, not_in, op+value or present")


def derived_list(reader: _Reader, form: FormDefinition, raw: Any) -> list[Derived]:
    if not isinstance(raw, list):
        raise reader.fail("derived", "expected a list")
    result: list[Derived] = []
    for i, item in enumerate(raw):
        where = f"derived[{i}]"
        if not isinstance(item, dict):
            raise reader.fail(where, "expected an object")
        reader.unknown_keys(
            item,
            {"key", "kind", "label", "unit", "table", "column", "where", "numerator", "denominator", "target"},
            where,
        )
        kind = item.get("kind")
        if kind not in DERIVED_KINDS:
            raise reader.fail(f"{where}.kind", f"unknown kind {kind!r}")
        key = item.get("key")
        if not isinstance(key, str) or not key or any(d.key == key for d in result):
            raise reader.fail(f"{where}.key", "a unique dotted key is required")
        table = None
        if kind in ("count", "count_by", "sum"):
            table = form.field(item.get("table") or "")
            if table is None or not table.is_table:
                raise reader.fail(f"{where}.table", "must name a table field")
            if kind != "count":
                column = table.column(item.get("column") or "")
                if column is None:
                    raise reader.fail(f"{where}.column", "must name a column of the table")
                if kind == "count_by" and column.type != "choice":
                    raise reader.fail(f"{where}.column", "count_by needs a choice column")
                if kind == "sum" and column.type not in NUMBER_TYPES:
                    raise reader.fail(f"{where}.column", "sum needs a number column")
            if item.get("where") is not None:
                _check_condition(reader, form, table, item["where"], f"{where}.where")
        else:
            known = {d.key for d in result}
            for side in ("numerator", "denominator"):
                if item.get(side) not in known:
                    raise reader.fail(f"{where}.{side}", "must name an earlier derived value")
        result.append(
            Derived(
                key=key,
                kind=kind,
                label=reader.ltext(item.get("label"), f"{where}.label"),  # type: ignore[arg-type]
                unit=reader.ltext(item.get("unit"), f"{where}.unit", required=False),
                table=item.get("table"),
                column=item.get("column"),
                where=item.get("where"),
                numerator=item.get("numerator"),
                denominator=item.get("denominator"),
                target=item.get("target"),
            )
        )
    return result
