"""What every report states beside its form's fields: the data cut-off, and for an ad hoc report the
request it answers (workflow.md). Qt-free; shared by report creation, the export and the editor.

The cut-off is kept in the report as `document.data_from` / `document.data_to` (editable, pre-filled
with the period's default); a report made before these fields existed gets the default when it is
exported, so every data file and PDF states one.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from desktop.forms.periods import Period, default_cutoff

_LETTER_WORDS = re.compile(r"^\s*(?:(?:công văn|cv)\b\s*)?(?:số\b\s*)?[:.]?\s*", re.IGNORECASE)
CUTOFF_FROM = "data_from"
CUTOFF_TO = "data_to"


def _document(values: dict[str, Any]) -> dict[str, Any]:
    document = values.get("document")
    return document if isinstance(document, dict) else {}


def effective_cutoff(values: dict[str, Any], period: Period) -> tuple[dt.date, dt.date]:
    """The report's cut-off: what it states, else (each end) the period's default."""
    start, end = default_cutoff(period)
    document = _document(values)
    result = []
    for key, fallback in ((CUTOFF_FROM, start), (CUTOFF_TO, end)):
        try:
            result.append(dt.date.fromisoformat(document[key]) if isinstance(document.get(key), str) else fallback)
        except ValueError:
            result.append(fallback)
    return result[0], result[1]


def with_cutoff(values: dict[str, Any], period: Period) -> dict[str, Any]:
    """A copy of `values` whose document header states the cut-off (the defaults filled in). Only
    the header is copied: the rest (a 2,000-row table) is shared with `values`, never changed."""
    start, end = effective_cutoff(values, period)
    result = dict(values)
    document = result.get("document")
    document = result["document"] = dict(document) if isinstance(document, dict) else {}
    document[CUTOFF_FROM], document[CUTOFF_TO] = start.isoformat(), end.isoformat()
    return result


def _vn(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def cutoff_line(start: dt.date, end: dt.date) -> str:
    """ "Số liệu tính từ ngày 15/12/2024 đến ngày 14/12/2025" (on the PDF under the subject)."""
    return f"Số liệu tính từ ngày {_vn(start)} đến ngày {_vn(end)}"


def reference_line(request: dict[str, Any]) -> str | None:
    """ "Thực hiện Công văn số 123/BCT-ATMT ngày 15/3/2026 của Bộ Công Thương", or None without a request."""
    number, date, requester = (request or {}).get("number"), (request or {}).get("date"), (request or {}).get(
        "requester")
    if not (isinstance(number, str) and number and isinstance(date, str)):
        return None
    try:
        day = dt.date.fromisoformat(date)
    except ValueError:
        return None
    number = _LETTER_WORDS.sub("", number).strip() or number  # "Công văn số 12/X" typed as the reference
    text = f"Thực hiện Công văn số {number} ngày {day.day}/{day.month}/{day.year}"
    return f"{text} của {requester}" if isinstance(requester, str) and requester else text


def request_for_data_file(request: dict[str, Any] | None) -> dict[str, str] | None:
    """The `period.request` object of the data file: the request's id, number, date, requester, content."""
    if not request or not isinstance(request.get("number"), str) or not isinstance(request.get("date"), str):
        return None
    keys = ("id", "number", "date", "requester", "content", "deadline")
    return {k: request[k] for k in keys if isinstance(request.get(k), str) and request[k]}
