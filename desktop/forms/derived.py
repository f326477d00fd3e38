"""Derived values (totals, counts, shares) computed from a values object by the definition."""

from __future__ import annotations

import math
from typing import Any

from desktop.forms.model import FormDefinition
from desktop.forms.rules import Context, _Scope
from desktop.forms.values import choice_options, get_path, set_path


def compute_derived(form: FormDefinition, values: dict) -> dict[str, Any]:
    """{"clusters": {"listed": 12, ...}}: every derived value of the form, nested by its key."""
    flat: dict[str, Any] = {}
    scope = _Scope(form, values, Context())
    for item in form.derived:
        if item.kind == "ratio_pct":
            numerator, denominator = flat.get(item.numerator or ""), flat.get(item.denominator or "")
            if isinstance(numerator, (int, float)) and isinstance(denominator, (int, float)) and denominator:
                flat[item.key] = round(100 * numerator / denominator, 2)
            continue
        table = form.fields[item.table or ""]
        rows = get_path(values, table.key)
        rows = [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []
        where = item.where
        if where is None:  # every row
            matching = rows
        elif where.keys() == {"field", "in"} and table.column(where["field"]) is not None:
            # a column's value among some (what scope.holds finds there, without its lookups)
            key, among = where["field"], where["in"]
            matching = [row for row in rows if row.get(key) in among]
        else:
            scope.table = table
            matching = []
            for row in rows:
                scope.row = row
                if scope.holds(where):
                    matching.append(row)
        if item.kind == "count":
            flat[item.key] = len(matching)
        elif item.kind == "count_by":
            column = table.column(item.column or "")
            counts = {key: 0 for key, _ in choice_options(column)} if column else {}
            for row in matching:
                value = row.get(item.column)
                if value in counts:
                    counts[value] += 1
            flat[item.key] = counts
        elif item.kind == "sum":
            numbers = [row.get(item.column) for row in matching]
            total = math.fsum(n for n in numbers if isinstance(n, (int, float)) and not isinstance(n, bool))
            total = round(total, 3)
            flat[item.key] = int(total) if total == int(total) else total
    result: dict[str, Any] = {}
    for key, value in flat.items():
        set_path(result, key, value)
    return result
