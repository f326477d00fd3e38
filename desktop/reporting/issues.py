"""What the checks panel lists: validation issues, unreadable typed text, acknowledgements. Qt-free."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from desktop.forms.model import Field, FormDefinition
from desktop.forms.rules import Issue, ValidationResult
from desktop.i18n import N_, Message

from .cells import read_input, split_cell_path

ACK_META_KEY = "acknowledged"
PENDING_META_KEY = "pending_cells"
INPUT_CODE = "input"


def ack_key(issue: Issue) -> str:
    """The key of an acknowledgement in report_meta["acknowledged"]: "<path>+<code>"."""
    return f"{issue.path}+{issue.code}"


def issue_rule(issue: Issue) -> str:
    """The msgid of the innermost message: tells two rules of the same check on one value apart."""
    message: Any = issue.message
    while isinstance(message, Message) and isinstance(message.params.get("message"), Message):
        message = message.params["message"]
    return getattr(message, "msgid", "")


def acknowledgement(issue: Issue, text: str, now: dt.datetime | None = None) -> dict[str, str]:
    at = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    return {"text": text, "at": at.isoformat().replace("+00:00", "Z"), "rule": issue_rule(issue)}


def is_acknowledged(issue: Issue, acks: dict[str, Any]) -> dict | None:
    if issue.severity != "W":
        return None
    entry = acks.get(ack_key(issue))
    if not isinstance(entry, dict):
        return None
    rule = entry.get("rule")
    if rule and rule != issue_rule(issue):
        return None
    return entry


def field_for_path(form: FormDefinition, path: str) -> tuple[Field, Field, int | None] | None:
    """(field or column, top-level field, row) of a value path or cell path."""
    cell = split_cell_path(path)
    if cell is not None:
        table = form.field(cell[0])
        column = table.column(cell[2]) if table is not None else None
        if table is None or column is None:
            return None
        return column, table, cell[1]
    top = form.field(path)
    return (top, top, None) if top is not None else None


def pending_issues(form: FormDefinition, pending: dict[str, str], lang: str) -> list[Issue]:
    """One error per text that was typed but cannot be read, so the user can find and fix it."""
    issues = []
    for path, raw in pending.items():
        found = field_for_path(form, path)
        if found is None:
            continue
        field, top, row = found
        reason = read_input(field, raw, lang).error or Message(N_("This value cannot be read."))
        message = Message(N_("“{label}”: {message}"), label=field.label, message=reason)
        if row is not None:
            message = Message(N_("{table}, row {row}: {message}"), table=top.label, row=row + 1,
                              message=message)
        issues.append(Issue(path=path, severity="E", message=message, field=top.key,
                            section=top.section, row=row,
                            column=field.key if row is not None else None, code=INPUT_CODE))
    return issues


@dataclass
class CheckList:
    """Issues in form order, grouped by section: [(section key, [issue, ...]), ...]."""

    groups: list[tuple[str, list[Issue]]]
    errors: int
    warnings: int


def check_list(form: FormDefinition, result: ValidationResult, pending: list[Issue]) -> CheckList:
    typed = {issue.path for issue in pending}
    by_section: dict[str, list[Issue]] = {section.key: [] for section in form.sections}
    errors = warnings = 0
    order = {path: index for index, path in enumerate(form.fields)}
    combined = sorted(
        pending + [i for i in result.errors + result.warnings if i.path not in typed],
        key=lambda i: (order.get(i.field, 0), -1 if i.row is None else i.row, i.severity != "E"),
    )
    for issue in combined:
        by_section.setdefault(issue.section, []).append(issue)
        if issue.severity == "E":
            errors += 1
        else:
            warnings += 1
    groups = [(key, items) for key, items in by_section.items() if items]
    return CheckList(groups=groups, errors=errors, warnings=warnings)
