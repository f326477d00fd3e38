"""Ad hoc requests ("báo cáo đột xuất"), the consolidator's side: record, list, find. Qt-free.

A request is the letter that asks for an ad hoc report: its number and date, who asked, what it
asks, the organisations it is addressed to and the deadline (workflow.md). Cục ATMT records it in
the Inbox (`create_request`), sends it to the addressees as a small signed file
(`desktop.inbox.request_file`), and the board and the consolidation of that request expect only its
addressees. The reporting round code treats a request id as a round: `list_requests` and
`get_request` are its interface.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from desktop.forms.normalize import InputError, normalize_text, parse_date
from desktop.forms.periods import PLAN_FIRST_YEAR, Period
from desktop.i18n import N_, LocalizedError, Message
from desktop.inbox.board import Board, build_board
from desktop.registry import all_organizations
from desktop.store.records import RequestRecord
from desktop.store.requests import REQUEST_ID, RequestNotFoundError

MAX_NUMBER = 100
MAX_REQUESTER = 300
MAX_CONTENT = 2000
MAX_ADDRESSEES = 300

__all__ = ["RequestError", "RequestNotFoundError", "RequestRecord", "create_request", "get_request",
           "list_requests", "request_addressee_names", "request_board", "request_forms", "request_id_for",
           "request_packages", "request_period"]


class RequestError(LocalizedError):
    """A request that cannot be recorded as given (the CLI's exit status 2)."""


def _ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:40].strip("-")


def request_id_for(number: str, date: str) -> str:
    """`yc-<date>-<number as ASCII>`, e.g. "123/BCT-ATMT" of 15/3/2026 → `yc-2026-03-15-123-bct-atmt`."""
    slug = _ascii_slug(number)
    return f"yc-{date}-{slug}" if slug else f"yc-{date}"


def request_period(record: RequestRecord) -> str:
    """The period of the reports answering the request: `adhoc-<date of the request>`."""
    return str(Period.parse(f"adhoc-{record.date}"))


def _text(value: Any, label: Message, limit: int, *, multiline: bool = False) -> str:
    try:
        text = normalize_text(value if value is not None else "", max_length=limit, multiline=multiline)
    except InputError as exc:
        raise RequestError(Message(N_("{field}: {problem}"), field=label, problem=exc.message)) from None
    if not text:
        raise RequestError(Message(N_("{field} is required."), field=label))
    return text


def _date(value: Any, label: Message) -> dt.date:
    try:
        return dt.date.fromisoformat(parse_date(value))
    except (InputError, ValueError, TypeError):
        raise RequestError(Message(N_("{field}: “{value}” is not a date."), field=label, value=str(value))) from None


def _addressees(store: Any, addressees: Iterable[str]) -> list[str]:
    from desktop.inbox.model import ISSUER_ID

    known = {org.id: org.name for org in all_organizations(store.custom_organizations())}
    result: list[str] = []
    for raw in addressees:
        org_id = str(raw).strip()
        if not org_id or org_id in result:
            continue
        if org_id not in known:
            raise RequestError(Message(N_("There is no organisation {org}."), org=org_id))
        if org_id == ISSUER_ID:  # it sends the request and consolidates the answers
            raise RequestError(Message(N_("{org} sends the request and consolidates the answers: it cannot be one "
                                          "of its addressees."), org=known[org_id]))
        result.append(org_id)
    if not result:
        raise RequestError(Message(N_("A request is addressed to at least one organisation.")))
    if len(result) > MAX_ADDRESSEES:
        raise RequestError(Message(N_("A request is addressed to at most {limit} organisations."),
                                   limit=MAX_ADDRESSEES))
    return result


def create_request(
    store: Any,
    *,
    number: str,
    date: str | dt.date,
    requester: str,
    content: str,
    addressees: Iterable[str],
    deadline: str | dt.date,
    request_id: str | None = None,
    by: str = "",
) -> RequestRecord:
    """Check and record a request; refuses one that exists already under the same id."""
    number = _text(number, Message(N_("The number of the requesting letter")), MAX_NUMBER)
    day = _date(date, Message(N_("The date of the requesting letter")))
    due = _date(deadline, Message(N_("The deadline")))
    requester = _text(requester, Message(N_("Who asked")), MAX_REQUESTER)
    content = _text(content, Message(N_("What the request asks")), MAX_CONTENT, multiline=True)
    if day.year < PLAN_FIRST_YEAR:
        raise RequestError(Message(N_("The request of {date} is before the plan: reports start with the year "
                                      "{year}."), date=day.strftime("%d/%m/%Y"), year=PLAN_FIRST_YEAR))
    if due < day:
        raise RequestError(Message(N_("The deadline {deadline} is before the date of the request {date}."),
                                   deadline=due.strftime("%d/%m/%Y"), date=day.strftime("%d/%m/%Y")))
    orgs = _addressees(store, addressees)
    request_id = (request_id or "").strip().lower() or request_id_for(number, day.isoformat())
    if not REQUEST_ID.match(request_id):
        raise RequestError(Message(N_("“{id}” cannot be a request id: use lower-case letters, digits and “-”."),
                                   id=request_id))
    record, created = store.add_request(request_id=request_id, number=number, date=day.isoformat(),
                                        requester=requester, content=content, addressees=orgs,
                                        deadline=due.isoformat(), created_by=by)
    if not created:
        raise RequestError(Message(N_("There is already a request {id} (letter {number} of {date})."),
                                   id=record.id, number=record.number,
                                   date=dt.date.fromisoformat(record.date).strftime("%d/%m/%Y")))
    return record


def list_requests(store: Any) -> list[RequestRecord]:
    """Every request of the Inbox, newest letter first."""
    return list(store.list_requests())


def get_request(store: Any, request_id: str) -> RequestRecord:
    """One request by its id (RequestNotFoundError when there is none)."""
    return store.get_request(request_id)


def request_addressee_names(store: Any, record: RequestRecord) -> list[tuple[str, str]]:
    """(id, name) of each addressee, in the request's order (an unknown id stands for itself)."""
    names = {org.id: org.name for org in all_organizations(store.custom_organizations())}
    return [(org_id, names.get(org_id, org_id)) for org_id in record.addressees]


def request_board(store: Any, request_id: str, form_id: str, *, today: dt.date | None = None) -> Board:
    """The board of an ad hoc request for one form: only its addressees that fill the form are
    expected, by the request's deadline; packages naming another request of the same day are left out."""
    record = get_request(store, request_id)
    return build_board(store, request_period(record), form_id, deadline=dt.date.fromisoformat(record.deadline),
                       today=today, expected_ids=record.addressees, request_id=record.id)


def request_forms(store: Any, record: RequestRecord) -> list[str]:
    """The forms the request's addressees fill for an ad hoc report, in the registry's order."""
    from desktop.forms import list_forms

    kinds = {org.kind for org in all_organizations(store.custom_organizations()) if org.id in record.addressees}
    result: list[str] = []
    for form in list_forms():
        if "adhoc" in form.periods and kinds & set(form.org_kinds) and form.id not in result:
            result.append(form.id)
    return result


def request_packages(store: Any, record: RequestRecord, form_id: str | None = None) -> list[Any]:
    """The received packages answering the request: of its period, naming it or no request at all
    (a report typed without the request file), from its addressees or not (the board tells)."""
    packages = store.list_inbox_packages(form_id=form_id, period=request_period(record))
    return [p for p in packages if p.details.get("request") in (None, record.id)]
