"""One round, one report: Cục ATMT's report to the Ministry's leadership (Decision 2678, III.1).

Every reporter kind that feeds the round (desktop/inbox/rounds.py) goes into one document:

I.   the submission status of all, reasons for rejection in plain words;
II.  who has issued its own plan (the forms' `consolidation.plan`);
III. the Ministry units' progress on each task the registry assigns them (task × unit);
IV.  the national tables of each reporter kind, each figure saying on how many reporters it rests;
V.   difficulties and proposals, grouped by theme, then by reporter kind (desktop/inbox/round_issues.py);
VI.  a section for Cục ATMT's own assessment and proposals, with the figures placed;
annexes: the long lists (clusters, facilities) and every narrative answer.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from desktop.forms import FormDefinition, Period, get_path
from desktop.forms.consolidation import table_rows
from desktop.forms.periods import default_cutoff
from desktop.forms.values import choice_options
from desktop.inbox.board import Board, BoardRow, build_board, correction_requests
from desktop.inbox.consolidate import (
    ORG,
    ROMAN,
    TT,
    Reporter,
    TableNumbers,
    _issuer_name,
    _when,
    basis,
    load_reporters,
    tables_part,
)
from desktop.inbox.consolidate_tables import build_table, cell_text
from desktop.inbox.model import Column, Consolidated, Part, Table, lower_first
from desktop.inbox.round_changes import changes_blocks, compare, previous_round
from desktop.inbox.round_issues import issues_part, narrative_annex
from desktop.inbox.rounds import LEGAL_BASIS, Feed, Round
from desktop.inbox.row_reasons import plain_reason
from desktop.registry import all_organizations
from desktop.reporting.adhoc import cutoff_line, effective_cutoff
from desktop.store.inbox_api import inbox_snapshot

CORRECTION = "correction"  # a state of the round: accepted, but Cục ATMT asked for a correction
STATUS_VI = {
    "on_time": "Đúng hạn", "late": "Muộn hạn", "missing": "Chưa gửi", "rejected": "Không hợp lệ",
    "untrusted": "Chờ xác thực chữ ký số", CORRECTION: "Đề nghị chỉnh sửa",
}
NOT_REPORTED = "Chưa báo cáo"
MARK = "(*)"  # beside a reporter asked to correct its report, in every table its figures are in
MARK_NOTE = (f"Đơn vị đánh dấu {MARK}: Cục ATMT đã đề nghị chỉnh sửa, bổ sung báo cáo; số liệu của đơn vị được tạm "
             "tổng hợp cho đến khi nhận được báo cáo thay thế.")
FILL_IN = "[Cục ATMT bổ sung]"
CUTOFF_NOTE = "Báo cáo"  # "Báo cáo 6 tháng cuối năm 2026 của các đơn vị thuộc Bộ: số liệu tính từ ngày …"
NARROWED_NOTE = "Đơn vị chốt số liệu khác thời gian mặc định của kỳ báo cáo:"


@dataclass
class FeedState:
    """One feed of the round: its board, the accepted reporters and who is asked to correct."""

    feed: Feed
    board: Board
    reporters: list[Reporter]
    corrections: set[str]  # org ids whose current package Cục ATMT asked to correct

    @property
    def form(self) -> FormDefinition:
        return self.feed.form

    @property
    def who(self) -> str:
        return self.form.consolidation.reporters["vi"]

    @property
    def counted_as(self) -> str:
        return self.form.consolidation.counted_as["vi"]

    def status(self, row: BoardRow) -> str:
        return CORRECTION if row.org_id in self.corrections and row.status in ("on_time", "late") else row.status


def gather(store: Any, round_: Round, today: Any = None) -> list[FeedState]:
    """The boards and accepted packages of every feed, as of one moment."""
    states = []
    with inbox_snapshot(store):
        asked = correction_requests(store)
        request = round_.request
        deadline = request.deadline if request is not None else None
        # a recorded request: the packages answering another request of the same day are not its answers
        request_id = request.id if request is not None and request.id != f"adhoc-{request.date.isoformat()}" else None
        for feed in round_.feeds:
            board = build_board(store, feed.period, feed.form.id, deadline=deadline, today=today,
                                request_id=request_id)
            if round_.addressees:  # an ad hoc request expects only its addressees
                board = dataclasses.replace(board, rows=[r for r in board.rows if r.org_id in round_.addressees])
            sha = {r.id: r.sha256 for r in store.list_inbox_packages(form_id=feed.form.id, period=feed.period)}
            corrections = {row.org_id for row in board.rows if row.inbox_id is not None
                           and sha.get(row.inbox_id) in asked}
            reporters = [dataclasses.replace(r, name=f"{r.name} {MARK}", place=f"{r.place} {MARK}")
                         if r.org_id in corrections else r for r in load_reporters(store, board)]
            states.append(FeedState(feed, board, reporters, corrections))
    return states


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _status_note(state: FeedState, row: BoardRow) -> str:
    status = state.status(row)
    if status == CORRECTION:
        return "Cục ATMT đã đề nghị đơn vị chỉnh sửa, bổ sung báo cáo; số liệu tạm tổng hợp, chờ báo cáo thay thế"
    if status in ("rejected", "untrusted"):
        return plain_reason(row)
    if status in ("on_time", "late") and (row.revision or 1) > 1:
        return f"Gửi lần {row.revision}, thay thế các lần gửi trước"
    return ""


def cutoff_notes(state: FeedState, cutoff: tuple[dt.date, dt.date]) -> list[str]:
    """The feed's own data cut-off when it is not the round's (the units' second half in the yearly
    round), and the reporters that narrowed theirs (workflow.md: the deadline comes before the end)."""
    period = Period.parse(state.feed.period)
    default = default_cutoff(period)
    notes = []
    if default != cutoff:
        notes.append(f"{CUTOFF_NOTE} {lower_first(period.label().render('vi'))} của {state.who}: "
                     f"{lower_first(cutoff_line(*default))}.")
    narrowed = [f"{reporter.name} ({lower_first(cutoff_line(*own))})" for reporter in state.reporters
                if (own := effective_cutoff(reporter.values, period)) != default]
    if narrowed:
        notes.append(f"{NARROWED_NOTE} {'; '.join(narrowed)}.")
    return notes


def status_part(states: list[FeedState], numbers: TableNumbers, cutoff: tuple[dt.date, dt.date]) -> Part:
    blocks: list[str | Table] = []
    table = Table("Gửi báo cáo", numbers.title("Tình hình gửi báo cáo của các đơn vị"), [
        TT, ORG, Column("deadline", "Hạn gửi"), Column("status", "Tình trạng"),
        Column("submitted", "Thời điểm gửi"), Column("note", "Ghi chú", "longtext"),
    ])
    for state in states:
        rows = [row for row in state.board.rows if row.expected]
        counts = {key: sum(1 for row in rows if state.status(row) == key) for key in STATUS_VI}
        received = counts["on_time"] + counts["late"] + counts[CORRECTION]
        deadline = state.board.deadline.strftime("%d/%m/%Y") if state.board.deadline else "không quy định"
        blocks.append(
            f"{_cap(state.who)} (hạn gửi {deadline}): đã nhận báo cáo của {received}/{len(rows)} "
            f"{state.counted_as} (đúng hạn: {counts['on_time']}, muộn hạn: {counts['late']}, đề nghị chỉnh sửa: "
            f"{counts[CORRECTION]}); {counts['missing']} chưa gửi; {counts['rejected']} gửi báo cáo không hợp lệ; "
            f"{counts['untrusted']} chờ xác thực chữ ký số.")
        blocks += cutoff_notes(state, cutoff)
        for row in state.board.rows:
            table.rows.append({
                "tt": str(len(table.rows) + 1), "org": row.org_name, "deadline": deadline,
                "status": STATUS_VI.get(state.status(row), row.status), "submitted": _when(row),
                "note": _status_note(state, row),
            })
    if any(state.corrections for state in states):
        blocks.append(MARK_NOTE)
    blocks.append(table)
    return Part("TÌNH HÌNH GỬI BÁO CÁO", blocks)


def plan_part(states: list[FeedState], numbers: TableNumbers) -> Part | None:
    with_plan = [s for s in states if s.form.consolidation.plan is not None]
    if not with_plan:
        return None
    blocks: list[str | Table] = []
    table = Table("Kế hoạch thực hiện", numbers.title("Tình hình ban hành Kế hoạch thực hiện của các đơn vị"), [
        TT, ORG, Column("state", "Tình hình"), Column("document", "Văn bản"), Column("date", "Ngày ban hành"),
    ])
    for state in with_plan:
        issued = 0
        for reporter in state.reporters:
            plan = reporter.form.consolidation.plan if reporter.form.consolidation else None
            if plan is None:
                continue
            value = get_path(reporter.values, plan.field)
            issued += value in plan.issued
            date = get_path(reporter.values, plan.date) if plan.date else None
            table.rows.append({
                "tt": str(len(table.rows) + 1), "org": reporter.name,
                "state": cell_text(reporter.form, None, plan.field, value) or "",
                "document": str(get_path(reporter.values, plan.document) or "") if plan.document else "",
                "date": _date_vi(date),
            })
        blocks.append(f"{basis(state.board, state.reporters, state.counted_as)}, {issued} {state.counted_as} đã ban "
                      f"hành Kế hoạch thực hiện (hoặc lồng ghép trong kế hoạch của đơn vị), "
                      f"{len(state.reporters) - issued} {state.counted_as} chưa ban hành.")
    blocks.append(table)
    return Part("TÌNH HÌNH BAN HÀNH KẾ HOẠCH THỰC HIỆN", blocks)


def _date_vi(value: Any) -> str:
    text = str(value or "")
    return f"{text[8:10]}/{text[5:7]}/{text[:4]}" if len(text) == 10 and text[4] == "-" else text


def progress_part(store: Any, states: list[FeedState], numbers: TableNumbers) -> Part | None:
    with_tasks = [s for s in states if s.form.consolidation.progress is not None]
    if not with_tasks:
        return None
    orgs = {org.id: org for org in all_organizations(store.custom_organizations())}
    blocks: list[str | Table] = []
    table = Table("Nhiệm vụ", numbers.title("Kết quả thực hiện nhiệm vụ của các đơn vị thuộc Bộ"), [
        TT, ORG, Column("task", "Nhiệm vụ được giao", "longtext"), Column("timeframe", "Thời gian thực hiện"),
        Column("status", "Tình hình thực hiện"), Column("result", "Kết quả", "longtext"),
    ])
    for state in with_tasks:
        by_org = {reporter.org_id: reporter for reporter in state.reporters}
        counts: dict[str, int] = {}
        labels: dict[str, str] = {}
        for row in state.board.rows:
            if not row.expected:
                continue
            reporter = by_org.get(row.org_id)
            reported = _reported_tasks(reporter) if reporter is not None else {}
            org = orgs.get(row.org_id)
            assigned = [dict(t) for t in (org.tasks if org is not None else ())]
            known = {str(t.get("task_id")) for t in assigned}
            assigned += [task for key, task in reported.items() if key not in known]  # reported beyond the registry
            for task in assigned:
                progress = reported.get(str(task.get("task_id")), {})
                status = progress.get("status_label") or NOT_REPORTED
                counts[progress.get("status") or ""] = counts.get(progress.get("status") or "", 0) + 1
                labels[progress.get("status") or ""] = status
                table.rows.append({
                    "tt": str(len(table.rows) + 1), "org": row.org_name, "task": str(task.get("task") or ""),
                    "timeframe": str(task.get("timeframe") or ""), "status": status,
                    "result": progress.get("result") or "",
                })
        total_tasks = sum(counts.values())
        parts = [f"{n} nhiệm vụ {labels[key].lower()}" for key, n in counts.items() if key]
        missing = counts.get("", 0)
        blocks.append(f"{basis(state.board, state.reporters, state.counted_as)}, trong tổng số {total_tasks} nhiệm "
                      f"vụ được giao: {', '.join(parts) or 'chưa có nhiệm vụ nào được báo cáo'}; {missing} nhiệm vụ "
                      "chưa có báo cáo.")
    blocks.append(table)
    return Part("KẾT QUẢ THỰC HIỆN NHIỆM VỤ CỦA CÁC ĐƠN VỊ THUỘC BỘ", blocks)


def _reported_tasks(reporter: Reporter) -> dict[str, dict[str, Any]]:
    """task id → {task, timeframe, status, status_label, result} as the unit's own form version says."""
    spec = reporter.form.consolidation.progress if reporter.form.consolidation else None
    if spec is None:
        return {}
    field = reporter.form.field(spec.table)
    status_column = field.column(spec.status) if field is not None else None
    labels = {key: label["vi"] for key, label in choice_options(status_column)} if status_column else {}
    found = {}
    for row in table_rows(reporter.form, reporter.values, spec.table):
        key = str(row.get(spec.id) or "")
        result = str(row.get(spec.result) or "")
        outputs = str(row.get(spec.outputs) or "") if spec.outputs else ""
        if outputs:
            result = f"{result}\nVăn bản, sản phẩm: {outputs}" if result else f"Văn bản, sản phẩm: {outputs}"
        found[key] = {"task_id": key, "task": row.get(spec.task) if spec.task else "",
                      "timeframe": row.get(spec.timeframe) if spec.timeframe else "",
                      "status": row.get(spec.status), "status_label": labels.get(str(row.get(spec.status))),
                      "result": result}
    return found


def results_parts(states: list[FeedState], numbers: TableNumbers, earlier: dict[str, list[Reporter]],
                  previous: Round | None) -> tuple[list[Part], list[Table]]:
    """The national tables of each feed; under them, for a form tracking rows across rounds, the
    change since the `previous` round (`earlier`: that round's reporters by form id)."""
    parts, annexes = [], []
    for state in states:
        body, annex = tables_part(state.form, state.board, state.reporters, numbers)
        tracked = state.form.consolidation.tracked
        if body and tracked is not None and previous is not None:
            found = compare(tracked, previous, state.reporters, earlier.get(state.form.id, []))
            expected = sum(1 for row in state.board.rows if row.expected)
            body += changes_blocks(found, state.form, expected, state.counted_as, numbers)
        if body:
            parts.append(Part(f"KẾT QUẢ THỰC HIỆN CỦA {state.who.upper()}", body))
        annexes += annex
    return parts, annexes


def assessment_part(issuer: str, facts: list[str], tasks: tuple[dict[str, str], ...] = ()) -> Part:
    """Cục ATMT's own part, with the figures placed; its own assigned tasks (the registry's) are
    reported here, by itself, never as a unit reporting to itself."""
    own = [f"2. Kết quả thực hiện các nhiệm vụ được giao cho {issuer}",
           *(f"- {task['task']}{' (' + task['timeframe'] + ')' if task.get('timeframe') else ''}: {FILL_IN}"
             for task in tasks)] if tasks else []
    number = 3 if tasks else 2
    return Part(f"ĐÁNH GIÁ VÀ ĐỀ XUẤT CỦA {issuer.upper()}", [
        "1. Đánh giá chung",
        f"{FILL_IN} Đánh giá kết quả thực hiện, căn cứ các số liệu đã tổng hợp:",
        *(f"- {fact}" for fact in facts),
        *own,
        f"{number}. Tồn tại, hạn chế và nguyên nhân",
        FILL_IN,
        f"{number + 1}. Đề xuất, kiến nghị",
        FILL_IN,
    ])


def round_report(store: Any, round_: Round, *, today: Any = None) -> tuple[Consolidated, list[FeedState]]:
    """The round's report as data (the renderers draw it) and the feeds it was made from."""
    states = gather(store, round_, today)
    numbers = TableNumbers()
    issuer = _issuer_name(store)
    cutoff = default_cutoff(_period(round_))  # the round's own (workflow.md)
    parts = [status_part(states, numbers, cutoff)]
    if round_.due is not None:  # Cục ATMT's own deadline (Decision 2678, III.1)
        parts[0].blocks.insert(0, f"Thời hạn trình Lãnh đạo Bộ báo cáo {round_.label}: trước ngày "
                                  f"{round_.due.strftime('%d/%m/%Y')}.")
    parts += [part for part in (plan_part(states, numbers), progress_part(store, states, numbers)) if part]
    previous = previous_round(round_, store)
    earlier = _earlier(store, previous, states, today)
    results, annex_tables = results_parts(states, numbers, earlier, previous)
    parts += results
    parts.append(issues_part(states, numbers))
    facts = [block for part in parts[:1] + results for block in part.blocks
             if isinstance(block, str) and block[:1].isupper() and not block[:2].rstrip(".").isdigit()
             and not block.startswith((f"{CUTOFF_NOTE} ", NARROWED_NOTE))]
    parts.append(assessment_part(issuer, facts, _own_tasks(store, states)))
    for index, part in enumerate(parts):
        part.title = f"{ROMAN[index]}. {part.title}"
    narrative = narrative_annex(states)
    annexes = []
    for index, table in enumerate([*annex_tables, *([narrative] if narrative else [])], start=1):
        table.title = f"Phụ lục {ROMAN[index - 1]}. {table.title}"
        annexes.append(Part(f"PHỤ LỤC {ROMAN[index - 1]}", [table]))
    basis_text = LEGAL_BASIS
    if round_.request is not None and round_.request.number:
        basis_text = (f"Công văn số {round_.request.number} ngày {round_.request.date.strftime('%d/%m/%Y')}"
                      f"{' của ' + round_.request.requester if round_.request.requester else ''}"
                      f"{' về việc ' + round_.request.content if round_.request.content else ''}")
    intro = (f"Thực hiện {basis_text}, trên cơ sở báo cáo của "
             f"{', '.join(state.who for state in states) or 'các đơn vị'}, {issuer} tổng hợp, báo cáo Lãnh đạo Bộ "
             f"tình hình thực hiện {round_.label} như sau:")
    closing = f"Trên đây là báo cáo tình hình thực hiện {round_.label}, {issuer} kính báo cáo Lãnh đạo Bộ xem xét, " \
              "chỉ đạo./."
    reporters = sum(len(state.reporters) for state in states)
    report = Consolidated("", "", _period(round_), round_.subject, _today(states, today), parts, reporters,
                          intro=intro, closing=closing, annexes=annexes, stem=round_.file_stem, cutoff=cutoff)
    return report, states


def _own_tasks(store: Any, states: list[FeedState]) -> tuple[dict[str, str], ...]:
    """Cục ATMT's tasks of the plan, when a feed of the round tracks the units' tasks."""
    from desktop.inbox.model import ISSUER_ID

    if not any(state.form.consolidation.progress is not None for state in states):
        return ()
    orgs = {org.id: org for org in all_organizations(store.custom_organizations())}
    return orgs[ISSUER_ID].tasks if ISSUER_ID in orgs else ()


def _earlier(store: Any, previous: Round | None, states: list[FeedState], today: Any) -> dict[str, list[Reporter]]:
    """The previous round's accepted reporters of the forms that track rows across rounds."""
    tracking = {s.form.id for s in states if s.form.consolidation.tracked is not None}
    if previous is None or not tracking:
        return {}
    feeds = tuple(feed for feed in previous.feeds if feed.form.id in tracking)
    before = gather(store, dataclasses.replace(previous, feeds=feeds), today)
    return {state.form.id: state.reporters for state in before}


def _period(round_: Round) -> Period:
    if round_.kind == "half":
        return Period("half", round_.year, half=1)
    if round_.kind == "adhoc" and round_.request is not None:
        return Period("adhoc", round_.year, date=round_.request.date)
    return Period("year", round_.year)


def _today(states: list[FeedState], today: Any) -> Any:
    if today is not None:
        return today
    if states:
        return states[0].board.today
    from desktop.signing.signers import VN_TZ

    return dt.datetime.now(VN_TZ).date()


__all__ = ["FeedState", "build_table", "gather", "round_report"]
