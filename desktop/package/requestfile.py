"""The signed request file (`YC-<id>.asice`): one strict reader for what Cục ATMT sends reporters.

The file has the package layout (package.md): a one-page PDF "Yêu cầu báo cáo đột xuất" (PAdES)
and `du-lieu.json` with `"format": "ct20.request"`, sealed in an ASiC-E container signed by Cục
ATMT. It is read like every package from outside: the container rules with no slack, both
signatures, the manifest, then this schema (closed: no key it does not name, every text bounded).
A request whose signer is not trusted here is `untrusted` and said so; an invalid one is refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from desktop.i18n import N_, LocalizedError, Message
from desktop.package.datacheck import character_problems
from desktop.package.verify import verify_package

FORMAT = "ct20.request"
FORMAT_VERSION = 1
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
_ORG_ID = {"type": "string", "pattern": "^[A-Za-z0-9._-]{1,80}$"}
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object", "additionalProperties": False,
    "required": ["format", "format_version", "request", "issuer", "generated"],
    "properties": {
        "format": {"const": FORMAT},
        "format_version": {"const": FORMAT_VERSION},
        "request": {
            "type": "object", "additionalProperties": False,
            "required": ["id", "number", "date", "requester", "content", "deadline", "addressees"],
            "properties": {
                "id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._-]{0,79}$"},
                "number": {"type": "string", "minLength": 1, "maxLength": 100},
                "date": _DATE,
                "requester": {"type": "string", "minLength": 1, "maxLength": 300},
                "content": {"type": "string", "minLength": 1, "maxLength": 2000},
                "deadline": _DATE,
                "addressees": {
                    "type": "array", "minItems": 1, "maxItems": 300,
                    "items": {"type": "object", "additionalProperties": False, "required": ["id", "name"],
                              "properties": {"id": _ORG_ID, "name": {"type": "string", "maxLength": 300}}},
                },
            },
        },
        "issuer": {"type": "object", "additionalProperties": False, "required": ["id", "name"],
                   "properties": {"id": _ORG_ID, "name": {"type": "string", "minLength": 1, "maxLength": 300}}},
        "generated": {"type": "object", "additionalProperties": False, "required": ["app", "at"],
                      "properties": {"app": {"type": "string", "maxLength": 100},
                                     "at": {"type": "string", "maxLength": 40}}},
    },
}


class RequestFileError(LocalizedError):
    """The file is not a valid request (damaged, forged, or not a CT20 request at all)."""


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(SCHEMA)


def check_request_data(data: Any) -> list[Message]:
    """The `schema_check` of a request's data file for `verify_package`."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return [Message(N_("The data file is not a CT20 request."))]
    hidden = character_problems(data)  # the characters CT20 never writes: not made by CT20, or altered
    if hidden:
        return hidden
    problems = [Message(N_("The request's data file does not match its format at {path}: {error}"),
                        path="/".join(map(str, e.absolute_path)) or "/", error=e.message[:200])
                for e in list(_validator().iter_errors(data))[:5]]
    if problems:
        return problems
    request = data["request"]
    try:
        date, deadline = dt.date.fromisoformat(request["date"]), dt.date.fromisoformat(request["deadline"])
    except ValueError:
        return [Message(N_("The request's dates are not dates that exist."))]
    if deadline < date:
        return [Message(N_("The request's deadline is before its date."))]
    return []


@dataclass(frozen=True)
class RequestFile:
    """A request read from its signed file."""

    id: str
    number: str
    date: str
    requester: str
    content: str
    deadline: str
    addressees: tuple[tuple[str, str], ...]  # (organisation id, name)
    issuer: str
    status: str  # of the file's own check: "valid" or "untrusted"
    signer: str = ""
    problems: list[Message] = field(default_factory=list)

    def addressed_to(self, org_id: str) -> bool:
        return any(org == org_id for org, _ in self.addressees)

    def to_report(self) -> dict[str, str]:
        """What a report answering the request keeps of it (its data file's `period.request`)."""
        return {"id": self.id, "number": self.number, "date": self.date, "requester": self.requester,
                "content": self.content, "deadline": self.deadline}


def read_request_file(data: bytes, *, trust: Any, name: str = "") -> RequestFile:
    """Check the bytes of a request file with the package rules and this format; RequestFileError when invalid."""
    result = verify_package(data, trust=trust, schema_check=check_request_data)
    if result.status == "invalid":
        raise RequestFileError(Message(N_("The request file {file} is not valid: {problems}"), file=name or "-",
                                       problems="; ".join(p.render() for p in result.problems[:3])))
    request = result.data["request"]
    return RequestFile(
        id=request["id"], number=request["number"], date=request["date"], requester=request["requester"],
        content=request["content"], deadline=request["deadline"],
        addressees=tuple((a["id"], a["name"]) for a in request["addressees"]),
        issuer=result.data["issuer"]["name"], status=result.status,
        signer=str(result.signer.get("name") or ""), problems=list(result.problems),
    )
