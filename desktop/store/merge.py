"""Three-way merge of report values: two saves made from one version, kept together.

Used when a save finds the report changed since the version it was based on (the CLI filled it,
another window saved it): what only one side changed is taken from that side; what both changed
to different values is a conflict for the user to decide. Groups (dicts) are merged key by key,
tables (lists) row by row when all three sides have the same number of rows, any other value as a
whole. Qt-free.
"""

from __future__ import annotations

import json
from typing import Any

from desktop.frozen_record import FrozenRecord

MISSING: Any = object()


class Conflict(FrozenRecord):
    """One value changed on both sides: where (dict keys and row numbers) and the two values."""

    path: tuple[str | int, ...]
    mine: Any
    theirs: Any

    @property
    def field_path(self) -> str:
        """The dotted path of the field (a table for a cell) the conflict is in."""
        keys = []
        for part in self.path:
            if isinstance(part, int):
                break
            keys.append(part)
        return ".".join(keys)

    @property
    def row(self) -> int | None:
        return next((part for part in self.path if isinstance(part, int)), None)


def _same(a: Any, b: Any) -> bool:
    if a is MISSING or b is MISSING:
        return a is b
    return json.dumps(a, sort_keys=True, ensure_ascii=False) == json.dumps(b, sort_keys=True, ensure_ascii=False)


def merge3(base: Any, mine: Any, theirs: Any) -> tuple[Any, list[Conflict]]:
    """The merged values (a conflict keeps `mine`) and the conflicts."""
    conflicts: list[Conflict] = []
    merged = _merge(base, mine, theirs, (), conflicts)
    return ({} if merged is MISSING else merged), conflicts


def take_theirs(merged: dict[str, Any], conflicts: list[Conflict]) -> dict[str, Any]:
    """`merged` with the other side's value at every conflict."""
    for conflict in conflicts:
        _set(merged, conflict.path, conflict.theirs)
    return merged


def _merge(base: Any, mine: Any, theirs: Any, path: tuple[str | int, ...],
           conflicts: list[Conflict]) -> Any:
    if _same(mine, theirs):
        return mine
    if _same(base, mine):
        return theirs
    if _same(base, theirs):
        return mine
    if isinstance(mine, dict) and isinstance(theirs, dict):
        old = base if isinstance(base, dict) else {}
        result: dict[str, Any] = {}
        for key in [*mine, *(k for k in theirs if k not in mine)]:
            value = _merge(old.get(key, MISSING), mine.get(key, MISSING), theirs.get(key, MISSING),
                           (*path, key), conflicts)
            if value is not MISSING:
                result[key] = value
        return result
    if (isinstance(mine, list) and isinstance(theirs, list) and isinstance(base, list)
            and len(mine) == len(theirs) == len(base)):
        rows = zip(base, mine, theirs, strict=True)
        return [_merge(b, m, t, (*path, n), conflicts) for n, (b, m, t) in enumerate(rows)]
    conflicts.append(Conflict(path, None if mine is MISSING else mine, None if theirs is MISSING else theirs))
    return mine


def _set(values: Any, path: tuple[str | int, ...], value: Any) -> None:
    node = values
    for part in path[:-1]:
        node = node[part]
    last = path[-1]
    if value is None and isinstance(node, dict):
        node.pop(last, None)
    else:
        node[last] = value
