"""The rules engine's tests of a table a column at a time (desktop.forms.rules, `check_rows`).

A table of 2,000 rows has some 30,000 cells: asked one by one, each costs the start of a report a
few thousand instructions in the interpreter (issue 16). Here a column is tested whole with
built-ins that loop in C (types, lengths, bounds, options, comparisons), and only the cells that
may have an issue are left to the validator, which judges them as it judges any cell. Each
function says what it stands for, and tests/forms/test_rules.py checks that the two agree.
"""

from __future__ import annotations

import datetime as dt
import math
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import partial
from itertools import compress, count, repeat
from typing import Any

from desktop.forms.fold import fold
from desktop.forms.model import NUMBER_TYPES, Field, Rule
from desktop.forms.values import get_path

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "<=": operator.le, "<": operator.lt, ">=": operator.ge,
    ">": operator.gt, "==": operator.eq, "!=": operator.ne,
}
_IS_NOT_NONE = partial(operator.is_not, None)


def compare_values(left: Any, op: str, right: Any) -> bool:
    try:
        return OPERATORS[op](left, right)
    except TypeError:
        return True  # values of different kinds are reported by the type checks, not here


def plain_failures(f: Field, values: list, options: Callable[[Field], set[str]]) -> list[int]:
    """The positions of `column_failures`, empty cells and others, in order."""
    empty, failed = column_failures(f, values, options)
    return sorted(empty + failed)

def column_failures(f: Field, values: list, options: Callable[[Field], set[str]]) -> tuple[list[int], list[int]]:
    """The positions in `values` (one column's cells) that `check` may find something wrong
    with: a cell left out is present and of its type, within its length or bounds, with no
    issue of its own (so only the column's rules are left to apply to it). Every position for
    a column without such a test. Returned as (the empty cells, the others). `options`: a
    choice column's keys.

    A column is first tested whole with built-ins that loop in C (`_column_is_plain`): in a
    sound table every present cell passes, and the failures are then just the empty cells.
    Otherwise each cell is tested in one Python pass."""
    present = values
    empty: list[int] = []
    if None in values:
        empty = list(compress(count(), map(operator.is_, values, repeat(None))))
        present = list(filter(_IS_NOT_NONE, values))
    if _column_is_plain(f, present, options):
        return empty, []
    failed = _cell_failures(f, values, options)
    return [at for at in failed if values[at] is None], [at for at in failed if values[at] is not None]

def _cell_failures(f: Field, values: list, options: Callable[[Field], set[str]]) -> list[int]:
    """The positions of `column_failures`, the cells tested one by one."""
    t = f.type
    if t in ("text", "longtext"):
        limit = f.max_length
        if limit:
            return [at for at, v in enumerate(values) if v.__class__ is not str or v == "" or len(v) > limit]
        return [at for at, v in enumerate(values) if v.__class__ is not str or v == ""]
    if t in NUMBER_TYPES:
        kinds = (int,) if t == "int" else (int, float)
        low, high = f.min, f.max
        if low is None and high is None:
            return [at for at, v in enumerate(values) if v.__class__ not in kinds]
        low = -math.inf if low is None else low
        high = math.inf if high is None else high
        return [at for at, v in enumerate(values) if v.__class__ not in kinds or not low <= v <= high]
    if t == "date":
        return [at for at, v in enumerate(values) if v.__class__ is not str or not is_date(v)]
    if t == "bool":
        return [at for at, v in enumerate(values) if v.__class__ is not bool]
    if t == "choice":
        keys = options(f)
        return [at for at, v in enumerate(values) if v.__class__ is not str or v not in keys]
    return list(range(len(values)))

def _column_is_plain(f: Field, present: list, options: Callable[[Field], set[str]]) -> bool:
    """True when every value of `present` (a column's cells that are not empty) passes the test
    `plain_failures` applies cell by cell; False when one may not (then each is tested)."""
    if not present:
        return True
    kinds = set(map(type, present))
    t = f.type
    if t in ("text", "longtext"):
        lengths = list(map(len, present)) if kinds == {str} else None
        return lengths is not None and min(lengths) > 0 and (not f.max_length or max(lengths) <= f.max_length)
    if t in NUMBER_TYPES:
        if not kinds <= ({int} if t == "int" else {int, float}):
            return False
        if float in kinds and any(map(math.isnan, present)):
            return False  # NaN is neither below nor above a bound: min and max cannot tell
        return (f.min is None or min(present) >= f.min) and (f.max is None or max(present) <= f.max)
    if t == "date":
        return kinds == {str} and all(map(is_date, set(present)))
    if t == "bool":
        return kinds == {bool}
    if t == "choice":
        return kinds == {str} and set(present) <= options(f)
    return False


def compare_failures(rule: Rule, table: Field, values: list, rows: list[dict],
                     targets: Iterable[int]) -> Iterable[int]:
    """Of `targets` (cells of a number column, present and of its type), those where the
    comparison `rule` may fail: all of them but those where it holds, found with built-ins
    when the other side is a number (the rule's value, or each row's cell of the column it
    names). `apply` judges those left, as it would have judged every one."""
    positions = list(targets)
    if not positions or rule.ref is not None:
        return positions
    lefts = list(map(values.__getitem__, positions))
    if rule.field is None:
        rights: Iterable[Any] = repeat(rule.value)
        kinds = {type(rule.value)}
    elif any(column.key == rule.field for column in table.columns):
        rights = [rows[at].get(rule.field) for at in positions]
        kinds = set(map(type, rights))
    else:
        return positions
    if not kinds <= {int, float}:
        return positions  # nothing to compare with, or not only numbers: `apply` says
    holds = OPERATORS[rule.op or "=="]
    return list(compress(positions, map(operator.not_, map(holds, lefts, rights))))


def row_condition(cond: dict, table: Field, values: dict) -> Callable[[dict], bool] | bool:
    """`_Scope.holds(cond)` for any row of `table` (in `values`), as a function of the row; a constant
    where the condition names no column of the table (its value is the same for every row)."""
    if "all" in cond or "any" in cond:
        every = "all" in cond
        parts = [row_condition(c, table, values) for c in cond["all" if every else "any"]]
        if (not every) in [p for p in parts if isinstance(p, bool)]:
            return not every  # one part decides for every row
        tests = [p for p in parts if not isinstance(p, bool)]
        if not tests:
            return every
        if every:
            return lambda row: all(test(row) for test in tests)
        return lambda row: any(test(row) for test in tests)
    ref = cond["field"]
    leaf = _value_test(cond)
    if all(column.key != ref for column in table.columns):
        return bool(leaf(get_path(values, ref)))
    return lambda row: leaf(row.get(ref))


# The combining marks of Latin scripts (Vietnamese's five tones, breve, circumflex and horn are among
# them): those of U+0300-U+036F that `fold` drops, asked of unicodedata as fold asks it, as ranges
# (a class of ranges compiles quicker than one of a hundred characters).
def _mark_ranges() -> str:
    ranges: list[list[int]] = []
    for code in range(0x300, 0x370):
        if unicodedata.combining(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(f"{chr(first)}-{chr(last)}" for first, last in ranges)


_NOT_ASCII_NOR_MARK = re.compile(f"[^\\x00-\\x7f{_mark_ranges()}]")


def unique_key(text: str) -> str:
    """`fold(text)`, the key under which two cells of a "unique" column repeat each other."""
    return unique_keys([text])[0]


def unique_keys(texts: list[str]) -> list[str]:
    """`[fold(text) for text in texts]`, quicker when the texts are made of ASCII and Latin
    combining marks once decomposed (Vietnamese): all of them are decomposed in one call, and
    the marks dropped by encoding to ASCII, in C, instead of a look-up per character. Texts of
    other scripts (or holding NUL, which joins them here) are folded one by one as `fold` does."""
    joined = "\0".join(texts).replace("đ", "d").replace("Đ", "D")
    if not joined.isascii():
        joined = unicodedata.normalize("NFD", joined)
    if joined.count("\0") != len(texts) - 1 or _NOT_ASCII_NOR_MARK.search(joined):
        return [fold(text) for text in texts]
    if not joined.isascii():
        joined = joined.encode("ascii", "ignore").decode("ascii")
    return [" ".join(part.split()) for part in joined.casefold().split("\0")]


def _value_test(cond: dict) -> Callable[[Any], bool]:
    """What `_Scope.holds` asks of the value a condition names (one that is not "all"/"any")."""
    if "in" in cond:
        allowed = cond["in"]
        return lambda value: value in allowed
    if "not_in" in cond:
        refused = cond["not_in"]
        return lambda value: value is not None and value != "" and value not in refused
    if "present" in cond:
        wanted = cond["present"]
        return lambda value: (value is not None) == wanted
    op, right = cond["op"], cond["value"]
    return lambda value: value is not None and compare_values(value, op, right)


def is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10
