"""The completeness and timeliness board: every expected organisation for one form and period.

Expected: the registry's organisations whose forms include the form (an organisation the user
added without a list of forms is expected when its kind fills the form), never the organisation
consolidating the form (Cục ATMT does not report to itself). Each gets one state:

- `on_time` / `late`: its newest accepted package (valid, or untrusted and accepted by the
  consolidator) was submitted at or before 23:59:59 +07:00 of the deadline day, or after it;
- `untrusted`: its newest verified package has no trusted chain and waits for a decision;
- `rejected`: every package it sent is invalid (or was rejected by the consolidator);
- `missing`: nothing arrived.

The newest revision decides among verified packages. An invalid package only claims who sent it,
so it never hides an accepted one; it appears in the history as rejected, and older accepted
revisions as superseded. A package whose signer is not authorised for the organisation it names
(package.md step 7, `details.held`) is held: it never hides that organisation's accepted package
either, until the consolidator pins its signer or rejects it.

The submission time is the proven one: a trusted timestamp's time, else the first time this
Inbox received the package (an e-mail's receipt time, else the import). The signer's own clock
(`claimed_at`, "tự khai") is shown beside it and never decides. A revision sent because Cục ATMT
asked for a correction (an issued receipt `correction_requested` for the package it supersedes)
keeps the timeliness of the revision it corrects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import Any

from desktop.forms import Period, get_form
from desktop.i18n import N_, Message, PluralMessage
from desktop.i18n.formatting import Formatted
from desktop.inbox.board_model import STATES as STATES  # re-exported: the board's names stay here
from desktop.inbox.board_model import Board, BoardRow, Correction, Entry
from desktop.inbox.messages import messages_from_json
from desktop.inbox.rounds import consolidator_of
from desktop.registry import all_organizations
from desktop.signing.signers import VN_TZ
from desktop.store import InboxPackageRecord, Store
from desktop.store.inbox_api import inbox_snapshot

STATE_TEXTS = {
    "on_time": N_("on time"),
    "late": N_("late"),
    "missing": N_("missing"),
    "rejected": N_("rejected"),
    "untrusted": N_("untrusted, awaiting a decision"),
    "superseded": N_("superseded"),
    "held": N_("held: the signer does not belong to the organisation"),
    "correction_requested": N_("correction requested, awaiting the corrected revision"),
}
# Marks a row carries beside its state, offered by the board's filters with the states.
MARKS = ("correction_requested",)
MAX_CORRECTIONS = 50  # a chain of corrections longer than this is not followed further
END_OF_DAY = dt.time(23, 59, 59)


def deadline_end(day: dt.date) -> dt.datetime:
    """The last second that still counts as on time: 23:59:59 +07:00 of the deadline day."""
    return dt.datetime.combine(day, END_OF_DAY, VN_TZ)


def is_on_time(submitted: dt.datetime, deadline: dt.date | None) -> bool:
    return deadline is None or submitted <= deadline_end(deadline)


def _time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)


def is_held(record: InboxPackageRecord) -> bool:
    """Its signer is not authorised for the organisation it names, and nobody decided yet."""
    return bool(record.details.get("held")) and record.status == "untrusted" and record.decision is None


def _kind(record: InboxPackageRecord) -> str:
    """accepted | pending | held | rejected: what the verdict and the consolidator's decision make it."""
    if record.decision == "rejected" or record.status == "invalid":
        return "rejected"
    if is_held(record):
        return "held"
    if record.status == "valid" or record.decision == "accepted":
        return "accepted"
    return "pending"


def proven_time(record: InboxPackageRecord) -> tuple[dt.datetime | None, str]:
    """(when it was provably submitted, "timestamp" | "receipt"): a trusted timestamp's time, else
    the first receipt by this Inbox."""
    stamped = _time(record.proven_at)
    if stamped is not None:
        return stamped, "timestamp"
    return _time(record.received_at or record.imported_at), "receipt"


def _newest_key(record: InboxPackageRecord) -> tuple[int, str, int]:
    return (record.revision or 0, record.received_at or record.imported_at or "", record.id)


def _entry(record: InboxPackageRecord, state: str, corrects: int | None = None) -> Entry:
    submitted, proof = proven_time(record)
    verified = record.status != "invalid"
    return Entry(
        inbox_id=record.id, state=state, revision=record.revision, submitted_at=submitted, proof=proof,
        claimed_at=_time(record.signed_at), signer=(record.signer.get("name") or None) if verified else None,
        file_name=record.file_name, imported_at=record.imported_at, decision=record.decision,
        problems=tuple(messages_from_json(record.problems)), held=is_held(record), corrects=corrects,
        verified=verified,
        notes=tuple(messages_from_json(record.details.get("notes") or [])),
    )


class _Timeliness:
    """On time or late for the accepted packages of one organisation, following corrections."""

    def __init__(self, records: list[InboxPackageRecord], corrections: set[str], deadline: dt.date | None) -> None:
        self.by_sha = {r.sha256: r for r in records if _kind(r) == "accepted"}
        self.corrections = corrections
        self.deadline = deadline

    def corrected(self, record: InboxPackageRecord) -> InboxPackageRecord | None:
        """The accepted revision of the same organisation this one answers a correction request for."""
        if record.supersedes and record.supersedes in self.corrections:
            earlier = self.by_sha.get(record.supersedes)
            if earlier is not None and earlier.id != record.id:
                return earlier
        return None

    def state(self, record: InboxPackageRecord) -> str:
        seen = {record.id}
        while (earlier := self.corrected(record)) is not None and earlier.id not in seen:
            if len(seen) >= MAX_CORRECTIONS:
                break
            record = earlier
            seen.add(record.id)
        submitted, _ = proven_time(record)
        return "on_time" if submitted is None or is_on_time(submitted, self.deadline) else "late"


def _row(org_id: str, name: str, expected: bool, records: list[InboxPackageRecord],
         deadline: dt.date | None, corrections: Collection[str] = (),
         answers: dict[str, Any] | None = None) -> BoardRow:
    by_kind: dict[str, list[InboxPackageRecord]] = {"accepted": [], "pending": [], "held": [], "rejected": []}
    for record in records:
        by_kind[_kind(record)].append(record)
    for group in by_kind.values():
        group.sort(key=_newest_key, reverse=True)
    accepted, pending, held, rejected = by_kind["accepted"], by_kind["pending"], by_kind["held"], by_kind["rejected"]
    timeliness = _Timeliness(records, set(corrections), deadline)
    states: dict[int, str] = {r.id: "rejected" for r in rejected}
    states.update({r.id: "untrusted" for r in pending + held})
    states.update({r.id: "superseded" for r in accepted[1:]})
    if accepted:
        states[accepted[0].id] = timeliness.state(accepted[0])
    if pending and (not accepted or _newest_key(pending[0]) > _newest_key(accepted[0])):
        status, current = "untrusted", pending[0]
    elif accepted:  # a held package never hides what the organisation's own signer sent
        status, current = states[accepted[0].id], accepted[0]
    elif held:
        status, current = "untrusted", held[0]
    elif rejected:
        status, current = "rejected", rejected[0]
    else:
        return BoardRow(org_id, name, "missing", expected)
    history = sorted(records, key=_newest_key, reverse=True)

    def entry(record: InboxPackageRecord, state: str) -> Entry:
        earlier = timeliness.corrected(record) if _kind(record) == "accepted" else None
        return _entry(record, state, earlier.id if earlier else None)

    answer = (answers or {}).get(current.sha256)
    correction = (Correction(answer.id, answer.inbox_id, answer.message, answer.signed_at)
                  if answer is not None and answer.decision == "correction_requested" else None)
    return BoardRow(org_id, name, status, expected, entry(current, status),
                    tuple(entry(r, states[r.id]) for r in history), correction)


def _deadline(form, period: Period, records: list[InboxPackageRecord]) -> dt.date | None:  # type: ignore[no-untyped-def]
    """The form's deadline for the period; an ad hoc request's deadline as its packages state it."""
    if period.kind != "adhoc":
        return period.deadline(form.deadlines)
    for record in sorted(records, key=_newest_key, reverse=True):
        if _kind(record) in ("accepted", "pending") and isinstance(record.details.get("deadline"), str):
            try:
                return dt.date.fromisoformat(record.details["deadline"])
            except ValueError:
                continue
    return None


def correction_requests(store) -> set[str]:  # type: ignore[no-untyped-def]
    """The SHA-256 of every received package Cục ATMT asked to correct (an issued receipt)."""
    return {r.package_sha256 for r in store.list_receipts()
            if r.direction == "issued" and r.decision == "correction_requested"}


def latest_answers(receipts: Iterable[Any]) -> dict[str, Any]:
    """The latest receipt issued for each package (by its SHA-256): Cục ATMT's last word on it."""
    latest: dict[str, Any] = {}
    for receipt in receipts:
        if receipt.direction == "issued":
            kept = latest.get(receipt.package_sha256)
            if kept is None or (receipt.signed_at, receipt.id) >= (kept.signed_at, kept.id):
                latest[receipt.package_sha256] = receipt
    return latest


def expected_organizations(store: Store, form_id: str) -> list:  # type: ignore[no-untyped-def]
    form = get_form(form_id)
    consolidator = consolidator_of(form)
    return [
        org for org in all_organizations(store.custom_organizations())
        if (form.id in org.forms or (not org.forms and org.kind in form.org_kinds)) and org.id != consolidator
    ]


def build_board(
    store,  # type: ignore[no-untyped-def]
    period: str,
    form_id: str,
    *,
    deadline: dt.date | None = None,
    today: dt.date | None = None,
    expected_ids: Collection[str] | None = None,
    request_id: str | None = None,
) -> Board:
    """The board of one form and period; `deadline` overrides the form's (e.g. an ad hoc request).

    `expected_ids` limits the expected organisations to these (an ad hoc request's addressees that
    fill the form); `request_id` leaves out packages that name another request of the same day.
    """
    form = get_form(form_id)
    parsed = Period.parse(period)
    with inbox_snapshot(store):  # the packages and the receipts as of one moment
        records = store.list_inbox_packages(form_id=form.id, period=str(parsed))
        receipts = [r for r in store.list_receipts() if r.direction == "issued"]
    corrections = {r.package_sha256 for r in receipts if r.decision == "correction_requested"}
    answers = latest_answers(receipts)
    if request_id is not None:
        records = [r for r in records if r.details.get("request") in (None, request_id)]
    if deadline is None:
        deadline = _deadline(form, parsed, records)
    by_org: dict[str, list[InboxPackageRecord]] = {}
    for record in records:
        if record.org_id:
            by_org.setdefault(record.org_id, []).append(record)
    rows = []
    expected = expected_organizations(store, form.id)
    if expected_ids is not None:
        wanted = set(expected_ids)
        expected = [org for org in all_organizations(store.custom_organizations())
                    if org.id in wanted and (form.id in org.forms or org.kind in form.org_kinds)
                    and org.id != consolidator_of(form)]
    for org in expected:
        rows.append(_row(org.id, org.name, True, by_org.pop(org.id, []), deadline, corrections, answers))
    known = {org.id: org.name for org in all_organizations(store.custom_organizations())}
    for org_id, sent in by_org.items():  # sent without being expected, or only claiming to be someone
        # An invalid package's organisation name is only a claim: it goes by its file name.
        newest = sorted(sent, key=_newest_key, reverse=True)
        name = known.get(org_id) or next((r.details.get("org_name") for r in newest
                                          if r.status != "invalid" and r.details.get("org_name")),
                                         newest[0].file_name)
        rows.append(_row(org_id, str(name), False, sent, deadline, corrections, answers))
    return Board(form.id, str(parsed), deadline, today or dt.datetime.now(VN_TZ).date(), rows)


def state_text(state: str) -> Message:
    return Message(STATE_TEXTS.get(state, state))


def row_state_text(row: BoardRow) -> Message:
    """The row's state and its marks: "đúng hạn — yêu cầu bổ sung/sửa"."""
    if not row.marks:
        return state_text(row.status)
    return Message(N_("{state} — {mark}"), state=state_text(row.status), mark=state_text(row.marks[0]))


def deadline_message(board: Board) -> Message:
    """ "Deadline 15/11/2026: 5 days left" (or how long ago it passed), for the screen and the CLI."""
    if board.deadline is None:
        return Message(N_("No deadline is set for this period."))
    days = board.days_left or 0
    if days >= 0:
        return PluralMessage("Deadline {date}: {days} day left", "Deadline {date}: {days} days left", days,
                             date=Formatted(board.deadline), days=Formatted(days))
    return PluralMessage("Deadline {date}: passed {days} day ago", "Deadline {date}: passed {days} days ago", -days,
                         date=Formatted(board.deadline), days=Formatted(-days))
