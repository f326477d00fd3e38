"""Report use cases shared by the CLI and the UI: create, fill, copy, revise, check. Qt-free.

This is the one place that ties the form engine, the registry and the store together, so the
CLI and the desktop window behave the same way.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from desktop.forms import (
    Context,
    FormDefinition,
    Period,
    coerce_values,
    get_form,
    get_path,
    initial_values,
    merge_values,
)
from desktop.forms.catalog import form_label
from desktop.forms.normalize import InputError, normalize_text, parse_date
from desktop.forms.periods import plan_refusal
from desktop.frozen_record import FrozenRecord
from desktop.i18n import N_, LocalizedError, Message, current_language
from desktop.i18n.formatting import Formatted
from desktop.registry import Organization
from desktop.store import ReportChangedError, ReportReadOnlyError, ReportRecord, Store

from .adhoc import CUTOFF_TO, request_for_data_file, with_cutoff
from .basics import deadline_of, form_of, organization, period_sort_key  # re-exported: their callers import them here
from .cells import split_cell_path
from .clusters import assign_codes, coded_tables
from .meta import read_meta, save_pending, save_request
from .verdict import Verdict, judge

FILL_ATTEMPTS = 5

MAX_VALUES_FILE_BYTES = 50 * 1024 * 1024


class ReportingError(LocalizedError):
    """A request that cannot be carried out as asked (the CLI's exit status 2)."""


class DuplicateReportError(ReportingError):
    """The report exists already: `report_id` for the command line, which names reports by id."""

    def __init__(self, message: Message, report_id: str) -> None:
        super().__init__(message)
        self.report_id = report_id


class FillResult(FrozenRecord):
    report_id: str
    changed: int
    revision_seq: int | None


def _form_name(form_id: str) -> dict[str, str]:
    """A form's name in both languages, for messages rendered later in either (never its id)."""
    return {lang: form_label(form_id, lang) for lang in ("vi", "en")}


def prefill_sources(org: Organization) -> dict[str, Any]:
    def org_tasks() -> list[dict]:
        return [
            {k: t[k] for k in ("task_id", "task", "timeframe") if t.get(k)} for t in org.tasks
        ]

    def kh1375_priority_tasks() -> list[dict]:
        path = Path(__file__).resolve().parent.parent / "forms" / "data" / "kh1375-priority-tasks.json"
        with path.open(encoding="utf-8") as fh:
            return json.load(fh)

    return {"org_tasks": org_tasks, "kh1375_priority_tasks": kh1375_priority_tasks}


def create_report(
    store: Store,
    *,
    form_id: str,
    org_id: str,
    period: str,
    reference: str | None = None,
    deadline: str | None = None,
    source: str = "cli",
    request: dict[str, Any] | None = None,
) -> str:
    """A new draft with the header taken from the organisation and the user's profile.

    `request`: the ad hoc request the report answers (`RequestFile.to_report()`: id, number, date,
    requester, content, deadline); the period is then `adhoc-<date of the request>` and the
    reference and deadline are the request's. The data cut-off starts at the period's default.
    """
    form = get_form(form_id)
    org = organization(store, org_id)
    parsed = Period.parse(period)
    refusal = plan_refusal(parsed, form.first_year)
    if refusal is not None:
        raise ReportingError(refusal)
    if request is not None:
        if parsed.kind != "adhoc" or parsed.date is None or parsed.date.isoformat() != request.get("date"):
            raise ReportingError(Message(N_("A report answering the request of {date} is an ad hoc report of that "
                                            "date."), date=str(request.get("date"))))
        reference = reference or str(request.get("number") or "") or None
        deadline = deadline or request.get("deadline")
    if org.kind not in form.org_kinds:
        raise ReportingError(
            Message(N_("The form {form} is not for this kind of organisation ({org})."), form=_form_name(form.id),
                    org=org.name)
        )
    if parsed.kind not in form.periods:
        raise ReportingError(Message(N_("The form {form} has no period like {period}."), form=_form_name(form.id),
                                     period=parsed.label()))
    if parsed.kind == "adhoc":
        reference = normalize_text(reference or "", max_length=500) or None
        deadline = parse_date(deadline) if deadline else None
    elif reference or deadline:
        raise ReportingError(Message(N_("A reference and a deadline are given only for an ad hoc report.")))
    for existing in store.list_reports():
        if (existing.form_id, existing.org_id, existing.period) == (form.id, org.id, str(parsed)) \
                and not read_meta(store, existing.id).sample:  # a sample never takes a real report's place
            raise DuplicateReportError(
                Message(
                    N_("There is already a report “{form}” of {org} for {period}."),
                    form=_form_name(form.id), org=org.name, period=parsed.label(),
                ),
                existing.id,
            )
    profile = store.get_profile() if store.get_profile().get("org_id") in (None, org.id) else {}
    values = initial_values(form, org=org.as_dict(), profile=profile, prefill_sources=prefill_sources(org))
    if form.field(f"document.{CUTOFF_TO}") is not None:
        values = with_cutoff(values, parsed)
    report_id = store.create_report(
        form_id=form.id, form_version=form.version, org_id=org.id, period=str(parsed),
        values=values, reference=reference, deadline=deadline, source=source,
    )
    if request is not None:
        save_request(store, report_id, request_for_data_file(request))
    return report_id


def context_of(report: ReportRecord) -> Context:
    return Context(deadline=deadline_of(report))


def read_values_file(path: str | Path) -> Any:
    """The JSON of a values file; refuses a missing, huge or malformed file naming the line."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_VALUES_FILE_BYTES:
            raise ReportingError(Message(N_("The file {file} is too large ({size} bytes)."), file=str(path),
                                         size=Formatted(size)))
        raw = path.read_bytes()
    except OSError as exc:
        raise ReportingError(
            Message(N_("Cannot read the file {file}: {reason}"), file=str(path), reason=exc.strerror or str(exc))
        ) from None
    if path.suffix.lower() == ".xlsx":
        from desktop.xlsx_values import read_values_xlsx

        return read_values_xlsx(raw, str(path))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ReportingError(Message(N_("The file {file} is not UTF-8 text."), file=str(path))) from None
    from desktop.package.datajson import DuplicateKeyError, TooDeepError, loads_unique

    try:
        return loads_unique(text, parse_constant=_refuse_constant)
    except DuplicateKeyError as exc:  # which value was meant? Keeping the last one would lose the other
        raise ReportingError(
            Message(N_("The file {file} gives the key “{key}” twice; keep one of them and try again."),
                    file=str(path), key=exc.key)
        ) from None
    except json.JSONDecodeError as exc:
        raise ReportingError(
            Message(
                N_("The file {file} is not valid JSON (line {line}, column {column}): {reason}."),
                file=str(path), line=exc.lineno, column=exc.colno, reason=exc.msg,
            )
        ) from None
    except (TooDeepError, RecursionError):
        raise ReportingError(Message(N_("The file {file} is nested too deeply."), file=str(path))) from None
    except ValueError:  # an integer of more than 4,300 digits, which Python refuses to read
        raise ReportingError(
            Message(N_("The file {file} holds a number with too many digits."), file=str(path))
        ) from None


def _refuse_constant(name: str) -> Any:
    raise InputError(Message(N_("{value} is not a number that can be stored."), value=name))


def fill_report(store: Store, report_id: str, data: Any, *, lang: str = "vi", source: str = "cli") -> FillResult:
    """Merge typed values into a report. Nothing is stored unless every value reads correctly.

    A value given for a field (or a whole table) replaces the text typed there earlier that could
    not be read: that text no longer counts as an error.
    """
    report = store.get_report(report_id)
    if not report.editable:  # refused even when nothing would change: a submitted report is read-only
        raise ReportReadOnlyError(report.id, "trashed" if report.trashed else "submitted")
    form = form_of(report)
    changes = coerce_values(form, data, lang=lang)
    for _attempt in range(FILL_ATTEMPTS):
        # the changes go onto the version they were merged with: one saved meanwhile (the editor's
        # autosave) is never reverted; the changes are merged again onto the newer values instead
        current, base_seq = store.values_with_seq(report.id)
        merged, changed = merge_values(current, _coded(form, changes, current))
        try:
            seq = store.save_values(report.id, merged, source=source, base_seq=base_seq) if changed else None
        except ReportChangedError:
            continue
        pending = read_meta(store, report.id).pending
        kept = {path: text for path, text in pending.items() if _top_path(path) not in changes}
        if kept != pending:
            save_pending(store, report.id, kept)
        return FillResult(report.id, changed, seq)
    raise ReportChangedError(report.id, base_seq, store.current_seq(report.id))


def _coded(form: FormDefinition, changes: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """Rows of a table with stable row codes (the industrial clusters) keep their codes: a row filled
    without one takes the code of the stored row of the same name (new ones are given at export)."""
    result = changes
    for table in coded_tables(form):
        rows = changes.get(table.key)
        if isinstance(rows, list):
            before = get_path(current, table.key)
            result = {**result, table.key: assign_codes(table, rows, before if isinstance(before, list) else (),
                                                        fresh=False)}
    return result


def _top_path(path: str) -> str:
    cell = split_cell_path(path)
    return cell[0] if cell is not None else path


def validate_report(store: Store, report_id: str, *, lang: str | None = None,
                    values: dict[str, Any] | None = None) -> Verdict:
    """The one verdict on a report as stored: rules, typed text that cannot be read, acknowledgements.
    `values`: the report's current values when the caller has just read them (the export checks
    the very values it signs, read once)."""
    report = store.get_report(report_id)
    meta = read_meta(store, report.id)
    return judge(form_of(report), store.get_values(report.id) if values is None else values, context_of(report),
                 pending=meta.pending, acknowledged=meta.acknowledged, lang=lang or current_language())


def days_left(report: ReportRecord, today: dt.date | None = None) -> int | None:
    deadline = context_of(report).deadline
    if deadline is None:
        return None
    return (deadline - (today or dt.date.today())).days


def revise_report(store: Store, report_id: str, *, source: str = "cli") -> tuple[str, int]:
    """A submitted report's next revision: a new draft with the same values, superseding it.

    The only way to change a submitted report. Its export names the package it replaces.
    Returns the new report's id and revision number.
    """
    report = store.get_report(report_id)
    if report.status != "submitted":
        raise ReportingError(
            Message(N_("Report {id} has not been submitted yet; edit it directly."), id=report.id)
        )
    newer = store.newer_revision(report.id)
    if newer is not None:
        raise ReportingError(
            Message(N_("Report {id} already has a newer revision: {newer}."), id=report.id, newer=newer)
        )
    revision = report.revision + 1
    new_id = store.create_report(
        form_id=report.form_id, form_version=report.form_version, org_id=report.org_id,
        period=report.period, values=store.get_values(report.id), reference=report.reference,
        deadline=report.deadline, revision=revision, supersedes=report.id, source=source,
    )
    request = read_meta(store, report.id).request
    if request:
        save_request(store, new_id, request)
    return new_id, revision


def earlier_reports(store: Store, *, org_id: str, form_id: str, before: str | None = None) -> list[ReportRecord]:
    """The organisation's reports of a form (not in the trash), latest period first."""
    reports = [r for r in store.list_reports() if r.org_id == org_id and r.form_id == form_id]
    if before is not None:
        limit = period_sort_key(before)
        reports = [r for r in reports if period_sort_key(r.period) < limit]
    return sorted(reports, key=lambda r: (period_sort_key(r.period), r.revision), reverse=True)


def copy_values(store: Store, source_id: str, target_id: str, *, source: str = "copy") -> int:
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
