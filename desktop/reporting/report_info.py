"""How a report is described to the user: titles, periods, statuses, deadlines, receipts. Qt-free.

Kept apart from the widgets so the wording is tested without a display.
"""

from __future__ import annotations

import datetime as dt
import functools

from desktop.forms import Period, form_label
from desktop.forms.catalog import form_heading, form_ids
from desktop.forms.fold import fold
from desktop.i18n import N_, _, count_text, current_language, ngettext, pick
from desktop.store import ReportRecord

from .rows import ReportRow
from .submission import SENT, SIGNED, days_late

STATUS_LABELS = {"draft": N_("Draft"), "submitted": N_("Signed")}
STATE_LABELS = {"draft": N_("Draft"), "signed": N_("Signed, not sent"), "sent": N_("Sent"),
                "received": N_("Sent · Received"), "accepted": N_("Sent · Accepted"),
                "correction_requested": N_("Sent · Correction requested"),
                "rejected": N_("Sent · Not accepted")}
RECEIPT_LABELS = {"received": N_("Received"), "accepted": N_("Accepted"),
                  "correction_requested": N_("Correction requested"), "rejected": N_("Not accepted")}
NEEDS_ACTION = ("correction_requested", "rejected")  # the reporter must correct or send again


def form_title(form_id: str, version: str | None = None, lang: str | None = None) -> str:
    try:
        return pick(form_heading(form_id, version)[0], lang or current_language())  # no form built
    except Exception:
        return form_id


def form_choices(lang: str | None = None) -> list[tuple[str, str]]:
    """(form id, label) of every form once, for pickers: its title, never its id (forms.form_label)."""
    return [(form_id, form_label(form_id, lang)) for form_id in form_ids()]


def period_code_text(period: str) -> str:
    """A period code ("2026-H1", "adhoc-2026-03-15") as the user reads it."""
    try:
        return Period.parse(period).label().render()
    except Exception:
        return period


def period_text(record: ReportRecord) -> str:
    try:
        text = Period.parse(record.period).label().render()
    except Exception:
        text = record.period
    if record.reference:
        text = _("{period} — {reference}").format(period=text, reference=record.reference)
    return text


def status_text(record: ReportRecord, receipt: dict | None = None, state: str | None = None) -> str:
    """The status as the list shows it; `state` (reporting.submission) tells signed from sent."""
    if record.trashed_at:
        return _("In the trash")
    if state in STATE_LABELS:
        text = _(STATE_LABELS[state])
    else:
        text = _(STATUS_LABELS.get(record.status, record.status))
        if receipt and record.status == "submitted":
            text = _("{status} · {decision}").format(status=text, decision=receipt_label(receipt))
    if record.revision > 1:
        text = _("{status}, revision {revision}").format(status=text, revision=record.revision)
    return text


# -- the Ministry's receipts ----------------------------------------------------------------

def receipt_label(receipt: dict) -> str:
    decision = receipt.get("decision", "")
    return _(RECEIPT_LABELS[decision]) if decision in RECEIPT_LABELS else decision


def _plain(label: str) -> str:
    """A menu or action text as the user reads it (without its & accelerator)."""
    return label.replace("&", "")


def receipt_tooltip(receipt: dict) -> str:
    """The status cell's tooltip: the decision, the message, the receipt's date and the package it answers."""
    lines = [_("The Ministry's answer: {decision}").format(decision=receipt_label(receipt))]
    if receipt.get("message"):
        lines.append(_("Message: {message}").format(message=receipt["message"]))
    date = local_time_text(receipt.get("signed_at") or "")
    if receipt.get("signer"):
        lines.append(_("Receipt signed on {date} by {signer}").format(date=date, signer=receipt["signer"]))
    else:
        lines.append(_("Receipt signed on {date}").format(date=date))
    if receipt.get("revision") is not None:
        lines.append(_("It answers revision {revision}, package {file}").format(
            revision=receipt["revision"], file=receipt.get("package_file") or ""))
    lines.append(_("Package fingerprint (SHA-256): {sha256}").format(
        sha256=(receipt.get("package_sha256") or "")[:16]))
    if receipt.get("status") == "untrusted":
        lines.append(_("The certificate that signed the receipt is not trusted on this computer."))
    return "\n".join(lines)


def receipt_banner_text(receipt: dict, *, revised: bool) -> str:
    """The editor's banner for a submitted report the Ministry has answered."""
    date = local_time_text(receipt.get("signed_at") or "")
    decision = receipt.get("decision")
    if decision == "correction_requested":
        lines = [_("The Ministry asks for a correction of this report (receipt of {date}).").format(date=date)]
    elif decision == "rejected":
        lines = [_("The Ministry did not accept the package of this report (receipt of {date}); the receipt says "
                   "why.").format(date=date)]
    elif decision == "accepted":
        lines = [_("The Ministry has accepted this report (receipt of {date}).").format(date=date)]
    else:
        lines = [_("The Ministry has received this report (receipt of {date}).").format(date=date)]
    if receipt.get("message"):
        lines.append(_("Message from the Ministry: “{message}”").format(message=receipt["message"]))
    if decision not in NEEDS_ACTION:
        lines.append(_("This report has been submitted and is read-only. To change it, create a "
                       "new revision from the list of reports."))
    elif revised:
        lines.append(_("A revision of this report has already been started: open it from the list of "
                       "reports, correct it, then export and send it again."))
    else:
        lines.append(_("To correct it, choose {menu} › {action}: a new revision opens as a draft; correct it, "
                       "then export and send it again.").format(menu=_plain(_("&Report")),
                                                                action=_plain(_("Create a re&vision"))))
    if receipt.get("status") == "untrusted":
        lines.append(_("The certificate that signed the receipt is not trusted on this computer."))
    return "\n".join(lines)


def submission_banner_text(sent: bool) -> str:
    """The editor's banner for a signed report the Ministry has not answered yet."""
    if sent:
        first = _("This report is signed and sent; the Ministry has not answered yet.")
    else:
        first = _("This report is signed, not sent: send the package to the Ministry (Report › Exported package…).")
    return first + "\n" + _("It is read-only. To change it, create a new revision from the list of reports.")


def date_text(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def deadline_text(row: ReportRow, today: dt.date) -> str:
    if row.deadline is None:
        return _("no fixed deadline")
    date = date_text(row.deadline)
    days = row.days_left(today)
    if row.record.status != "draft" and not row.record.trashed_at:
        return _lateness_text(row, date, today)
    if row.record.trashed_at or days is None or row.sample:  # a sample is never due
        return date
    if days < 0:
        return ngettext("{date} · overdue by {days} day", "{date} · overdue by {days} days", -days).format(
            date=date, days=count_text(-days))
    if days == 0:
        return _("{date} · due today").format(date=date)
    if days == 1:
        return _("{date} · 1 day left").format(date=date)
    return ngettext("{date} · {days} day left", "{date} · {days} days left", days).format(
        date=date, days=count_text(days))


def _lateness_text(row: ReportRow, date: str, today: dt.date) -> str:
    """A submitted report: sent on time or how late, or still not sent after its deadline."""
    assert row.deadline is not None
    state, delivery = row.state, row.delivery
    late = days_late(row.deadline, delivery)
    if state == SIGNED:
        overdue = (today - row.deadline).days
        if overdue > 0:
            return ngettext("{date} · not sent, overdue by {days} day", "{date} · not sent, overdue by {days} days",
                            overdue).format(date=date, days=count_text(overdue))
        if late:
            return ngettext("{date} · signed {days} day late", "{date} · signed {days} days late", late).format(
                date=date, days=count_text(late))
        return _("{date} · not sent yet").format(date=date)
    if late is None:
        return date
    if late > 0:
        return ngettext("{date} · sent {days} day late", "{date} · sent {days} days late", late).format(
            date=date, days=count_text(late))
    return _("{date} · sent on time").format(date=date) if state == SENT or delivery.sent else date


def is_late(row: ReportRow, today: dt.date) -> bool:
    """A draft past its deadline, a signed package not sent by then, or one sent after it."""
    if row.record.trashed_at or row.deadline is None or row.sample:
        return False
    if row.record.status == "draft":
        return row.overdue(today)
    if row.state == SIGNED and today > row.deadline:
        return True
    return bool(days_late(row.deadline, row.delivery))


def local_time_text(iso_utc: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(iso_utc.replace("Z", "+00:00"))
    except ValueError:
        return iso_utc
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%d/%m/%Y %H:%M")


@functools.lru_cache(maxsize=4096)
def _folded(part: str) -> str:
    return fold(part)


def search_text(row: ReportRow) -> str:
    """What a search of the list looks in, folded. Folded part by part (the same result as
    folding the whole: fold works character by character and a space separates the parts), so
    that the parts every report shares (form titles, organisations, periods) are folded once."""
    record = row.record
    parts = [form_title(record.form_id, record.form_version, lang) for lang in ("vi", "en")]
    parts += [record.form_id, record.period, period_text(record), record.reference or "",
              row.org_name, status_text(record, row.receipt, row.state)]
    return " ".join(folded for folded in map(_folded, parts) if folded)


# -- new reports ----------------------------------------------------------------------------

def next_period(period: str) -> str | None:
    """The period after a regular one (2025 → 2026, 2026-H1 → 2026-H2); None for ad hoc."""
    parsed = Period.parse(period)
    if parsed.kind == "year":
        return str(parsed.year + 1)
    if parsed.kind == "half":
        return f"{parsed.year}-H2" if parsed.half == 1 else f"{parsed.year + 1}-H1"
    return None


def previous_period(period: str) -> str | None:
    parsed = Period.parse(period)
    if parsed.kind == "year":
        return str(parsed.year - 1)
    if parsed.kind == "half":
        return f"{parsed.year}-H1" if parsed.half == 2 else f"{parsed.year - 1}-H2"
    return None


LATE_PERIOD_DAYS = 183  # a period whose deadline passed less than half a year ago is still the one due


def due_period(kind: str, deadlines: dict[str, str], today: dt.date, taken: set[str]) -> str:
    """The period an organisation owes now: the last one if its deadline passed recently and it has
    no report yet, else the current one, else (both reported) the next. Never one further ahead;
    `taken` holds the periods that have a real report (samples and trashed reports do not count)."""
    current = current_period(kind, today)
    previous = previous_period(current)
    if previous is not None and previous not in taken:
        deadline = Period.parse(previous).deadline(deadlines)
        if deadline is not None and 0 <= (today - deadline).days <= LATE_PERIOD_DAYS:
            return previous
    if current not in taken:
        return current
    return next_period(current) or current


def current_period(kind: str, today: dt.date) -> str:
    if kind == "half":
        return f"{today.year}-H{1 if today.month <= 6 else 2}"
    if kind == "adhoc":
        return f"adhoc-{today.isoformat()}"
    return str(today.year)


def describe_report(record: ReportRecord) -> str:
    return _("{form}, {period}").format(
        form=form_title(record.form_id, record.form_version), period=period_text(record)
    )

