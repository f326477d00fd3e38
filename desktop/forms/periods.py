"""Reporting periods ("2025", "2026-H1", "adhoc-2026-03-15") and their deadlines."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from desktop.frozen_record import FrozenRecord
from desktop.i18n import N_, LocalizedError, Message

_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_ADHOC = re.compile(r"^adhoc-(\d{4}-\d{2}-\d{2})$")


PLAN_FIRST_YEAR = 2025  # Directive 20/CT-TTg (12/7/2025) and Decision 2678/QĐ-BCT: the first reporting year


class PeriodError(LocalizedError):
    pass


def plan_refusal(period: Period, first_year: int = PLAN_FIRST_YEAR) -> Message | None:
    """Why a report for `period` cannot be made (a period before the plan it reports on), or None."""
    if period.year >= first_year:
        return None
    return Message(N_("The period {period} is before the plan this form reports on: its reports start with the "
                      "year {year}."), period=period.label(), year=first_year)


def default_cutoff(period: Period) -> tuple[dt.date, dt.date]:
    """The data cut-off of workflow.md (thời gian chốt số liệu, Decree 09/2019/NĐ-CP): yearly 15/12 of the
    year before to 14/12; first half 15/12 to 14/6; second half 15/6 to 14/12. Ad hoc: from the last
    15/12 up to the day before the request."""
    year = period.year
    if period.kind == "year":
        return dt.date(year - 1, 12, 15), dt.date(year, 12, 14)
    if period.kind == "half":
        if period.half == 1:
            return dt.date(year - 1, 12, 15), dt.date(year, 6, 14)
        return dt.date(year, 6, 15), dt.date(year, 12, 14)
    assert period.date is not None
    end = period.date - dt.timedelta(days=1)
    start = dt.date(end.year, 12, 15) if end >= dt.date(end.year, 12, 15) else dt.date(end.year - 1, 12, 15)
    return start, end


class Period(FrozenRecord):
    kind: str  # "year" | "half" | "adhoc"
    year: int
    half: int | None = None
    date: dt.date | None = None  # ad hoc: the date of the request

    @classmethod
    def parse(cls, text: str) -> Period:
        text = (text or "").strip()
        if m := _YEAR.match(text):
            period = cls("year", int(m.group(1)))
        elif m := _HALF.match(text):
            period = cls("half", int(m.group(1)), half=int(m.group(2)))
        elif m := _ADHOC.match(text):
            try:
                day = dt.date.fromisoformat(m.group(1))
            except ValueError:
                raise PeriodError(Message(N_("“{period}” is not a date that exists."), period=text)) from None
            period = cls("adhoc", day.year, date=day)
        else:
            raise PeriodError(
                Message(
                    N_("“{period}” is not a period; use 2025, 2026-H1, 2026-H2 or adhoc-2026-03-15."),
                    period=text,
                )
            )
        if not 2000 <= period.year <= 2100:
            raise PeriodError(Message(N_("The year {year} is out of range."), year=period.year))
        return period

    def __str__(self) -> str:
        if self.kind == "year":
            return str(self.year)
        if self.kind == "half":
            return f"{self.year}-H{self.half}"
        assert self.date is not None
        return f"adhoc-{self.date.isoformat()}"

    def to_json(self, reference: str | None = None, deadline: str | None = None,
                request: Mapping[str, str] | None = None) -> dict[str, Any]:
        """The `period` object of the data file; an ad hoc report's `request` names the request it answers."""
        data: dict[str, Any] = {"kind": self.kind, "year": self.year}
        if self.kind == "half":
            data["half"] = self.half
        if self.kind == "adhoc":
            assert self.date is not None
            data["requested"] = self.date.isoformat()
            if reference:
                data["reference"] = reference
            if deadline:
                data["deadline"] = deadline
            if request:
                data["request"] = dict(request)
        return data

    def label(self) -> Message:
        if self.kind == "year":
            return Message(N_("Year {year}"), year=self.year)
        if self.kind == "half":
            if self.half == 1:  # "6 tháng đầu năm" / "6 tháng cuối năm", as the documents say
                return Message(N_("First half of {year}"), year=self.year)
            return Message(N_("Second half of {year}"), year=self.year)
        assert self.date is not None
        return Message(N_("Ad hoc, requested {date}"), date=self.date.strftime("%d/%m/%Y"))

    def deadline(self, deadlines: dict[str, str], adhoc_deadline: str | None = None) -> dt.date | None:
        """The deadline day under a form's deadline rule; ad hoc reports carry their own."""
        if self.kind == "adhoc":
            return dt.date.fromisoformat(adhoc_deadline) if adhoc_deadline else None
        key = "year" if self.kind == "year" else f"H{self.half}"
        month_day = deadlines.get(key)
        if not month_day:
            return None
        return dt.date.fromisoformat(f"{self.year}-{month_day}")
