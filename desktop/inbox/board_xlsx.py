"""The board as an Excel workbook (openpyxl): one row per organisation, times as real Excel dates."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from desktop.i18n import N_, Message
from desktop.i18n.formatting import Formatted
from desktop.inbox.board import Board, state_text
from desktop.signing.signers import VN_TZ

HEADINGS = (
    N_("No."), N_("Organisation"), N_("Organisation id"), N_("Status"), N_("Submitted (+07:00)"),
    N_("Time source"), N_("Revision"), N_("Signer"), N_("Inbox id"), N_("Problems"),
)
WIDTHS = (6, 48, 22, 26, 20, 18, 9, 26, 9, 60)


def board_xlsx(board: Board, lang: str = "vi") -> bytes:
    """The workbook's bytes: a title line, the deadline, then the table with a frozen heading."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = Message(N_("Board")).render(lang)
    sheet.append([Message(N_("Submissions of {form}, period {period}"), form=board.form_id,
                          period=board.period).render(lang)])
    sheet["A1"].font = Font(bold=True, size=13)
    if board.deadline is not None:
        deadline = Message(N_("Deadline {date} (23:59:59 +07:00); {days} days left on {today}"),
                           date=Formatted(board.deadline), days=board.days_left, today=Formatted(board.today))
    else:
        deadline = Message(N_("No deadline is set for this period."))
    sheet.append([deadline.render(lang)])
    sheet.append([Message(h).render(lang) for h in HEADINGS])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for number, row in enumerate(board.rows, start=1):
        submitted = row.submitted_at.astimezone(VN_TZ).replace(tzinfo=None) if row.submitted_at else None
        source = None
        if submitted is not None:
            source = Message(N_("timestamp") if row.proof == "timestamp" else N_("first receipt")).render(lang)
        sheet.append([
            number, row.org_name, row.org_id, state_text(row.status).render(lang), submitted, source,
            row.revision, row.signer, row.inbox_id, "; ".join(p.render(lang) for p in row.problems) or None,
        ])
        if submitted is not None:
            sheet.cell(sheet.max_row, 5).number_format = "dd/mm/yyyy hh:mm:ss"
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(ord("A") + index - 1)].width = width
    sheet.freeze_panes = "A4"
    sheet.auto_filter.ref = f"A3:J{sheet.max_row}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
