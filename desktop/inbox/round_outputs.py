"""Write a round's report (PDF, DOCX, XLSX) and the reminder letters to whoever is still missing
or was asked to correct its report (desktop.inbox.reminders: one letter per reporter kind, as
each kind has its own deadline)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.inbox.model import Consolidated
from desktop.inbox.outputs import publish
from desktop.inbox.pdf_doc import issuer
from desktop.inbox.plain_reasons import plain_reason
from desktop.inbox.render_docx import render_consolidated_docx
from desktop.inbox.render_pdf import render_consolidated_pdf
from desktop.inbox.render_xlsx import render_consolidated_xlsx
from desktop.inbox.round_report import CORRECTION, FeedState, round_report
from desktop.inbox.rounds import LEGAL_BASIS, Round, parse_round

LEGAL_BASIS_EN = ("the Ministry of Industry and Trade's plan implementing the Prime Minister's Directive 20/CT-TTg "
                  "of 12 July 2025, issued with Decision 2678/QĐ-BCT of 29 September 2025")
ASKED_TO_CORRECT = "Cục ATMT đã đề nghị đơn vị chỉnh sửa, bổ sung báo cáo"


@dataclass(frozen=True)
class RoundFiles:
    pdf: Path
    docx: Path
    xlsx: Path
    report: Consolidated
    reminders: list[Any] = field(default_factory=list)  # desktop.inbox.reminders.Reminders

    def to_json(self) -> dict[str, Any]:
        return {"pdf": str(self.pdf), "docx": str(self.docx), "xlsx": str(self.xlsx),
                "reminders": [reminder.to_json() for reminder in self.reminders]}


def recipients(state: FeedState) -> list[Any]:
    """Who the feed's reminder letter goes to: the expected reporters still missing, those whose
    package was refused, and those asked to correct theirs."""
    from desktop.inbox.reminders import Recipient

    found = []
    for row in state.board.rows:
        status = state.status(row)
        if not row.expected:
            continue
        if status == "missing":
            found.append(Recipient(row.org_id, "missing"))
        elif status == "rejected":
            found.append(Recipient(row.org_id, "correction", (plain_reason(row),)))
        elif status == CORRECTION:
            found.append(Recipient(row.org_id, "correction", (ASKED_TO_CORRECT,)))
    return found


def write_reminder_letters(store: Any, round_: Round, states: list[FeedState], folder: Path,
                           today: dt.date) -> list[Any]:
    from desktop.inbox.reminders import ReminderRequest, known_addresses, write_reminders

    written = []
    for index, state in enumerate(states, start=1):
        who = recipients(state)
        if not who:
            continue
        request = ReminderRequest(
            round_title_vi=f"tình hình thực hiện Chỉ thị số 20/CT-TTg {round_.label}",
            round_title_en=f"on the implementation of Directive 20/CT-TTg, round {round_.id}",
            deadline=state.board.deadline or round_.due or today,
            legal_basis_vi=LEGAL_BASIS, legal_basis_en=LEGAL_BASIS_EN, recipients=tuple(who),
            file_stem=f"CV-don-doc-{round_.id}-{index}",
        )
        written.append(write_reminders(request, folder, addresses=known_addresses(store, [r.org_id for r in who]),
                                       custom=store.custom_organizations()))
    return written


def write_round(store: Any, round_id: str, out_dir: str | Path, *, today: dt.date | None = None,
                round_: Round | None = None) -> RoundFiles:
    """`BC-ATMT-<round>.pdf|.docx|.xlsx` in `out_dir` (all three replaced together) and the reminders."""
    round_ = round_ or parse_round(round_id, store)
    report, states = round_report(store, round_, today=today)
    organization = issuer(store)
    folder = Path(out_dir)
    rendered = {
        f"{report.file_stem}.pdf": render_consolidated_pdf(report, organization),
        f"{report.file_stem}.docx": render_consolidated_docx(report, organization),
        f"{report.file_stem}.xlsx": render_consolidated_xlsx(report),
    }
    written = publish(folder, rendered)
    files = {name.rsplit(".", 1)[1]: path for name, path in written.items()}
    reminders = write_reminder_letters(store, round_, states, folder, report.date)
    if not store.readonly:
        store.audit("inbox.consolidate", details={"round": round_.id, "reporters": report.reporters,
                                                  "folder": str(folder)})
    return RoundFiles(files["pdf"], files["docx"], files["xlsx"], report, reminders)
