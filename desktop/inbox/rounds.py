"""Cục ATMT's reporting rounds (Decision 2678/QĐ-BCT, III.1): which reports feed each one.

"Tổng hợp, trình Lãnh đạo Bộ báo cáo vào tháng 12/2025; các năm tiếp theo định kỳ 06 tháng (trước
ngày 20/6), hàng năm (trước ngày 30/11) hoặc đột xuất". A round is named like a period:

- `2025`: the first report, in December 2025, from the year's reports (due 15/11) and the
  Ministry units' second-half reports (due 20/11);
- `2026-H1`: the half-year report, due 20/6, from the first-half reports (due 10/6);
- `2026`: the yearly report, due 30/11, combining the yearly reports (15/11) with the half-year
  reports due 20/11 ("6 tháng cuối năm và cả năm");
- an ad hoc request's id (desktop.store `get_request`), or `adhoc-YYYY-MM-DD`: the ad hoc
  reports answering that request, from its addressees only.

Which forms feed a round is read from the definitions (their `consolidation.feeds` and their
period kinds), never named here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from desktop.forms import FormDefinition, Period, list_forms
from desktop.i18n import N_, LocalizedError, Message

FEED = "qd2678"
PLAN_START = 2025  # the plan of Decision 2678 starts in 2025: no round before it
FIRST_REPORT_DUE = dt.date(2025, 12, 31)  # "báo cáo vào tháng 12/2025"
HALF_DUE, YEAR_DUE = "06-20", "11-30"
LEGAL_BASIS = ("Kế hoạch của Bộ Công Thương thực hiện Chỉ thị số 20/CT-TTg ngày 12 tháng 7 năm 2025 của Thủ "
               "tướng Chính phủ về một số nhiệm vụ cấp bách, quyết liệt ngăn chặn, giải quyết tình trạng ô nhiễm "
               "môi trường, ban hành kèm theo Quyết định số 2678/QĐ-BCT ngày 29 tháng 9 năm 2025 của Bộ trưởng "
               "Bộ Công Thương")
SUBJECT = "Tình hình thực hiện Chỉ thị số 20/CT-TTg ngày 12/7/2025 của Thủ tướng Chính phủ"
_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_ADHOC = re.compile(r"^adhoc-\d{4}-\d{2}-\d{2}$")


class RoundError(LocalizedError):
    """A round that does not exist (a typo, a period before the plan, an unknown request)."""


@dataclass(frozen=True)
class Request:
    """The ad hoc request a round answers (the Inbox's request record, or what the packages state)."""

    id: str
    date: dt.date
    number: str = ""  # of the requesting letter, e.g. "123/BCT-ATMT"
    requester: str = ""
    content: str = ""
    addressees: tuple[str, ...] = ()  # organisation ids; empty: whoever the forms expect
    deadline: dt.date | None = None


@dataclass(frozen=True)
class Feed:
    """One form's packages of one period going into the round."""

    form: FormDefinition
    period: str


@dataclass(frozen=True)
class Round:
    id: str
    kind: str  # year | half | adhoc
    year: int
    due: dt.date | None  # Cục ATMT's own deadline for the report to the Ministry's leadership
    feeds: tuple[Feed, ...]
    request: Request | None = None

    @property
    def label(self) -> str:
        """ "năm 2026", "6 tháng đầu năm 2026", "đột xuất (Công văn số …)": after the subject."""
        if self.kind == "half":
            return f"6 tháng đầu năm {self.year}"
        if self.kind == "year":
            return f"năm {self.year}"
        assert self.request is not None
        number = f" theo Công văn số {self.request.number}" if self.request.number else ""
        return f"đột xuất{number} ngày {self.request.date.strftime('%d/%m/%Y')}"

    @property
    def subject(self) -> str:
        return f"{SUBJECT} {self.label}"

    @property
    def file_stem(self) -> str:
        return f"BC-ATMT-{self.id}"

    @property
    def addressees(self) -> tuple[str, ...]:
        return self.request.addressees if self.request is not None else ()


def consolidator_of(form: Any) -> str | None:
    """The organisation that consolidates the form's packages and so never sends them to itself:
    Cục ATMT for the forms feeding its rounds (Decision 2678, III.1), though the registry lists it
    among the Ministry units filling the form (its own tasks go into its own report). None for a
    form consolidated by no organisation of the registry (the plan of Decision 1375: the Ministry)."""
    from desktop.inbox.model import ISSUER_ID

    block = form.consolidation
    return ISSUER_ID if block is not None and block.feeds == FEED else None


def feeding_forms() -> list[FormDefinition]:
    """The newest version of every form whose consolidation feeds Cục ATMT's report."""
    newest: dict[str, FormDefinition] = {}
    for form in list_forms():  # oldest first: the newest stays
        newest[form.id] = form
    kinds = ("province", "enterprise", "ministry-unit")  # the order of Decision 2678, III.4-5 and the units
    feeding = [form for form in newest.values() if form.consolidation is not None and form.consolidation.feeds == FEED]
    return sorted(feeding, key=lambda f: (min((kinds.index(k) for k in f.org_kinds if k in kinds), default=9), f.id))


def _feeds(kind: str, year: int, adhoc: str | None = None) -> tuple[Feed, ...]:
    feeds = []
    for form in feeding_forms():
        if kind == "adhoc" and "adhoc" in form.periods:
            feeds.append(Feed(form, adhoc or ""))
        elif kind == "half" and "half" in form.periods:
            feeds.append(Feed(form, f"{year}-H1"))
        elif kind == "year" and "year" in form.periods:
            feeds.append(Feed(form, str(year)))
        elif kind == "year" and "half" in form.periods:  # "báo cáo 6 tháng cuối năm và cả năm", due 20/11
            feeds.append(Feed(form, f"{year}-H2"))
    return tuple(feeds)


def _before_plan(text: str, year: int) -> None:
    if year < PLAN_START:
        raise RoundError(Message(N_("There is no round {round}: the plan of Decision 2678/QĐ-BCT starts in "
                                    "{year}."), round=text, year=PLAN_START))


def adhoc_round(request: Request) -> Round:
    period = f"adhoc-{request.date.isoformat()}"
    Period.parse(period)
    return Round(request.id, "adhoc", request.date.year, request.deadline, _feeds("adhoc", request.date.year, period),
                 request)


def parse_round(text: str, store: Any = None) -> Round:
    """The round named `text`: `2025`, `2026-H1`, `2026`, a request id or `adhoc-YYYY-MM-DD`."""
    text = (text or "").strip()
    if m := _YEAR.match(text):
        year = int(m.group(1))
        _before_plan(text, year)
        due = FIRST_REPORT_DUE if year == PLAN_START else dt.date.fromisoformat(f"{year}-{YEAR_DUE}")
        return Round(text, "year", year, due, _feeds("year", year))
    if m := _HALF.match(text):
        year = int(m.group(1))
        _before_plan(text, year)
        if m.group(2) == "2":
            raise RoundError(Message(N_("The second half of {year} is reported in the yearly round: use {year}."),
                                     year=year))
        return Round(text, "half", year, dt.date.fromisoformat(f"{year}-{HALF_DUE}"), _feeds("half", year))
    record = _stored_request(store, text)
    if record is not None:
        return adhoc_round(record)
    if _ADHOC.match(text):
        period = Period.parse(text)
        assert period.date is not None
        _before_plan(text, period.year)
        return adhoc_round(Request(text, period.date))
    raise RoundError(Message(N_("There is no round {round}; use 2025, 2026-H1, 2026 or an ad hoc request's id."),
                             round=text))


def _stored_request(store: Any, request_id: str) -> Request | None:
    """The Inbox's request record of that id, when the Inbox keeps requests and has it."""
    getter = getattr(store, "get_request", None)
    if getter is None or not request_id:
        return None
    try:
        record = getter(request_id)
    except LocalizedError:
        return None
    try:
        date = dt.date.fromisoformat(record.date)
        deadline = dt.date.fromisoformat(record.deadline) if record.deadline else None
    except ValueError:
        return None
    return Request(record.id, date, record.number, record.requester, record.content, tuple(record.addressees),
                   deadline)
