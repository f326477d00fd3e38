"""Small look-ups about a report that the list of reports needs at the window's start, kept apart
from the use cases (desktop.reporting.reports) so that showing the list does not load the checks,
the cell reader and the rest of what creating, filling and checking a report needs. Qt-free."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from desktop.forms.catalog import form_heading, get_form
from desktop.forms.periods import Period
from desktop.i18n import LocalizedError
from desktop.registry import Organization, get_organization
from desktop.store import ReportRecord, Store

if TYPE_CHECKING:
    from desktop.forms.model import FormDefinition


def organization(store: Store, org_id: str) -> Organization:
    return get_organization(org_id, store.custom_organizations())


def form_of(report: ReportRecord) -> FormDefinition:
    return get_form(report.form_id, report.form_version)


def deadline_of(report: ReportRecord) -> dt.date | None:
    """The report's deadline: its period's under its form (or the one set for it); None when the
    period has none. An unknown form raises (as form_of does). Read from the form's heading: the
    list of reports dates every report without building a form."""
    _title, deadlines = form_heading(report.form_id, report.form_version)
    try:
        return Period.parse(report.period).deadline(deadlines, report.deadline)
    except LocalizedError:
        return None


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
