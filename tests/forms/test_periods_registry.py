from __future__ import annotations

import datetime as dt

import pytest

from desktop.forms import Period, PeriodError, get_form
from desktop.registry import all_organizations, current_province, former_provinces, get_organization, provinces


@pytest.mark.parametrize(("text", "kind"), [("2025", "year"), ("2026-H1", "half"), ("2026-H2", "half"),
                                            ("adhoc-2026-03-15", "adhoc")])
def test_period_round_trip(text, kind):
    period = Period.parse(text)
    assert period.kind == kind and str(period) == text


@pytest.mark.parametrize("text", ["", "25", "2026-H3", "2026-Q1", "adhoc-2026-02-30", "adhoc", "1999"])
def test_period_refuses(text):
    with pytest.raises(PeriodError):
        Period.parse(text)


def test_deadlines_follow_each_form():
    assert Period.parse("2025").deadline(get_form("ct20.province").deadlines) == dt.date(2025, 11, 15)
    ministry = get_form("ct20.ministry-unit").deadlines
    assert Period.parse("2026-H1").deadline(ministry) == dt.date(2026, 6, 10)
    assert Period.parse("2026-H2").deadline(ministry) == dt.date(2026, 11, 20)
    assert Period.parse("2025").deadline(get_form("kh1375.unit").deadlines) is None
    assert Period.parse("adhoc-2026-03-15").deadline({}, "2026-04-01") == dt.date(2026, 4, 1)


def test_registry_provinces_and_former_provinces():
    assert len(provinces()) == 34
    cities = [p for p in provinces() if "thành phố" in p.name]
    assert len(cities) == 6
    assert get_organization("so-ct-ninh-binh").parent_body == "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH"
    former = former_provinces()
    assert len(former) == 63
    assert {current_province(s) for s in former} == {p.province for p in provinces()}
    assert current_province("ha-nam") == "ninh-binh" and current_province("nam-dinh") == "ninh-binh"
    assert current_province("binh-duong") == "ho-chi-minh"
    assert current_province("ba-ria-vung-tau") == "ho-chi-minh"
    assert current_province("atlantis") is None


def test_ministry_units_carry_their_tasks():
    units = [o for o in all_organizations() if o.kind == "ministry-unit"]
    assert {u.id for u in units} == {"cuc-atmt", "cuc-cong-nghiep", "cuc-dien-luc", "cuc-hoa-chat", "cuc-dmst",
                                     "cuc-xnk", "bao-cong-thuong", "other-press"}
    for unit in units:
        assert unit.tasks and all(t["task_id"] and t["task"] and t["timeframe"] for t in unit.tasks)
    ids = [t["task_id"] for u in units for t in u.tasks]
    assert len(ids) == len(set(ids))


def test_custom_organisation_merges_after_the_registry():
    custom = [{"id": "cty-x", "kind": "enterprise", "name": "Công ty X"}]
    orgs = all_organizations(custom)
    assert orgs[-1].id == "cty-x" and orgs[-1].custom
