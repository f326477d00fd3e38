"""Step 5 of verification: the data file against its form version's schema and the registry.

`data_file_check(custom_orgs)` gives the `schema_check` that `verify_package` calls; the Inbox
passes the consolidator's own organisations the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from desktop.forms import Period, UnknownFormError, get_form
from desktop.forms.normalize import forbidden_character
from desktop.forms.periods import plan_refusal
from desktop.forms.schemacheck import schema_errors
from desktop.i18n import N_, LocalizedError, Message, PluralMessage
from desktop.i18n.formatting import Formatted
from desktop.registry import UnknownOrganizationError, get_organization

FORMAT = "ct20.submission"
MAX_SCHEMA_PROBLEMS = 5


@dataclass(frozen=True)
class Described:
    """What a data file says it is, as the CLI and the Inbox show it (None when it does not say)."""

    org: str | None
    form: str | None
    form_version: str | None
    period: str | None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def period_of(data: Any) -> str | None:
    """"2025", "2026-H1" or "adhoc-2026-03-15" from the data file's period object."""
    period = data.get("period") if isinstance(data, dict) else None
    if not isinstance(period, dict):
        return None
    kind, year = period.get("kind"), period.get("year")
    try:
        if kind == "year" and isinstance(year, int):
            return str(Period.parse(str(year)))
        if kind == "half" and isinstance(year, int) and period.get("half") in (1, 2):
            return str(Period.parse(f"{year}-H{period['half']}"))
        if kind == "adhoc" and isinstance(period.get("requested"), str):
            day = dt.date.fromisoformat(period["requested"])
            return str(Period.parse(f"adhoc-{day.isoformat()}"))
    except (LocalizedError, ValueError):
        return None
    return None


def describe(data: Any) -> Described:
    if not isinstance(data, dict):
        return Described(None, None, None, None)
    form, org = data.get("form"), data.get("organization")
    form = form if isinstance(form, dict) else {}
    org = org if isinstance(org, dict) else {}
    return Described(_text(org.get("id")), _text(form.get("id")), _text(form.get("version")), period_of(data))


def _location(path: Sequence[Any]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "/"


def _strings(data: Any, path: tuple[Any, ...] = ()) -> Any:
    """(path, text) of every string in a parsed JSON value, keys included; iterative, any depth."""
    stack: list[tuple[tuple[Any, ...], Any]] = [(path, data)]
    while stack:
        where, node = stack.pop()
        if isinstance(node, str):
            yield where, node
        elif isinstance(node, dict):
            for key, child in reversed(list(node.items())):
                yield (*where, key), key
                stack.append(((*where, key), child))
        elif isinstance(node, list):
            stack.extend(((*where, index), child) for index, child in reversed(list(enumerate(node))))


# In json.dumps(..., ensure_ascii=False) every character stands as itself except `"`, `\\` and
# those below U+0020, which become escapes: \n and \t are allowed, \r \b \f \uXXXX are not.
_FORBIDDEN_ESCAPE = re.compile(r"\\[rbfu]")
_FORBIDDEN_ESCAPE_BYTES = re.compile(rb"\\[rbfu]")
# Printable ASCII and the whitespace JSON allows between tokens: removed before the pass on bytes.
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"


def _may_hold_forbidden(data: Any, text: str | bytes | None = None) -> bool:
    """False when no string of `data` can hold a character `forbidden_character` refuses: one C
    pass over its JSON text (every refused character is non-printable or an escape) instead of a
    Python call per string. `text`: the JSON text `data` was parsed from (str, or its UTF-8
    bytes), else it is serialized here; outside strings, JSON text holds only printable
    characters and the whitespace removed before the pass. True may be a false alarm (a no-break
    space, an escaped backslash before "u"): the exact walk decides.

    On bytes the printable ASCII is dropped first (C speed, no copy of the whole text as str):
    what is left decodes to exactly the characters that are not printable ASCII, in order, so
    `isprintable` sees what it sees in the str."""
    if isinstance(text, bytes):
        try:
            rest = text.translate(None, _PLAIN_ASCII).decode("utf-8")
        except UnicodeDecodeError:  # not UTF-8 (a surrogate): let the exact walk decide
            return True
        return not rest.isprintable() or _FORBIDDEN_ESCAPE_BYTES.search(text) is not None
    if text is None:
        try:
            text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        except (ValueError, TypeError, RecursionError):
            return True
    else:
        text = text.replace("\n", "").replace("\r", "").replace("\t", "")
    return not text.isprintable() or _FORBIDDEN_ESCAPE.search(text) is not None


def character_problems(data: Any, text: str | bytes | None = None) -> list[Message]:
    """Characters that CT20 never stores (normalize's rule): a signed file holding one cannot be
    cleaned. `text`: the JSON text `data` was parsed from (str or UTF-8 bytes), when the caller
    has it (faster)."""
    problems: list[Message] = []
    if not _may_hold_forbidden(data, text):
        return problems
    for where, value in _strings(data):
        char = forbidden_character(value)
        if char is not None:
            problems.append(Message(
                N_("The data file holds an invisible control or direction character ({code}) at {path}; "
                   "CT20 never writes one, so the file was not made by CT20 or was altered."),
                code=f"U+{ord(char):04X}", path=_location(where)))
            if len(problems) == MAX_SCHEMA_PROBLEMS:
                break
    return problems


def check_data_file(data: Any, custom_orgs: Sequence[dict] = (), *, text: str | bytes | None = None) -> list[Message]:
    """Problems of a parsed data file, in plain words; an empty list when it is sound. `text`:
    the JSON text `data` was parsed from (str or its UTF-8 bytes), when the caller has it."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return [Message(N_("The data file is not a CT20 report data file."))]
    hidden = character_problems(data, text)
    if hidden:
        return hidden
    described = describe(data)
    if described.form is None or described.form_version is None:
        return [Message(N_("The data file does not say which form it follows."))]
    try:
        form = get_form(described.form, described.form_version)
    except UnknownFormError:
        return [
            Message(
                N_("The data file follows the form {form}, which this version of CT20 does not know."),
                form=f"{described.form}@{described.form_version}",
            )
        ]
    problems: list[Message] = []
    found, first = schema_errors(form, data)
    errors = sorted(found, key=lambda e: (list(map(str, e.absolute_path)), e.message))
    if first is not None and not errors:  # the compiled validator refused what jsonschema accepts
        problems.append(Message(N_("The data file does not match its form at {path}: {error}"),
                                path="/", error=first[:200]))
    for error in errors[:MAX_SCHEMA_PROBLEMS]:
        problems.append(
            Message(
                N_("The data file does not match its form at {path}: {error}"),
                path=_location(error.absolute_path), error=error.message[:200],
            )
        )
    if len(errors) > MAX_SCHEMA_PROBLEMS:
        problems.append(
            PluralMessage("… and {count} more mismatch in the data file.",
                          "… and {count} more mismatches in the data file.", len(errors) - MAX_SCHEMA_PROBLEMS,
                          count=Formatted(len(errors) - MAX_SCHEMA_PROBLEMS))
        )
    if described.org is not None:
        try:
            get_organization(described.org, list(custom_orgs))
        except UnknownOrganizationError:
            problems.append(Message(N_("The organisation {org} of the data file is not in the registry."),
                                    org=described.org))
    if described.period is None and first is None:
        problems.append(Message(N_("The period of the data file is not a valid reporting period.")))
    elif described.period is not None:
        refusal = plan_refusal(Period.parse(described.period), get_form(described.form,
                                                                          described.form_version).first_year)
        if refusal is not None:
            problems.append(refusal)
    if data.get("sample") is True:  # CT20 never signs one; a package saying so is no submission
        problems.append(Message(N_("The package is a sample report (“MẪU — KHÔNG CÓ GIÁ TRỊ”): its figures are "
                                   "invented and it is not a submission.")))
    return problems


class DataFileCheck:
    """The `schema_check` for `verify_package`; `verify_package` also hands it the JSON text
    (`takes_text`), which spares serializing the data again."""

    takes_text = True

    def __init__(self, custom_orgs: Sequence[dict] = ()) -> None:
        self.orgs = list(custom_orgs)

    def __call__(self, data: Any, text: str | bytes | None = None) -> list[Message]:
        return check_data_file(data, self.orgs, text=text)


def data_file_check(custom_orgs: Sequence[dict] = ()) -> Callable[..., list[Message]]:
    """The `schema_check` for `verify_package`."""
    return DataFileCheck(custom_orgs)
