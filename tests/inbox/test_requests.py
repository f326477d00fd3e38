"""Ad hoc requests end to end: recorded in the Inbox, sent as a signed file (and e-mail), read back by
the one strict reader, a report made for the request, exported and read back (pdftotext, JSON)."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from desktop.export.datafile import build_data_file_object
from desktop.export.service import export_report
from desktop.forms import Period, get_form
from desktop.inbox.importer import import_packages
from desktop.inbox.request_file import build_request_draft, export_request, request_file_name
from desktop.inbox.request_import import create_report_for_request, load_request
from desktop.inbox.requests import (
    RequestError,
    create_request,
    get_request,
    list_requests,
    request_board,
    request_forms,
    request_packages,
    request_period,
)
from desktop.package.datajson import encode_data_file
from desktop.package.requestfile import RequestFileError
from desktop.registry import get_organization
from desktop.reporting.meta import read_meta
from desktop.reporting.reports import ReportingError, create_report, fill_report
from desktop.signing.signers import VN_TZ, OpenedSigner
from desktop.store import Store
from tests.export.helpers import make_package
from tests.export.reports import load_full
from tests.pki import TestPki

NOW = dt.datetime(2026, 3, 16, 9, 0, tzinfo=VN_TZ)
ADDRESSEES = ["so-ct-ninh-binh", "so-ct-ha-noi", "habeco"]


def _request(store: Any, **overrides: Any) -> Any:
    fields = {"number": "123/BCT-ATMT", "date": "15/03/2026", "requester": "Bộ Công Thương",
              "content": "Báo cáo tình hình xử lý nước thải tại các cụm công nghiệp", "addressees": ADDRESSEES,
              "deadline": "2026-03-30", "by": "Nguyễn Văn A", **overrides}
    return create_request(store, **fields)


def test_a_request_is_checked_and_found_by_its_id(inbox_store: Any) -> None:
    record = _request(inbox_store)
    assert record.id == "yc-2026-03-15-123-bct-atmt" and record.date == "2026-03-15"
    assert get_request(inbox_store, record.id) == record and list_requests(inbox_store) == [record]
    assert request_period(record) == "adhoc-2026-03-15"
    cases = [({"addressees": ["no-such-org"]}, "There is no organisation no-such-org"),
             ({"addressees": []}, "at least one organisation"),
             ({"deadline": "2026-03-01"}, "is before the date of the request"),
             ({"date": "2024-12-01", "number": "9/X"}, "before the plan"),
             ({"number": " "}, "is required"),
             ({"date": "31/02/2026"}, "is not a date"),
             ({}, "There is already a request yc-2026-03-15-123-bct-atmt")]
    for overrides, expected in cases:
        with pytest.raises(RequestError) as caught:
            _request(inbox_store, **overrides)
        assert expected in caught.value.render("en")
    assert len(list_requests(inbox_store)) == 1


def _sent_request(tmp_path: Path, signer: OpenedSigner) -> tuple[Store, Path]:
    atmt = Store.open(tmp_path / "atmt.sqlite3")
    record = _request(atmt)
    exported = export_request(atmt, record.id, tmp_path / "sent", signer, now=NOW)
    assert exported.path.name == request_file_name(record) == "YC-yc-2026-03-15-123-bct-atmt.asice"
    return atmt, exported.path


def test_the_signed_request_reads_back_and_a_tampered_one_is_refused(tmp_path: Path, signers: dict[str, OpenedSigner],
                                                                     pki: TestPki) -> None:
    atmt, path = _sent_request(tmp_path, signers["main"])
    with atmt, Store.open(tmp_path / "reporter.sqlite3") as reporter:
        read = load_request(reporter, path, trust_paths=(str(pki.root_pem),))
        assert (read.id, read.number, read.date, read.deadline, read.status) == (
            "yc-2026-03-15-123-bct-atmt", "123/BCT-ATMT", "2026-03-15", "2026-03-30", "valid")
        assert [a for a, _ in read.addressees] == ADDRESSEES and read.addressed_to("habeco")
        assert dict(read.addressees)["habeco"] == get_organization("habeco").name
        untrusted = load_request(reporter, path)
        assert untrusted.status == "untrusted" and untrusted.problems
        # the PDF inside says it in words a person reads
        pdf = zipfile.ZipFile(path).read("bao-cao.pdf")
        text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
        assert "YÊU CẦU BÁO CÁO ĐỘT XUẤT" in text and "123/BCT-ATMT" in text and "30/03/2026" in text
        info = PdfReader(io.BytesIO(pdf)).metadata  # shown by every viewer: words, no codes
        assert info is not None and "123/BCT-ATMT" in info.subject
        assert not any(code in f"{info.title} {info.subject} {info.get('/Keywords', '')}"
                       for code in ("ct20.", read.id))
        # one byte changed, a report package instead of a request, a file that is no package at all
        data = bytearray(path.read_bytes())
        data[len(data) // 2] ^= 1
        (tmp_path / "bad.asice").write_bytes(bytes(data))
        (tmp_path / "report.asice").write_bytes(make_package(signers["main"]).package)
        (tmp_path / "junk.asice").write_bytes(b"PK\x03\x04 not really")
        for name in ("bad.asice", "report.asice", "junk.asice", "missing.asice"):
            with pytest.raises(RequestFileError):
                load_request(reporter, tmp_path / name, trust_paths=(str(pki.root_pem),))


def test_the_request_is_read_from_the_e_mail_the_inbox_drafts(tmp_path: Path, signers: dict[str, OpenedSigner],
                                                              pki: TestPki) -> None:
    atmt, path = _sent_request(tmp_path, signers["main"])
    with atmt, Store.open(tmp_path / "reporter.sqlite3") as reporter:
        record = atmt.list_requests()[0]
        mail = build_request_draft(atmt, record, recipients=["so@ninhbinh.gov.vn"], file_name=path.name,
                                   data=path.read_bytes())
        eml = tmp_path / "yeu-cau.eml"
        eml.write_bytes(mail.as_bytes())
        assert "123/BCT-ATMT" in mail["Subject"] and mail["X-Unsent"] == "1"
        read = load_request(reporter, eml, trust_paths=(str(pki.root_pem),))
        assert read.id == record.id and read.status == "valid"
        (tmp_path / "plain.eml").write_bytes(b"From: a@b.c\r\nSubject: x\r\n\r\nno attachment\r\n")
        with pytest.raises(RequestFileError, match="no valid CT20 request"):
            load_request(reporter, tmp_path / "plain.eml")


def test_a_report_for_the_request_prints_and_carries_it(tmp_path: Path, signers: dict[str, OpenedSigner],
                                                        pki: TestPki) -> None:
    atmt, path = _sent_request(tmp_path, signers["main"])
    with atmt, Store.open(tmp_path / "reporter.sqlite3") as reporter:
        request = load_request(reporter, path, trust_paths=(str(pki.root_pem),))
        with pytest.raises(ReportingError, match="not addressed"):
            create_report_for_request(reporter, request, form_id="ct20.province", org_id="so-ct-hai-phong")
        report_id = create_report_for_request(reporter, request, form_id="ct20.province", org_id="so-ct-ninh-binh")
        report = reporter.get_report(report_id)
        assert (report.period, report.reference, report.deadline) == ("adhoc-2026-03-15", "123/BCT-ATMT",
                                                                      "2026-03-30")
        assert read_meta(reporter, report_id).request["id"] == request.id
        document = reporter.get_values(report_id)["document"]
        assert (document["data_from"], document["data_to"]) == ("2025-12-15", "2026-03-14")
        values = load_full("ct20.province")
        values["document"]["date"] = "2026-03-20"
        values["document"]["data_to"] = "2026-03-10"  # narrowed by the reporter
        fill_report(reporter, report_id, values)
        result = export_report(reporter, report_id, tmp_path / "out", signers["main"], now=NOW)
        archive = zipfile.ZipFile(result.package_path)
        data = json.loads(archive.read("du-lieu.json"))
        assert data["period"]["request"] == {
            "id": request.id, "number": "123/BCT-ATMT", "date": "2026-03-15", "requester": "Bộ Công Thương",
            "content": request.content, "deadline": "2026-03-30"}
        assert (data["document"]["data_from"], data["document"]["data_to"]) == ("2025-12-15", "2026-03-10")
        text = subprocess.run(["pdftotext", "-", "-"], input=archive.read("bao-cao.pdf"), capture_output=True,
                              check=True).stdout.decode()
        flat = " ".join(text.split())
        assert "Thực hiện Công văn số 123/BCT-ATMT ngày 15/3/2026 của Bộ Công Thương, Sở Công Thương" in flat
        assert "(Số liệu tính từ ngày 15/12/2025 đến ngày 10/03/2026)" in flat


def test_reports_before_the_plan_are_refused_with_the_reason(tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.sqlite3") as store:
        for form_id, org_id, period in (("ct20.province", "so-ct-ninh-binh", "2024"),
                                        ("ct20.ministry-unit", "cuc-dien-luc", "2024-H2"),
                                        ("ct20.enterprise", "habeco", "adhoc-2024-12-31")):
            with pytest.raises(ReportingError) as caught:
                create_report(store, form_id=form_id, org_id=org_id, period=period)
            assert "before the plan" in caught.value.render("en") and "2025" in caught.value.render("en")
        # the 2020–2025 plan of Decision 1375 starts in 2020
        kept = create_report(store, form_id="kh1375.unit", org_id="so-ct-hai-phong", period="2022")
        assert store.get_values(kept)["document"]["data_to"] == "2022-12-14"
        assert len(store.list_reports()) == 1


def _answer(tmp_path: Path, signer: OpenedSigner, pki: TestPki, request_file: Path) -> Path:
    """The Ninh Bình officer's package answering the request, signed now (within the test PKI's validity)."""
    with Store.open(tmp_path / "reporter.sqlite3") as reporter:
        request = load_request(reporter, request_file, trust_paths=(str(pki.root_pem),))
        report_id = create_report_for_request(reporter, request, form_id="ct20.province", org_id="so-ct-ninh-binh")
        values = load_full("ct20.province")
        values["document"]["date"] = dt.date.today().isoformat()
        fill_report(reporter, report_id, values)
        return export_report(reporter, report_id, tmp_path / "answers", signer).package_path


def test_the_request_board_expects_only_its_addressees(inbox_store: Any, tmp_path: Path,
                                                       signers: dict[str, OpenedSigner], pki: TestPki) -> None:
    today = dt.date.today()
    asked, due = today - dt.timedelta(days=3), today + dt.timedelta(days=5)
    record = _request(inbox_store, date=asked.isoformat(), deadline=due.isoformat())
    exported = export_request(inbox_store, record.id, tmp_path / "sent", signers["main"])
    package = _answer(tmp_path, signers["main"], pki, exported.path)
    result = import_packages(inbox_store, [package], trust_paths=[pki.root_pem])
    assert [i.status for i in result.items] == ["valid"]
    kept = inbox_store.list_inbox_packages()[0]
    assert kept.details["request"] == record.id and kept.period == f"adhoc-{asked.isoformat()}"
    board = request_board(inbox_store, record.id, "ct20.province")
    assert board.deadline == due
    assert {(row.org_id, row.status) for row in board.rows} == {("so-ct-ninh-binh", "on_time"),
                                                                ("so-ct-ha-noi", "missing")}
    assert [(row.org_id, row.status) for row in request_board(inbox_store, record.id, "ct20.enterprise").rows] == [
        ("habeco", "missing")]
    assert set(request_forms(inbox_store, record)) == {"ct20.enterprise", "ct20.province"}
    # another request of the same day: the package answering the first one is not its answer
    other = _request(inbox_store, number="124/BCT-ATMT", date=asked.isoformat(), deadline=due.isoformat())
    assert {(row.org_id, row.status) for row in request_board(inbox_store, other.id, "ct20.province").rows} == {
        ("so-ct-ninh-binh", "missing"), ("so-ct-ha-noi", "missing")}
    assert [p.id for p in request_packages(inbox_store, record)] == [kept.id]
    assert request_packages(inbox_store, other) == [] and request_packages(inbox_store, record, "ct20.enterprise") == []


def test_a_package_for_a_period_before_the_plan_is_refused_on_import(tmp_path: Path,
                                                                     signers: dict[str, OpenedSigner],
                                                                     pki: TestPki) -> None:
    form = get_form("ct20.province")
    data = build_data_file_object(form, load_full("ct20.province"), org=get_organization("so-ct-ninh-binh"),
                                  period=Period.parse("2024"), report_id="r-2024", revision=1,
                                  generated_at=NOW)
    made = make_package(signers["main"], data=encode_data_file(data), attachments=())
    path = tmp_path / "BC-ct20.province-so-ct-ninh-binh-2024-r1.asice"
    path.write_bytes(made.package)
    with Store.open(tmp_path / "atmt.sqlite3") as atmt:
        item = import_packages(atmt, [path], trust_paths=[pki.root_pem]).items[0]
        assert (item.outcome, item.status, item.period) == ("imported", "invalid", "2024")
        texts = [m.render("en") for m in item.problems]
        assert any("before the plan" in t and "2025" in t for t in texts), texts


def _signed_request(signer: OpenedSigner, data: dict[str, Any]) -> bytes:
    return make_package(signer, data=encode_data_file(data), attachments=()).package


@pytest.mark.parametrize("change", [
    lambda d: d.update(extra="không có trong định dạng"),
    lambda d: d["request"].update(content="x" * 2001),
    lambda d: d["request"].update(id="../../etc"),
    lambda d: d["request"].update(deadline="2026-02-30"),
    lambda d: d["request"].update(deadline="2026-03-01"),
    lambda d: d["request"].update(addressees=[]),
    lambda d: d["request"]["addressees"][0].update(id="so ct\u202e"),
    lambda d: d.update(format="ct20.submission"),
    lambda d: d["request"].update(requester="Bộ Công Thương\u202e"),  # a direction mark CT20 never writes
    lambda d: d["request"].update(content="Nội\u0000dung"),
])
def test_a_genuinely_signed_but_malformed_request_is_refused(tmp_path: Path, signers: dict[str, OpenedSigner],
                                                             pki: TestPki, change: Any) -> None:
    good = {"format": "ct20.request", "format_version": 1,
            "request": {"id": "yc-2026-03-15-1", "number": "1/X", "date": "2026-03-15", "requester": "Bộ",
                        "content": "Nội dung", "deadline": "2026-03-30",
                        "addressees": [{"id": "habeco", "name": "HABECO"}]},
            "issuer": {"id": "cuc-atmt", "name": "Cục ATMT"}, "generated": {"app": "ct20", "at": "2026-03-16"}}
    with Store.open(tmp_path / "reporter.sqlite3") as reporter:
        path = tmp_path / "YC-ok.asice"
        path.write_bytes(_signed_request(signers["main"], good))
        assert load_request(reporter, path, trust_paths=(str(pki.root_pem),)).status == "valid"
        bad = json.loads(json.dumps(good))
        change(bad)
        path.write_bytes(_signed_request(signers["main"], bad))
        with pytest.raises(RequestFileError, match="is not valid"):
            load_request(reporter, path, trust_paths=(str(pki.root_pem),))


HOSTILE = Path(__file__).resolve().parents[1] / "data" / "hostile"


@pytest.mark.parametrize("name", sorted(p.name for p in HOSTILE.glob("*.asice")))
def test_every_file_of_the_hostile_corpus_is_refused_as_a_request(name: str) -> None:
    """The request reader is the package reader with a closed format: ZIP slack, two readings, forged
    or damaged signatures, and honest report packages (not requests) are all refused, never crash."""
    from desktop.package.requestfile import read_request_file
    from desktop.package.roots import make_trust

    trust = make_trust([(HOSTILE / "pki" / "root.cert.pem").read_bytes()])
    with pytest.raises(RequestFileError):
        read_request_file((HOSTILE / name).read_bytes(), trust=trust, name=name)
