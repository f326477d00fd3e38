"""The one verdict on a report: the form's rules, the text typed that cannot be read, and the
warnings acknowledged with a reason. Qt-free.

The editor's checks panel, the export dialog, the export service and `ct20 report validate` all
read a `Verdict`, so they agree: a report whose editor shows an error is refused by every other
door with the same message, naming the field or table cell in the user's words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Generator
from dataclasses import field
from typing import Any

from desktop.forms.issues import Context, Issue, ValidationResult
from desktop.forms.model import Field, FormDefinition
from desktop.frozen_record import FrozenRecord
from desktop.i18n import N_, Message, PluralMessage
from desktop.i18n.formatting import Formatted

from .cells import read_input, split_cell_path

INPUT_CODE = "input"


def ack_key(issue: Issue) -> str:
    """The key of an acknowledgement: "<path>+<code>"."""
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
    """The acknowledgement of a warning, if one was given for this very rule (errors never are)."""
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
        column, top, row = found
        reason = read_input(column, raw, lang).error or Message(N_("This value cannot be read."))
        message = Message(N_("“{label}”: {message}"), label=column.label, message=reason)
        if row is not None:
            message = Message(N_("{table}, row {row}: {message}"), table=top.label, row=row + 1,
                              message=message)
        issues.append(Issue(path=path, severity="E", message=message, field=top.key,
                            section=top.section, row=row,
                            column=column.key if row is not None else None, code=INPUT_CODE))
    return issues


class Verdict(FrozenRecord):
    """Errors (they block the export) and warnings, in form order; typed text that cannot be read
    is an error of its field or cell, in place of what the rules say about the empty value."""

    errors: list[Issue]
    warnings: list[Issue]
    acknowledged: dict[str, dict[str, Any]] = field(default_factory=dict)
    groups: list[tuple[str, list[Issue]]] = field(default_factory=list)  # (section key, issues)

    @property
    def ok(self) -> bool:
        return not self.errors

    def acknowledgement(self, issue: Issue) -> dict | None:
        return is_acknowledged(issue, self.acknowledged)

    def refusal(self) -> Message | None:
        """Why the report cannot be exported (its first error named), or None when it can."""
        if not self.errors:
            return None
        return PluralMessage("The report has {count} error and cannot be exported: {first}",
                             "The report has {count} errors and cannot be exported. The first: {first}",
                             len(self.errors), count=Formatted(len(self.errors)), first=self.errors[0].message)

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        warnings = []
        for issue in self.warnings:
            entry = issue.to_json(lang)
            ack = self.acknowledgement(issue)
            if ack is not None:
                entry["acknowledged"] = ack.get("text", "")
            warnings.append(entry)
        return {"errors": [i.to_json(lang) for i in self.errors], "warnings": warnings}


def judge(form: FormDefinition, values: dict[str, Any], context: Context, *, pending: dict[str, str],
          acknowledged: dict[str, dict[str, Any]], lang: str) -> Verdict:
    """The verdict on values as they are now (in the editor's memory or in the store)."""
    from desktop.forms.rules import validate  # when values are checked: not before the editor's first paint

    return _verdict(form, validate(form, values, context), pending=pending, acknowledged=acknowledged, lang=lang)


def judge_in_steps(form: FormDefinition, values: dict[str, Any], context: Context, *, pending: dict[str, str],
                   acknowledged: dict[str, dict[str, Any]], lang: str) -> Generator[None, None, Verdict]:
    """`judge` a step at a time (desktop.forms.rules.validate_in_steps): the verdict is the
    generator's return value. The values must not change until it is done."""
    from desktop.forms.rules import validate_in_steps

    result = yield from validate_in_steps(form, values, context)
    return _verdict(form, result, pending=pending, acknowledged=acknowledged, lang=lang)


def _verdict(form: FormDefinition, result: ValidationResult, *, pending: dict[str, str],
             acknowledged: dict[str, dict[str, Any]], lang: str) -> Verdict:
    typed = pending_issues(form, pending, lang)
    replaced = {issue.path for issue in typed}
    order = {path: index for index, path in enumerate(form.fields)}
    combined = sorted(
        typed + [i for i in result.errors + result.warnings if i.path not in replaced],
        key=lambda i: (order.get(i.field, 0), -1 if i.row is None else i.row, i.severity != "E"),
    )
    by_section: dict[str, list[Issue]] = {section.key: [] for section in form.sections}
    for issue in combined:
        by_section.setdefault(issue.section, []).append(issue)
    return Verdict(
        errors=[i for i in combined if i.severity == "E"],
        warnings=[i for i in combined if i.severity != "E"],
        acknowledged=dict(acknowledged),
        groups=[(key, items) for key, items in by_section.items() if items],
    )
