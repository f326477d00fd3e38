"""The national tables of a form, made from the `consolidation` block of its definition.

Which tables, which totals and which sentences a form gets is data (desktop/forms/FORMAT.md); this
module knows no form and no field. The layout of a table (its columns, in order) comes from the
newest definition of the form; each package is read with its own form version's block, found by
the table's and the column's keys, so a later version may move or rename a field and the earlier
packages still count.
"""

from __future__ import annotations

import string
from typing import Any

from desktop.forms import FormDefinition, get_path
from desktop.forms.consolidation import CColumn, CTable, table_rows
from desktop.forms.values import choice_options
from desktop.i18n.formatting import format_number
from desktop.inbox.model import Column, Table, number, ratio_pct, total
from desktop.registry import current_province

REACHED, NOT_REACHED, NOTHING = "Đạt", "Chưa đạt", "Không phát sinh"
TT = Column("tt", "TT")


def verdict(rate: float | None, target: float | None) -> str:
    if rate is None or target is None:
        return NOTHING
    return REACHED if rate >= target else NOT_REACHED


def _n(value: Any, decimals: int = 3) -> str:
    return format_number(value or 0, "vi", decimals=decimals)


def cell_text(form: FormDefinition, table: str | None, key: str | None, value: Any) -> Any:
    """A value as the report prints it: numbers stay numbers, a choice its Vietnamese label."""
    field = form.field(table) if table else None
    column = field.column(key) if field is not None and key else form.field(key or "")
    if value is None:
        return None
    if column is None:
        return value if isinstance(value, (int, float)) and not isinstance(value, bool) else str(value)
    if column.type in ("int", "decimal", "percent"):
        return number(value)
    if column.type == "bool":
        return "Có" if value else "Không"
    if column.type == "choice":
        if column.options_from == "provinces" and isinstance(value, str):
            value = current_province(value) or value
        return next((label["vi"] for option, label in choice_options(column) if option == value), str(value))
    return str(value)


def _own(reporter: Any, layout: CTable) -> CTable | None:
    """The same table in the block of the reporter's own form version."""
    block = reporter.form.consolidation
    return block.table(layout.key) if block is not None else None


def _aggregate(column: CColumn | None, rows: list[tuple[Any, CTable, dict]], cells: dict[str, Any]) -> Any:
    """One aggregate over rows (reporter, its own table spec, row); `cells` are the row's earlier cells."""
    if column is None:
        return None
    if column.agg == "ratio":
        return ratio_pct(cells.get(column.numerator or ""), cells.get(column.denominator or ""))
    if column.agg == "meets":
        return None  # set from the ratio by the caller, who knows the layout's target
    counted = 0
    numbers = []
    for reporter, spec, row in rows:
        own = spec.column(column.key)
        if own is None:
            continue
        if own.where is not None and not _matches(reporter.form, spec, own, row):
            continue
        counted += 1
        if own.agg == "sum":
            numbers.append(row.get(own.column))
    if column.agg == "count":
        return counted
    return total(numbers) or 0


def _matches(form: FormDefinition, spec: CTable, column: CColumn, row: dict) -> bool:
    from desktop.forms.rules import Context, _Scope

    scope = _Scope(form, {}, Context())
    scope.table = form.field(spec.table or "")
    scope.row = row
    return scope.holds(column.where)


def _reporter_row(layout: CTable, reporter: Any) -> dict[str, Any]:
    spec = _own(reporter, layout)
    cells: dict[str, Any] = {}
    rows = []
    if spec is not None and spec.table:
        rows = [(reporter, spec, row) for row in table_rows(reporter.form, reporter.values, spec.table)]
    for column in layout.columns:
        own = spec.column(column.key) if spec is not None else None
        if own is None:
            cells[column.key] = None
        elif column.agg == "value":
            cells[column.key] = cell_text(reporter.form, None, own.field, get_path(reporter.values, own.field or ""))
        elif column.agg == "meets":
            ratio = layout.column(column.ratio or "")
            cells[column.key] = verdict(cells.get(column.ratio or ""), ratio.target if ratio else None)
        else:
            cells[column.key] = _aggregate(own if column.agg in ("count", "sum") else column, rows, cells)
    return cells


def _totals(layout: CTable, rows: list[dict[str, Any]]) -> dict[str, Any]:
    sums: dict[str, Any] = {}
    for column in layout.columns:
        if column.summed:
            sums[column.key] = total(row.get(column.key) for row in rows) or 0
        elif column.agg == "ratio":
            sums[column.key] = ratio_pct(sums.get(column.numerator or ""), sums.get(column.denominator or ""))
        elif column.agg == "meets":
            ratio = layout.column(column.ratio or "")
            sums[column.key] = verdict(sums.get(column.ratio or ""), ratio.target if ratio else None)
    return sums


def model_columns(layout: CTable) -> list[Column]:
    return [Column(c.key, c.label["vi"], c.kind, (c.unit or {}).get("vi"), 2 if c.kind == "percent" else 3,
                   (c.numerator, c.denominator) if c.agg == "ratio" and c.numerator and c.denominator else None)
            for c in layout.columns]


def reporter_column(layout: CTable) -> Column:
    return Column("org", "Tỉnh, thành phố" if layout.reporter_label == "place" else "Đơn vị báo cáo")


def build_table(layout: CTable, form: FormDefinition, reporters: list[Any], title: str) -> Table:
    """The table `layout` (of the newest `form`) over `reporters`, each read with its own version."""
    if layout.rows == "table_rows":
        return _list_table(layout, reporters, title)
    columns = model_columns(layout)
    if layout.rows == "group":
        head = form.field(layout.table or "")
        by = head.column(layout.by or "") if head is not None else None
        first = Column("group", by.label["vi"] if by is not None else "")
        table = Table(_sheet(layout), title, [TT, first, *columns])
        for index, (label, cells) in enumerate(_groups(layout, reporters), start=1):
            table.rows.append({"tt": str(index), "group": label, **cells})
    else:
        table = Table(_sheet(layout), title, [TT, reporter_column(layout), *columns])
        for index, reporter in enumerate(reporters, start=1):
            label = reporter.place if layout.reporter_label == "place" else reporter.name
            table.rows.append({"tt": str(index), "org": label, **_reporter_row(layout, reporter)})
    total_label = (layout.total_label or {}).get("vi", "Tổng cộng")
    table.total = {"tt": "", table.columns[1].key: total_label, **_totals(layout, table.rows)}
    return table


def _groups(layout: CTable, reporters: list[Any]) -> list[tuple[str, dict[str, Any]]]:
    groups: dict[str, list[tuple[Any, CTable, dict]]] = {}
    labels: dict[str, str] = {}
    for reporter in reporters:
        spec = _own(reporter, layout)
        if spec is None or not spec.table or not spec.by:
            continue
        for row in table_rows(reporter.form, reporter.values, spec.table):
            label = cell_text(reporter.form, spec.table, spec.by, row.get(spec.by)) or "Không rõ"
            groups.setdefault(str(label), []).append((reporter, spec, row))
            labels[str(label)] = str(label)
    order = _group_order(layout, reporters)
    result = []
    for label in sorted(groups, key=lambda text: (order.get(text, len(order)), text)):
        cells: dict[str, Any] = {}
        for column in layout.columns:
            if column.agg == "meets":
                ratio = layout.column(column.ratio or "")
                cells[column.key] = verdict(cells.get(column.ratio or ""), ratio.target if ratio else None)
            else:
                cells[column.key] = _aggregate(column, groups[label], cells)
        result.append((label, cells))
    return result


def _group_order(layout: CTable, reporters: list[Any]) -> dict[str, int]:
    """The order of the grouping column's options (the registry's order for provinces)."""
    for reporter in reporters:
        spec = _own(reporter, layout)
        field = reporter.form.field(spec.table) if spec is not None and spec.table else None
        column = field.column(spec.by) if field is not None and spec is not None and spec.by else None
        if column is not None:
            return {label["vi"]: index for index, (_, label) in enumerate(choice_options(column))}
    return {}


def _list_table(layout: CTable, reporters: list[Any], title: str) -> Table:
    table = Table(_sheet(layout), title, [TT, reporter_column(layout), *model_columns(layout)])
    for reporter in reporters:
        spec = _own(reporter, layout)
        if spec is None or not spec.table:
            continue
        label = reporter.place if layout.reporter_label == "place" else reporter.name
        for row in table_rows(reporter.form, reporter.values, spec.table):
            cells: dict[str, Any] = {"tt": str(len(table.rows) + 1), "org": label}
            for column in layout.columns:
                own = spec.column(column.key)
                cells[column.key] = cell_text(reporter.form, spec.table, own.column, row.get(own.column or "")) \
                    if own is not None else None
            table.rows.append(cells)
    return table


def _sheet(layout: CTable) -> str:
    return (layout.sheet or {}).get("vi", "")  # empty: the workbook names it "Bảng N"


def summary_text(layout: CTable, totals: dict[str, Any], basis: str) -> str | None:
    """The table's sentence with its totals placed, after "Theo báo cáo của N/M …, "."""
    if layout.summary is None:
        return None
    values: dict[str, str] = {}
    for column in layout.columns:
        value = totals.get(column.key)
        if column.agg == "meets":
            values[column.key] = str(value or "").lower()
        elif column.kind == "percent":
            values[column.key] = _n(value, 2)
        else:
            values[column.key] = _n(value)
        if column.target is not None:
            values[f"{column.key}_target"] = _n(column.target, 2)
    text = string.Formatter().vformat(layout.summary["vi"], (), values)
    return f"{basis}, {text}"
