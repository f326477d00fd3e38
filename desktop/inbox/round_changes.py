"""The change since the previous round of the same kind (the year round 2026 against 2025, the
half-year round against the previous year's) of the rows a form tracks across rounds: its
`consolidation.tracked` block names the table, the status column and the name column; the table's
`row_code` column gives each row (each industrial cluster) its stable code within the province.

Rows are matched by code, else by name (desktop.reporting.clusters.cluster_changes), and only the
reporters accepted in both rounds are compared: one that did not report in one of them says
nothing about the change of its rows. Each package is read with its own form version's block."""

from __future__ import annotations

import dataclasses
from typing import Any

from desktop.forms.consolidation import TrackedSpec, table_rows
from desktop.inbox.consolidate import TT, Reporter, TableNumbers
from desktop.inbox.consolidate_tables import cell_text
from desktop.inbox.model import Column, Table
from desktop.inbox.rounds import PLAN_START, Round, RoundError, parse_round
from desktop.reporting.clusters import ClusterChange, cluster_changes

KIND_VI = {"changed": "Thay đổi tình trạng", "new": "Mới có trong danh sách", "removed": "Không còn trong danh sách"}


def previous_round(round_: Round, store: Any = None) -> Round | None:
    """The round of the same kind a year before (None for an ad hoc round or the first one)."""
    if round_.kind == "adhoc" or round_.year - 1 < PLAN_START:
        return None
    try:
        return parse_round(str(round_.year - 1) if round_.kind == "year" else f"{round_.year - 1}-H1", store)
    except RoundError:
        return None


def tracked_rows(reporter: Reporter) -> list[dict[str, Any]] | None:
    """The reporter's tracked rows as {code, name, status}, read with its own form version."""
    block = reporter.form.consolidation
    spec = block.tracked if block is not None else None
    if spec is None:
        return None
    return [{"code": row.get(spec.code), "name": row.get(spec.name), "status": row.get(spec.status)}
            for row in table_rows(reporter.form, reporter.values, spec.table)]


@dataclasses.dataclass
class Changes:
    spec: TrackedSpec  # of the newest form version (labels, texts)
    previous: Round
    compared: list[Reporter]  # accepted in both rounds (of this round, in the board's order)
    changes: list[ClusterChange]

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)


def compare(spec: TrackedSpec, previous: Round, now: list[Reporter], before: list[Reporter]) -> Changes:
    after_rows = {r.org_id: rows for r in now if (rows := tracked_rows(r)) is not None}
    before_rows = {r.org_id: rows for r in before if (rows := tracked_rows(r)) is not None}
    order = {r.org_id: index for index, r in enumerate(now)}
    changes = cluster_changes(before_rows, after_rows, status_key="status", code_key="code", name_key="name")
    changes.sort(key=lambda c: order.get(c.province, len(order)))  # stable: code, name within a province
    compared = [r for r in now if r.org_id in after_rows and r.org_id in before_rows]
    return Changes(spec, previous, compared, changes)


def changes_blocks(found: Changes, form: Any, expected: int, counted_as: str,
                   numbers: TableNumbers) -> list[str | Table]:
    """The sentence with the counts and the table of the rows that changed, per reporter."""
    spec = found.spec
    label = f"So với kỳ báo cáo {found.previous.label}"
    if not found.compared:
        return [f"{label}: chưa có {counted_as} nào có báo cáo được chấp nhận ở cả hai kỳ để so sánh."]
    counts = {kind: str(found.count(kind)) for kind in KIND_VI}
    sentence = (f"{label} (theo báo cáo của {len(found.compared)}/{expected} {counted_as} có báo cáo được chấp "
                f"nhận ở cả hai kỳ), {spec.summary['vi'].format(**counts)}.")
    if not found.changes:
        return [sentence]
    field = form.field(spec.table)
    code = field.column(spec.code) if field is not None else None
    name = field.column(spec.name) if field is not None else None
    status = field.column(spec.status) if field is not None else None
    places = {r.org_id: r.place for r in found.compared}
    table = Table((spec.sheet or {}).get("vi", ""), numbers.title(spec.title["vi"]), [
        TT, Column("org", counted_as[:1].upper() + counted_as[1:]), Column("code", code.label["vi"] if code else ""),
        Column("name", name.label["vi"] if name else ""),
        Column("before", f"{status.label['vi'] if status else ''} kỳ trước"),
        Column("after", f"{status.label['vi'] if status else ''} kỳ này"), Column("change", "Thay đổi"),
    ])
    for change in found.changes:
        table.rows.append({
            "tt": str(len(table.rows) + 1), "org": places.get(change.province, change.province),
            "code": change.code or "", "name": change.name,
            "before": cell_text(form, spec.table, spec.status, change.before) or "",
            "after": cell_text(form, spec.table, spec.status, change.after) or "",
            "change": KIND_VI[change.kind],
        })
    return [sentence, table]
