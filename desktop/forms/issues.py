"""What the rules find (`Issue`, gathered in a `ValidationResult`) and what they may refer to
beyond the values (`Context`): the names every reader of a verdict needs, without the rules
engine (desktop.forms.rules), which is loaded only when values are checked (issue 16: the
editor's first paint comes before its first checks)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from desktop.frozen_record import FrozenRecord
from desktop.i18n import Message


class Issue(FrozenRecord):
    path: str
    severity: str  # "E" | "W"
    message: Message
    field: str  # the top-level field path
    section: str
    row: int | None = None  # 0-based
    column: str | None = None
    code: str = ""

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "path": self.path,
            "severity": self.severity,
            "message": self.message.render(lang),
            "messages": self.message.both(),
        }


@dataclass
class ValidationResult:
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, issue: Issue) -> None:
        (self.errors if issue.severity == "E" else self.warnings).append(issue)

    def to_json(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "errors": [i.to_json(lang) for i in self.errors],
            "warnings": [i.to_json(lang) for i in self.warnings],
        }


class Context(FrozenRecord):
    """What rules may refer to beyond the values: the report's deadline."""

    deadline: dt.date | None = None
