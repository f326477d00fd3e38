"""The plan round of Decision 1375/QĐ-TTg: the Ministry's yearly and end-of-period report to the
Prime Minister, built from real `kh1375.unit` packages signed with the test PKI and imported into
the Inbox; every figure is checked against a value computed here from the inputs."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from desktop.cli.parser import main
from desktop.export.datafile import build_data_file
from desktop.forms import Period, get_form
from desktop.forms.loader import DefinitionError
from desktop.forms.plan_round import read_plan_round
from desktop.inbox.decisions import Actor, pin_certificate
from desktop.inbox.doc_refs import references
from desktop.inbox.importer import import_packages
from desktop.inbox.plan_report import PlanRoundError, is_plan_round, parse_plan_round, write_plan_round
from desktop.package import asic
from desktop.registry import all_organizations, get_organization
from desktop.signing import pdfsign
from desktop.signing.signers import VN_TZ
from desktop.store import Store
from tests.export.helpers import SIGNATURE_BOX, report_pdf
from tests.export.reports import load_full
from tests.inbox.helpers import ec_signer
from tests.pki import TestPki

PROGRAMMES = json.loads((Path(__file__).resolve().parents[2] / "desktop/forms/data/kh1375-priority-tasks.json")
                        .read_text(encoding="utf-8"))
FIXED = ("number", "name", "timeframe", "lead", "product")
ORDER = ["completed", "recurring", "in_progress", "not_started"]
LABELS = {"completed": "đã hoàn thành", "recurring": "thực hiện thường xuyên", "in_progress": "đang triển khai",
          "not_started": "chưa triển khai"}
# What each reporter says, by (organisation, year): the programmes' status, the documents it names
# (canonical key → how it writes it), how many documents it says were issued, the three shares.
REPORTS: dict[tuple[str, int], dict[str, Any]] = {
    ("so-ct-ha-noi", 2025): {"status": {"1": "in_progress", "6": "completed", "29": "recurring"},
                             "docs": {"2/2022/TT-BCT": "Thông tư số 02/2022/TT-BCT",
                                      "15/2023/QĐ-UBND": "Quyết định số 15/2023/QĐ-UBND"},
                             "outputs": {"6": ("41/2025/QĐ-UBND", "Quyết định số 41/2025/QĐ-UBND")},
                             "claimed": 3, "pct": (76.5, 82.3, 100), "difficulties": "Thiếu kinh phí (Hà Nội)."},
    ("so-ct-hai-phong", 2025): {"status": {"1": "completed", "23": "not_started"},
                                "docs": {"2/2022/TT-BCT": "thông tư 2/2022/tt-BCT"},
                                "outputs": {"1": ("2/2022/TT-BCT", "Thông tư 02/2022/TT-BCT")},
                                "claimed": 1, "pct": (70, 64.25, 95), "difficulties": None},
    ("habeco", 2025): {"status": {"9": "in_progress"}, "docs": {}, "outputs": {}, "claimed": None,
                       "pct": (None, 91, 100), "difficulties": "Chi phí công nghệ cao (HABECO)."},
    ("mie", 2025): {"status": {}, "docs": {}, "outputs": {}, "claimed": None, "pct": (55, None, None),
                    "difficulties": None},
    ("cuc-hoa-chat", 2025): {"status": {"10": "completed", "11": "in_progress", "6": "in_progress"},
                             "docs": {"33/2024/TT-BCT": "Thông tư số 33/2024/TT-BCT"},
                             "outputs": {"10": ("33/2024/TT-BCT", "Thông tư 33/2024/TT-BCT")},
                             "claimed": 1, "pct": (88, None, None), "difficulties": "Thiếu nhân lực (Cục Hóa chất)."},
    ("cuc-dien-luc", 2025): {"status": {"15": "completed", "16": "recurring"}, "docs": {}, "outputs": {},
                             "claimed": None, "pct": (None, 79.5, None), "difficulties": None},
    ("so-ct-ha-noi", 2024): {"status": {"1": "not_started", "29": "in_progress"},
                             "docs": {"15/2023/QĐ-UBND": "QĐ số 15/2023/QĐ-UBND"}, "outputs": {}, "claimed": 1,
                             "pct": (60, 70, 90), "difficulties": "Thiếu kinh phí năm 2024 (Hà Nội)."},
    ("cuc-hoa-chat", 2024): {"status": {"10": "in_progress"}, "docs": {}, "outputs": {}, "claimed": None,
                             "pct": (None, None, None), "difficulties": None},
}
SHARES = ("sources_inventoried_pct", "ash_slag_gypsum_reused_pct", "enterprises_trained_pct")


def values_of(spec: dict[str, Any]) -> dict[str, Any]:
    values = load_full("kh1375.unit")
    rows = []
    for programme in PROGRAMMES:
        row = {k: programme[k] for k in FIXED}
        status = spec["status"].get(programme["number"])
        if status:
            row["status"] = status
            if status != "not_started":
                row["result"] = f"Kết quả chương trình {programme['number']}."
        if programme["number"] in spec["outputs"]:
            row["outputs"] = spec["outputs"][programme["number"]][1]
        rows.append(row)
    values["priority_tasks"] = rows
    targets = values["targets"]
    targets["legal_documents"] = {"evidence": "; ".join(spec["docs"].values()) or "Không có văn bản mới."}
    if spec["claimed"] is not None:
        targets["legal_documents"]["achieved"] = spec["claimed"]
    for key, share in zip(SHARES, spec["pct"], strict=True):
        targets[key] = {"evidence": f"Minh chứng {key}."} if share is None else {"achieved": share,
                                                                               "evidence": f"Minh chứng {key}."}
    values["difficulties"] = spec["difficulties"] or "Không có khó khăn."  # required by kh1375.unit@2025.1
    values["proposals"] = f"Kiến nghị của {spec['status'] and 'đơn vị'}."
    return values


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory, pki: TestPki) -> Path:
    folder = tmp_path_factory.mktemp("kh1375")
    signer = ec_signer(pki, folder)
    moment = dt.datetime.now(VN_TZ).replace(microsecond=0) - dt.timedelta(hours=1)
    form = get_form("kh1375.unit")
    packages = folder / "packages"
    packages.mkdir()
    for (org_id, year), spec in REPORTS.items():
        data = build_data_file(form, values_of(spec), org=get_organization(org_id), period=Period.parse(str(year)),
                               report_id=str(uuid.uuid4()), revision=1, generated_at=moment)
        signed = pdfsign.sign_pdf(report_pdf(1), signer, SIGNATURE_BOX, data_json=data, signing_time=moment)
        built = asic.build_package(signed.data, data, [], signer, signing_time=moment)
        asic.write_package(packages, asic.package_file_name(form.id, org_id, str(year), 1), built.data)
    path = folder / "atmt.sqlite3"
    with Store.open(path) as store:
        for org_id in {org for org, _year in REPORTS}:
            pin_certificate(store, signer.certificate, org_id, "Danh sách người ký (thử nghiệm)",
                            by=Actor("ct20-test", ""), source="imported")
        result = import_packages(store, [packages], trust_paths=[pki.root_pem])
        assert result.count("imported") == len(REPORTS) and result.all_valid, result.items
    return path


def implementers() -> list[str]:
    return [o.id for o in all_organizations() if "kh1375.unit" in o.forms]


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    return flat(subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout)


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    return flat(" ".join("".join(n.text or "" for n in p.iter() if n.tag.endswith("}t"))
                         for p in doc.element.body.iter() if p.tag.endswith("}p")))


def sheet(path: Path, name: str) -> list[tuple]:
    return list(load_workbook(path)[name].iter_rows(min_row=3, values_only=True))


def expected_status(years: list[int]) -> dict[str, str]:
    """Each programme's overall status: the most advanced one of the newest report of each reporter."""
    newest: dict[str, dict[str, Any]] = {}
    for (org_id, year), spec in sorted(REPORTS.items(), key=lambda item: item[0][1]):
        if year in years:
            newest[org_id] = spec
    best: dict[str, str] = {}
    for spec in newest.values():
        for number, status in spec["status"].items():
            if number not in best or ORDER.index(status) < ORDER.index(best[number]):
                best[number] = status
    return best


def test_the_yearly_report_to_the_prime_minister(inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    code = main(["inbox", "consolidate", "--round", "1375-2025", "--out", str(tmp_path), "--db", str(inbox),
                 "--deadline", "2026-01-31", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and {"pdf", "docx", "xlsx", "reminders"} <= set(out)
    reporters_2025 = [org for org, year in REPORTS if year == 2025]
    m = len(implementers())
    for text in (pdf_text(Path(out["pdf"])), docx_text(Path(out["docx"]))):
        assert text.startswith("BỘ CÔNG THƯƠNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") or "BỘ CÔNG THƯƠNG" in text[:40]
        assert ("BÁO CÁO Kết quả thực hiện Kế hoạch bảo vệ môi trường ngành Công Thương giai đoạn 2020 - 2025 năm "
                "2025") in text
        assert "Kính gửi: Thủ tướng Chính phủ." in text
        assert ("Thực hiện Quyết định số 1375/QĐ-TTg ngày 08 tháng 9 năm 2020 của Thủ tướng Chính phủ phê duyệt Kế "
                f"hoạch bảo vệ môi trường ngành Công Thương giai đoạn 2020 - 2025 (sau đây gọi là Kế hoạch), trên cơ "
                f"sở báo cáo của {len(reporters_2025)}/{m} cơ quan, đơn vị") in text
        assert "2678" not in text and "các Sở Công Thương về" not in text
        assert "KT. BỘ TRƯỞNG THỨ TRƯỞNG" in text and "Văn phòng Chính phủ" in text
        for heading in ("Nhóm 1: Rà soát, hoàn thiện quy định pháp luật", "Nhóm 2: Phòng ngừa, kiểm soát",
                        "Nhóm 3: Tuyên truyền, phổ biến", "Đối với nhóm ngành công nghiệp nhẹ:",
                        "Đối với các hoạt động thương mại:"):
            assert heading in text
    # the programmes: all 29, with lead and coordinating bodies, and the status across reporters
    rows = [r for name in ("Nhóm 1", "Nhóm 2", "Nhóm 3") for r in sheet(Path(out["xlsx"]), name) if r[0]]
    assert [str(r[0]) for r in rows] == [p["number"] for p in PROGRAMMES]
    by_number = {str(r[0]): r for r in rows}
    assert by_number["21"][3] == "Bộ Công Thương, Bộ Tài nguyên và Môi trường"
    assert by_number["24"][3] == "Bộ Kế hoạch và Đầu tư"
    assert by_number["24"][4] == ("Bộ Công Thương, Bộ Tài nguyên và Môi trường, Ủy ban nhân dân các tỉnh, thành "
                                  "phố")
    ha_noi, hoa_chat = get_organization("so-ct-ha-noi").name, get_organization("cuc-hoa-chat").name
    assert by_number["6"][5] == f"Đã hoàn thành: {ha_noi}\nĐang triển khai: {hoa_chat}"
    assert by_number["2"][5] == "Chưa có cơ quan, đơn vị báo cáo"
    best = expected_status([2025])
    counts = {s: list(best.values()).count(s) for s in ORDER}
    counted = ", ".join(f"{counts[s]} {LABELS[s]}" for s in ORDER if counts[s])
    reporting = {org for (org, year), spec in REPORTS.items() if year == 2025 and spec["status"]}
    text = pdf_text(Path(out["pdf"]))
    assert (f"Trong 29 chương trình, dự án, đề án ưu tiên của Kế hoạch: {counted}, {29 - len(best)} chưa có cơ "
            f"quan, đơn vị báo cáo (theo báo cáo của {len(reporting)}/{m} cơ quan, đơn vị") in text
    # documents: each once, however many reporters name it
    documents = {key for (org, year), spec in REPORTS.items() if year == 2025
                 for key in [*spec["docs"], *[k for k, _w in spec["outputs"].values()]]}
    citing = {org for (org, year), spec in REPORTS.items() if year == 2025 and (spec["docs"] or spec["outputs"])}
    listed = sheet(Path(out["xlsx"]), "Văn bản đã ban hành")
    assert len(listed) == len(documents) == 4
    assert f"Các cơ quan, đơn vị đã nêu {len(documents)} văn bản đã ban hành" in text
    assert f"theo báo cáo của {len(citing)}/{m} cơ quan, đơn vị; mỗi văn bản chỉ tính một lần" in text
    assert sum(spec["claimed"] or 0 for (o, y), spec in REPORTS.items() if y == 2025) == 5 != len(documents)
    tt_bct = next(r for r in listed if r[1] in ("02/2022/TT-BCT", "2/2022/TT-BCT"))
    assert tt_bct[2] == f"{ha_noi}; {get_organization('so-ct-hai-phong').name}"
    # the shares: their range and on how many reports each rests
    for index, key in enumerate(SHARES):
        shares = [spec["pct"][index] for (o, y), spec in REPORTS.items() if y == 2025 and spec["pct"][index]
                  is not None]
        label = get_form("kh1375.unit").field(f"targets.{key}.achieved").label["vi"]
        low, high = min(shares), max(shares)
        fmt = lambda v: f"{v:g}".replace(".", ",")  # noqa: E731
        shown = f"{fmt(low)}%" if low == high else f"từ {fmt(low)}% đến {fmt(high)}%"
        assert f"{label}: {shown} (theo báo cáo của {len(shares)}/{m} cơ quan, đơn vị)." in text
    # difficulties by kind of reporter
    assert "1. Các Sở Công Thương" in text and "Thiếu kinh phí (Hà Nội)." in text
    assert "Thiếu kinh phí năm 2024" not in text  # not this year's
    assert "3. Các đơn vị thuộc Bộ Công Thương" in text and "Thiếu nhân lực (Cục Hóa chất)." in text
    status = sheet(Path(out["xlsx"]), "Gửi báo cáo")
    assert len(status) == m and sum(1 for r in status if r[2] == "Muộn hạn") == len(reporters_2025)  # after 31/01
    # the list of all 48 goes to an annex after the signature; the body keeps the sentence
    assert text.index("Chi tiết tại Phụ lục I kèm theo.") < text.index("Nơi nhận:") < text.index(
        "PHỤ LỤC I Phụ lục I. Tình hình gửi báo cáo năm 2025")
    # the reminder letter to the implementers still missing after the deadline the officer set
    missing = [org for org in implementers() if org not in reporters_2025 and org != "cuc-atmt"]  # not itself
    [letter] = out["reminders"]
    assert letter["without_email"] == missing and letter["emails"] == []
    letter_text = pdf_text(Path(letter["pdf"]))
    assert f"chưa nhận được báo cáo của {len(missing)} cơ quan, đơn vị (danh sách kèm theo)" in letter_text
    assert all(f"{get_organization(org).name.removesuffix(' - CTCP')}" in letter_text for org in missing)
    assert get_organization("habeco").name not in letter_text
    assert "trước ngày 31/01/2026 để tổng hợp, báo cáo Thủ tướng Chính phủ" in letter_text
    assert "Thực hiện Quyết định số 1375/QĐ-TTg" in letter_text


def test_the_end_of_period_report_reads_every_year(inbox: Path, tmp_path: Path) -> None:
    with Store.open(inbox, readonly=True) as store:
        files = write_plan_round(store, "1375-2020-2025", tmp_path)
    text = pdf_text(files.pdf)
    m = len(implementers())
    assert "BÁO CÁO Tổng kết thực hiện Kế hoạch bảo vệ môi trường ngành Công Thương giai đoạn 2020 - 2025" in text
    assert "kết quả thực hiện Kế hoạch giai đoạn 2020 - 2025 như sau" in text
    reporters = {org for org, _year in REPORTS}
    assert f"trên cơ sở báo cáo của {len(reporters)}/{m} cơ quan, đơn vị" in text
    assert f"2020 - 2025, {len(reporters)}/{m} cơ quan, đơn vị thực hiện Kế hoạch đã gửi báo cáo ít nhất một năm" in text
    assert "năm 2024: 2/" in text and "năm 2023: 0/" in text
    # documents across the years, each once: Hà Nội's 15/2023/QĐ-UBND of 2024 and 2025 counts once
    documents = {key for spec in REPORTS.values() for key in [*spec["docs"], *[k for k, _w in spec["outputs"].values()]]}
    assert len(sheet(files.xlsx, "Văn bản đã ban hành")) == len(documents)
    assert f"Các cơ quan, đơn vị đã nêu {len(documents)} văn bản đã ban hành" in text
    # the programmes' status from each reporter's newest report: Hà Nội's programme 1 is in progress (2025)
    rows = {str(r[0]): r for name in ("Nhóm 1", "Nhóm 2", "Nhóm 3") for r in sheet(files.xlsx, name) if r[0]}
    best = expected_status(list(range(2020, 2026)))
    for number, status in best.items():
        assert rows[number][5].split(":")[0].lower() == LABELS[status]
    assert "Chưa triển khai" not in rows["1"][5]  # Hà Nội's 2024 status was replaced by its 2025 one
    status = sheet(files.xlsx, "Gửi báo cáo")
    assert [c for c in status[0][2:]] and len(status[0]) == 2 + 6
    assert "Năm 2024: Thiếu kinh phí năm 2024 (Hà Nội).\nNăm 2025: Thiếu kinh phí (Hà Nội)." in [
        r[2] for r in sheet(files.xlsx, "Khó khăn - Sở Công Thương")]


def test_round_ids(tmp_path: Path) -> None:
    assert is_plan_round("1375-2025") and is_plan_round("1375-2020-2025") and not is_plan_round("2026-H1")
    assert parse_plan_round("1375-2022").years == (2022,)
    for bad in ("1375-2019", "1375-2026", "1375-2021-2025", "9999-2025", "1375"):
        with pytest.raises(PlanRoundError):
            parse_plan_round(bad)
    code = main(["inbox", "consolidate", "--round", "1375-2019", "--out", str(tmp_path), "--db",
                 str(tmp_path / "x.sqlite3")])
    assert code == 2 and not list(tmp_path.glob("*.pdf"))


def test_a_renamed_field_is_named_by_the_loader(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[2] / "desktop/forms/data/round-1375.json"
    data = json.loads(source.read_text(encoding="utf-8"))
    data["documents"]["lists"][1] = "priority_tasks.products"
    (tmp_path / "round-1375.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        read_plan_round(tmp_path / "round-1375.json")
    assert caught.value.where == "documents.lists[1]" and "priority_tasks.products" in caught.value.problem
    data["documents"]["lists"][1] = "priority_tasks.outputs"
    data["status_order"] = ["completed", "in_progress"]
    (tmp_path / "round-1375.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        read_plan_round(tmp_path / "round-1375.json")
    assert caught.value.where == "status_order"


def test_the_programmes_match_the_decision() -> None:
    """The appendix of Decision 1375: 29 programmes in 3 groups, each with its lead and coordinating bodies."""
    assert [p["number"] for p in PROGRAMMES] == [str(n) for n in range(1, 30)]
    groups = [p["group"] for p in PROGRAMMES]
    assert [g.split(":")[0] for g in dict.fromkeys(groups)] == ["Nhóm 1", "Nhóm 2", "Nhóm 3"]
    assert groups.count(groups[0]) == 7 and groups.count(groups[-1]) == 2
    assert all(p["coordinating"] and p["lead"] for p in PROGRAMMES)
    subgroups = list(dict.fromkeys(p.get("subgroup") for p in PROGRAMMES if p.get("subgroup")))
    assert subgroups == ["Đối với nhóm ngành công nghiệp nhẹ", "Đối với nhóm ngành công nghiệp nặng",
                         "Đối với ngành công nghiệp điện", "Đối với ngành khai thác tài nguyên và khoáng sản",
                         "Đối với các khu công nghiệp, cụm công nghiệp", "Đối với các hoạt động thương mại"]
    assert PROGRAMMES[2]["coordinating"] == "Các Hiệp hội, doanh nghiệp liên quan"


def test_document_references_are_normalised() -> None:
    found = references("Thông tư số 02/2022/TT-BCT; thông tư 2 / 2022 / tt-bct; QĐ 1375/QĐ-TTg ngày 08/9/2020; "
                       "Kế hoạch 178/KH-UBND; 12/2023/15-20")
    assert [key for key, _w in found] == ["2/2022/TT-BCT", "1375/QĐ-TTG", "178/KH-UBND"]
    assert found[0][1] == "02/2022/TT-BCT"
    assert re.search("QĐ-TTg", found[1][1])


def test_the_per_form_data_annex_does_not_add_up_documents(inbox: Path, tmp_path: Path) -> None:
    """`--period 2025 --form kh1375.unit` stays; its indicator table leaves the documents' total
    empty (the same circular named by two reporters is one document) and says why."""
    from desktop.inbox.outputs import write_consolidation

    with Store.open(inbox, readonly=True) as store:
        files = write_consolidation(store, "2025", "kh1375.unit", tmp_path)
    book = load_workbook(files.xlsx)
    [name] = [n for n in book.sheetnames if n.startswith("Mục I") and "số liệu" in n]
    rows = list(book[name].iter_rows(min_row=3, values_only=True))
    claimed = [spec["claimed"] for (o, y), spec in REPORTS.items() if y == 2025 and spec["claimed"] is not None]
    assert sorted(r[2] for r in rows[:-1] if r[2] is not None) == sorted(claimed)
    assert rows[-1][1] == "Tổng cộng" and rows[-1][2] is None
    assert "Số văn bản đã ban hành không được cộng" in pdf_text(files.pdf)
