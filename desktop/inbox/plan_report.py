"""The Ministry's report to the Prime Minister on a plan (Decision 1375/QĐ-TTg): a plan round.

A plan round is named "<plan>-<year>" (the yearly report, e.g. "1375-2025") or
"<plan>-<first>-<last>" (the end-of-period report, "1375-2020-2025"). Everything specific to the
plan comes from its definition (desktop/forms/data/round-<plan>.json, read by
desktop.forms.plan_round) and from the form's `consolidation` block: the form, the programmes of
the plan's appendix with their lead and coordinating bodies and their groups, the targets, the
fields naming documents, the title, legal basis, issuer, addressee and signer.

The report: who reported (N/M on every figure); the targets, each reporter's result; the documents
issued, each counted once however many reporters (and years) cite it; the programmes group by
group with each one's status across reporters; difficulties and proposals by kind of reporter;
and the part left for the Ministry's own assessment, the figures placed. Each package is read with
its own form version. The end-of-period report reads every year of the plan; for each reporter
its newest report gives the programmes' status.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.forms import get_form, get_path
from desktop.forms.plan_round import PlanRound, plan_rounds
from desktop.i18n import N_, LocalizedError, Message
from desktop.inbox.board import Board, build_board
from desktop.inbox.model import Consolidated, Part, Table, lower_first
from desktop.inbox.plan_tables import (
    documents_part,
    issues_part,
    programmes_part,
    status_part,
    targets_part,
)
from desktop.package import asic
from desktop.registry import Organization, all_organizations
from desktop.store.inbox_api import inbox_snapshot

if TYPE_CHECKING:
    from desktop.inbox.reminders import Reminders

log = logging.getLogger(__name__)
ROUND = re.compile(r"^(\d+)-(\d{4})(?:-(\d{4}))?$")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")



class PlanRoundError(LocalizedError):
    """A plan round id that names no plan, or years outside the plan."""


@dataclass(frozen=True)
class RoundId:
    plan: PlanRound
    years: tuple[int, ...]
    final: bool  # the end-of-period report

    @property
    def text(self) -> str:
        return f"{self.plan.id}-{self.years[0]}" + (f"-{self.years[-1]}" if self.final else "")


@dataclass(frozen=True)
class Reporter:
    """One accepted report of one year, read back with its own form version."""

    org_id: str
    name: str
    kind: str
    year: int
    values: dict

    def value(self, path: str) -> object:
        """A field's value, or a "table.column" path's cells (a list)."""
        found = get_path(self.values, path)
        if found is None and "." in path:
            table, column = path.rsplit(".", 1)
            rows = get_path(self.values, table)
            if isinstance(rows, list):
                return [row.get(column) for row in rows if isinstance(row, dict)]
        return found


@dataclass
class PlanReport:
    round: RoundId
    report: Consolidated
    boards: dict[int, Board]
    reporters: list[Reporter]

    @property
    def file_stem(self) -> str:
        return self.report.file_stem


def is_plan_round(text: str) -> bool:
    """Whether a round id names a plan round ("1375-2025"), rather than a round of Decision 2678."""
    match = ROUND.match(text.strip())
    return bool(match) and match.group(1) in plan_rounds()  # type: ignore[union-attr]


def parse_plan_round(text: str) -> RoundId:
    match = ROUND.match(text.strip())
    plan = plan_rounds().get(match.group(1)) if match else None
    if match is None or plan is None:
        known = ", ".join(f"{p.id}-{p.last_year}, {p.id}-{p.first_year}-{p.last_year}" for p in plan_rounds().values())
        raise PlanRoundError(Message(N_("“{round}” is not a plan round; use for example {known}."), round=text,
                                     known=known))
    first, last = int(match.group(2)), int(match.group(3) or match.group(2))
    if match.group(3) and (first, last) != (plan.first_year, plan.last_year):
        raise PlanRoundError(Message(N_("The end-of-period report of the plan {plan} covers {first}-{last}."),
                                     plan=plan.id, first=plan.first_year, last=plan.last_year))
    if not plan.first_year <= first <= plan.last_year:
        raise PlanRoundError(Message(N_("The plan {plan} runs from {first} to {last}: {year} is outside it."),
                                     plan=plan.id, first=plan.first_year, last=plan.last_year, year=first))
    return RoundId(plan, tuple(range(first, last + 1)), bool(match.group(3)))


def _read(store, boards: dict[int, Board], kinds: dict[str, str]) -> list[Reporter]:  # type: ignore[no-untyped-def]
    reporters = []
    for year, board in boards.items():
        for row in board.accepted():
            if row.inbox_id is None:
                continue
            try:
                data = json.loads(asic.read_package(store.inbox_package_bytes(row.inbox_id)).data_json)
                get_form(data["form"]["id"], data["form"]["version"])  # its own version is known
                values = data["values"] if isinstance(data.get("values"), dict) else {}
            except Exception:  # verified when imported; a store damaged since then must not stop the rest
                log.exception("package %s could not be read back", row.inbox_id)
                continue
            reporters.append(Reporter(row.org_id, row.org_name, kinds.get(row.org_id, ""), year, values))
    return reporters


def plan_report(store, round_id: str, *, today: dt.date | None = None,  # type: ignore[no-untyped-def]
                deadline: dt.date | None = None) -> PlanReport:
    """The report of a plan round from the accepted packages of its form."""
    parsed = parse_plan_round(round_id)
    plan = parsed.plan
    kinds = {org.id: org.kind for org in all_organizations(store.custom_organizations())}
    with inbox_snapshot(store):
        boards = {year: build_board(store, str(year), plan.form_id, deadline=deadline, today=today)
                  for year in parsed.years}
        reporters = _read(store, boards, kinds)
    latest: dict[str, Reporter] = {}
    for reporter in sorted(reporters, key=lambda r: r.year):
        latest[reporter.org_id] = reporter
    consolidation = plan.form.consolidation
    assert consolidation is not None and consolidation.progress is not None  # checked by plan_round
    parts = [
        status_part(parsed.years, boards, kinds, parsed.final),
        targets_part(plan, list(latest.values()) if parsed.final else reporters, boards, parsed.final),
        documents_part(plan, reporters, boards),
        programmes_part(plan, consolidation.progress, list(latest.values()), boards),
        issues_part(consolidation.difficulties, consolidation.proposals, reporters, kinds, parsed.final),
    ]
    parts.append(_assessment(plan, parts))
    # the long list of who reported goes to an annex after the signature; the body keeps its sentence
    listed = [block for block in parts[0].blocks if isinstance(block, Table)]
    parts[0].blocks = [block for block in parts[0].blocks if not isinstance(block, Table)]
    if listed and parts[0].blocks:
        parts[0].blocks[-1] = f"{parts[0].blocks[-1]} Chi tiết tại Phụ lục I kèm theo."
    annexes = []
    for index, table in enumerate(listed, start=1):
        table.title = f"Phụ lục {ROMAN[index - 1]}. {table.title}"
        annexes.append(Part(f"PHỤ LỤC {ROMAN[index - 1]}", [table]))
    tables = 0
    for index, part in enumerate(parts):
        part.title = f"{ROMAN[index]}. {part.title}"
        for block in part.blocks:
            if isinstance(block, Table):
                tables += 1
                block.title = f"Bảng {tables}. {block.title}"
    issuer = plan.issuer["name"]
    years = f"giai đoạn {plan.first_year} - {plan.last_year}" if parsed.final else f"năm {parsed.years[0]}"
    subject = plan.final_title["vi"] if parsed.final else f"{plan.title['vi']} năm {parsed.years[0]}"
    expected = _expected(boards)
    received = len({r.org_id for r in reporters})
    intro = (f"Thực hiện {plan.legal_basis['vi']} (sau đây gọi là Kế hoạch), trên cơ sở báo cáo của {received}/"
             f"{expected} cơ quan, đơn vị thực hiện Kế hoạch, {issuer} báo cáo {plan.addressee['vi']} kết quả thực "
             f"hiện Kế hoạch {years} như sau:")
    closing = f"{issuer} kính báo cáo {plan.addressee['vi']} xem xét, chỉ đạo./."
    when = today or next(iter(boards.values())).today
    report = Consolidated(plan.form_id, plan.form.version, _period(parsed), subject, when, parts, len(reporters),
                          intro=intro, closing=closing, addressee=plan.addressee["vi"], annexes=annexes,
                          stem=f"BC-{parsed.text}")
    return PlanReport(parsed, report, boards, reporters)


def _period(parsed: RoundId):  # type: ignore[no-untyped-def]
    from desktop.forms import Period

    return Period.parse(str(parsed.years[-1]))


def _expected(boards: dict[int, Board]) -> int:
    return len({row.org_id for board in boards.values() for row in board.rows if row.expected})


def _assessment(plan: PlanRound, parts: list[Part]) -> Part:
    """The part the Ministry writes itself, with the figures of the parts above placed."""
    facts = [block for part in parts for block in part.blocks[:1] if isinstance(block, str)]
    return Part("ĐÁNH GIÁ CHUNG VÀ KIẾN NGHỊ", [
        "1. Đánh giá chung (Cục Kỹ thuật an toàn và Môi trường công nghiệp dự thảo; các số liệu chính):",
        *[f"- {fact}" for fact in facts],
        "[Kết quả nổi bật, tồn tại, hạn chế và nguyên nhân.]",
        f"2. Kiến nghị, đề xuất của {plan.issuer['name']}:",
        f"[Các kiến nghị, đề xuất với {plan.addressee['vi']}.]",
    ])



@dataclass(frozen=True)
class PlanFiles:
    pdf: Path
    docx: Path
    xlsx: Path
    report: PlanReport
    reminders: list[Reminders] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"round": self.report.round.text, "pdf": str(self.pdf), "docx": str(self.docx),
                "xlsx": str(self.xlsx), "reporters": len({r.org_id for r in self.report.reporters}),
                "reminders": [r.to_json() for r in self.reminders]}


def issuer_of(plan: PlanRound) -> Organization:
    """The issuing body of the plan's report (the Ministry), as the document header needs it."""
    return Organization("plan-issuer", "ministry-unit", plan.issuer["name"],
                        parent_body=plan.issuer.get("parent_body", ""), place=plan.issuer.get("place", ""),
                        number_suffix=plan.issuer.get("number_suffix", ""))


def write_plan_round(store, round_id: str, out_dir: str | Path, *,  # type: ignore[no-untyped-def]
                     today: dt.date | None = None, deadline: dt.date | None = None) -> PlanFiles:
    """`BC-<round>.pdf|.docx|.xlsx` in `out_dir`, all three or none (replaced: it is a draft)."""
    from desktop.inbox.outputs import publish
    from desktop.inbox.render_docx import render_consolidated_docx
    from desktop.inbox.render_pdf import render_consolidated_pdf
    from desktop.inbox.render_xlsx import render_consolidated_xlsx

    made = plan_report(store, round_id, today=today, deadline=deadline)
    plan = made.round.plan
    issuer = issuer_of(plan)
    stem = made.file_stem
    rendered = {
        f"{stem}.pdf": render_consolidated_pdf(made.report, issuer, signer=plan.signer, recipients=plan.recipients),
        f"{stem}.docx": render_consolidated_docx(made.report, issuer, signer=plan.signer, recipients=plan.recipients),
        f"{stem}.xlsx": render_consolidated_xlsx(made.report),
    }
    written = publish(Path(out_dir), rendered)
    reminders = _reminders(store, made, Path(out_dir), deadline)
    if not store.readonly:
        store.audit("inbox.consolidate", details={"round": made.round.text, "folder": str(out_dir),
                                                  "reporters": len(made.reporters)})
    return PlanFiles(written[f"{stem}.pdf"], written[f"{stem}.docx"], written[f"{stem}.xlsx"], made, reminders)


def _reminders(store, made: PlanReport, folder: Path, deadline: dt.date | None) -> list[Reminders]:  # type: ignore[no-untyped-def]
    """The reminder letter to the implementers still missing once the deadline the officer set has
    passed (Decision 1375 sets none): a yearly round only."""
    from desktop.inbox.reminders import (
        LIST_LIMIT,
        SENDER_ID,
        Recipient,
        ReminderRequest,
        known_addresses,
        write_reminders,
    )

    if deadline is None or made.round.final:
        return []
    board = made.boards[made.round.years[0]]
    missing = [row.org_id for row in board.rows  # Cục ATMT writes the letter: never to itself
               if row.expected and row.status == "missing" and row.org_id != SENDER_ID]
    if not missing or board.today <= deadline:
        return []
    plan, year = made.round.plan, made.round.years[0]
    request = ReminderRequest(
        round_title_vi=f"{lower_first(plan.title['vi'])} năm {year}", round_title_en=f"{plan.title['en']}, {year}",
        deadline=deadline, legal_basis_vi=plan.legal_basis["vi"], legal_basis_en=plan.legal_basis["en"],
        recipients=tuple(Recipient(org_id) for org_id in missing), date=board.today,
        file_stem=f"{made.file_stem}-don-doc", report_to_vi=plan.addressee["vi"], report_to_en=plan.addressee["en"],
        list_limit=LIST_LIMIT)
    return [write_reminders(request, folder, addresses=known_addresses(store, missing),
                            custom=store.custom_organizations())]
