from __future__ import annotations

import datetime as dt

import pytest

from desktop.forms import Period, PeriodError, get_form
from desktop.registry import (
    InvalidOrganizationError,
    all_organizations,
    current_province,
    former_provinces,
    get_organization,
    provinces,
)


@pytest.mark.parametrize(("text", "kind"), [("2025", "year"), ("2026-H1", "half"), ("2026-H2", "half"),
                                            ("adhoc-2026-03-15", "adhoc")])
def test_period_round_trip(text, kind):
    period = Period.parse(text)
    assert period.kind == kind and str(period) == text


def test_half_years_are_named_as_the_documents_name_them():
    """ "6 tháng đầu năm" / "6 tháng cuối năm", never "6 tháng lần 2"."""
    first, second = Period.parse("2026-H1").label(), Period.parse("2026-H2").label()
    assert second.render("en") == "Second half of 2026" and first.render("en") == "First half of 2026"
    assert first.render("vi") == "6 tháng đầu năm 2026"
    assert second.render("vi") == "6 tháng cuối năm 2026"


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
    cities = [p for p in provinces() if "thành phố" in p.name.lower()]
    assert len(cities) == 6
    assert get_organization("so-ct-ho-chi-minh").name == "Sở Công Thương Thành phố Hồ Chí Minh"  # its proper name
    assert get_organization("so-ct-ninh-binh").parent_body == "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH"
    former = former_provinces()
    assert len(former) == 63
    assert {current_province(s) for s in former} == {p.province for p in provinces()}
    assert current_province("ha-nam") == "ninh-binh" and current_province("nam-dinh") == "ninh-binh"
    assert current_province("binh-duong") == "ho-chi-minh"
    assert current_province("ba-ria-vung-tau") == "ho-chi-minh"
    assert current_province("atlantis") is None


# The time frames of section II of Decision 2678/QĐ-BCT, as the decision words them; no time frame
# where the decision gives none (never an invented "Thường xuyên").
COORDINATE = ("Phối hợp với Cục ATMT tổ chức triển khai thực hiện Chương trình phát triển ngành công nghiệp môi "
              "trường Việt Nam giai đoạn 2025-2030")
SEED_TIMEFRAMES = {
    "cuc-atmt": ["2025-2030", "2025-2030", "2025-2030", "Hàng năm", "Hàng năm", None,
                 "Thực hiện khi có yêu cầu phối hợp",
                 "Tháng 12/2025; các năm tiếp theo định kỳ 06 tháng (trước ngày 20/6), hàng năm (trước ngày 30/11) "
                 "hoặc đột xuất"],
    "cuc-cong-nghiep": ["2025-2030", None],
    "cuc-dien-luc": ["2025-2030", None, None, "2025-2030"],
    "cuc-hoa-chat": ["2025-2030", "2025-2027", "Hàng năm"],
    "cuc-dmst": ["2025-2030", "2026-2030", "2025-2030", None],
    "cuc-xnk": ["2025-2030", "2025-2030", "2025-2030"],
    "vu-khtc": ["2025-2030"],
    "vu-phap-che": ["2025-2030"],
    "bao-cong-thuong": ["2025-2030", None, None],
    "tap-chi-cong-thuong": ["2025-2030", None],
}


def test_ministry_units_carry_their_tasks():
    units = [o for o in all_organizations() if o.kind == "ministry-unit"]
    assert {u.id: [t.get("timeframe") for t in u.tasks] for u in units} == SEED_TIMEFRAMES
    for unit in units:
        assert unit.tasks and all(t["task_id"] and t["task"] for t in unit.tasks)
        assert unit.tasks[0]["task"] == COORDINATE or unit.id == "cuc-atmt"  # "Các Cục, Vụ … và các đơn vị báo chí"
        assert not unit.name.startswith("Các ")  # a real organisation that signs, not a group of them
    ids = [t["task_id"] for u in units for t in u.tasks]
    assert len(ids) == len(set(ids))
    every = " ".join(t.get("timeframe", "") for u in units for t in u.tasks)
    assert "Thường xuyên" not in every and "Hằng năm" not in every and "–" not in every
    atmt = get_organization("cuc-atmt").tasks
    assert atmt[6]["task"].startswith("Phối hợp với các Bộ, ngành, địa phương trong công tác quản lý nhà nước")
    assert atmt[7]["task"].endswith("Tổng hợp, trình Lãnh đạo Bộ báo cáo")
    assert get_organization("cuc-dien-luc").tasks[2]["task"].endswith("phù hợp với nhu cầu thực tiễn (nếu có)")


def test_joint_stock_corporations_have_their_names_and_no_ministry_above_them():
    assert get_organization("mie").name == "Tổng công ty Máy và Thiết bị công nghiệp - CTCP"
    assert get_organization("veam").name == "Tổng công ty Máy động lực và Máy nông nghiệp Việt Nam - CTCP"
    for org_id in ("mie", "veam", "habeco"):
        assert get_organization(org_id).parent_body == ""
    assert "Tổng công ty Máy và Thiết bị công nghiệp" in get_organization("mie").names  # older certificates
    assert get_organization("vinapaco").parent_body == "BỘ CÔNG THƯƠNG"


def test_a_user_added_unit_can_be_given_tasks():
    custom = [{"id": "vu-tccb", "kind": "ministry-unit", "name": "Vụ Tổ chức cán bộ",
               "tasks": [{"task": COORDINATE, "timeframe": "2025-2030"}, {"task": "Bố trí cán bộ theo dõi"}]}]
    org = get_organization("vu-tccb", custom)
    assert org.tasks == ({"task_id": "vu-tccb-1", "task": COORDINATE, "timeframe": "2025-2030"},
                         {"task_id": "vu-tccb-2", "task": "Bố trí cán bộ theo dõi"})
    for bad in ([{"task": "  "}], "một nhiệm vụ", [{"task_id": "a", "task": "x"}, {"task_id": "a", "task": "y"}]):
        with pytest.raises(InvalidOrganizationError):
            get_organization("vu-tccb", [{**custom[0], "tasks": bad}])


def test_custom_organisation_merges_after_the_registry():
    custom = [{"id": "cty-x", "kind": "enterprise", "name": "Công ty X"}]
    orgs = all_organizations(custom)
    assert orgs[-1].id == "cty-x" and orgs[-1].custom
