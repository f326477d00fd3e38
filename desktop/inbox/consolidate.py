"""Consolidate the accepted packages of one form and period into Cục ATMT's draft report.

The accepted packages are the board's on-time and late rows (the newest accepted revision of each
organisation). The report has: the submission status table; the form's own national tables, as
its definition's `consolidation` block describes them (desktop/inbox/consolidate_tables.py); the
sums of every numeric indicator by reporter and in total; and every reporter's difficulties and
proposals side by side. The round's report (desktop/inbox/rounds.py) combines several forms.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Any

from desktop.document.pdf_layout import subject_line
from desktop.forms import FormDefinition, Period, compute_derived, get_form, get_path
from desktop.forms.periods import default_cutoff
from desktop.inbox.board import Board, BoardRow, build_board
from desktop.inbox.model import ISSUER_ID, Column, Consolidated, Part, Table, lower_first, number, total
from desktop.inbox.row_reasons import plain_reason
from desktop.package import asic
from desktop.registry import all_organizations
from desktop.signing.signers import VN_TZ
from desktop.store import Store
from desktop.store.inbox_api import inbox_snapshot

log = logging.getLogger(__name__)

STATUS_VI = {
    "on_time": "Đúng hạn", "late": "Muộn hạn", "missing": "Chưa gửi", "rejected": "Không hợp lệ",
    "untrusted": "Chờ xác thực chữ ký số",
}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
TT = Column("tt", "TT")
ORG = Column("org", "Đơn vị báo cáo")
SUMMABLE = ("int", "decimal")


@dataclass(frozen=True)
class Reporter:
    """One accepted package, read back: who, the board row, and the values of its data file."""

    org_id: str
    name: str
    place: str  # a province's name ("Hà Nội") for the tables by province; else the name
    row: BoardRow
    form: FormDefinition
    values: dict[str, Any]
    derived: dict[str, Any]


class TableNumbers:
    """Numbers the tables "Bảng 1", "Bảng 2", … in the order they are made."""

    def __init__(self) -> None:
        self.count = 0

    def title(self, text: str) -> str:
        self.count += 1
        return f"Bảng {self.count}. {text}"


def load_reporters(store: Store, board: Board) -> list[Reporter]:  # type: ignore[no-untyped-def]
    places = {org.id: org.place for org in all_organizations(store.custom_organizations())
              if org.kind == "province" and org.place}
    reporters = []
    for row in board.accepted():
        assert row.inbox_id is not None
        try:
            package = asic.read_package(store.inbox_package_bytes(row.inbox_id))
            data = json.loads(package.data_json.decode("utf-8"))
            form = get_form(data["form"]["id"], data["form"]["version"])
            values = data["values"] if isinstance(data.get("values"), dict) else {}
        except Exception:  # verified when imported; a store damaged since then must not stop the rest
            log.exception("package %s could not be read back", row.inbox_id)
            continue
        place = places.get(row.org_id) or row.org_name
        reporters.append(Reporter(row.org_id, row.org_name, place, row, form, values, compute_derived(form, values)))
    return reporters


def _when(row: BoardRow) -> str:
    if row.submitted_at is None:
        return ""
    return row.submitted_at.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M:%S")  # proven, never only claimed


def _status_note(row: BoardRow) -> str:
    if row.status in ("rejected", "untrusted"):  # in plain words: the report goes to the leaders
        return plain_reason(row)
    if row.status in ("on_time", "late") and (row.revision or 1) > 1:
        return f"Gửi lần {row.revision}, thay thế các lần gửi trước"
    return ""


def status_part(board: Board, numbers: TableNumbers) -> Part:
    counts = board.counts()
    received = counts["on_time"] + counts["late"]
    deadline = board.deadline.strftime("%d/%m/%Y") if board.deadline else "không quy định"
    summary = (
        f"Hạn gửi báo cáo: {deadline}. Tính đến ngày {board.today.strftime('%d/%m/%Y')}, đã nhận và chấp nhận "
        f"báo cáo của {received}/{len(board.rows)} đơn vị (đúng hạn: {counts['on_time']}, muộn hạn: "
        f"{counts['late']}); {counts['missing']} đơn vị chưa gửi báo cáo; {counts['rejected']} đơn vị gửi báo "
        f"cáo không hợp lệ; {counts['untrusted']} báo cáo chưa xác thực được chữ ký số, đang chờ xem xét."
    )
    table = Table("Gửi báo cáo", numbers.title("Tình hình gửi báo cáo"), [
        TT, ORG, Column("status", "Tình trạng"), Column("submitted", "Thời điểm gửi"),
        Column("revision", "Lần gửi", "int"), Column("signer", "Người ký"), Column("note", "Ghi chú"),
    ])
    for index, row in enumerate(board.rows, start=1):
        table.rows.append({
            "tt": str(index), "org": row.org_name, "status": STATUS_VI.get(row.status, row.status),
            "submitted": _when(row), "revision": row.revision, "signer": row.signer or "",
            "note": _status_note(row),
        })
    note = ("Thời điểm gửi là thời điểm ký gói báo cáo: theo dấu thời gian khi gói có dấu thời gian; các thời "
            "điểm đánh dấu * do máy tính của người ký tự ghi (gói không có dấu thời gian).")
    return Part("TÌNH HÌNH GỬI BÁO CÁO", [summary, table, note])


def _indicator_tables(form: FormDefinition, reporters: list[Reporter], numbers: TableNumbers) -> list[Table]:
    """Per section: its number fields by reporter, and the sums of its tables' number columns."""
    tables = []
    uncounted = counted_once(form.id)  # documents: many reporters name the same one, a sum counts it again
    for section in form.sections:
        scalars = [f for f in section.fields if f.type in SUMMABLE]
        sums = [(f, c) for f in section.fields if f.is_table for c in f.columns if c.type in SUMMABLE]
        title = f"mục {section.number}. {section.title['vi']}" if section.number else section.title["vi"]
        groups = []
        if scalars:
            columns = [Column(f.key, f.label["vi"], f.type, (f.unit or {}).get("vi")) for f in scalars]
            groups.append(("số liệu", f"Số liệu {title}", columns, _scalar))
        if sums:
            columns = [Column(f"{t.key}.{c.key}", _sum_label(c.label["vi"]), c.type, (c.unit or {}).get("vi"))
                       for t, c in sums]
            groups.append(("từ bảng", f"Tổng hợp từ các bảng của {title}", columns, _column_sum))
        for suffix, caption, columns, read in groups:
            table = Table(f"Mục {section.number or section.key} - {suffix}"[:31], numbers.title(caption),
                          [TT, ORG, *columns])
            for index, reporter in enumerate(reporters, start=1):
                table.rows.append({"tt": str(index), "org": reporter.name,
                                   **{c.key: read(reporter, c) for c in columns}})
            table.total = {"tt": "", "org": "Tổng cộng",
                           **{c.key: None if c.key in uncounted else total(row[c.key] for row in table.rows)
                              for c in columns}}
            tables.append(table)
    return tables


def counted_once(form_id: str) -> set[str]:
    """The fields a plan round counts by the documents they name, never by adding them up."""
    from desktop.forms.plan_round import plan_rounds

    return {plan.document_count for plan in plan_rounds().values()
            if plan.form_id == form_id and plan.document_count}


def _scalar(reporter: Reporter, column: Column) -> int | float | None:
    return number(get_path(reporter.values, column.key))


def _sum_label(label: str) -> str:
    return label if label.startswith("trong đó") else f"Tổng {lower_first(label)}"


def _column_sum(reporter: Reporter, column: Column) -> int | float | None:
    table_key, column_key = column.key.rsplit(".", 1)
    rows = get_path(reporter.values, table_key)
    rows = rows if isinstance(rows, list) else []
    return total(row.get(column_key) for row in rows if isinstance(row, dict))


def indicators_part(form: FormDefinition, reporters: list[Reporter], numbers: TableNumbers) -> Part:
    intro = (f"Số liệu của {len(reporters)} báo cáo đã được chấp nhận, cộng theo từng đơn vị báo cáo và "
             "tổng cộng (các chỉ tiêu tỷ lệ phần trăm không được cộng).")
    if counted_once(form.id):
        intro += (" Số văn bản đã ban hành không được cộng (một văn bản có thể được nhiều đơn vị cùng báo cáo); số "
                  "văn bản không trùng lặp có trong báo cáo theo đợt của kế hoạch.")
    return Part("TỔNG HỢP CÁC CHỈ TIÊU SỐ LIỆU", [intro, *_indicator_tables(form, reporters, numbers)])


def issue_texts(reporter: Reporter) -> tuple[str, str]:
    """(difficulties, proposals) as its own form version names them; "Không có" when empty."""
    block = reporter.form.consolidation
    texts = []
    for path in ((block.difficulties, block.proposals) if block is not None else (None, None)):
        value = get_path(reporter.values, path) if path else None
        texts.append(value.strip() if isinstance(value, str) and value.strip() else "Không có")
    return texts[0], texts[1]


def issues_table(reporters: list[Reporter], title: str, key: str = "Khó khăn, kiến nghị") -> Table:
    table = Table(key, title, [
        TT, ORG, Column("obstacles", "Khó khăn, vướng mắc", "longtext"),
        Column("asks", "Kiến nghị, đề xuất", "longtext"),
    ])
    for index, reporter in enumerate(reporters, start=1):
        obstacles, asks = issue_texts(reporter)
        table.rows.append({"tt": str(index), "org": reporter.name, "obstacles": obstacles, "asks": asks})
    return table


def issues_part(reporters: list[Reporter], numbers: TableNumbers) -> Part:
    return Part("KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ",
                [issues_table(reporters, numbers.title("Khó khăn, vướng mắc và kiến nghị của các đơn vị"))])


def basis(board: Board, reporters: list[Reporter], counted_as: str) -> str:
    """ "Theo báo cáo của 17/34 tỉnh, thành phố": on how many of the expected reporters a figure rests."""
    expected = sum(1 for row in board.rows if row.expected)
    counted = sum(1 for reporter in reporters if reporter.row.expected)
    return f"Theo báo cáo của {counted}/{expected} {counted_as}"


def tables_part(form: FormDefinition, board: Board, reporters: list[Reporter], numbers: TableNumbers,
                *, annexes: bool = True) -> tuple[list[str | Table], list[Table]]:
    """The form's national tables with their sentences; the annex tables apart (or inline)."""
    from desktop.inbox.consolidate_tables import build_table, summary_text

    block = form.consolidation
    body: list[str | Table] = []
    annex: list[Table] = []
    if block is None:
        return body, annex
    for layout in block.tables:
        if layout.annex and annexes:
            annex.append(build_table(layout, form, reporters, layout.title["vi"]))
            continue
        table = build_table(layout, form, reporters, numbers.title(layout.title["vi"]))
        sentence = summary_text(layout, table.total or {}, basis(board, reporters, block.counted_as["vi"]))
        body += [*([sentence] if sentence else []), table]
    return body, annex


def consolidate(
    store,  # type: ignore[no-untyped-def]
    period: str,
    form_id: str,
    *,
    deadline: dt.date | None = None,
    today: dt.date | None = None,
) -> Consolidated:
    """The consolidated report of the accepted packages of one form and period."""
    form = get_form(form_id)
    parsed = Period.parse(period)
    with inbox_snapshot(store):  # one consistent view, even while other officers import and decide
        board = build_board(store, str(parsed), form.id, deadline=deadline, today=today)
        reporters = load_reporters(store, board)
    numbers = TableNumbers()
    who = form.consolidation.reporters["vi"] if form.consolidation is not None else "các đơn vị"
    subject = subject_line(form.title["vi"], parsed)
    subject = f"Tổng hợp báo cáo của {who} về {lower_first(subject)}"
    parts = [status_part(board, numbers)]
    national, _ = tables_part(form, board, reporters, numbers, annexes=False)
    if national:
        parts.append(Part("KẾT QUẢ TỔNG HỢP", national))
    indicators = indicators_part(form, reporters, numbers)
    if any(isinstance(block, Table) for block in indicators.blocks):  # a form may have no figures to add up
        parts.append(indicators)
    parts.append(issues_part(reporters, numbers))
    for index, part in enumerate(parts):
        part.title = f"{ROMAN[index]}. {part.title}"
    issuer = _issuer_name(store)
    intro = (f"Trên cơ sở báo cáo của {who}, {issuer} tổng hợp "
             f"{lower_first(subject_line(form.title['vi'], parsed))} như sau:")
    closing = f"Trên đây là tổng hợp kết quả báo cáo của {who}, {issuer} kính báo cáo Lãnh đạo Bộ xem xét, chỉ đạo./."
    return Consolidated(form.id, form.version, parsed, subject, board.today, parts, len(reporters),
                        intro=intro, closing=closing, cutoff=default_cutoff(parsed))


def _issuer_name(store: Store) -> str:  # type: ignore[no-untyped-def]
    from desktop.registry import UnknownOrganizationError, get_organization

    try:
        return get_organization(ISSUER_ID, store.custom_organizations()).name
    except UnknownOrganizationError:
        return "Cục Kỹ thuật an toàn và Môi trường công nghiệp"
