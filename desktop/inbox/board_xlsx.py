"""The board as an Excel workbook: one row per organisation, times as real Excel dates; every text
an inert text cell (desktop.document.xlsx)."""

from __future__ import annotations

from desktop.document.xlsx import Style, XlsxBook
from desktop.forms import Period, form_label
from desktop.i18n import N_, Message, PluralMessage
from desktop.i18n.formatting import Formatted
from desktop.inbox.board import Board, BoardRow, row_state_text
from desktop.signing.signers import VN_TZ

HEADINGS = (
    N_("No."), N_("Organisation"), N_("Status"), N_("Submitted (+07:00)"),
    N_("Time source"), N_("Revision"), N_("Signer"), N_("Inbox id"), N_("Problems"),
)
WIDTHS = (6, 48, 26, 20, 18, 9, 26, 9, 60)
TITLE = Style(bold=True, size=13)
HEADING = Style(bold=True, wrap=True, vertical="center")
WHEN = Style(number_format="dd/mm/yyyy hh:mm:ss")
ROW_STYLES = (None, None, None, WHEN)


def shown_org(row: BoardRow) -> tuple[str, str | None]:
    """(name, id) as the board shows them: an invalid package that names an organisation nobody
    expects is shown by its file name only, never by the name or id it claims."""
    if row.verified or row.expected:
        return row.org_name, row.org_id
    return row.file_name or row.org_name, None


def board_xlsx(board: Board, lang: str = "vi") -> bytes:
    """The workbook's bytes: a title line, the deadline, then the table with a frozen heading."""
    book = XlsxBook()
    sheet = book.sheet(Message(N_("Board")).render(lang), widths=WIDTHS, freeze="A4")
    sheet.append([Message(N_("Submissions: {form}, {period}"), form=form_label(board.form_id, lang),
                          period=Period.parse(board.period).label()).render(lang)], TITLE)
    if board.deadline is not None:
        days = board.days_left or 0
        deadline: Message = PluralMessage("Deadline {date} (23:59:59 +07:00); {days} day left on {today}",
                                 "Deadline {date} (23:59:59 +07:00); {days} days left on {today}", days,
                                 date=Formatted(board.deadline), days=Formatted(days), today=Formatted(board.today))
    else:
        deadline = Message(N_("No deadline is set for this period."))
    sheet.append([deadline.render(lang)])
    sheet.append([Message(h).render(lang) for h in HEADINGS], HEADING)
    for number, row in enumerate(board.rows, start=1):
        submitted = row.submitted_at.astimezone(VN_TZ).replace(tzinfo=None) if row.submitted_at else None
        source = None
        if submitted is not None:
            source = Message(N_("timestamp") if row.proof == "timestamp" else N_("first receipt")).render(lang)
        name, _org_id = shown_org(row)  # by name: an organisation's id is never shown
        sheet.append([
            number, name, row_state_text(row).render(lang), submitted, source,
            row.revision, row.signer, row.inbox_id, "; ".join(p.render(lang) for p in row.problems) or None,
        ], ROW_STYLES)
    sheet.auto_filter(3, sheet.rows, len(HEADINGS))
    return book.to_bytes()
