"""The lines every report prints beside its form: the data cut-off and the request it answers."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.forms.periods import Period, default_cutoff, plan_refusal
from desktop.reporting.adhoc import cutoff_line, effective_cutoff, reference_line, request_for_data_file, with_cutoff


@pytest.mark.parametrize(("period", "start", "end"), [
    ("2025", "2024-12-15", "2025-12-14"), ("2026-H1", "2025-12-15", "2026-06-14"),
    ("2026-H2", "2026-06-15", "2026-12-14"), ("adhoc-2026-03-15", "2025-12-15", "2026-03-14"),
    ("adhoc-2026-12-20", "2026-12-15", "2026-12-19"), ("adhoc-2026-12-15", "2025-12-15", "2026-12-14"),
])
def test_the_default_cut_off_of_each_period(period: str, start: str, end: str) -> None:
    assert default_cutoff(Period.parse(period)) == (dt.date.fromisoformat(start), dt.date.fromisoformat(end))


def test_the_report_states_its_own_cut_off_or_the_default() -> None:
    period = Period.parse("2025")
    assert effective_cutoff({}, period) == (dt.date(2024, 12, 15), dt.date(2025, 12, 14))
    narrowed = {"document": {"data_to": "2025-10-31", "number": "1"}}
    assert effective_cutoff(narrowed, period) == (dt.date(2024, 12, 15), dt.date(2025, 10, 31))
    assert effective_cutoff({"document": {"data_to": "31/10/2025"}}, period)[1] == dt.date(2025, 12, 14)
    filled = with_cutoff(narrowed, period)
    assert filled["document"] == {"data_from": "2024-12-15", "data_to": "2025-10-31", "number": "1"}
    assert narrowed == {"document": {"data_to": "2025-10-31", "number": "1"}}  # the report's values untouched
    assert with_cutoff({"document": "broken"}, period)["document"]["data_to"] == "2025-12-14"
    assert cutoff_line(dt.date(2024, 12, 15), dt.date(2025, 1, 4)) == \
        "Số liệu tính từ ngày 15/12/2024 đến ngày 04/01/2025"


def test_the_request_line_and_the_data_file_object() -> None:
    request = {"id": "yc-1", "number": "Công văn số 123/BCT-ATMT", "date": "2026-03-05",
               "requester": "Bộ Công Thương", "content": "", "deadline": "2026-03-20", "other": 1}
    assert reference_line(request) == "Thực hiện Công văn số 123/BCT-ATMT ngày 5/3/2026 của Bộ Công Thương"
    assert reference_line({"number": "CVHT-7", "date": "2026-03-05"}) == "Thực hiện Công văn số CVHT-7 ngày 5/3/2026"
    assert reference_line({}) is None and reference_line({"number": "1", "date": "5/3/2026"}) is None
    assert request_for_data_file(request) == {"id": "yc-1", "number": "Công văn số 123/BCT-ATMT",
                                              "date": "2026-03-05", "requester": "Bộ Công Thương",
                                              "deadline": "2026-03-20"}
    assert request_for_data_file(None) is None and request_for_data_file({"number": "1"}) is None


def test_periods_before_the_plan() -> None:
    assert plan_refusal(Period.parse("2025")) is None and plan_refusal(Period.parse("2024-H2")) is not None
    assert plan_refusal(Period.parse("2021"), first_year=2020) is None
    assert "2025" in plan_refusal(Period.parse("adhoc-2024-12-31")).render("en")
