"""Consolidation: the figures in the .xlsx, the PDF text and the .docx equal sums computed here,
independently, from the values the reporters typed (read from their own stores)."""

from __future__ import annotations

import math
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from desktop.inbox.outputs import ConsolidationFiles, write_consolidation
from desktop.registry import all_organizations
from desktop.store import Store
from tests.inbox.scenario import CORPORATIONS, FOREIGN, LATE, REVISED, TAMPERED, Scenario

STATUSES = ("none", "planned", "under_construction", "operating", "suspended")


def exact(values: list[Any]) -> int | float:
    result = round(math.fsum(v for v in values if isinstance(v, (int, float))), 3)
    return int(result) if result == int(result) else result


def vi(value: float, decimals: int = 3) -> str:
    """1234.5 → "1.234,5", written here rather than taken from the app."""
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:,.0f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def accepted_provinces(scenario: Scenario) -> list[str]:
    return [org for i, org in enumerate(scenario.province_ids()) if i not in (TAMPERED, FOREIGN)]


def wastewater_row(values: dict[str, Any]) -> dict[str, Any]:
    rows = values["clusters"]["wastewater"]
    operating = [r for r in rows if r["wwtp_status"] == "operating"]
    return {
        "listed": len(rows), **{s: sum(r["wwtp_status"] == s for r in rows) for s in STATUSES},
        "design": exact([r.get("design_capacity_m3d") for r in operating]),
        "flow": exact([r.get("actual_flow_m3d") for r in operating]),
        "monitoring": sum(r.get("auto_monitoring") == "yes" for r in rows),
    }


def sheet_rows(path: Path, name: str) -> tuple[list[str], list[tuple]]:
    sheet = load_workbook(path, data_only=True)[name]  # a total is a formula: its cached value is the sum
    return [c.value for c in sheet[2]], list(sheet.iter_rows(min_row=3, values_only=True))


def pdf_text(path: Path, layout: bool = True) -> str:
    return subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def province_files(imported: tuple[Path, Any], scenario: Scenario,
                   tmp_path_factory: pytest.TempPathFactory) -> ConsolidationFiles:
    with Store.open(imported[0], readonly=True) as store:
        return write_consolidation(store, scenario.period, "ct20.province", tmp_path_factory.mktemp("th"))


@pytest.fixture(scope="module")
def enterprise_files(imported: tuple[Path, Any], scenario: Scenario,
                     tmp_path_factory: pytest.TempPathFactory) -> ConsolidationFiles:
    with Store.open(imported[0], readonly=True) as store:
        return write_consolidation(store, scenario.period, "ct20.enterprise", tmp_path_factory.mktemp("th"))


def test_three_files_named_by_form_and_period(province_files: ConsolidationFiles, scenario: Scenario) -> None:
    assert [p.name for p in (province_files.pdf, province_files.xlsx, province_files.docx)] == [
        f"TH-ct20.province-{scenario.period}.{kind}" for kind in ("pdf", "xlsx", "docx")]
    assert province_files.report.reporters == 18
    info = PdfReader(province_files.pdf).metadata  # shown by every viewer: words, no codes
    assert info is not None and f"năm {scenario.period}" in info.subject, info
    assert not any(code in f"{info.title} {info.subject} {info.get('/Keywords', '')}"
                   for code in ("ct20.", "province"))
    assert load_workbook(province_files.xlsx).sheetnames == [
        "Gửi báo cáo", "XLNT theo tỉnh", "Chỉ tiêu theo tỉnh", "Danh sách CCN", "Mục I - số liệu", "Mục II - số liệu", "Mục II - từ bảng",
        "Mục III - số liệu", "Mục IV - số liệu", "Khó khăn, kiến nghị"]


def test_the_report_of_one_form_states_its_data_cutoff(enterprise_files: ConsolidationFiles,
                                                       scenario: Scenario) -> None:
    from docx import Document

    year = int(scenario.period)
    line = f"(Số liệu tính từ ngày 15/12/{year - 1} đến ngày 14/12/{year})"  # the yearly default (workflow.md)
    first = " ".join(pdf_text(enterprise_files.pdf, layout=False).split("\f")[0].split())
    assert line in first and first.index(line) < first.index("Trên cơ sở báo cáo")
    assert line in [p.text for p in Document(str(enterprise_files.docx)).paragraphs]
    book = load_workbook(enterprise_files.xlsx)
    assert all(str(book[name]["A1"].value).endswith(line) for name in book.sheetnames)


def test_the_national_wastewater_table(province_files: ConsolidationFiles, scenario: Scenario) -> None:
    from desktop.registry import get_organization

    orgs = accepted_provinces(scenario)
    expected = [wastewater_row(scenario.values[org]) for org in orgs]
    national = {key: exact([row[key] for row in expected]) for key in expected[0]}
    national["pct"] = round(100 * national["operating"] / national["listed"], 2)
    order = ["listed", "none", "planned", "under_construction", "operating", "suspended", "design", "flow",
             "monitoring"]
    headings, rows = sheet_rows(province_files.xlsx, "XLNT theo tỉnh")
    assert headings[:3] == ["TT", "Tỉnh, thành phố", "Số CCN được báo cáo"] and len(rows) == len(orgs) + 1
    for org, row, want in zip(orgs, rows, expected, strict=False):
        assert row[1] == get_organization(org).place
        assert list(row[2:11]) == pytest.approx([want[k] for k in order])
    assert rows[-1][1] == "Cả nước"
    assert list(rows[-1][2:11]) == pytest.approx([national[k] for k in order])
    assert rows[-1][11] == pytest.approx(national["pct"])
    line = next(x for x in pdf_text(province_files.pdf).splitlines() if x.strip().startswith("Cả nước"))
    assert line.split()[2:] == [vi(national[k]) for k in order] + [vi(national["pct"], 2)]
    # the revised province counts with its second revision, the late one counts, the others not at all
    revised = scenario.province_ids()[REVISED]
    assert wastewater_row(scenario.values[revised])["listed"] == len(scenario.values[revised]["clusters"]["wastewater"])
    listed = sheet_rows(province_files.xlsx, "Danh sách CCN")[1]
    assert len(listed) == national["listed"]
    assert {r[1] for r in listed} == {get_organization(org).place for org in orgs}


def test_every_numeric_indicator_is_summed(province_files: ConsolidationFiles, scenario: Scenario) -> None:
    orgs = accepted_provinces(scenario)
    sections = {
        "Mục I - số liệu": ["program.env_industry_enterprises"],
        "Mục II - số liệu": ["clusters.established", "clusters.operating", "clusters.inspections",
                             "clusters.violations", "clusters.monitoring_required", "clusters.monitoring_installed",
                             "clusters.monitoring_transmitting"],
        "Mục III - số liệu": ["imports.coordination_activities", "imports.scrap_importers", "imports.violations"],
        "Mục IV - số liệu": ["communication.events", "communication.participants",
                             "communication.enterprises_reached", "communication.news_items"],
    }
    totals_in_pdf = [x.split()[2:] for x in pdf_text(province_files.pdf).splitlines()
                     if x.strip().startswith("Tổng cộng")]
    for sheet, keys in sections.items():
        _, rows = sheet_rows(province_files.xlsx, sheet)
        per_org = [[_get(scenario.values[org], key) for key in keys] for org in orgs]
        assert [list(r[2:]) for r in rows[:-1]] == per_org
        national = [exact(column) for column in zip(*per_org, strict=True)]
        assert rows[-1][1] == "Tổng cộng" and list(rows[-1][2:]) == national
        assert [vi(n) for n in national] in totals_in_pdf
    _, rows = sheet_rows(province_files.xlsx, "Mục II - từ bảng")
    columns = ["area_ha", "occupancy_pct", "facilities", "wastewater_m3d", "design_capacity_m3d", "actual_flow_m3d"]
    columns.remove("occupancy_pct")  # a percentage is not summed
    national = [exact([r.get(c) for org in orgs for r in scenario.values[org]["clusters"]["wastewater"]])
                for c in columns]
    assert list(rows[-1][2:]) == pytest.approx(national)
    assert [vi(n) for n in national] in totals_in_pdf


def _get(values: dict[str, Any], key: str) -> Any:
    for part in key.split("."):
        values = values[part]
    return values


def test_the_status_table_and_the_issues_side_by_side(province_files: ConsolidationFiles, scenario: Scenario) -> None:
    from desktop.registry import get_organization

    ids = scenario.province_ids()
    _, status = sheet_rows(province_files.xlsx, "Gửi báo cáo")
    states = {row[1]: row[2] for row in status}
    assert len(status) == 34 and list(states.values()).count("Chưa gửi") == 14
    assert states[get_organization(ids[LATE]).name] == "Muộn hạn"
    assert states[get_organization(ids[TAMPERED]).name] == "Không hợp lệ"
    notes = {row[1]: row[6] for row in status}
    assert notes[get_organization(ids[TAMPERED]).name] == ("Báo cáo không hợp lệ do nội dung báo cáo đã bị thay đổi "
                                                          "sau khi ký số; đề nghị đơn vị gửi lại báo cáo")
    assert states[get_organization(ids[FOREIGN]).name] == "Chờ xác thực chữ ký số"
    assert list(states.values()).count("Đúng hạn") == 17
    _, issues = sheet_rows(province_files.xlsx, "Khó khăn, kiến nghị")
    orgs = accepted_provinces(scenario)
    assert [(r[1], r[2], r[3]) for r in issues] == [
        (get_organization(org).name, scenario.values[org]["difficulties"], scenario.values[org]["proposals"])
        for org in orgs]
    text = " ".join(pdf_text(province_files.pdf, layout=False).split())
    for org in orgs:
        assert scenario.values[org]["difficulties"] in text and scenario.values[org]["proposals"] in text
    for index in (TAMPERED, FOREIGN):
        assert scenario.values[ids[index]]["difficulties"] not in text
    assert "BÁO CÁO" in text and "Kính gửi: Lãnh đạo Bộ Công Thương." in text


def test_the_docx_draft_holds_the_same_tables(province_files: ConsolidationFiles) -> None:
    document = Document(str(province_files.docx))
    report = province_files.report
    tables = document.tables[1:-1]  # the header and the closing block are tables too
    assert len(tables) == len(report.tables())
    for drawn, table in zip(tables, report.tables(), strict=True):
        assert len(drawn.rows) == 1 + len(table.all_rows())
        assert [c.text for c in drawn.rows[0].cells] == [c.heading for c in table.columns]
    national = next(t for t in tables if t.rows[-1].cells[1].text == "Cả nước")
    total = report.tables()[1].total
    assert national.rows[-1].cells[2].text == vi(total["listed"])
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [part.title for part in report.parts]
    assert document.paragraphs[0].text == "BÁO CÁO" or "BÁO CÁO" in [p.text for p in document.paragraphs]


def test_enterprise_totals_and_the_ash_reuse_target(enterprise_files: ConsolidationFiles, scenario: Scenario) -> None:
    facilities = {org: scenario.values[org]["facilities"] for org in CORPORATIONS}
    _, rows = sheet_rows(enterprise_files.xlsx, "Cơ sở theo đơn vị")
    assert len(rows) == 4
    for org, row in zip(CORPORATIONS, rows, strict=False):
        ash = exact([f["ash_slag_gypsum_t"] for f in facilities[org]])
        reused = exact([f["ash_slag_gypsum_reused_t"] for f in facilities[org]])
        assert row[2] == len(facilities[org]) and row[8:10] == pytest.approx((ash, reused))
        rate = round(100 * reused / ash, 2)
        assert row[11] == pytest.approx(rate) and row[12] == ("Đạt" if rate >= 80 else "Chưa đạt")
    every = [f for org in CORPORATIONS for f in facilities[org]]
    ash = exact([f["ash_slag_gypsum_t"] for f in every])
    reused = exact([f["ash_slag_gypsum_reused_t"] for f in every])
    rate = round(100 * reused / ash, 2)
    assert rows[-1][1] == "Tổng cộng" and rows[-1][2] == len(every)
    assert rows[-1][3] == pytest.approx(exact([f["wastewater_m3y"] for f in every]))
    assert rows[-1][8:10] == pytest.approx((ash, reused)) and rows[-1][11] == pytest.approx(rate)
    verdict = "Đạt" if rate >= 80 else "Chưa đạt"
    assert rows[-1][12] == verdict and [r[12] for r in rows[:3]] == ["Đạt", "Chưa đạt", "Đạt"]
    text = " ".join(pdf_text(enterprise_files.pdf, layout=False).split())
    assert (f"phát sinh {vi(ash)} tấn tro, xỉ, thạch cao, trong đó {vi(reused)} tấn được tái chế, tái sử dụng, "
            f"đạt tỷ lệ {vi(rate, 2)}%, {verdict.lower()} mục tiêu 80% theo Quyết định số 1375/QĐ-TTg") in text
    _, listed = sheet_rows(enterprise_files.xlsx, "Danh sách cơ sở")
    assert len(listed) == len(every)
    _, by_province = sheet_rows(enterprise_files.xlsx, "Cơ sở theo tỉnh")
    assert by_province[-1][1] == "Cả nước" and by_province[-1][2] == len(every)
    assert by_province[-1][6:8] == pytest.approx((ash, reused))


def test_a_form_without_national_tables_and_a_period_without_packages(tmp_path: Path) -> None:
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        files = write_consolidation(store, "2026-H2", "ct20.ministry-unit", tmp_path / "th")
    assert load_workbook(files.xlsx).sheetnames == ["Gửi báo cáo", "Khó khăn, kiến nghị"]
    _, status = sheet_rows(files.xlsx, "Gửi báo cáo")
    units = [o for o in all_organizations() if "ct20.ministry-unit" in o.forms and o.id != "cuc-atmt"]  # not itself
    assert len(status) == len(units) and {row[2] for row in status} == {"Chưa gửi"}
    assert [part.title for part in files.report.parts] == ["I. TÌNH HÌNH GỬI BÁO CÁO",
                                                           "II. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ"]
    text = " ".join(pdf_text(files.pdf, layout=False).split())
    assert "Hạn gửi báo cáo: 20/11/2026" in text and f"đã nhận và chấp nhận báo cáo của 0/{len(units)} đơn vị" in text
