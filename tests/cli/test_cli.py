"""The `ct20` command-line contract (cli.md) on a real store file."""

from __future__ import annotations

import json
import sqlite3
import unicodedata

import pytest

from tests.cli.conftest import write_json
from tests.forms.samples import province

PROVINCE_IDS = {
    "so-ct-" + slug for slug in ["ha-noi", "hai-phong", "hue", "da-nang", "ho-chi-minh", "can-tho", "lai-chau", "dien-bien", "son-la", "lang-son", "cao-bang", "quang-ninh", "thanh-hoa", "nghe-an", "ha-tinh", "tuyen-quang", "lao-cai", "thai-nguyen", "phu-tho", "bac-ninh", "hung-yen", "ninh-binh", "quang-tri", "quang-ngai", "gia-lai", "khanh-hoa", "lam-dong", "dak-lak", "dong-nai", "tay-ninh", "vinh-long", "dong-thap", "ca-mau", "an-giang"]
}


def new_report(ct20, form="ct20.province", org="so-ct-ninh-binh", period="2025") -> str:
    result = ct20("report", "new", "--form", form, "--org", org, "--period", period, "--json")
    assert result.code == 0, result.err
    return result.json["id"]


def snapshot(db, report_id):
    """Everything stored about a report: its row and its history."""
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table'")]
        state = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f"pragma table_info('{table}')")]
            if table.startswith("audit"):
                continue
            if "report_id" in columns or table == "reports":
                key = "id" if table == "reports" else "report_id"
                state[table] = [tuple(r) for r in conn.execute(f"select * from {table} where {key}=?", (report_id,))]
    return state


def test_forms_list(ct20):
    result = ct20("forms", "list", "--json", use_db=False)
    assert result.code == 0
    ids = {f["id"] for f in result.json}
    assert ids == {"ct20.province", "ct20.enterprise", "ct20.ministry-unit", "kh1375.unit"}
    assert sorted(f"{f['id']}@{f['version']}" for f in result.json if f["title"]) == [
        "ct20.enterprise@2025.1", "ct20.ministry-unit@2025.1",
        "ct20.ministry-unit@2025.2",  # with the proposals to amend the plan (III.6 of Decision 2678)
        "ct20.province@2025.1", "kh1375.unit@2025.1"]


def test_orgs_list_has_the_34_provinces(ct20):
    result = ct20("orgs", "list", "--json")
    assert result.code == 0
    provinces = {o["id"] for o in result.json if o["kind"] == "province"}
    assert provinces == PROVINCE_IDS
    assert {"vinapaco", "habeco", "mie", "veam", "cuc-atmt", "cuc-hoa-chat"} <= {o["id"] for o in result.json}
    ninh_binh = next(o for o in result.json if o["id"] == "so-ct-ninh-binh")
    assert ninh_binh["name"] == "Sở Công Thương tỉnh Ninh Bình"


def test_user_added_organisation_is_listed_and_usable(ct20):
    added = ct20("orgs", "add", "--id", "cty-giay-sai-gon", "--kind", "enterprise",
                 "--name", "Công ty cổ phần Giấy Sài Gòn", "--json")
    assert added.code == 0, added.err
    assert "cty-giay-sai-gon" in {o["id"] for o in ct20("orgs", "list", "--json").json}
    assert ct20("orgs", "add", "--id", "cty-giay-sai-gon", "--kind", "enterprise", "--name", "X").code == 2
    new_report(ct20, form="ct20.enterprise", org="cty-giay-sai-gon")


def test_a_user_added_ministry_unit_is_given_tasks_its_report_lists(ct20):
    coordinate = ("Phối hợp với Cục ATMT tổ chức triển khai thực hiện Chương trình phát triển ngành công nghiệp môi "
                  "trường Việt Nam giai đoạn 2025-2030")
    added = ct20("orgs", "add", "--id", "vu-tccb", "--kind", "ministry-unit", "--name", "Vụ Tổ chức cán bộ",
                 "--parent-body", "BỘ CÔNG THƯƠNG", "--task", coordinate, "--timeframe", "2025-2030",
                 "--task", "Bố trí cán bộ đầu mối theo dõi công tác bảo vệ môi trường")
    assert added.code == 0, added.err
    report_id = new_report(ct20, form="ct20.ministry-unit", org="vu-tccb", period="2025-H2")
    tasks = ct20("report", "show", report_id).json["tasks"]
    assert tasks == [{"task_id": "vu-tccb-1", "task": coordinate, "timeframe": "2025-2030"},
                     {"task_id": "vu-tccb-2", "task": "Bố trí cán bộ đầu mối theo dõi công tác bảo vệ môi trường"}]
    too_many = ct20("orgs", "add", "--id", "vu-khac", "--kind", "ministry-unit", "--name", "Vụ khác",
                    "--task", "Một nhiệm vụ", "--timeframe", "2025", "--timeframe", "2026")
    assert too_many.code == 2 and "--timeframe" in too_many.err
    empty = ct20("orgs", "add", "--id", "vu-khac", "--kind", "ministry-unit", "--name", "Vụ khác", "--task", " ")
    assert empty.code == 2 and "vu-khac" in empty.err
    assert "vu-khac" not in {o["id"] for o in ct20("orgs", "list", "--json").json}


def test_new_report_prefills_header_and_refuses_mismatches(ct20):
    report_id = new_report(ct20)
    values = ct20("report", "show", report_id).json
    assert values["document"]["place"] == "Ninh Bình"
    assert values["document"]["authority"] == "none"
    wrong_form = ct20("report", "new", "--form", "ct20.enterprise", "--org", "so-ct-ninh-binh", "--period", "2025")
    assert wrong_form.code == 2 and "Tổng công ty, doanh nghiệp" in wrong_form.err  # the form by its title
    bad_period = ct20("report", "new", "--form", "ct20.province", "--org", "so-ct-ha-noi", "--period", "2025-H1")
    assert bad_period.code == 2
    duplicate = ct20("report", "new", "--form", "ct20.province", "--org", "so-ct-ninh-binh", "--period", "2025")
    assert duplicate.code == 2 and report_id in duplicate.err
    unknown = ct20("report", "new", "--form", "ct20.province", "--org", "so-ct-atlantis", "--period", "2025")
    assert unknown.code == 2 and "so-ct-atlantis" in unknown.err


def test_ministry_unit_report_is_prefilled_with_its_tasks(ct20):
    report_id = new_report(ct20, form="ct20.ministry-unit", org="cuc-hoa-chat", period="2025-H2")
    tasks = ct20("report", "show", report_id).json["tasks"]
    assert len(tasks) >= 2 and all(t["task"] and t["task_id"] for t in tasks)
    kh = new_report(ct20, form="kh1375.unit", org="cuc-hoa-chat", period="2025")
    assert len(ct20("report", "show", kh).json["priority_tasks"]) == 29


def test_fill_then_validate_a_clean_report(ct20, tmp_path):
    report_id = new_report(ct20)
    fill = ct20("report", "fill", report_id, "--from", str(write_json(tmp_path / "v.json", province())), "--json")
    assert fill.code == 0, fill.err
    assert fill.json["id"] == report_id and fill.json["changed"] > 20
    check = ct20("report", "validate", report_id, "--json")
    assert check.code == 0, check.out
    assert check.json == {"errors": [], "warnings": []}
    again = ct20("report", "fill", report_id, "--from", str(tmp_path / "v.json"), "--json")
    assert again.json["changed"] == 0


def test_validate_exits_1_with_paths_and_both_languages_and_says_it_in_user_words(ct20, tmp_path):
    report_id = new_report(ct20)
    values = province()
    values["clusters"]["wastewater"][1]["design_capacity_m3d"] = 0
    ct20("report", "fill", report_id, "--from", str(write_json(tmp_path / "v.json", values)))
    check = ct20("report", "validate", report_id, "--json", "--lang", "en")
    assert check.code == 1
    error = next(e for e in check.json["errors"] if e["path"] == "clusters.wastewater[1].design_capacity_m3d")
    assert error["message"] == error["messages"]["en"] and error["messages"]["vi"] != error["messages"]["en"]
    human = ct20("report", "validate", report_id)
    assert human.code == 1 and f"Lỗi: {error['messages']['vi']}" in human.out.splitlines()
    assert "dòng 2" in error["messages"]["vi"] and "row 2" in error["messages"]["en"]
    assert "clusters." not in human.out and "design_capacity" not in human.out  # no internal key


def test_fill_accepts_vietnamese_numbers_dotted_keys_and_repairs_nfd(ct20, tmp_path):
    report_id = new_report(ct20)
    nfd_name = unicodedata.normalize("NFD", "  Cụm công nghiệp Gián Khẩu ")
    data = {
        "clusters.established": "1.234",
        "clusters": {"operating": 12, "wastewater": [
            {"name": nfd_name, "area_ha": "1.234,5", "wastewater_m3d": "1234.5", "wwtp_status": "Đang vận hành",
             "design_capacity_m3d": "2.000", "data_transmitted": "có", "auto_monitoring": "yes"}]},
        "document.date": "10/11/2025",
        "difficulties": unicodedata.normalize("NFD", "Khó khăn về kinh phí"),
    }
    assert ct20("report", "fill", report_id, "--from", str(write_json(tmp_path / "v.json", data))).code == 0
    values = ct20("report", "show", report_id).json
    row = values["clusters"]["wastewater"][0]
    assert row["name"] == "Cụm công nghiệp Gián Khẩu" and unicodedata.is_normalized("NFC", row["name"])
    assert row["area_ha"] == 1234.5 and row["wastewater_m3d"] == 1234.5 and row["design_capacity_m3d"] == 2000
    assert row["wwtp_status"] == "operating" and row["data_transmitted"] is True
    assert values["clusters"]["established"] == 1234
    assert values["document"]["date"] == "2025-11-10"
    assert values["difficulties"] == "Khó khăn về kinh phí"


def test_null_and_empty_remove_a_value(ct20, tmp_path):
    report_id = new_report(ct20)
    ct20("report", "fill", report_id, "--from", str(write_json(tmp_path / "a.json", {"proposals": "Đề nghị"})))
    ct20("report", "fill", report_id, "--from", str(write_json(tmp_path / "b.json", {"proposals": "  "})))
    assert "proposals" not in ct20("report", "show", report_id).json


@pytest.mark.parametrize(("content", "named"), [
    ({"clusters": {"operatin": 3}}, "clusters.operatin"),
    ({"clusters.operating": "ba"}, "clusters.operating"),
    ({"clusters.operating": 2.5}, "clusters.operating"),
    ({"clusters.established": True}, "clusters.established"),
    ({"document.date": "31/02/2025"}, "document.date"),
    ({"program.plan_status": "done"}, "program.plan_status"),
    ({"clusters.wastewater": [{"name": "A", "colour": "red"}]}, "clusters.wastewater[0].colour"),
    ({"clusters.wastewater": [{"name": "A"}, {"name": "B", "area_ha": "NaN"}]}, "clusters.wastewater[1].area_ha"),
    ({"clusters.wastewater": {"name": "A"}}, "clusters.wastewater"),
    ({"difficulties": "x" * 20001}, "difficulties"),
    ({"clusters.inspections": 1e300}, "clusters.inspections"),
])
def test_fill_refuses_bad_input_naming_the_key_and_changes_nothing(ct20, tmp_path, db, content, named):
    report_id = new_report(ct20)
    ct20("report", "fill", report_id, "--from", str(write_json(tmp_path / "ok.json", province())))
    before = snapshot(db, report_id)
    values_before = ct20("report", "show", report_id).out
    bad = {"difficulties": "Một thay đổi hợp lệ đi cùng một giá trị sai", **content}
    result = ct20("report", "fill", report_id, "--from", str(write_json(tmp_path / "bad.json", bad)))
    assert result.code == 2
    assert named in result.err and "Traceback" not in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert snapshot(db, report_id) == before
    assert ct20("report", "show", report_id).out == values_before


def test_fill_refuses_malformed_json_naming_the_line(ct20, tmp_path, db):
    report_id = new_report(ct20)
    before = snapshot(db, report_id)
    path = tmp_path / "broken.json"
    path.write_text('{\n  "difficulties": "ok",\n  "proposals": "missing quote\n}\n', encoding="utf-8")
    result = ct20("report", "fill", report_id, "--from", str(path), "--lang", "en")
    assert result.code == 2 and "line 3" in result.err
    assert snapshot(db, report_id) == before
    for raw in (b'{"clusters.established": NaN}', b"\xff\xfe garbage", b"[1, 2]"):
        path.write_bytes(raw)
        assert ct20("report", "fill", report_id, "--from", str(path)).code == 2
    assert ct20("report", "fill", report_id, "--from", str(tmp_path / "missing.json")).code == 2
    assert snapshot(db, report_id) == before


def test_unknown_report_and_usage_errors_exit_2(ct20):
    assert ct20("report", "show", "no-such-report").code == 2
    result = ct20("report", "frobnicate")
    assert result.code == 2 and result.err.strip()
    assert ct20("forms", "schema", "ct20.nothing", use_db=False).code == 2


def test_backup_and_restore_round_trip(ct20, tmp_path, db):
    report_id = new_report(ct20)
    ct20("report", "fill", report_id, "--from", str(write_json(tmp_path / "v.json", province())))
    backup = tmp_path / "backup.sqlite3"
    assert ct20("backup", "--out", str(backup)).code == 0 and backup.exists()
    ct20("report", "fill", report_id, "--from", str(write_json(tmp_path / "w.json", {"difficulties": "Đã sửa"})))
    assert ct20("restore", str(backup)).code == 0
    assert ct20("report", "show", report_id).json["difficulties"] == province()["difficulties"]
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database" * 100)
    assert ct20("restore", str(garbage)).code == 2
    assert ct20("report", "show", report_id).json["difficulties"] == province()["difficulties"]


def test_real_process_entry_point_and_vietnamese_errors(ct20_process, tmp_path):
    result = ct20_process("--version")
    assert result.code == 0 and result.out.startswith("ct20 ")
    created = ct20_process("report", "new", "--form", "ct20.province", "--org", "so-ct-hue", "--period", "2025", "--json")
    assert created.code == 0, created.err
    report_id = json.loads(created.out)["id"]
    bad = write_json(tmp_path / "bad.json", {"clusters": {"operating": "nhiều"}})
    refused = ct20_process("report", "fill", report_id, "--from", str(bad))
    assert refused.code == 2
    assert "clusters.operating" in refused.err and "Traceback" not in refused.err


def test_xlsx_written_by_the_app_fills_back(ct20, tmp_path):
    source = new_report(ct20)
    ct20("report", "fill", source, "--from", str(write_json(tmp_path / "v.json", province(rows=25))))
    workbook = tmp_path / "values.xlsx"
    assert ct20("report", "show", source, "--xlsx", str(workbook)).code == 0
    target = new_report(ct20, org="so-ct-hue")
    filled = ct20("report", "fill", target, "--from", str(workbook), "--json")
    assert filled.code == 0, filled.err
    assert ct20("report", "show", target).json == ct20("report", "show", source).json


def test_xlsx_edited_by_a_person_is_read_with_vietnamese_numbers(ct20, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "values"
    sheet.append(["key", "label", "value"])
    sheet.append(["clusters.established", "Số cụm", "1.234"])
    table = book.create_sheet("clusters.wastewater")
    table.append(["Tên cụm công nghiệp [name]", "Diện tích (ha) [area_ha]", "wwtp_status"])
    table.append(["CCN Khánh Phú", "12,5", "Chưa có"])
    path = tmp_path / "edited.xlsx"
    book.save(path)
    report_id = new_report(ct20)
    assert ct20("report", "fill", report_id, "--from", str(path)).code == 0
    values = ct20("report", "show", report_id).json
    assert values["clusters"]["established"] == 1234
    assert values["clusters"]["wastewater"] == [{"name": "CCN Khánh Phú", "area_ha": 12.5, "wwtp_status": "none"}]
    garbage = tmp_path / "garbage.xlsx"
    garbage.write_bytes(b"PK not really")
    refused = ct20("report", "fill", report_id, "--from", str(garbage))
    assert refused.code == 2 and "garbage.xlsx" in refused.err
