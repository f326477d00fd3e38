"""The `consolidation` block of a form definition (FORMAT.md): how Cục ATMT's report adds up the
packages of that form. Read and checked by the loader like the rules: every field, table and
column it names must exist in the same definition, so a new form version that renames a field
is refused with the name given, instead of dropping the figure from the report silently."""

from __future__ import annotations

import string
from typing import TYPE_CHECKING, Any

from desktop.forms.model import NUMBER_TYPES, TEXT_TYPES, Field, FormDefinition, LText
from desktop.frozen_record import FrozenRecord

if TYPE_CHECKING:
    from desktop.forms.loader import _Reader

FEEDS = ("qd2678", "qd1375")  # the consolidated report a form feeds: Decision 2678 or Decision 1375
ROW_KINDS = ("reporter", "table_rows", "group")
AGGREGATES = ("count", "sum", "ratio", "meets", "value", "cell")
REPORTER_LABELS = ("name", "place")
TOP = {"feeds", "reporters", "counted_as", "plan", "progress", "tables", "narrative", "issues", "tracked"}
TRACKED_KEYS = {"table", "status", "name", "title", "summary", "sheet"}
TRACKED_COUNTS = ("changed", "new", "removed")
TABLE_KEYS = {"key", "title", "rows", "table", "by", "annex", "reporter_label", "columns", "summary", "sheet",
              "total_label"}
COLUMN_KEYS = {"key", "label", "unit", "agg", "field", "column", "where", "numerator", "denominator", "target",
               "ratio"}


class CColumn(FrozenRecord):
    key: str
    agg: str  # count | sum | ratio | meets | value (a reporter's field) | cell (a row's column)
    label: LText
    unit: LText | None = None
    kind: str = "text"  # text | longtext | int | decimal | percent: how the report prints it
    field: str | None = None
    column: str | None = None
    where: dict[str, Any] | None = None
    numerator: str | None = None
    denominator: str | None = None
    target: float | None = None
    ratio: str | None = None

    @property
    def summed(self) -> bool:
        """Added up in the total row (a ratio is recomputed from the sums instead)."""
        return self.agg in ("count", "sum") or (self.agg == "value" and self.kind in ("int", "decimal"))


class CTable(FrozenRecord):
    key: str
    title: LText
    rows: str  # reporter | table_rows | group
    columns: tuple[CColumn, ...]
    table: str | None = None
    by: str | None = None
    annex: bool = False
    reporter_label: str = "name"
    summary: LText | None = None
    sheet: LText | None = None  # the workbook's tab (at most 31 characters); else "Bảng N"
    total_label: LText | None = None  # the total row's label; else "Tổng cộng"

    def column(self, key: str) -> CColumn | None:
        return next((c for c in self.columns if c.key == key), None)


class PlanSpec(FrozenRecord):
    field: str
    issued: tuple[str, ...]
    document: str | None = None
    date: str | None = None


class ProgressSpec(FrozenRecord):
    table: str
    id: str
    status: str
    result: str
    outputs: str | None = None
    task: str | None = None  # the task's text and time frame, for a task beyond the registry's
    timeframe: str | None = None


class TrackedSpec(FrozenRecord):
    """Rows followed from one round to the next (e.g. each industrial cluster's treatment status):
    a table with a `row_code` column, matched by code, else by name (desktop.reporting.clusters)."""

    table: str
    code: str  # the table's row_code column
    status: str  # a choice column: the status whose change the report shows
    name: str
    title: LText
    summary: LText  # with {changed}, {new}, {removed}
    sheet: LText | None = None


class Consolidation(FrozenRecord):
    feeds: str
    reporters: LText  # "các Sở Công Thương"
    counted_as: LText  # "tỉnh, thành phố": in "theo báo cáo của 17/34 tỉnh, thành phố"
    tables: tuple[CTable, ...] = ()
    narrative: tuple[str, ...] = ()
    difficulties: str | None = None
    proposals: str | None = None
    plan: PlanSpec | None = None
    progress: ProgressSpec | None = None
    tracked: TrackedSpec | None = None

    def table(self, key: str) -> CTable | None:
        return next((t for t in self.tables if t.key == key), None)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


class _Check:
    def __init__(self, reader: _Reader, form: FormDefinition) -> None:
        self.reader = reader
        self.form = form

    def fail(self, where: str, problem: str) -> Exception:
        return self.reader.fail(f"consolidation.{where}" if where else "consolidation", problem)

    def obj(self, data: Any, allowed: set[str], where: str) -> dict:
        if not isinstance(data, dict):
            raise self.fail(where, "expected an object")
        extra = sorted(set(data) - allowed)
        if extra:
            raise self.fail(where, f"unknown key {extra[0]!r}")
        return data

    def ltext(self, value: Any, where: str, *, required: bool = True) -> LText | None:
        return self.reader.ltext(value, f"consolidation.{where}", required=required)

    def field(self, path: Any, where: str, types: tuple[str, ...] | None = None) -> Field:
        found = self.form.field(path) if isinstance(path, str) else None
        if found is None:
            raise self.fail(where, f"no field {path!r} in this form")
        if types is not None and found.type not in types:
            raise self.fail(where, f"the field {path!r} is a {found.type}; expected {' or '.join(types)}")
        return found

    def column(self, table: Field, key: Any, where: str, types: tuple[str, ...] | None = None) -> Field:
        found = table.column(key) if isinstance(key, str) else None
        if found is None:
            raise self.fail(where, f"no column {key!r} in the table {table.key!r}")
        if types is not None and found.type not in types:
            raise self.fail(where, f"the column {key!r} of {table.key!r} is a {found.type}; expected "
                                   f"{' or '.join(types)}")
        return found


def read_consolidation(reader: _Reader, form: FormDefinition, raw: Any) -> Consolidation | None:
    if raw is None:
        return None
    check = _Check(reader, form)
    data = check.obj(raw, TOP, "")
    feeds = data.get("feeds")
    if feeds not in FEEDS:
        raise check.fail("feeds", f"expected one of {FEEDS}")
    plan = None
    if "plan" in data:
        spec = check.obj(data["plan"], {"field", "issued", "document", "date"}, "plan")
        choice = check.field(spec.get("field"), "plan.field", ("choice",))
        issued = spec.get("issued")
        if not isinstance(issued, list) or not issued or any(k not in choice.option_keys for k in issued):
            raise check.fail("plan.issued", f"expected a non-empty list of options of {choice.key!r}")
        for key in ("document", "date"):
            if spec.get(key) is not None:
                check.field(spec[key], f"plan.{key}")
        plan = PlanSpec(choice.key, tuple(issued), spec.get("document"), spec.get("date"))
    progress = None
    if "progress" in data:
        spec = check.obj(data["progress"], {"table", "id", "status", "result", "outputs", "task", "timeframe"},
                         "progress")
        table = check.field(spec.get("table"), "progress.table", ("table",))
        check.column(table, spec.get("id"), "progress.id")
        check.column(table, spec.get("status"), "progress.status", ("choice",))
        check.column(table, spec.get("result"), "progress.result", TEXT_TYPES)
        for key in ("outputs", "task", "timeframe"):
            if spec.get(key) is not None:
                check.column(table, spec[key], f"progress.{key}")
        progress = ProgressSpec(table.key, spec["id"], spec["status"], spec["result"], spec.get("outputs"),
                                spec.get("task"), spec.get("timeframe"))
    raw_tables = data.get("tables", [])
    if not isinstance(raw_tables, list):
        raise check.fail("tables", "expected a list")
    tables: list[CTable] = []
    for i, item in enumerate(raw_tables):
        made = _table(check, item, f"tables[{i}]")
        if any(t.key == made.key for t in tables):
            raise check.fail(f"tables[{i}].key", f"the table key {made.key!r} repeats")
        tables.append(made)
    narrative = data.get("narrative", [])
    if not isinstance(narrative, list):
        raise check.fail("narrative", "expected a list of field keys")
    for i, key in enumerate(narrative):
        check.field(key, f"narrative[{i}]", TEXT_TYPES)
    issues = check.obj(data.get("issues", {}), {"difficulties", "proposals"}, "issues")
    for key, path in issues.items():
        check.field(path, f"issues.{key}", TEXT_TYPES)
    tracked = _tracked(check, data["tracked"]) if "tracked" in data else None
    return Consolidation(
        feeds=feeds,
        reporters=check.ltext(data.get("reporters"), "reporters"),  # type: ignore[arg-type]
        counted_as=check.ltext(data.get("counted_as"), "counted_as"),  # type: ignore[arg-type]
        tables=tuple(tables), narrative=tuple(narrative), difficulties=issues.get("difficulties"),
        proposals=issues.get("proposals"), plan=plan, progress=progress, tracked=tracked,
    )


def _tracked(check: _Check, raw: Any) -> TrackedSpec:
    spec = check.obj(raw, TRACKED_KEYS, "tracked")
    table = check.field(spec.get("table"), "tracked.table", ("table",))
    code = next((column for column in table.columns if column.row_code), None)
    if code is None:
        raise check.fail("tracked.table", f"the table {table.key!r} has no column with a row_code")
    check.column(table, spec.get("status"), "tracked.status", ("choice",))
    check.column(table, spec.get("name"), "tracked.name", TEXT_TYPES)
    summary = check.ltext(spec.get("summary"), "tracked.summary")
    assert summary is not None
    for lang, text in summary.items():
        unknown = sorted(placeholders(text) - set(TRACKED_COUNTS))
        if unknown:
            raise check.fail(f"tracked.summary.{lang}", f"the placeholder {{{unknown[0]}}} is not one of "
                                                        f"{', '.join(TRACKED_COUNTS)}")
    sheet = check.ltext(spec.get("sheet"), "tracked.sheet", required=False)
    if sheet is not None and any(len(text) > 31 for text in sheet.values()):
        raise check.fail("tracked.sheet", "a sheet name has at most 31 characters")
    return TrackedSpec(table.key, code.key, spec["status"], spec["name"],
                       check.ltext(spec.get("title"), "tracked.title"), summary, sheet)  # type: ignore[arg-type]


def _table(check: _Check, raw: Any, where: str) -> CTable:
    from desktop.forms.crosscheck import _check_condition

    data = check.obj(raw, TABLE_KEYS, where)
    key = data.get("key")
    if not isinstance(key, str) or not key:
        raise check.fail(f"{where}.key", "a table needs a key")
    where = f"table {key!r}"
    rows = data.get("rows")
    if rows not in ROW_KINDS:
        raise check.fail(f"{where}.rows", f"expected one of {ROW_KINDS}")
    source = None
    if data.get("table") is not None or rows != "reporter":
        source = check.field(data.get("table"), f"{where}.table", ("table",))
    by = None
    if rows == "group":
        assert source is not None
        by = check.column(source, data.get("by"), f"{where}.by", ("choice", "text")).key
    elif "by" in data:
        raise check.fail(f"{where}.by", "only a table grouped by a column has by")
    reporter = data.get("reporter_label", "name")
    if reporter not in REPORTER_LABELS:
        raise check.fail(f"{where}.reporter_label", f"expected one of {REPORTER_LABELS}")
    raw_columns = data.get("columns")
    if not isinstance(raw_columns, list) or not raw_columns:
        raise check.fail(f"{where}.columns", "expected a non-empty list")
    columns: list[CColumn] = []
    for i, item in enumerate(raw_columns):
        spec = check.obj(item, COLUMN_KEYS, f"{where}.columns[{i}]")
        ckey = spec.get("key")
        if not isinstance(ckey, str) or not ckey.isidentifier() or any(c.key == ckey for c in columns):
            raise check.fail(f"{where}.columns[{i}].key", "a unique key of letters, digits and _ is required")
        here = f"{where} column {ckey!r}"
        agg = spec.get("agg", "value" if "field" in spec else "cell")
        if agg not in AGGREGATES:
            raise check.fail(f"{here}.agg", f"unknown aggregate {agg!r}; expected one of {AGGREGATES}")
        label = check.ltext(spec.get("label"), f"{here}.label", required=False)
        unit = check.ltext(spec.get("unit"), f"{here}.unit", required=False)
        kind, target = "text", spec.get("target")
        if agg in ("count", "sum", "cell"):
            if source is None:
                raise check.fail(f"{here}.agg", f"{agg} needs the table's `table`")
            if spec.get("where") is not None:
                if agg == "cell":
                    raise check.fail(f"{here}.where", "a cell has no condition")
                _check_condition(check.reader, check.form, source, spec["where"], f"consolidation.{here}.where")
        if agg == "count":
            kind = "int"
        elif agg == "sum":
            assert source is not None
            column = check.column(source, spec.get("column"), f"{here}.column", ("int", "decimal"))
            kind, unit, label = column.type, unit or column.unit, label or column.label
        elif agg == "cell":
            assert source is not None
            column = check.column(source, spec.get("column"), f"{here}.column")
            kind = column.type if column.type in NUMBER_TYPES or column.type == "longtext" else "text"
            unit, label = unit or column.unit, label or column.label
        elif agg == "value":
            if rows != "reporter":
                raise check.fail(f"{here}.field", "a reporter's value goes only in a table of reporters")
            found = check.field(spec.get("field"), f"{here}.field")
            if found.is_table:
                raise check.fail(f"{here}.field", f"the field {found.key!r} is a table")
            kind = found.type if found.type in NUMBER_TYPES or found.type == "longtext" else "text"
            unit, label = unit or found.unit, label or found.label
        elif agg == "ratio":
            for side in ("numerator", "denominator"):
                earlier = next((c for c in columns if c.key == spec.get(side)), None)
                if earlier is None or not earlier.summed:
                    raise check.fail(f"{here}.{side}", "must name an earlier count, sum or number column")
            if target is not None and (isinstance(target, bool) or not isinstance(target, (int, float))):
                raise check.fail(f"{here}.target", "must be a number")
            kind = "percent"
        else:  # meets
            ratio = next((c for c in columns if c.key == spec.get("ratio")), None)
            if ratio is None or ratio.agg != "ratio" or ratio.target is None:
                raise check.fail(f"{here}.ratio", "must name an earlier ratio with a target")
        if label is None:
            raise check.fail(f"{here}.label", "a label is required")
        columns.append(CColumn(
            key=ckey, agg=agg, label=label, unit=unit, kind=kind, field=spec.get("field"), column=spec.get("column"),
            where=spec.get("where"), numerator=spec.get("numerator"), denominator=spec.get("denominator"),
            target=float(target) if target is not None else None, ratio=spec.get("ratio"),
        ))
    summary = check.ltext(data.get("summary"), f"{where}.summary", required=False)
    if summary is not None:
        known = {c.key for c in columns if c.summed or c.agg in ("ratio", "meets")} | {f"{c.key}_target"
                                                                                    for c in columns if c.target}
        for lang, text in summary.items():
            unknown = sorted(placeholders(text) - known)
            if unknown:
                raise check.fail(f"{where}.summary.{lang}", f"the placeholder {{{unknown[0]}}} names no total")
    title = check.ltext(data.get("title"), f"{where}.title")
    annex = data.get("annex", False)
    if not isinstance(annex, bool):
        raise check.fail(f"{where}.annex", "expected true or false")
    sheet = check.ltext(data.get("sheet"), f"{where}.sheet", required=False)
    if sheet is not None and any(len(text) > 31 for text in sheet.values()):
        raise check.fail(f"{where}.sheet", "a sheet name has at most 31 characters")
    total_label = check.ltext(data.get("total_label"), f"{where}.total_label", required=False)
    return CTable(key, title, rows, tuple(columns), source.key if source else None, by, annex,  # type: ignore[arg-type]
                  reporter, summary, sheet, total_label)


def table_rows(form: FormDefinition, values: dict, table: str, where: dict[str, Any] | None = None) -> list[dict]:
    """The rows of a table field of `values` (read with `form`, its own version), those matching
    `where` when given (conditions name the table's columns, as in the rules)."""
    from desktop.forms.rules import Context, _Scope
    from desktop.forms.values import get_path

    field = form.field(table)
    rows = get_path(values, table) if field is not None else None
    rows = [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []
    if where is None or field is None:
        return rows
    scope = _Scope(form, values, Context())
    scope.table = field
    matching = []
    for row in rows:
        scope.row = row
        if scope.holds(where):
            matching.append(row)
    return matching
