"""Issue 14, points 1 and 3: a sample is never signed; justifications travel; the status tells the truth."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.export.preview import preview_report
from desktop.export.service import ExportError, export_report
from desktop.forms import get_form
from desktop.package.verify import verify_package
from desktop.reporting.meta import read_meta, save_acknowledgements
from desktop.reporting.reports import create_report, fill_report, validate_report
from desktop.reporting.rows import load_rows
from desktop.reporting.submission import days_late, delivery_of
from desktop.reporting.verdict import ack_key, acknowledgement
from desktop.samples import create_sample_report
from desktop.signing.pdfsign import read_embedded_file
from desktop.signing.signers import VN_TZ, OpenedSigner
from desktop.store import Store
from tests.export.reports import load_full
from tests.pki import TestPki

NOW = dt.datetime(2025, 11, 10, 9, 12, 5, tzinfo=VN_TZ)
SAMPLE_MARK = "MẪU — KHÔNG CÓ GIÁ TRỊ"
REASON = "Trạm xử lý đang nâng công suất; lưu lượng xử lý tạm thời thấp hơn lượng phát sinh đến quý II/2026."


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "ct20.sqlite3") as opened:
        yield opened


def page_texts(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "read.pdf"
    path.write_bytes(pdf)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(path), "-"], check=True,
                           capture_output=True, text=True).stdout for n in range(1, pages + 1)]


def justified_report(store: Store) -> tuple[str, str]:
    """A complete province report with its first warning acknowledged; (report id, warning text)."""
    report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
    fill_report(store, report_id, load_full("ct20.province"))
    warning = validate_report(store, report_id).warnings[0]
    save_acknowledgements(store, report_id, {ack_key(warning): acknowledgement(warning, REASON)})
    return report_id, warning.message.render("vi")


# -- 1. a sample is a sample everywhere

def test_a_sample_report_is_refused_at_export_with_the_reason(store: Store, signer: OpenedSigner,
                                                              tmp_path: Path) -> None:
    sample_id = create_sample_report(store, "so-ct-ninh-binh", today=dt.date(2025, 10, 1))
    assert sample_id is not None and read_meta(store, sample_id).sample
    with pytest.raises(ExportError) as refused:
        export_report(store, sample_id, tmp_path / "out", signer, now=NOW)
    text = refused.value.render("vi")
    assert "báo cáo mẫu" in text and "không thể ký" in text
    assert "sample report" in refused.value.render("en")
    assert store.get_report(sample_id).status == "draft" and store.get_package(sample_id) is None
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_the_preview_of_a_sample_is_marked_on_every_page_and_in_its_data_file(store: Store, tmp_path: Path) -> None:
    store.set_profile({"org_id": "so-ct-ninh-binh", "signer_name": "Phạm Văn Hùng", "signer_title": "Phó Giám đốc"})
    sample_id = create_sample_report(store, "so-ct-ninh-binh", today=dt.date(2025, 10, 1))
    assert sample_id is not None
    preview = preview_report(store, sample_id, now=NOW)
    texts = page_texts(preview.pdf, tmp_path)
    assert len(texts) == preview.page_count >= 2
    assert all(SAMPLE_MARK in text for text in texts), [SAMPLE_MARK in t for t in texts]
    embedded = json.loads(read_embedded_file(_reader(preview.pdf)) or b"{}")
    assert embedded["sample"] is True and preview.sample


def test_a_real_report_carries_no_sample_mark(store: Store, tmp_path: Path) -> None:
    report_id, _warning = justified_report(store)
    preview = preview_report(store, report_id, now=NOW)
    assert not any(SAMPLE_MARK in text for text in page_texts(preview.pdf, tmp_path))
    assert "sample" not in json.loads(preview.data_json or b"{}")


def test_a_sample_does_not_take_the_place_of_the_real_report(store: Store) -> None:
    sample_id = create_sample_report(store, "so-ct-ninh-binh", today=dt.date(2025, 10, 1))
    assert sample_id is not None
    period = store.get_report(sample_id).period
    real = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period=period)
    assert real != sample_id and not read_meta(store, real).sample


# -- 3. justifications travel

def test_justifications_are_in_the_data_file_and_the_pdf_annex(store: Store, signer: OpenedSigner, pki: TestPki,
                                                                tmp_path: Path) -> None:
    report_id, warning = justified_report(store)
    result = export_report(store, report_id, tmp_path / "out", signer, now=NOW)
    package = result.package_path.read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(package))
    data = json.loads(archive.read("du-lieu.json"))
    assert data["justifications"][0]["reason"] == REASON
    assert data["justifications"][0]["warning"] == warning
    assert data["justifications"][0]["path"].startswith("clusters.wastewater[")
    assert len(data["justifications"]) == 1  # only acknowledged warnings travel
    text = "\n".join(page_texts(archive.read("bao-cao.pdf"), tmp_path))
    flat = " ".join(text.split())
    assert "PHỤ LỤC" in text and "Giải trình các cảnh báo" in flat
    assert " ".join(REASON.split()[:8]) in flat
    # the package is still whole and valid for the receiver, with the additive schema
    assert verify_package(package, trust_roots=[pki.root.cert]).status == "valid"


def test_a_justification_of_a_warning_that_went_away_is_not_sent(store: Store, tmp_path: Path) -> None:
    report_id, _warning = justified_report(store)
    acks = read_meta(store, report_id).acknowledged
    save_acknowledgements(store, report_id, {"clusters.wastewater[0].name+gone": {"text": "cũ", "at": "x"}, **acks})
    preview = preview_report(store, report_id, now=NOW)
    sent = json.loads(preview.data_json or b"{}")["justifications"]
    assert [item["reason"] for item in sent] == [REASON]


def test_the_schema_keeps_files_without_the_new_keys_valid() -> None:
    from desktop.export.datafile import schema_problems

    form = get_form("ct20.province")
    data = json.loads(_minimal_data_file())
    assert schema_problems(form, data) == []
    data["justifications"] = [{"path": "x", "warning": "", "reason": "r"}]
    assert any("justifications" in problem for problem in schema_problems(form, data))
    data["justifications"] = []
    data["sample"] = "yes"
    assert any("sample" in problem for problem in schema_problems(form, data))


# -- 1. the status after export

def test_after_export_the_report_is_signed_not_sent_until_it_is_sent(store: Store, signer: OpenedSigner,
                                                                      tmp_path: Path) -> None:
    report_id, _warning = justified_report(store)
    result = export_report(store, report_id, tmp_path / "out", signer, now=NOW)
    row = next(r for r in load_rows(store) if r.id == report_id)
    assert row.state == "signed" and not row.delivery.sent
    assert Path(row.delivery.package_path) == result.package_path
    store.record_delivery(report_id, package_sha256=result.sha256, kind="marked_sent")
    row = next(r for r in load_rows(store) if r.id == report_id)
    assert row.state == "sent" and row.to_json()["state"] == "sent"
    store.record_delivery(report_id, package_sha256=result.sha256, kind="marked_not_sent")
    assert delivery_of(store, report_id).sent is False


def test_lateness_counts_days_after_the_deadline_in_vietnam_time(store: Store) -> None:
    from desktop.reporting.submission import Delivery

    deadline = dt.date(2025, 11, 15)
    on_time = Delivery("a" * 64, signed_at="2025-11-15T23:59:00+07:00")
    assert days_late(deadline, on_time) == 0
    late = Delivery("a" * 64, signed_at="2025-11-15T10:00:00+07:00", sent_at="2025-11-17T18:30:00Z")
    assert days_late(deadline, late) == 3  # 18:30 UTC on the 17th is the 18th in Vietnam


def _reader(pdf: bytes):  # type: ignore[no-untyped-def]
    from pyhanko.pdf_utils.reader import PdfFileReader

    return PdfFileReader(io.BytesIO(pdf))


def _minimal_data_file() -> bytes:
    from desktop.export.datafile import build_data_file_object
    from desktop.forms import Period
    from desktop.registry import get_organization

    form = get_form("ct20.province")
    data = build_data_file_object(form, load_full("ct20.province"), org=get_organization("so-ct-ninh-binh"),
                                  period=Period.parse("2025"), report_id="r", revision=1, generated_at=NOW)
    return json.dumps(data).encode()


@pytest.mark.parametrize("decision", ["received", "accepted", "correction_requested"])
def test_a_receipt_for_the_package_decides_the_state(store: Store, signer: OpenedSigner, tmp_path: Path,
                                                     decision: str) -> None:
    from desktop.reporting.meta import save_receipt

    report_id, _warning = justified_report(store)
    result = export_report(store, report_id, tmp_path / "out", signer, now=NOW)
    save_receipt(store, report_id, {"decision": decision, "package_sha256": result.sha256, "message": "",
                                    "signed_at": "2025-11-20T08:00:00+07:00"})
    row = next(r for r in load_rows(store) if r.id == report_id)
    assert row.state == decision  # the Ministry answered: it was sent, whatever was marked
    save_receipt(store, report_id, {"decision": decision, "package_sha256": "b" * 64, "message": ""})
    assert next(r for r in load_rows(store) if r.id == report_id).state == "signed"  # another package's answer


def test_a_package_that_says_it_is_a_sample_is_no_submission(signer: OpenedSigner, pki: TestPki) -> None:
    """Defence in depth: CT20 never signs a sample, but a package claiming `"sample": true` is invalid
    for the Inbox whoever signed it."""
    from desktop.package.datacheck import data_file_check
    from tests.export.helpers import data_json, make_package

    made = make_package(signer, data=data_json(sample=True))
    result = verify_package(made.package, trust_roots=[pki.root.cert], schema_check=data_file_check())
    assert result.status == "invalid"
    assert any("MẪU — KHÔNG CÓ GIÁ TRỊ" in problem.render("vi") for problem in result.problems)
    plain = make_package(signer)
    assert not any("MẪU" in p.render("vi") for p in verify_package(
        plain.package, trust_roots=[pki.root.cert], schema_check=data_file_check()).problems)
