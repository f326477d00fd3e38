"""Realistic sample reports a new user can explore, kept as data (one JSON file per form). Qt-free.

A sample file holds the values of a report in the shape of a values file, with a few
placeholders filled in for the chosen organisation: {org_name}, {short}, {place}, {year},
{next_year}, {number}, {suffix}, {doc_date}. The values go through `reporting.fill_report`, so
a sample is read and checked exactly like a file the user imports.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any

from desktop.forms import Period, get_form
from desktop.reporting.meta import mark_sample
from desktop.reporting.reports import create_report, fill_report, organization
from desktop.store import Store

SAMPLES_DIR = Path(__file__).resolve().parent


@cache
def _sample_files() -> dict[str, Path]:
    return {path.stem: path for path in sorted(SAMPLES_DIR.glob("*.json"))}


def sample_form_for(org) -> str | None:
    """The form a sample is offered in for an organisation, or None if there is none."""
    for form_id in org.forms:
        if form_id in _sample_files():
            return form_id
    return None


def load_sample(form_id: str) -> dict[str, Any]:
    with _sample_files()[form_id].open(encoding="utf-8") as fh:
        return json.load(fh)


def sample_period(period_kind: str, today: dt.date) -> str:
    if period_kind == "half":
        return f"{today.year}-H{1 if today.month <= 6 else 2}"
    return str(today.year)


def _fill_placeholders(data: Any, names: dict[str, str]) -> Any:
    if isinstance(data, str):
        for key, value in names.items():
            data = data.replace("{" + key + "}", value)
        return data
    if isinstance(data, list):
        return [_fill_placeholders(item, names) for item in data]
    if isinstance(data, dict):
        return {key: _fill_placeholders(value, names) for key, value in data.items()}
    return data


def create_sample_report(store: Store, org_id: str, *, today: dt.date | None = None) -> str | None:
    """Create and fill the sample report of an organisation's form; None if none applies.

    The period is the current one; a report already there for it is left alone (None).
    """
    today = today or dt.date.today()
    org = organization(store, org_id)
    form_id = sample_form_for(org)
    if form_id is None:
        return None
    sample = load_sample(form_id)
    form = get_form(form_id)
    period = sample_period(sample.get("period", "year"), today)
    for existing in store.list_reports(include_trashed=True):
        if (existing.form_id, existing.org_id, existing.period) == (form.id, org.id, period):
            return None
    deadline = Period.parse(period).deadline(form.deadlines) or today
    doc_date = min(today, deadline - dt.timedelta(days=5))
    names = {
        "org_name": org.name,
        "short": org.short or org.id.upper(),
        "place": org.place,
        "year": str(Period.parse(period).year),
        "next_year": str(Period.parse(period).year + 1),
        "number": "125",
        "suffix": org.number_suffix or "BC",
        "doc_date": doc_date.isoformat(),
    }
    values = _fill_placeholders(copy.deepcopy(sample["values"]), names)
    report_id = create_report(store, form_id=form.id, org_id=org.id, period=period, source="sample")
    current = store.get_values(report_id)
    for table, defaults in sample.get("row_defaults", {}).items():
        rows = current.get(table) or []
        values[table] = [{**row, **_fill_placeholders(defaults, names)} for row in rows]
    fill_report(store, report_id, values, source="sample")
    mark_sample(store, report_id)
    return report_id
