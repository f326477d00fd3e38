"""Receipts: signed by the consolidator, imported by the reporter into a separate store and tied to
the exact package they answer."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.inbox.receipts import ReceiptError, check_receipt_data, import_receipt, issue_receipt
from desktop.package import asic
from desktop.package.verify import verify_package
from desktop.signing.signers import OpenedSigner
from desktop.store import Store
from tests.export.helpers import flip_byte, modify
from tests.inbox.scenario import REVISED, TAMPERED, Scenario
from tests.pki import TestPki


def inbox_id_of(store: Store, package: Path) -> int:
    record = store.find_inbox_package(hashlib.sha256(package.read_bytes()).hexdigest())
    assert record is not None
    return record.id


@pytest.fixture
def reporter(scenario: Scenario, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A copy of the first province's own store: the reporter's side, another machine."""
    org = scenario.province_ids()[0]
    path = tmp_path / "reporter.sqlite3"
    shutil.copyfile(scenario.reporters[org], path)
    with Store.open(path) as store:
        yield store


def test_a_receipt_round_trip_between_two_stores(consolidator: Store, reporter: Store, scenario: Scenario,
                                                 signers: dict[str, OpenedSigner], pki: TestPki,
                                                 tmp_path: Path) -> None:
    org = scenario.province_ids()[0]
    package = scenario.packages[org][0]
    issued = issue_receipt(consolidator, inbox_id_of(consolidator, package), "accepted", tmp_path / "out",
                           signers["second"], message="Số liệu đầy đủ, đúng hạn.")
    assert issued.path.name == f"PTN-ct20.province-{org}-{scenario.period}-r1.asice"
    assert [r.direction for r in consolidator.list_receipts()] == ["issued"]

    checked = verify_package(issued.path, trust_roots=[pki.root.cert], schema_check=check_receipt_data)
    assert checked.status == "valid", [p.render("en") for p in checked.problems]
    data = checked.data
    assert data["format"] == "ct20.receipt" and data["package"]["sha256"] == hashlib.sha256(
        package.read_bytes()).hexdigest()
    assert (data["organization"]["id"], data["form"]["id"], data["period"], data["report"]["revision"]) == (
        org, "ct20.province", scenario.period, 1)
    assert data["verification"]["status"] == "valid" and data["decision"] == "accepted"
    assert data["submission"] == {"state": "on_time", "deadline": scenario.deadline.isoformat()}

    pdf = asic.read_package(issued.path.read_bytes()).pdf
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    info = PdfReader(io.BytesIO(pdf)).metadata  # shown by every viewer: words, no codes
    assert info is not None and "Sở Công Thương thành phố Hà Nội" in info.subject
    assert not any(code in f"{info.title} {info.subject} {info.get('/Keywords', '')}"
                   for code in ("ct20.", org, digest_of(package)))
    text = " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
                    .stdout.decode().split())
    digest = data["package"]["sha256"]
    for expected in ("PHIẾU TIẾP NHẬN", "Sở Công Thương thành phố Hà Nội", " ".join(digest[i:i + 8] for i in range(0, 64, 8)),
                     "Chấp nhận báo cáo", "Số liệu đầy đủ, đúng hạn.", "Đúng hạn", "Ký bởi: Trần Thị Bình"):
        assert expected in text

    answered = import_receipt(reporter, issued.path, trust_paths=(str(pki.root_pem),))
    report_id = scenario.report_ids[org]
    assert (answered.report_id, answered.decision, answered.status, answered.duplicate) == (
        report_id, "accepted", "valid", False)
    shown = reporter.report_meta(report_id)["receipt"]
    assert shown["decision"] == "accepted" and shown["message"] == "Số liệu đầy đủ, đúng hạn."
    assert shown["package_sha256"] == data["package"]["sha256"]
    kept = reporter.list_receipts(report_id=report_id)
    assert [(r.direction, r.decision, r.sha256) for r in kept] == [("received", "accepted", issued.sha256)]
    again = import_receipt(reporter, issued.path, trust_paths=(str(pki.root_pem),))
    assert again.duplicate and len(reporter.list_receipts()) == 1


def test_an_untrusted_receipt_is_attached_with_its_warning(consolidator: Store, reporter: Store,
                                                           scenario: Scenario, signers: dict[str, OpenedSigner],
                                                           tmp_path: Path) -> None:
    package = scenario.packages[scenario.province_ids()[0]][0]
    issued = issue_receipt(consolidator, inbox_id_of(consolidator, package), "received", tmp_path,
                           signers["second"])
    answered = import_receipt(reporter, issued.path)  # the reporter trusts no root yet
    assert answered.status == "untrusted" and answered.problems
    assert reporter.report_meta(answered.report_id)["receipt"]["status"] == "untrusted"


def test_receipts_that_are_refused(consolidator: Store, reporter: Store, scenario: Scenario,
                                   signers: dict[str, OpenedSigner], pki: TestPki, tmp_path: Path) -> None:
    ids = scenario.province_ids()
    other = issue_receipt(consolidator, inbox_id_of(consolidator, scenario.packages[ids[1]][0]), "received",
                          tmp_path, signers["second"])
    with pytest.raises(ReceiptError, match="which was not exported from this store") as refused:
        import_receipt(reporter, other.path, trust_paths=(str(pki.root_pem),))
    assert not refused.value.not_ok
    mine = issue_receipt(consolidator, inbox_id_of(consolidator, scenario.packages[ids[0]][0]), "received",
                         tmp_path, signers["second"])
    forged = tmp_path / "forged.asice"
    forged.write_bytes(modify(mine.path.read_bytes(), lambda entries: [
        (name, flip_byte(content, content.find(b'"received"') + 3) if name == "du-lieu.json" else content)
        for name, content in entries]))
    with pytest.raises(ReceiptError, match="is not valid") as refused:
        import_receipt(reporter, forged, trust_paths=(str(pki.root_pem),))
    assert refused.value.not_ok and "receipt" not in reporter.report_meta(scenario.report_ids[ids[0]])


def test_a_damaged_package_gets_a_correction_request_not_an_acceptance(consolidator: Store, scenario: Scenario,
                                                                       signers: dict[str, OpenedSigner],
                                                                       tmp_path: Path) -> None:
    package = scenario.packages[scenario.province_ids()[TAMPERED]][0]
    inbox_id = inbox_id_of(consolidator, package)
    with pytest.raises(ReceiptError, match="cannot be accepted"):
        issue_receipt(consolidator, inbox_id, "accepted", tmp_path, signers["second"])
    issued = issue_receipt(consolidator, inbox_id, "correction_requested", tmp_path, signers["second"],
                           message="Đề nghị gửi lại gói báo cáo.")
    data = json.loads(asic.read_package(issued.path.read_bytes()).data_json)
    assert data["verification"]["status"] == "invalid"
    assert data["verification"]["problems"] == [{"en": "The data file was changed after signing",
                                                 "vi": "Tệp dữ liệu đã bị sửa sau khi ký"}]
    second = issue_receipt(consolidator, inbox_id, "correction_requested", tmp_path, signers["second"])
    assert second.path.name != issued.path.name and second.path.exists() and issued.path.exists()


def test_a_receipt_of_a_superseded_revision_answers_that_revision(consolidator: Store, scenario: Scenario,
                                                                  signers: dict[str, OpenedSigner], pki: TestPki,
                                                                  tmp_path: Path) -> None:
    org = scenario.province_ids()[REVISED]
    first = scenario.packages[org][0]
    issued = issue_receipt(consolidator, inbox_id_of(consolidator, first), "received", tmp_path, signers["second"])
    shutil.copyfile(scenario.reporters[org], tmp_path / "reporter.sqlite3")
    with Store.open(tmp_path / "reporter.sqlite3") as reporter:
        answered = import_receipt(reporter, issued.path, trust_paths=(str(pki.root_pem),))
        revision_1 = reporter.get_report(scenario.report_ids[org]).supersedes
        assert answered.report_id == revision_1 != scenario.report_ids[org]
        assert "receipt" not in reporter.report_meta(scenario.report_ids[org])


def test_a_receipt_with_zip_slack_is_refused_like_a_package(consolidator: Store, reporter: Store,
                                                            scenario: Scenario, signers: dict[str, OpenedSigner],
                                                            pki: TestPki, tmp_path: Path) -> None:
    """Receipts go through the same strict reader (package.md, step 1): a hidden second
    du-lieu.json saying "accepted" next to the signed one saying "received" is refused, as are the
    other kinds of slack; the honest receipt is then attached."""
    from tests.package import slack

    package = scenario.packages[scenario.province_ids()[0]][0]
    issued = issue_receipt(consolidator, inbox_id_of(consolidator, package), "received", tmp_path / "out",
                           signers["second"])
    honest = issued.path.read_bytes()
    signed_json = asic.read_package(honest).data_json
    accepted = signed_json.replace(b'"received"', b'"accepted"')
    hostile = {
        "hidden du-lieu.json": (slack.hidden_entry(honest, "mimetype", "du-lieu.json", accepted),
                                ("belong to no file", "không thuộc mục nào")),
        "unicode path": (slack.unicode_path_extra(honest, "du-lieu.json", "bao-cao.pdf"), ("extra field", "trường bổ sung")),
        "comment": (slack.with_comment(honest, b"accepted"), ("ZIP comment", "chú thích (comment) của ZIP")),
        "data descriptor": (slack.data_descriptor(honest, "du-lieu.json"), ("data descriptor", "bộ mô tả dữ liệu")),
    }
    for label, (data, reasons) in hostile.items():
        path = tmp_path / f"{label}.asice"
        path.write_bytes(data)
        with pytest.raises(ReceiptError) as refused:
            import_receipt(reporter, path, trust_paths=(str(pki.root_pem),))
        shown = refused.value.render("vi")  # the reasons inside are in the language of the moment
        assert refused.value.not_ok and any(reason in shown for reason in reasons), (label, shown)
    assert "receipt" not in reporter.report_meta(scenario.report_ids[scenario.province_ids()[0]])
    assert import_receipt(reporter, issued.path, trust_paths=(str(pki.root_pem),)).decision == "received"


def test_a_receipt_signed_with_a_revoked_certificate_is_refused_once_its_crl_is_kept(
        consolidator: Store, reporter: Store, scenario: Scenario, pki: TestPki, tmp_path: Path) -> None:
    from desktop.package.revocation import add_crl
    from desktop.package.roots import add_trust_root, trust_context
    from tests.package.helpers import forced_signer

    org = scenario.province_ids()[0]
    package = scenario.packages[org][0]
    issued = issue_receipt(consolidator, inbox_id_of(consolidator, package), "accepted", tmp_path / "out",
                           forced_signer(pki.revoked_signer), message="Đã nhận.")
    add_trust_root(reporter, pki.root_pem.read_bytes(), source=str(pki.root_pem))
    report_id = scenario.report_ids[org]
    # before any CRL is kept, the same receipt verifies (no revocation information, said as a note)
    before = verify_package(issued.path, trust=trust_context(reporter), schema_check=check_receipt_data)
    assert before.status == "valid", [p.render("en") for p in before.problems]
    assert before.notes
    # the stored CRL (ct20 trust crl add) names the consolidator's certificate as revoked
    add_crl(reporter, pki.crl_pem.read_bytes(), source=str(pki.crl_pem))
    with pytest.raises(ReceiptError, match=r"đã bị thu hồi|was revoked") as refused:
        import_receipt(reporter, issued.path)
    assert refused.value.not_ok
    assert "receipt" not in reporter.report_meta(report_id)
    assert reporter.list_receipts(report_id=report_id) == []


def digest_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
