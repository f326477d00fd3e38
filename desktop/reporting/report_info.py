"""How a report is described to the user, and the report actions of the main window. Qt-free.

Kept apart from the widgets so the wording and the copy rule are tested without a display.
(Candidates for `desktop.reporting.reports` once the CLI needs them too.)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop.forms import Period, coerce_values, get_form, get_path
from desktop.forms.normalize import fold
from desktop.i18n import N_, _, current_language, pick
from desktop.reporting.reports import context_of, fill_report, organization

STATUS_LABELS = {"draft": N_("Draft"), "submitted": N_("Submitted")}
RECEIPT_LABELS = {"received": N_("Received"), "accepted": N_("Accepted"),
                  "correction_requested": N_("Correction requested")}


@dataclass(frozen=True)
class ReportRow:
    """A report as the list shows it; computed once per reload, texts rendered on demand."""

    record: object  # desktop.store.ReportRecord
    deadline: dt.date | None
    org_name: str
    sample: bool = False
    receipt: dict | None = None  # the Ministry's latest receipt (report meta), with the package it answers

    @property
    def id(self) -> str:
        return self.record.id

    def days_left(self, today: dt.date) -> int | None:
        return None if self.deadline is None else (self.deadline - today).days

    def overdue(self, today: dt.date) -> bool:
        days = self.days_left(today)
        return self.record.status == "draft" and days is not None and days < 0


def load_rows(store) -> list[ReportRow]:
    rows = []
    for record in store.list_reports(include_trashed=True):
        try:
            deadline = context_of(record).deadline
        except Exception:  # a report of a form this version does not know: still listed
            deadline = None
        try:
            org_name = organization(store, record.org_id).name
        except Exception:
            org_name = record.org_id
        meta = store.report_meta(record.id)
        rows.append(ReportRow(record, deadline, org_name, bool(meta.get("sample")), receipt_of(store, meta)))
    return rows


def receipt_of(store, meta: dict) -> dict | None:
    """The receipt kept in a report's meta, with the file name and revision of the package it answers."""
    receipt = meta.get("receipt")
    if not isinstance(receipt, dict) or receipt.get("decision") not in RECEIPT_LABELS:
        return None
    package = store.find_package_by_sha256(receipt.get("package_sha256") or "")
    return {**receipt, "package_file": package.file_name if package else "",
            "revision": package.revision if package else None}


def form_title(form_id: str, version: str | None = None, lang: str | None = None) -> str:
    try:
        return pick(get_form(form_id, version).title, lang or current_language())
    except Exception:
        return form_id


def period_text(record) -> str:
    try:
        text = Period.parse(record.period).label().render()
    except Exception:
        text = record.period
    if record.reference:
        text = _("{period} — {reference}").format(period=text, reference=record.reference)
    return text


def period_sort_key(period: str) -> str:
    try:
        parsed = Period.parse(period)
    except Exception:
        return period
    if parsed.kind == "year":
        return f"{parsed.year}-12-31"
    if parsed.kind == "half":
        return f"{parsed.year}-{'06-30' if parsed.half == 1 else '12-31'}"
    return parsed.date.isoformat() if parsed.date else period


def status_text(record, receipt: dict | None = None) -> str:
    if record.trashed_at:
        return _("In the trash")
    text = _(STATUS_LABELS.get(record.status, record.status))
    if record.revision > 1:
        text = _("{status}, revision {revision}").format(status=text, revision=record.revision)
    if receipt and record.status == "submitted":
        text = _("{status} · {decision}").format(status=text, decision=receipt_label(receipt))
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
    elif decision == "accepted":
        lines = [_("The Ministry has accepted this report (receipt of {date}).").format(date=date)]
    else:
        lines = [_("The Ministry has received this report (receipt of {date}).").format(date=date)]
    if receipt.get("message"):
        lines.append(_("Message from the Ministry: “{message}”").format(message=receipt["message"]))
    if decision != "correction_requested":
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


def date_text(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def deadline_text(row: ReportRow, today: dt.date) -> str:
    if row.deadline is None:
        return _("no fixed deadline")
    date = date_text(row.deadline)
    days = row.days_left(today)
    if row.record.status != "draft" or row.record.trashed_at or days is None:
        return date
    if days < 0:
        return _("{date} · overdue by {days} days").format(date=date, days=-days)
    if days == 0:
        return _("{date} · due today").format(date=date)
    if days == 1:
        return _("{date} · 1 day left").format(date=date)
    return _("{date} · {days} days left").format(date=date, days=days)


def local_time_text(iso_utc: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(iso_utc.replace("Z", "+00:00"))
    except ValueError:
        return iso_utc
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%d/%m/%Y %H:%M")


def search_text(row: ReportRow) -> str:
    record = row.record
    parts = [form_title(record.form_id, record.form_version, lang) for lang in ("vi", "en")]
    parts += [record.form_id, record.period, period_text(record), record.reference or "",
              row.org_name, status_text(record, row.receipt)]
    return fold(" ".join(parts))


# -- new reports ----------------------------------------------------------------------------

def next_period(period: str) -> str | None:
    """The period after a regular one (2025 → 2026, 2026-H1 → 2026-H2); None for ad hoc."""
    parsed = Period.parse(period)
    if parsed.kind == "year":
        return str(parsed.year + 1)
    if parsed.kind == "half":
        return f"{parsed.year}-H2" if parsed.half == 1 else f"{parsed.year + 1}-H1"
    return None


def current_period(kind: str, today: dt.date) -> str:
    if kind == "half":
        return f"{today.year}-H{1 if today.month <= 6 else 2}"
    if kind == "adhoc":
        return f"adhoc-{today.isoformat()}"
    return str(today.year)


def earlier_reports(store, *, org_id: str, form_id: str, before: str | None = None) -> list:
    """The organisation's reports of a form (not in the trash), latest period first."""
    reports = [r for r in store.list_reports() if r.org_id == org_id and r.form_id == form_id]
    if before is not None:
        limit = period_sort_key(before)
        reports = [r for r in reports if period_sort_key(r.period) < limit]
    return sorted(reports, key=lambda r: (period_sort_key(r.period), r.revision), reverse=True)


def copy_values(store, source_id: str, target_id: str, *, source: str = "copy") -> int:
    """Copy the body of one report into another of the same form (through `fill_report`).

    The document header (the section without a number: number, date, signer) is not copied; the
    new report has its own from the profile. A value the target's form version no longer
    accepts is left out rather than refusing the whole copy. Returns the fields changed.
    """
    target = store.get_report(target_id)
    form = get_form(target.form_id, target.form_version)
    header = {s.key for s in form.sections if not s.number}
    old = store.get_values(source_id)
    data = {}
    for path, field in form.fields.items():
        value = get_path(old, path)
        if value is None or field.section in header:
            continue
        try:
            coerce_values(form, {path: value})
        except Exception:
            continue
        data[path] = value
    if not data:
        return 0
    return fill_report(store, target.id, data, source=source).changed


def describe_report(record) -> str:
    return _("{form}, {period}").format(
        form=form_title(record.form_id, record.form_version), period=period_text(record)
    )

