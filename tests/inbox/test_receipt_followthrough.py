"""Receipts and decisions that follow through (issue 13, point 7), on SQLite and on the shared
PostgreSQL Inbox: the officer's numbering, "KT. CỤC TRƯỞNG" for a deputy, a receipt for a rejected
package with its reasons in plain words (addressed to the sender, never to the organisation an
invalid package only claims), and a correction request that marks the reporter on the board until
the corrected revision arrives. Receipts are read back with pdftotext and a plain zip reader."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop.inbox.board import build_board, row_state_text
from desktop.inbox.board_xlsx import board_xlsx
from desktop.inbox.decisions import Actor, decide, decision_facts
from desktop.inbox.importer import import_packages
from desktop.inbox.receipt_signatory import NumberingError, Signatory, configure_numbering
from desktop.inbox.receipts import ReceiptError, import_receipt, issue_receipt
from desktop.signing.signers import VN_TZ, OpenedSigner
from desktop.store import Store
from tests.inbox.helpers import signed_package
from tests.inbox.scenario import TAMPERED, Scenario
from tests.pki import TestPki

NOW = dt.datetime(2026, 11, 20, 9, 30, tzinfo=VN_TZ)


def inbox_id_of(store: Any, package: Path) -> int:
    record = store.find_inbox_package(hashlib.sha256(package.read_bytes()).hexdigest())
    assert record is not None
    return record.id


def read_back(path: Path) -> tuple[dict[str, Any], str]:
    """The receipt's data file and its PDF's text, read with a plain zip reader and pdftotext."""
    with zipfile.ZipFile(path) as archive:
        data = json.loads(archive.read("du-lieu.json"))
        pdf = next(archive.read(name) for name in archive.namelist() if name.endswith(".pdf"))
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return data, " ".join(text.decode().split())


def test_receipts_carry_the_officers_number_and_a_deputys_signature(consolidator: Any, scenario: Scenario,
                                                                    signers: dict[str, OpenedSigner],
                                                                    tmp_path: Path) -> None:
    configure_numbering(consolidator, "{number}/ATMT-MT", 2026, 123, by={"login": "lan", "name": "Nguyễn Thị Lan"})
    first, second = (scenario.packages[org][0] for org in scenario.province_ids()[:2])
    deputy = Signatory("Lê Văn Phó", "", deputy=True)
    issued = issue_receipt(consolidator, inbox_id_of(consolidator, first), "accepted", tmp_path, signers["second"],
                           signatory=deputy, now=NOW, by={"login": "lan", "name": "Nguyễn Thị Lan"})
    assert issued.number == "123/ATMT-MT"
    data, text = read_back(issued.path)
    assert data["number"] == {"text": "123/ATMT-MT", "year": 2026, "seq": 123}
    assert data["signatory"] == {"name": "Lê Văn Phó", "title": "", "deputy": True}
    assert "Số: 123/ATMT-MT" in text
    assert "KT. CỤC TRƯỞNG" in text and "PHÓ CỤC TRƯỞNG" in text and "Lê Văn Phó" in text
    assert text.index("KT. CỤC TRƯỞNG") < text.index("PHÓ CỤC TRƯỞNG") < text.index("Lê Văn Phó")

    head = Signatory("Trần Văn Trưởng", "Cục trưởng", deputy=False)
    again = issue_receipt(consolidator, inbox_id_of(consolidator, second), "received", tmp_path, signers["second"],
                          signatory=head, now=NOW)
    data, text = read_back(again.path)
    assert again.number == "124/ATMT-MT" and "Số: 124/ATMT-MT" in text
    assert "KT." not in text and "PHÓ CỤC TRƯỞNG" not in text and "CỤC TRƯỞNG" in text and "Trần Văn Trưởng" in text
    register = {n.seq: n for n in consolidator.list_receipt_numbers(year=2026)}
    assert register[123].receipt_sha256 == issued.sha256 and register[124].receipt_sha256 == again.sha256
    assert register[123].by_name == "Nguyễn Thị Lan"
    with pytest.raises(NumberingError) as refused:  # 123 and 124 are given: numbers stay unique in the year
        configure_numbering(consolidator, "{number}/ATMT-MT", 2026, 124)
    assert "125" in refused.value.render("vi")


def test_a_failed_receipt_gives_its_number_back(consolidator: Any, scenario: Scenario,
                                                signers: dict[str, OpenedSigner], tmp_path: Path) -> None:
    package = scenario.packages[scenario.province_ids()[0]][0]
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with pytest.raises(ReceiptError):
        issue_receipt(consolidator, inbox_id_of(consolidator, package), "received", blocked / "out",
                      signers["second"], now=NOW)
    assert consolidator.list_receipts() == [] and consolidator.list_receipt_numbers() == []
    issued = issue_receipt(consolidator, inbox_id_of(consolidator, package), "received", tmp_path / "out",
                           signers["second"], now=NOW)
    assert issued.number == "01/ATMT-MT"


def test_a_rejected_package_is_answered_with_plain_reasons_to_its_sender(consolidator: Any, scenario: Scenario,
                                                                         signers: dict[str, OpenedSigner],
                                                                         pki: TestPki, tmp_path: Path) -> None:
    org = scenario.province_ids()[TAMPERED]
    package = scenario.packages[org][0]
    inbox_id = inbox_id_of(consolidator, package)
    record = consolidator.get_inbox_package(inbox_id)
    assert record.status == "invalid"
    issued = issue_receipt(consolidator, inbox_id, "rejected", tmp_path, signers["second"], now=NOW,
                           message="Gói báo cáo không dùng được.")
    data, text = read_back(issued.path)
    assert data["decision"] == "rejected"
    # The organisation an invalid package names is only its claim: the receipt answers the sender.
    assert data["organization"] is None and data["claimed_organization"] is None and data["period"] is None
    claimed_name = record.details.get("org_name") or "Sở Công Thương"
    assert f"Kính gửi: Người gửi tệp {package.name}" in text
    assert claimed_name not in text
    assert "Không chấp nhận gói báo cáo" in text
    assert "Báo cáo đã bị thay đổi sau khi ký số" in text  # "The data file was changed after signing", plainly
    assert "ký số lại bằng ứng dụng CT20" in text
    assert "du-lieu.json" not in text.split("Kết quả xử lý")[1]  # no technical names in the reasons
    assert [r["vi"] for r in data["rejection"]["reasons"]] == [
        "Báo cáo đã bị thay đổi sau khi ký số (bị hỏng trên đường gửi, ví dụ do chương trình thư điện tử, "
        "hoặc bị sửa)."]

    # The bytes were damaged on the way, so no package of the reporter has their SHA-256: the
    # reporter's CT20 finds the report by what the package claimed, and says what happened.
    shutil.copyfile(scenario.reporters[org], tmp_path / "reporter.sqlite3")
    with Store.open(tmp_path / "reporter.sqlite3") as reporter:
        answered = import_receipt(reporter, issued.path, trust_paths=(str(pki.root_pem),))
        assert answered.decision == "rejected" and answered.report_id == scenario.report_ids[org]
        assert any("bị hỏng trên đường gửi" in p.render("vi") and package.name in p.render("vi")
                   for p in answered.problems)
        assert reporter.report_meta(answered.report_id)["receipt"]["decision"] == "rejected"
    # Another reporter's store has no such report: the receipt is refused there.
    other = scenario.province_ids()[0]
    shutil.copyfile(scenario.reporters[other], tmp_path / "other.sqlite3")
    with Store.open(tmp_path / "other.sqlite3") as stranger, pytest.raises(ReceiptError, match="not exported"):
        import_receipt(stranger, issued.path, trust_paths=(str(pki.root_pem),))


def test_a_valid_package_is_answered_rejected_only_once_rejected_with_a_reason(consolidator: Any,
                                                                               scenario: Scenario,
                                                                               signers: dict[str, OpenedSigner],
                                                                               tmp_path: Path) -> None:
    org = scenario.province_ids()[1]
    inbox_id = inbox_id_of(consolidator, scenario.packages[org][0])
    with pytest.raises(ReceiptError, match="was not rejected"):
        issue_receipt(consolidator, inbox_id, "rejected", tmp_path, signers["second"], now=NOW)
    decide(consolidator, inbox_id, "rejected", by=Actor("lan", "Nguyễn Thị Lan"), reason="Gửi nhầm báo cáo năm trước")
    facts = decision_facts(consolidator, inbox_id)
    assert facts is not None
    assert (facts.decision, facts.by_name, facts.reason) == ("rejected", "Nguyễn Thị Lan", "Gửi nhầm báo cáo năm trước")
    issued = issue_receipt(consolidator, inbox_id, "rejected", tmp_path, signers["second"], now=NOW,
                           message="Đơn vị gửi nhầm báo cáo năm trước.")
    data, text = read_back(issued.path)
    name = consolidator.get_inbox_package(inbox_id).details["org_name"]
    assert data["organization"]["name"] == name and f"Kính gửi: {name}" in text  # verified: addressed by name
    assert "Cục Kỹ thuật an toàn và Môi trường công nghiệp không chấp nhận gói báo cáo này." in text
    assert "Đơn vị gửi nhầm báo cáo năm trước." in text


def test_a_correction_request_marks_the_reporter_until_the_corrected_revision_arrives(
        consolidator: Any, scenario: Scenario, signers: dict[str, OpenedSigner], pki: TestPki,
        tmp_path: Path) -> None:
    org = scenario.province_ids()[2]
    first = scenario.packages[org][-1]
    inbox_id = inbox_id_of(consolidator, first)
    before = next(r for r in build_board(consolidator, scenario.period, "ct20.province").rows if r.org_id == org)
    issue_receipt(consolidator, inbox_id, "correction_requested", tmp_path, signers["second"],
                  message="Đề nghị bổ sung số liệu cụm công nghiệp.")
    board = build_board(consolidator, scenario.period, "ct20.province")
    row = next(r for r in board.rows if r.org_id == org)
    assert row.status == before.status  # its timeliness stays what it was
    assert row.correction is not None and row.correction.message == "Đề nghị bổ sung số liệu cụm công nghiệp."
    assert row.to_json("vi")["correction"]["inbox_id"] == inbox_id
    assert row_state_text(row).render("vi") == f"{row_state_text(before).render('vi')} — yêu cầu bổ sung/sửa"
    assert [r.org_id for r in board.filtered({"correction_requested"})] == [org]
    assert [r.org_id for r in board.corrections()] == [org]
    assert org in [r.org_id for r in board.accepted()]  # still consolidated, with its mark
    sheet = openpyxl.load_workbook(io.BytesIO(board_xlsx(board, "vi"))).active
    states = {r[1]: r[2] for r in sheet.iter_rows(min_row=4, values_only=True)}
    assert states[row.org_name].endswith("— yêu cầu bổ sung/sửa")

    # The corrected revision arrives: the mark is gone, and the revision keeps the first one's timeliness.
    signer = signers["main"]
    revised = signed_package(signer, tmp_path / "r2", org, scenario.period, revision=2, supersedes=first,
                             signed_at=dt.datetime.now(VN_TZ).replace(microsecond=0))
    import_packages(consolidator, [revised], trust_paths=[pki.root_pem])
    row = next(r for r in build_board(consolidator, scenario.period, "ct20.province").rows if r.org_id == org)
    assert row.revision == 2 and row.correction is None and row.status == before.status
    assert row.current is not None and row.current.corrects == inbox_id
