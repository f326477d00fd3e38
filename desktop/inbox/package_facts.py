"""What a received package says it is (organisation, form, period, revision...): verified facts
of a package that passed step 5, or what an invalid one claims (shown, never trusted), or what its
file name tells when nothing else can be read."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from desktop.forms import list_forms
from desktop.package import asic
from desktop.package.datacheck import describe
from desktop.package.verify import VerificationResult

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_NAME_TAIL = re.compile(r"^(?P<org>[A-Za-z0-9._-]+?)-(?P<period>\d{4}(?:-H[12])?|adhoc-\d{4}-\d{2}-\d{2})"
                        r"-r(?P<revision>\d{1,4})\.asice$")


@dataclass(frozen=True)
class Facts:
    """What a package says it is; `claimed` when that was not verified (an invalid package)."""

    org: str | None = None
    form: str | None = None
    form_version: str | None = None
    period: str | None = None
    revision: int | None = None
    report_id: str | None = None
    supersedes: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


def _text(value: Any, limit: int = 500) -> str | None:
    return value[:limit] if isinstance(value, str) and value else None


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _facts_from_data(data: dict[str, Any], claimed: bool) -> Facts:
    described = describe(data)
    report = _object(data.get("report"))
    revision = report.get("revision")
    supersedes = _object(report.get("supersedes"))
    superseded_sha = supersedes.get("sha256") if isinstance(supersedes.get("sha256"), str) else None
    organization = _object(data.get("organization"))
    period = _object(data.get("period"))
    details: dict[str, Any] = {"claimed": claimed}
    for key, value in (("org_name", organization.get("name")), ("reference", period.get("reference")),
                       ("deadline", period.get("deadline")), ("supersedes_file", supersedes.get("package"))):
        if _text(value):
            details[key] = _text(value)
    request = _object(period.get("request"))
    if _text(request.get("id"), 80):  # the ad hoc request the report answers: its board and its round
        details["request"] = _text(request.get("id"), 80)
    return Facts(
        org=_text(described.org, 100), form=_text(described.form, 100), form_version=_text(described.form_version, 40),
        period=described.period,
        revision=revision if isinstance(revision, int) and not isinstance(revision, bool) and revision > 0 else None,
        report_id=_text(report.get("id"), 100),
        supersedes=superseded_sha if superseded_sha and _SHA256.match(superseded_sha) else None,
        details=details,
    )


def _facts_from_name(name: str) -> Facts:
    """BC-<FORM>-<ORG>-<PERIOD>-r<N>.asice: all an unreadable package still tells."""
    for form in sorted({f.id for f in list_forms()}, key=len, reverse=True):
        prefix = f"BC-{form}-"
        if name.startswith(prefix) and (match := _NAME_TAIL.match(name[len(prefix):])):
            return Facts(org=match["org"], form=form, period=match["period"], revision=int(match["revision"]),
                          details={"claimed": True, "from_file_name": True})
    return Facts(details={"claimed": True})


def package_facts(result: VerificationResult, data: bytes, name: str) -> Facts:
    if isinstance(result.data, dict):
        facts = _facts_from_data(result.data, claimed=result.status == "invalid")
    else:
        try:  # what the unverified data file claims: shown, never trusted
            content = json.loads(asic.read_package(data).data_json.decode("utf-8"))
            facts = _facts_from_data(content, claimed=True) if isinstance(content, dict) else _facts_from_name(name)
        except Exception:
            facts = _facts_from_name(name)
    if result.attachments:
        facts.details["attachments"] = list(result.attachments)
    return facts
