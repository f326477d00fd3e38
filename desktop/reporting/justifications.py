"""The warnings a reporter acknowledged, with the reason typed in "Giải trình". Qt-free.

They travel with the report: into `du-lieu.json` ("justifications") and an annex of the PDF, so
the Ministry reads the reason beside the warning it explains. Only warnings that still hold are
sent (a warning that went away needs no justification); the texts are the official Vietnamese.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .verdict import Verdict

OFFICIAL_LANGUAGE = "vi"


def _iso_time(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.replace(microsecond=0).isoformat()


def justifications(verdict: Verdict) -> list[dict[str, str]]:
    """[{"path", "warning", "reason", "at"?}] in the order of the form, for the data file and the PDF."""
    result = []
    for issue in verdict.warnings:
        ack = verdict.acknowledgement(issue)
        reason = str((ack or {}).get("text") or "").strip()
        if not reason:
            continue
        entry = {"path": issue.path, "warning": issue.message.render(OFFICIAL_LANGUAGE), "reason": reason}
        at = _iso_time((ack or {}).get("at"))
        if at is not None:
            entry["at"] = at
        result.append(entry)
    return result
