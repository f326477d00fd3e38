"""The consolidated report as plain data: parts of paragraphs and tables.

One model, three renderings (PDF, XLSX, DOCX), so every output shows the very same figures. The
texts are Vietnamese whatever the interface language: this is the draft of an official report
(like the report PDF, see desktop/document/pdf_layout.py).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from desktop.forms import Period

NUMBER_KINDS = ("int", "decimal", "percent")
ISSUER_ID = "cuc-atmt"  # the registry's Cục ATMT: the issuing body of the consolidated report
ADDRESSEE = "Lãnh đạo Bộ Công Thương"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = "text"  # text | longtext | int | decimal | percent
    unit: str | None = None
    decimals: int = 3
    ratio_of: tuple[str, str] | None = None  # a percentage: 100 × (numerator column) / (denominator column)

    @property
    def numeric(self) -> bool:
        return self.kind in NUMBER_KINDS

    @property
    def heading(self) -> str:
        return f"{self.label} ({self.unit})" if self.unit else self.label


@dataclass
class Table:
    key: str  # short, unique: the sheet name in the workbook
    title: str  # "Bảng 1. …"
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: dict[str, Any] | None = None  # the national (or overall) row, printed last in bold

    def all_rows(self) -> list[dict[str, Any]]:
        return [*self.rows, self.total] if self.total is not None else list(self.rows)


@dataclass
class Part:
    title: str  # printed "I. TITLE"
    blocks: list[str | Table] = field(default_factory=list)  # paragraphs and tables in order


@dataclass
class Consolidated:
    form_id: str
    form_version: str
    period: Period
    subject: str  # the line under "BÁO CÁO"
    date: dt.date
    parts: list[Part] = field(default_factory=list)
    reporters: int = 0  # how many accepted packages went in
    intro: str = ""
    closing: str = ""
    addressee: str = ADDRESSEE
    annexes: list[Part] = field(default_factory=list)  # after the signature, each on its own pages
    stem: str = ""  # the files' name; else TH-<form>-<period>
    cutoff: tuple[dt.date, dt.date] | None = None  # the data cut-off the report states (workflow.md)

    @property
    def cutoff_line(self) -> str:
        """ "(Số liệu tính từ ngày 15/12/2025 đến ngày 14/12/2026)", under the subject; "" without one."""
        from desktop.reporting.adhoc import cutoff_line

        return f"({cutoff_line(*self.cutoff)})" if self.cutoff is not None else ""

    @property
    def file_stem(self) -> str:
        return self.stem or f"TH-{self.form_id}-{self.period}"

    def tables(self) -> list[Table]:
        return [block for part in [*self.parts, *self.annexes] for block in part.blocks if isinstance(block, Table)]


def oriented(part: Part, wide: Callable[[Table], bool]) -> list[tuple[str | Table, bool]]:
    """Each block of the part with whether its page is landscape: a table as it needs; a paragraph
    as the table right after its run of paragraphs (a table's sentence stays on its page); the
    paragraphs after the last table on portrait pages."""
    result: list[tuple[str | Table, bool]] = []
    following = False
    for block in reversed(part.blocks):
        if isinstance(block, Table):
            following = wide(block)
        result.append((block, following))
    result.reverse()
    return result


def number(value: Any) -> int | float | None:
    """A stored number, or None for anything else (booleans are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return value if math.isfinite(value) else None


def total(values: Iterable[Any]) -> int | float | None:
    """The exact sum of the numbers (None when there is none), rounded as the form engine does."""
    numbers = [n for n in (number(v) for v in values) if n is not None]
    if not numbers:
        return None
    result = round(math.fsum(numbers), 3)
    return int(result) if result == int(result) else result


def ratio_pct(numerator: Any, denominator: Any) -> float | None:
    n, d = number(numerator), number(denominator)
    if n is None or not d:
        return None
    return round(100 * n / d, 2)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
