"""Stable row codes (e.g. each industrial cluster's "CCN-007" within its province) and the change of
each cluster's treatment status between two rounds. Qt-free; the form says which column holds the
codes (`row_code` in its definition), so nothing here names a form.

A code is given once and kept: when a report is copied from the previous period (the rows travel
with their codes), when rows are filled or imported again (a row without a code takes the code of
the earlier row with the same name, compared without case, accents, spacing or the "Cụm công
nghiệp"/"CCN" prefix), and when the report is exported (rows still without one get the next free
number). Two rows never share a code: a repeated one is replaced on the later row.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from desktop.forms.model import Field, FormDefinition
from desktop.frozen_record import FrozenRecord

_PREFIX_WORDS = re.compile(r"^(cum cong nghiep|ccn|cum cn)\s+")
_CODE_NUMBER = re.compile(r"^([A-Z]+)-(\d{1,6})$")


def normalised_name(name: Any) -> str:
    """ "Cụm công nghiệp  Gián Khẩu" and "CCN gian khau" → "gian khau" (for matching rows by name)."""
    if not isinstance(name, str):
        return ""
    text = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = " ".join(re.sub(r"[^\w]+", " ", text).split())
    return _PREFIX_WORDS.sub("", text)


def code_column(table: Field) -> Field | None:
    return next((column for column in table.columns if column.row_code), None)


def coded_tables(form: FormDefinition) -> list[Field]:
    return [f for f in form.fields.values() if f.is_table and code_column(f) is not None]


def _number(code: Any, prefix: str) -> int | None:
    match = _CODE_NUMBER.match(code) if isinstance(code, str) else None
    return int(match.group(2)) if match and match.group(1) == prefix else None


def assign_codes(table: Field, rows: Sequence[Any], previous: Iterable[Any] = (), *,
                 taken: Iterable[str] = (), fresh: bool = True) -> list[Any]:
    """`rows` with every row coded: its own code kept (unless another row has it already), else the
    code of the `previous` row with the same normalised name, else (`fresh`) the next free number.
    `taken`: codes of other rows of the same table (rows appended to existing ones). Non-dict rows
    pass as they are. A fill or an import keeps and matches codes (`fresh=False`); the export gives
    the missing ones, so a draft is not changed behind the officer's back."""
    column = code_column(table)
    if column is None:
        return list(rows)
    key, prefix = column.key, str(column.row_code)
    used = set(taken)
    result: list[Any] = []
    by_name: dict[str, str] = {}
    for row in previous:
        if isinstance(row, dict) and isinstance(row.get(key), str) and row[key]:
            by_name.setdefault(normalised_name(row.get("name")), row[key])
    numbers = [n for n in (_number(c, prefix) for c in used) if n is not None]
    numbers += [n for n in (_number(c, prefix) for c in by_name.values()) if n is not None]
    numbers += [n for n in (_number(r.get(key), prefix) for r in rows if isinstance(r, dict)) if n is not None]
    following = max(numbers, default=0) + 1
    pending: list[int] = []
    for row in rows:
        if not isinstance(row, dict):
            result.append(row)
            continue
        row = dict(row)
        code = row.get(key)
        if not (isinstance(code, str) and code and code not in used):
            # (no earlier rows, as at export: no name to normalise for a lookup that cannot succeed)
            code = by_name.get(normalised_name(row.get("name"))) if by_name else None
            if code is not None and code in used:
                code = None
        if code is None:
            pending.append(len(result))
            row.pop(key, None)
        else:
            row[key] = code
            used.add(code)
        result.append(row)
    for index in pending if fresh else ():
        while f"{prefix}-{following:03d}" in used:
            following += 1
        code = f"{prefix}-{following:03d}"
        result[index][key] = code
        used.add(code)
    return result


def assign_report_codes(form: FormDefinition, values: dict[str, Any],
                        previous: dict[str, Any] | None = None) -> tuple[dict[str, Any], bool]:
    """The report's values with every coded table's rows coded (`previous`: the values before a fill,
    whose rows lend their codes by name). Returns (values, whether anything changed)."""
    from desktop.forms import get_path

    changed = False
    result = values
    for table in coded_tables(form):
        rows = get_path(values, table.key)
        if not isinstance(rows, list) or not rows:
            continue
        before = get_path(previous, table.key) if previous is not None else None
        coded = assign_codes(table, rows, before if isinstance(before, list) else ())
        if coded != rows:
            if result is values:
                result = _copy_groups(values)
            _set(result, table.key, coded)
            changed = True
    return result, changed


def _copy_groups(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (_copy_groups(v) if isinstance(v, dict) else v) for k, v in values.items()}


def _set(values: dict[str, Any], path: str, value: Any) -> None:
    node = values
    parts = path.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


# ---- the change of each cluster between two rounds ---------------------------------------------

class ClusterChange(FrozenRecord):
    """One cluster whose treatment status changed since the last round (or appeared, or left the list)."""

    province: str  # the reporting organisation's id
    code: str | None
    name: str
    before: str | None  # status key in the earlier round; None: not listed then
    after: str | None  # status key now; None: no longer listed

    @property
    def kind(self) -> str:
        if self.before is None:
            return "new"
        if self.after is None:
            return "removed"
        return "changed"

    def to_json(self) -> dict[str, Any]:
        return {"province": self.province, "code": self.code, "name": self.name, "before": self.before,
                "after": self.after, "kind": self.kind}


def cluster_changes(
    before: Mapping[str, Sequence[Mapping[str, Any]]],
    after: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    status_key: str = "wwtp_status",
    code_key: str = "code",
    name_key: str = "name",
    include_unchanged: bool = False,
) -> list[ClusterChange]:
    """The clusters whose status differs between two rounds, per province (org id → cluster rows).

    A cluster is the same in both rounds when its code is (within the province), else when its
    normalised name is. Only provinces present in both rounds are compared: a province that did
    not report in one of them says nothing about its clusters' change. Sorted by province, then
    code, then name.
    """
    changes: list[ClusterChange] = []
    for province in sorted(set(before) & set(after)):
        old_rows = [r for r in before[province] if isinstance(r, Mapping)]
        new_rows = [r for r in after[province] if isinstance(r, Mapping)]
        old_by_code = {r[code_key]: i for i, r in enumerate(old_rows) if isinstance(r.get(code_key), str)
                       and r.get(code_key)}
        old_by_name: dict[str, int] = {}
        for i, r in enumerate(old_rows):
            old_by_name.setdefault(normalised_name(r.get(name_key)), i)
        matched: set[int] = set()
        for row in new_rows:
            index = old_by_code.get(row.get(code_key)) if isinstance(row.get(code_key), str) else None
            if index is None or index in matched:
                index = old_by_name.get(normalised_name(row.get(name_key)))
                if index is not None and (index in matched or (
                        isinstance(old_rows[index].get(code_key), str) and isinstance(row.get(code_key), str)
                        and old_rows[index].get(code_key) != row.get(code_key)
                        and row.get(code_key) in old_by_code)):
                    index = None
            name = str(row.get(name_key) or "")
            code = row.get(code_key) if isinstance(row.get(code_key), str) else None
            status = row.get(status_key) if isinstance(row.get(status_key), str) else None
            if index is None:
                changes.append(ClusterChange(province, code, name, None, status))
                continue
            matched.add(index)
            earlier = old_rows[index].get(status_key)
            earlier = earlier if isinstance(earlier, str) else None
            if earlier != status or include_unchanged:
                changes.append(ClusterChange(province, code, name, earlier, status))
        for i, row in enumerate(old_rows):
            if i not in matched:
                code = row.get(code_key) if isinstance(row.get(code_key), str) else None
                earlier = row.get(status_key) if isinstance(row.get(status_key), str) else None
                changes.append(ClusterChange(province, code, str(row.get(name_key) or ""), earlier, None))
    return sorted(changes, key=lambda c: (c.province, c.code or "~", normalised_name(c.name)))
