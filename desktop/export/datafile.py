"""The data file `du-lieu.json` (package.md): the machine-readable twin of the report PDF.

Keys sorted, UTF-8 without BOM, every text NFC, numbers plain JSON numbers. The file is validated
against the JSON Schema generated from the form version before it is returned, so nothing that
does not match the schema is ever embedded in a PDF or signed.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from desktop import __version__
from desktop.forms.derived import compute_derived
from desktop.forms.model import FormDefinition
from desktop.forms.periods import Period
from desktop.forms.schemacheck import schema_errors
from desktop.i18n import N_, LocalizedError, Message
from desktop.package.datajson import encode_data_file
from desktop.registry import Organization

FORMAT = "ct20.submission"
FORMAT_VERSION = 1
VIETNAM = dt.timezone(dt.timedelta(hours=7))
MAX_PROBLEMS = 5


class DataFileError(LocalizedError):
    """The data file would not match its schema: a bug or a damaged report, never signed."""

    def __init__(self, message: Message, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


def _nfc(data: Any) -> Any:
    """`data` with every text NFC; a number that is not finite refused. The exact JSON types are
    told apart by `type` first: 2,000 rows are 30,000 values, and a Mapping check is slow."""
    kind = type(data)
    if kind is str:
        return _normalize("NFC", data)
    if kind is dict:
        return _nfc_dict(data)
    if kind is list:
        return [_nfc_dict(item) if type(item) is dict else _nfc(item) for item in data]
    if kind is int or kind is bool or data is None or (kind is float and math.isfinite(data)):
        return data
    if isinstance(data, str):
        return _normalize("NFC", data)
    if isinstance(data, Mapping):
        return {_nfc(key): _nfc(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [_nfc(item) for item in data]
    if isinstance(data, float) and not math.isfinite(data):
        raise DataFileError(Message(N_("The report holds a number that is not finite.")))
    return data


def _nfc_dict(data: dict) -> dict:
    """`_nfc` of a dict (a table row: 15 values), its plain keys and values done here without a
    call each; anything else goes through `_nfc`."""
    result: dict = {}
    for key, value in data.items():
        key = _normalize("NFC", key) if type(key) is str else _nfc(key)
        kind = type(value)
        if kind is str:
            result[key] = _normalize("NFC", value)
        elif kind is int or kind is bool or value is None or (kind is float and _isfinite(value)):
            result[key] = value
        else:
            result[key] = _nfc(value)
    return result


_normalize = unicodedata.normalize
_isfinite = math.isfinite


def _timestamp(value: dt.datetime | str) -> str:
    """ISO 8601 with seconds and offset; a naive time is Vietnam's (+07:00, no daylight saving)."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=VIETNAM)
    return value.replace(microsecond=0).isoformat()


def _attachment(item: Mapping[str, Any] | Any) -> dict[str, Any]:
    if not isinstance(item, Mapping):  # an object with name/sha256/size attributes
        item = {"name": item.name, "sha256": item.sha256, "size": item.size}
    return {"name": item["name"], "sha256": item["sha256"], "size": item["size"]}


def build_data_file_object(
    form: FormDefinition,
    values: dict,
    *,
    org: Organization,
    period: Period,
    report_id: str,
    revision: int,
    supersedes: Mapping[str, Any] | None = None,
    attachments: Sequence[Mapping[str, Any] | Any] = (),
    generated_at: dt.datetime | str,
    period_reference: str | None = None,
    period_deadline: str | None = None,
    period_request: Mapping[str, str] | None = None,
    sample: bool = False,
    justifications: Sequence[Mapping[str, Any]] = (),
    derived: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The data file as a dict (not yet validated; `build_data_file` validates and encodes it).

    `sample` adds `"sample": true` (a sample report, never an official one); `justifications`
    (acknowledged warnings with their reasons) adds "justifications" when there are any.
    `derived`: `compute_derived(form, values)` when the caller has it already.
    """
    document = values.get("document") if isinstance(values.get("document"), dict) else {}
    data = _nfc({
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "form": {"id": form.id, "version": form.version},
        "organization": org.to_json(),
        "period": period.to_json(reference=period_reference, deadline=period_deadline, request=period_request),
        "report": {"id": report_id, "revision": revision,
                   "supersedes": dict(supersedes) if supersedes is not None else None},
        "document": document,
        "values": values,
        "derived": compute_derived(form, values) if derived is None else derived,
        "attachments": [_attachment(a) for a in attachments],
        "generated": {"app": f"ct20 {__version__}", "at": _timestamp(generated_at)},
    })
    data.update(_submission_extras(sample, justifications))
    return data


def _submission_extras(sample: bool, justifications: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The additive keys of the report's own state (schema: forms.schema.submission_extras_schema)."""
    extras: dict[str, Any] = {}
    if sample:
        extras["sample"] = True
    if justifications:
        extras["justifications"] = [_nfc(dict(item)) for item in justifications]
    return extras


def schema_problems(form: FormDefinition, data: Mapping[str, Any]) -> list[str]:
    """Every way `data` breaks the form version's schema, "path: message", in document order.
    A sound file costs one pass of the compiled validator; jsonschema explains a broken one."""
    try:
        found, first = schema_errors(form, data)
    except ImportError as exc:  # never sign unchecked data: refuse instead
        raise DataFileError(Message(N_("The data file cannot be checked: the jsonschema package is missing."))) \
            from exc
    errors = sorted(found, key=lambda e: [(isinstance(p, str), str(p).zfill(9)) for p in e.absolute_path])
    problems = [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}" for e in errors]
    if first is not None and not problems:
        problems.append(f"(root): {first}")
    return problems


def validate_data_file(form: FormDefinition, data: Mapping[str, Any]) -> None:
    problems = schema_problems(form, data)
    if problems:
        shown = "; ".join(problems[:MAX_PROBLEMS])
        if len(problems) > MAX_PROBLEMS:
            shown += f"; … (+{len(problems) - MAX_PROBLEMS})"
        raise DataFileError(
            Message(N_("The data file does not match the schema of form {form}: {problems}"),
                    form=form.ref, problems=shown),
            problems,
        )


def build_data_file(
    form: FormDefinition,
    values: dict,
    *,
    org: Organization,
    period: Period,
    report_id: str,
    revision: int,
    supersedes: Mapping[str, Any] | None = None,
    attachments: Sequence[Mapping[str, Any] | Any] = (),
    generated_at: dt.datetime | str,
    period_reference: str | None = None,
    period_deadline: str | None = None,
    period_request: Mapping[str, str] | None = None,
    sample: bool = False,
    justifications: Sequence[Mapping[str, Any]] = (),
    derived: dict[str, Any] | None = None,
) -> bytes:
    """`du-lieu.json` as bytes, validated against the form version's schema.

    `supersedes` is None for a first revision, else {"package", "sha256", "revision"} of the
    package this one replaces; `attachments` are {"name": "dinh-kem/…", "sha256", "size"}.
    Raises DataFileError, listing the first problems, when the result breaks the schema.
    """
    data = build_data_file_object(
        form, values, org=org, period=period, report_id=report_id, revision=revision,
        supersedes=supersedes, attachments=attachments, generated_at=generated_at,
        period_reference=period_reference, period_deadline=period_deadline, period_request=period_request,
        sample=sample, justifications=justifications, derived=derived,
    )
    validate_data_file(form, data)
    return encode_data_file(data)
