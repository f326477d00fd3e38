"""One round, one report (Decision 2678, III.1): `ct20 inbox consolidate --round R` over a full
round of real exports (20 provinces, 3 corporations, 5 Ministry units, one ad hoc request to 5
addressees); every figure of the PDF, the DOCX and the XLSX equals a value computed here,
independently, from what the reporters typed and from the registry's file."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from desktop.inbox.round_outputs import RoundFiles, write_round
from desktop.inbox.rounds import RoundError, adhoc_round, parse_round
from desktop.store import Store
from tests.inbox.round_scenario import ADHOC_ADDRESSEES, ADHOC_ANSWERED, STATUS_CYCLE, UNITS, RoundScenario, build_round
from tests.inbox.scenario import CORPORATIONS, FOREIGN, LATE, REVISED, TAMPERED, Scenario
from tests.inbox.test_cli_inbox import ct20
from tests.inbox.test_consolidate import accepted_provinces, exact, vi, wastewater_row
from tests.pki import TestPki

ROOT = Path(__file__).resolve().parents[2]
REGISTRY = json.loads((ROOT / "desktop" / "registry" / "organizations.json").read_text(encoding="utf-8"))
STATUS_LABELS = {"not_started": "Chưa triển khai", "in_progress": "Đang triển khai", "completed": "Đã hoàn thành",
                 "recurring": "Thực hiện thường xuyên"}
PARTS = ("I. TÌNH HÌNH GỬI BÁO CÁO", "II. TÌNH HÌNH BAN HÀNH KẾ HOẠCH THỰC HIỆN",
         "III. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CỦA CÁC ĐƠN VỊ THUỘC BỘ",
         "IV. KẾT QUẢ THỰC HIỆN CỦA CÁC SỞ CÔNG THƯƠNG",
         "V. KẾT QUẢ THỰC HIỆN CỦA CÁC TỔNG CÔNG TY, DOANH NGHIỆP",
         "VI. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ CỦA CÁC ĐƠN VỊ",
         "VII. ĐÁNH GIÁ VÀ ĐỀ XUẤT CỦA CỤC KỸ THUẬT AN TOÀN VÀ MÔI TRƯỜNG CÔNG NGHIỆP")
ANNEXES = ("PHỤ LỤC I", "PHỤ LỤC II", "PHỤ LỤC III")


def registry_orgs(form: str) -> list[dict[str, Any]]:
    """The registry's reporters of the form; never Cục ATMT, which consolidates them (its own round)."""
    return [org for org in REGISTRY["organizations"] if form in org.get("forms", []) and org["id"] != "cuc-atmt"]


def names_of(ids: list[str]) -> list[str]:
    names = {org["id"]: org["name"] for org in REGISTRY["organizations"]}
    return [names[org] for org in ids]


def text_of(path: Path, *pages: int) -> str:
    args = ["pdftotext", *(["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []), str(path), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def docx_text(path: Path) -> str:
    document = Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return flat(" ".join([p.text for p in document.paragraphs] + cells))


@pytest.fixture(scope="module")
def round_scenario(tmp_path_factory: pytest.TempPathFactory, scenario: Scenario, imported: tuple[Path, Any],
                   pki: TestPki, signers: dict) -> RoundScenario:
    return build_round(tmp_path_factory.mktemp("round"), scenario, imported[0], pki, signers)


@pytest.fixture(scope="module")
def printed(round_scenario: RoundScenario, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What `ct20 inbox consolidate --round <year> --json` prints."""
    folder = tmp_path_factory.mktemp("bc")
    db = folder / "atmt.sqlite3"
    shutil.copyfile(round_scenario.store, db)
    run = ct20(db, "inbox", "consolidate", "--round", str(round_scenario.year), "--out", str(folder / "out"),
               "--json")
    assert run.code == 0, run.err
    return run.json


@pytest.fixture(scope="module")
def year_files(round_scenario: RoundScenario, tmp_path_factory: pytest.TempPathFactory) -> RoundFiles:
    with Store.open(round_scenario.store, readonly=True) as store:
        return write_round(store, str(round_scenario.year), tmp_path_factory.mktemp("bc-api"))


@pytest.fixture(scope="module")
def pdf(year_files: RoundFiles) -> str:
    return flat(text_of(year_files.pdf))


def test_the_command_prints_the_three_files_and_the_reminders(printed: dict[str, Any],
                                                              round_scenario: RoundScenario) -> None:
    assert set(printed) == {"pdf", "docx", "xlsx", "reminders"}
    for kind in ("pdf", "docx", "xlsx"):
        assert Path(printed[kind]).is_file() and printed[kind].endswith(f"BC-ATMT-{round_scenario.year}.{kind}")
    # one letter per reporter kind, to its missing reporters and to whoever must send again
    ids = round_scenario.base.province_ids()
    provinces = [org["id"] for org in registry_orgs("ct20.province")]
    expected = [
        [org for org in provinces if org not in ids] + [ids[TAMPERED]],  # missing, and the damaged package
        [org["id"] for org in registry_orgs("ct20.enterprise") if org["id"] not in CORPORATIONS],
        [org["id"] for org in registry_orgs("ct20.ministry-unit") if org["id"] not in UNITS],
    ]
    assert len(printed["reminders"]) == 3
    damaged = flat(text_of(Path(printed["reminders"][0]["pdf"])))
    assert f"Báo cáo của {names_of([ids[TAMPERED]])[0]} đã gửi cần được chỉnh sửa" in damaged
    assert "nội dung báo cáo đã bị thay đổi sau khi ký số" in damaged and f"trước ngày 15/11/{round_scenario.year}" in damaged
    names = {org["id"]: org["name"] for org in REGISTRY["organizations"]}
    for reminder, orgs in zip(printed["reminders"], expected, strict=True):
        letter = flat(text_of(Path(reminder["pdf"])))
        assert Path(reminder["docx"]).is_file() and Path(reminder["addresses"]).is_file()
        addressed = [f"- {flat(names[org])}" for org in orgs] if len(orgs) > 1 else [f"Kính gửi: {names[orgs[0]]}."]
        for line in addressed:
            assert line in letter, (line, letter[:600])
        assert sorted(reminder["without_email"] + [o for o in orgs if o not in reminder["without_email"]]) == \
            sorted(orgs)


def test_every_section_in_the_pdf_the_docx_and_the_workbook(year_files: RoundFiles, pdf: str) -> None:
    for title in (*PARTS, *ANNEXES):
        assert title in pdf, title
    document = Document(str(year_files.docx))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == list(PARTS)
    words = docx_text(year_files.docx)
    for title in ANNEXES:
        assert title in words
    assert "[Cục ATMT bổ sung]" in pdf and "[Cục ATMT bổ sung]" in words
    sheets = load_workbook(year_files.xlsx).sheetnames
    assert sheets[:2] == ["Gửi báo cáo", "Kế hoạch thực hiện"] and "Nhiệm vụ" in sheets
    for name in ("XLNT theo tỉnh", "Chỉ tiêu theo tỉnh", "Cơ sở theo đơn vị", "Cơ sở theo tỉnh", "Danh sách CCN",
                 "Danh sách cơ sở", "Kết quả triển khai"):
        assert name in sheets


def test_submission_status_of_every_reporter_kind(year_files: RoundFiles, pdf: str,
                                                  round_scenario: RoundScenario) -> None:
    provinces = len(registry_orgs("ct20.province"))
    accepted = len(accepted_provinces(round_scenario.base))
    assert provinces == 34 and accepted == 18
    assert f"Thời hạn trình Lãnh đạo Bộ báo cáo năm {round_scenario.year}: trước ngày 30/11/{round_scenario.year}." \
        in pdf
    assert (f"Các Sở Công Thương (hạn gửi 15/11/{round_scenario.year}): đã nhận báo cáo của {accepted}/{provinces} "
            f"tỉnh, thành phố (đúng hạn: {accepted - 1}, muộn hạn: 1, đề nghị chỉnh sửa: 0); {provinces - 20} chưa "
            "gửi; 1 gửi báo cáo không hợp lệ; 1 chờ xác thực chữ ký số.") in pdf
    corporations = len(registry_orgs("ct20.enterprise"))
    assert f"đã nhận báo cáo của {len(CORPORATIONS)}/{corporations} tổng công ty, doanh nghiệp" in pdf
    units = len(registry_orgs("ct20.ministry-unit"))
    assert (f"Các đơn vị thuộc Bộ (hạn gửi 20/11/{round_scenario.year}): đã nhận báo cáo của {len(UNITS)}/{units} "
            f"đơn vị thuộc Bộ") in pdf
    sheet = load_workbook(year_files.xlsx)["Gửi báo cáo"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert len(rows) == provinces + corporations + units
    states = [row[3] for row in rows]
    assert states.count("Chưa gửi") == (provinces - 20) + (corporations - 3) + (units - len(UNITS))
    ids = round_scenario.base.province_ids()
    by_name = {row[1]: row for row in rows}
    names = {org["id"]: org["name"] for org in REGISTRY["organizations"]}
    assert by_name[names[ids[LATE]]][3] == "Muộn hạn"
    assert by_name[names[ids[REVISED]]][5].startswith("Gửi lần 2")
    rejected = by_name[names[ids[TAMPERED]]]
    assert rejected[3] == "Không hợp lệ" and "nội dung báo cáo đã bị thay đổi sau khi ký số" in rejected[5]
    assert by_name[names[ids[FOREIGN]]][3] == "Chờ xác thực chữ ký số"
    assert "du-lieu.json" not in pdf and ".json" not in pdf  # no technical words for the leaders


def test_plans_issued(pdf: str, round_scenario: RoundScenario) -> None:
    orgs = accepted_provinces(round_scenario.base)
    issued = sum(round_scenario.base.values[org]["program"].get("plan_status") == "issued" for org in orgs)
    assert (f"Theo báo cáo của {len(orgs)}/34 tỉnh, thành phố, {issued} tỉnh, thành phố đã ban hành Kế hoạch thực "
            f"hiện") in pdf
    corporations = sum(round_scenario.base.values[org]["plan"].get("approach") in ("separate_plan", "integrated")
                       for org in CORPORATIONS)
    assert f"{corporations} tổng công ty, doanh nghiệp đã ban hành Kế hoạch thực hiện" in pdf


def test_the_task_by_unit_matrix(year_files: RoundFiles, pdf: str, round_scenario: RoundScenario) -> None:
    rows = list(load_workbook(year_files.xlsx)["Nhiệm vụ"].iter_rows(min_row=3, values_only=True))
    units = registry_orgs("ct20.ministry-unit")
    expected = []
    counts = dict.fromkeys(STATUS_CYCLE, 0)
    for org in units:
        reported = {t["task_id"]: t for t in round_scenario.units.get(org["id"], {}).get("tasks", [])}
        for task in org.get("tasks", []):
            done = reported.get(task["task_id"])
            status = STATUS_LABELS[done["status"]] if done else "Chưa báo cáo"
            if done:
                counts[done["status"]] += 1
            expected.append((org["name"], task["task"], task.get("timeframe") or None, status))
    assert [(r[1], r[2], r[3], r[4]) for r in rows] == expected
    for values in round_scenario.units.values():
        for task in values["tasks"]:
            assert any(task["result"] in (r[5] or "") and task["outputs"] in (r[5] or "") for r in rows)
    missing = sum(1 for row in expected if row[3] == "Chưa báo cáo")
    assert (f"Theo báo cáo của {len(UNITS)}/{len(units)} đơn vị thuộc Bộ, trong tổng số {len(expected)} nhiệm vụ "
            f"được giao:") in pdf
    for key, n in counts.items():
        if n:
            assert f"{n} nhiệm vụ {STATUS_LABELS[key].lower()}" in pdf
    assert f"{missing} nhiệm vụ chưa có báo cáo." in pdf


def test_national_figures_rest_on_n_of_34(year_files: RoundFiles, pdf: str, round_scenario: RoundScenario) -> None:
    orgs = accepted_provinces(round_scenario.base)
    rows = [wastewater_row(round_scenario.base.values[org]) for org in orgs]
    national = {key: exact([row[key] for row in rows]) for key in rows[0]}
    pct = round(100 * national["operating"] / national["listed"], 2)
    assert (f"Theo báo cáo của {len(orgs)}/34 tỉnh, thành phố, cả nước có {vi(national['listed'])} cụm công nghiệp "
            f"được báo cáo, trong đó {vi(national['operating'])} cụm có hệ thống xử lý nước thải tập trung đang vận "
            f"hành (tỷ lệ {vi(pct, 2)}%), tổng công suất thiết kế {vi(national['design'])} m³/ngày đêm, lưu lượng "
            f"xử lý thực tế {vi(national['flow'])} m³/ngày đêm; {vi(national['monitoring'])} cụm có quan trắc nước "
            "thải tự động, liên tục.") in pdf
    values = [round_scenario.base.values[org]["clusters"] for org in orgs]
    inspections = exact([v["inspections"] for v in values])
    assert (f"Theo báo cáo của {len(orgs)}/34 tỉnh, thành phố, cả nước có {vi(exact([v['established'] for v in values]))}"
            f" cụm công nghiệp đã thành lập") in pdf and f"phối hợp {vi(inspections)} cuộc kiểm tra" in pdf
    every = [f for org in CORPORATIONS for f in round_scenario.base.values[org]["facilities"]]
    ash = exact([f["ash_slag_gypsum_t"] for f in every])
    reused = exact([f["ash_slag_gypsum_reused_t"] for f in every])
    rate = round(100 * reused / ash, 2)
    assert (f"Theo báo cáo của 3/4 tổng công ty, doanh nghiệp, các cơ sở sản xuất phát sinh {vi(ash)} tấn tro, xỉ, "
            f"thạch cao, trong đó {vi(reused)} tấn được tái chế, tái sử dụng, đạt tỷ lệ {vi(rate, 2)}%, "
            f"{'đạt' if rate >= 80 else 'chưa đạt'} mục tiêu 80% theo Quyết định số 1375/QĐ-TTg.") in pdf
    # the full list of clusters is an annex, after the signature block
    annex = pdf.index("PHỤ LỤC I")
    assert pdf.index("CỤC TRƯỞNG") < annex
    listed = list(load_workbook(year_files.xlsx)["Danh sách CCN"].iter_rows(min_row=3, values_only=True))
    assert len(listed) == national["listed"]
    # the same figures in the DOCX
    words = docx_text(year_files.docx)
    assert f"cả nước có {vi(national['listed'])} cụm công nghiệp được báo cáo" in words
    assert f"đạt tỷ lệ {vi(rate, 2)}%" in words


def test_difficulties_and_narrative_answers(year_files: RoundFiles, round_scenario: RoundScenario) -> None:
    """The grouping by theme: tests/inbox/test_round_report_lines.py."""
    book = load_workbook(year_files.xlsx)
    names = {org["id"]: org["name"] for org in REGISTRY["organizations"]}
    values = {**round_scenario.base.values, **round_scenario.units}
    words = docx_text(year_files.docx)
    for org in UNITS:
        assert values[org]["difficulties"] in words and values[org]["other_activities"] in words
    narrative = list(book["Kết quả triển khai"].iter_rows(min_row=3, values_only=True))
    assert {(r[1], r[3]) for r in narrative} >= {(names[org], values[org]["other_activities"]) for org in UNITS}


def test_workbook_totals_are_formulas_with_their_sums_cached(year_files: RoundFiles, tmp_path: Path) -> None:
    formulas = load_workbook(year_files.xlsx)
    cached = load_workbook(year_files.xlsx, data_only=True)
    # LibreOffice calculates every formula itself: the same figures as the cached ones
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "lo-out"), str(year_files.xlsx)],
                   check=True, capture_output=True, timeout=300)
    calculated = load_workbook(tmp_path / "lo-out" / year_files.xlsx.name, data_only=True)
    checked = 0
    for name in formulas.sheetnames:
        sheet, values = formulas[name], cached[name]
        assert sheet.print_title_rows == "$1:$2" and sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToHeight == 0
        assert sheet.cell(3, 1).border.left.style == "thin" and sheet.cell(2, 2).border.bottom.style == "thin"
        last = sheet.max_row
        for column in range(1, sheet.max_column + 1):
            formula = sheet.cell(last, column).value
            if not (isinstance(formula, str) and formula.startswith("=")):
                continue
            value = values.cell(last, column).value
            above = [values.cell(r, column).value for r in range(3, last)]
            if formula.startswith("=SUM("):
                assert formula == f"=SUM({sheet.cell(3, column).column_letter}3:{sheet.cell(3, column).column_letter}" \
                                  f"{last - 1})"
                assert value == pytest.approx(exact(above)), (name, column)
            else:
                match = re.fullmatch(r"=ROUND\(100\*([A-Z]+)(\d+)/([A-Z]+)(\d+),2\)", formula)
                assert match, formula
                numerator = values[f"{match.group(1)}{match.group(2)}"].value
                denominator = values[f"{match.group(3)}{match.group(4)}"].value
                assert value == pytest.approx(round(100 * numerator / denominator, 2))
            assert calculated[name].cell(last, column).value == pytest.approx(value), (name, column, formula)
            checked += 1
    assert checked >= 20


def test_the_docx_opens_in_libreoffice_with_page_numbers_and_the_motto_on_one_line(year_files: RoundFiles,
                                                                                  tmp_path: Path) -> None:
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(year_files.docx)], check=True, capture_output=True, timeout=300)
    converted = tmp_path / year_files.docx.with_suffix(".pdf").name
    first = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(converted), "-"], check=True,
                           capture_output=True, text=True).stdout
    assert any("Độc lập - Tự do - Hạnh phúc" in line for line in first.splitlines())
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in first.splitlines())
    assert not first.strip().startswith("1")  # no number on the first page
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(converted)], capture_output=True,
                                                            text=True, check=True).stdout).group(1))
    assert pages > 5
    for page in (2, 3, pages):
        top = text_of(converted, page, page).strip().splitlines()[0].strip()
        assert top == str(page), (page, top)
    document = Document(str(year_files.docx))
    header = document.tables[0]._tbl.xml  # the short lines under the issuing body and under the motto
    assert header.count("<w:pBdr>") == 2 and 'w:type="fixed"' in header
    table = document.tables[1]  # the status table: the PDF's widths, not equal ones
    widths = {int(c.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w"))
              for c in table._tbl.tblGrid.findall(
                  "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridCol")}
    assert len(widths) > 2


def test_an_ad_hoc_round_expects_only_the_addressees(round_scenario: RoundScenario, tmp_path: Path) -> None:
    request = round_scenario.request
    assert request is not None
    with Store.open(round_scenario.store, readonly=True) as store:
        files = write_round(store, request.id, tmp_path, round_=adhoc_round(request))
    text = flat(text_of(files.pdf))
    assert "Thực hiện Công văn số 123/BCT-ATMT ngày" in text
    assert (f"đã nhận báo cáo của {ADHOC_ANSWERED}/{ADHOC_ADDRESSEES} tỉnh, thành phố (đúng hạn: {ADHOC_ANSWERED}"
            in text)
    rows = list(load_workbook(files.xlsx)["Gửi báo cáo"].iter_rows(min_row=3, values_only=True))
    assert len(rows) == ADHOC_ADDRESSEES
    issues = list(load_workbook(files.xlsx)["Khó khăn 1"].iter_rows(min_row=3, values_only=True))
    assert sorted(r[2] for r in issues) == sorted(round_scenario.adhoc.values())
    assert len(files.reminders) == 1 and len(files.reminders[0].emails) + len(files.reminders[0].without_email) == \
        ADHOC_ADDRESSEES - ADHOC_ANSWERED


def test_rounds_and_what_feeds_them() -> None:
    year = parse_round("2026")
    assert [(f.form.id, f.period) for f in year.feeds] == [
        ("ct20.province", "2026"), ("ct20.enterprise", "2026"), ("ct20.ministry-unit", "2026-H2")]
    assert year.due.isoformat() == "2026-11-30"
    assert parse_round("2025").due.isoformat() == "2025-12-31"
    half = parse_round("2026-H1")
    assert [(f.form.id, f.period) for f in half.feeds] == [("ct20.ministry-unit", "2026-H1")]
    assert half.due.isoformat() == "2026-06-20"
    adhoc = parse_round("adhoc-2026-03-15")
    assert {f.period for f in adhoc.feeds} == {"adhoc-2026-03-15"} and len(adhoc.feeds) == 3
    for wrong in ("2024", "2026-H2", "bao-cao", ""):
        with pytest.raises(RoundError):
            parse_round(wrong)


@pytest.fixture(params=["sqlite", "postgresql"])
def round_store(request: pytest.FixtureRequest, round_scenario: RoundScenario, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A copy of the round's consolidator store; with "postgresql" its Inbox moved onto a throw-away
    shared Inbox (`migrate-from-local`)."""
    from desktop.store.pg import PgInboxStore, init_inbox
    from desktop.store.pg.transfer import migrate_from_local
    from desktop.store.shared import SharedInbox
    from tests.pgtest import throwaway_database

    path = tmp_path / "atmt.sqlite3"
    shutil.copyfile(round_scenario.store, path)
    if request.param == "sqlite":
        with Store.open(path) as store:
            yield store
        return
    with throwaway_database() as url:
        init_inbox(url)
        with SharedInbox(Store.open(path), PgInboxStore.open(url)) as shared:
            migrate_from_local(shared.local, shared.inbox)
            yield shared


def workbook_values(path: Path) -> dict[str, list[tuple]]:
    book = load_workbook(path, data_only=True)
    return {name: list(book[name].iter_rows(values_only=True)) for name in book.sheetnames}


def test_a_correction_request_marks_the_reporter_until_it_sends_again(round_store: Store, year_files: RoundFiles,
                                                                      round_scenario: RoundScenario,
                                                                      signers: dict, tmp_path: Path) -> None:
    """Cục ATMT asks HABECO to correct its report: the round marks it, counts it as received, still
    sums its figures (marked), and the corporations' reminder letter asks it for the correction."""
    from desktop.inbox.receipts import issue_receipt

    habeco = next(r for r in round_store.list_inbox_packages(form_id="ct20.enterprise") if r.org_id == "habeco")
    issue_receipt(round_store, habeco.id, "correction_requested", tmp_path / "receipts", signers["second"],
                  message="Thiếu số liệu chất thải nguy hại")
    files = write_round(round_store, str(round_scenario.year), tmp_path / "out")
    text = flat(text_of(files.pdf))
    assert "đã nhận báo cáo của 3/4 tổng công ty, doanh nghiệp (đúng hạn: 2, muộn hạn: 0, đề nghị chỉnh sửa: 1)" in text
    status = {row[1]: row for row in workbook_values(files.xlsx)["Gửi báo cáo"][2:]}
    name = next(org["name"] for org in REGISTRY["organizations"] if org["id"] == "habeco")
    assert status[name][3] == "Đề nghị chỉnh sửa" and "chờ báo cáo thay thế" in status[name][5]
    corporations = flat(text_of(Path(files.reminders[1].pdf)))
    assert "Hà Nội" in corporations or "HABECO" in corporations or "Bia" in corporations
    assert "Đơn vị đánh dấu (*): Cục ATMT đã đề nghị chỉnh sửa, bổ sung báo cáo" in text
    # the same figures as before the request, its rows marked; from SQLite or from the shared Inbox
    before, after = workbook_values(year_files.xlsx), workbook_values(files.xlsx)
    assert before.keys() == after.keys()
    marked = [row for sheet in after.values() for row in sheet if f"{name} (*)" in row]
    assert len(marked) >= 3  # the plans, the corporations' results, the difficulties
    for sheet in before:
        if sheet != "Gửi báo cáo":
            unmarked = [tuple(name if cell == f"{name} (*)" else cell for cell in row) for row in after[sheet]]
            assert before[sheet] == unmarked, sheet


def test_the_command_refuses_a_round_mixed_with_a_form(round_scenario: RoundScenario, tmp_path: Path) -> None:
    db = tmp_path / "atmt.sqlite3"
    shutil.copyfile(round_scenario.store, db)
    mixed = ct20(db, "inbox", "consolidate", "--round", "2026", "--form", "ct20.province", "--out", str(tmp_path))
    assert mixed.code == 2 and "--round" in mixed.err
    before = ct20(db, "inbox", "consolidate", "--round", "2024", "--out", str(tmp_path))
    assert before.code == 2 and "2025" in before.err
    neither = ct20(db, "inbox", "consolidate", "--out", str(tmp_path))
    assert neither.code == 2
    plain = ct20(db, "inbox", "consolidate", "--round", str(round_scenario.year), "--out", str(tmp_path / "o"))
    assert plain.code == 0 and f"BC-ATMT-{round_scenario.year}.pdf" in plain.out and "CV-don-doc" in plain.out


def test_the_half_year_round_is_the_ministry_units_first_half(round_scenario: RoundScenario, pki: TestPki,
                                                              signers: dict, tmp_path: Path) -> None:
    """`2026-H1`: only the Ministry units' first-half reports feed it (due 10/6); two units sent
    theirs late (signed now), the rest are missing; no province or corporation section."""
    import datetime as dt

    from desktop.export.service import export_report
    from desktop.inbox.importer import import_packages
    from desktop.reporting.reports import create_report, fill_report
    from desktop.signing.signers import VN_TZ
    from tests.inbox.round_scenario import unit_values

    period = f"{round_scenario.year}-H1"
    folder = tmp_path / "h1"
    folder.mkdir()
    sent = {}
    values = {}
    for index, org_id in enumerate(UNITS[:2]):
        with Store.open(tmp_path / f"{org_id}.sqlite3") as reporter:
            report_id = create_report(reporter, form_id="ct20.ministry-unit", org_id=org_id, period=period)
            fill_report(reporter, report_id, unit_values(index + 7, org_id, reporter, report_id))
            moment = dt.datetime.now(VN_TZ).replace(microsecond=0) - dt.timedelta(hours=1, minutes=index)
            sent[export_report(reporter, report_id, folder, signers["main"], now=moment).package_path] = moment
            values[org_id] = reporter.get_values(report_id)
    db = tmp_path / "atmt.sqlite3"
    shutil.copyfile(round_scenario.store, db)
    with Store.open(db) as store:
        assert import_packages(store, [folder], trust_paths=[pki.root_pem], received=sent).all_valid
        files = write_round(store, period, tmp_path / "out")
    text = flat(text_of(files.pdf))
    units = len(registry_orgs("ct20.ministry-unit"))
    assert f"Tình hình thực hiện Chỉ thị số 20/CT-TTg ngày 12/7/2025 của Thủ tướng Chính phủ 6 tháng đầu năm " \
           f"{round_scenario.year}" in text
    assert f"trước ngày 20/06/{round_scenario.year}" in text
    assert (f"Các đơn vị thuộc Bộ (hạn gửi 10/06/{round_scenario.year}): đã nhận báo cáo của 2/{units} đơn vị thuộc "
            "Bộ (đúng hạn: 0, muộn hạn: 2") in text
    assert "Các Sở Công Thương (hạn gửi" not in text and "TÌNH HÌNH BAN HÀNH KẾ HOẠCH" not in text
    assert "CỦA CÁC SỞ CÔNG THƯƠNG" not in text and "Sở Công Thương tỉnh" not in text
    rows = list(load_workbook(files.xlsx)["Nhiệm vụ"].iter_rows(min_row=3, values_only=True))
    reported = {(r[2], r[4]) for r in rows if r[4] != "Chưa báo cáo"}
    assert reported == {(t["task"], STATUS_LABELS[t["status"]]) for v in values.values() for t in v["tasks"]}
    assert len(files.reminders) == 1  # to the units still missing
