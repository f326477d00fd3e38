"""`export_report` as the export dialog calls it: progress, cancel, attachments, warnings, atomicity."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.export import service
from desktop.export.service import ExportCancelled, ExportError, P12Signer, export_report
from desktop.package.datacheck import data_file_check
from desktop.package.verify import verify_package
from desktop.reporting.reports import create_report, fill_report, revise_report
from desktop.signing.signers import VN_TZ, OpenedSigner
from desktop.store import Store
from tests.export.reports import FORMS, load_full
from tests.pki import TestPki

NOW = dt.datetime(2025, 11, 10, 9, 12, 5, tzinfo=VN_TZ)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "ct20.sqlite3") as opened:
        yield opened


@pytest.fixture
def report_id(store: Store) -> str:
    report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
    fill_report(store, report_id, load_full("ct20.province"))
    return report_id


def test_progress_goes_forward_and_ends_at_one(store: Store, report_id: str, signer: OpenedSigner,
                                               tmp_path: Path) -> None:
    seen: list[tuple[float, str]] = []
    result = export_report(store, report_id, tmp_path / "out", signer, now=NOW,
                           progress=lambda fraction, message: seen.append((fraction, message.render("en"))))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0 and fractions[-1] == 1.0
    assert [m for _, m in seen][:2] == ["Checking the report", "Opening the signer's certificate"]
    assert result.signed_at == NOW and not result.timestamped and result.warnings == []
    assert result.package_path.name == "BC-ct20.province-so-ct-ninh-binh-2025-r1.asice"
    data = json.loads(zipfile.ZipFile(result.package_path).read("du-lieu.json"))
    assert data["generated"]["at"] == "2025-11-10T09:12:05+07:00"


@pytest.mark.parametrize("stage", [1, 4, 7])
def test_cancel_between_steps_leaves_nothing(store: Store, report_id: str, signer: OpenedSigner,
                                             tmp_path: Path, stage: int) -> None:
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) >= stage

    with pytest.raises(ExportCancelled):
        export_report(store, report_id, tmp_path / "out", signer, cancel=cancel)
    assert store.get_report(report_id).status == "draft" and store.get_package(report_id) is None
    out = tmp_path / "out"
    assert not out.exists() or list(out.iterdir()) == []


def test_attachments_are_packed_listed_and_verified(store: Store, report_id: str, signer: OpenedSigner,
                                                    pki: TestPki, tmp_path: Path) -> None:
    evidence = tmp_path / "Kế hoạch số 178.pdf"
    evidence.write_bytes(b"%PDF-1.4 ke hoach\n" * 50)
    result = export_report(store, report_id, tmp_path / "out", signer,
                           attachments=[evidence, ("Ảnh hiện trường.jpg", b"\xff\xd8" + b"x" * 300)])
    archive = zipfile.ZipFile(result.package_path)
    assert archive.namelist()[3:5] == ["dinh-kem/Ke-hoach-so-178.pdf", "dinh-kem/Anh-hien-truong.jpg"]
    listed = json.loads(archive.read("du-lieu.json"))["attachments"]
    assert listed[0] == {"name": "dinh-kem/Ke-hoach-so-178.pdf", "size": evidence.stat().st_size,
                         "sha256": hashlib.sha256(evidence.read_bytes()).hexdigest()}
    verified = verify_package(result.package_path, trust_roots=[pki.root.cert], schema_check=data_file_check())
    assert verified.status == "valid", [p.render("en") for p in verified.problems]
    assert verified.attachments == ["dinh-kem/Ke-hoach-so-178.pdf", "dinh-kem/Anh-hien-truong.jpg"]


def test_a_large_package_is_exported_with_a_warning(store: Store, report_id: str, signer: OpenedSigner,
                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "WARN_SIZE", 10_000)
    result = export_report(store, report_id, tmp_path / "out", signer)
    (warning,) = result.warnings
    assert "many mail systems refuse attachments above" in warning.render("en")


def test_a_store_that_cannot_be_written_leaves_no_package_file(
    store: Store, report_id: str, signer: OpenedSigner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(stage: str) -> None:
        if stage == "submit:package":
            raise OSError("disk full")

    monkeypatch.setattr(store, "_checkpoint", fail)
    with pytest.raises(OSError):
        export_report(store, report_id, tmp_path / "out", signer)
    assert list((tmp_path / "out").iterdir()) == []
    assert store.get_report(report_id).status == "draft"


def test_an_existing_file_is_never_overwritten(store: Store, report_id: str, signer: OpenedSigner,
                                               tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "BC-ct20.province-so-ct-ninh-binh-2025-r1.asice").write_bytes(b"sent last week")
    with pytest.raises(ExportError) as caught:
        export_report(store, report_id, out, signer)
    assert "already exists" in caught.value.render("en")
    assert (out / "BC-ct20.province-so-ct-ninh-binh-2025-r1.asice").read_bytes() == b"sent last week"


def test_the_signer_spec_hides_its_secret(pki: TestPki) -> None:
    assert pki.signer.p12_path is not None
    spec = P12Signer(pki.signer.p12_path, pki.signer.password)
    assert pki.signer.password.decode() not in repr(spec)
    assert "123456" not in repr(service.TokenSigner("lib.so", "CT20 Test", "123456"))


def test_revise_copies_values_and_keeps_the_form_version(store: Store, report_id: str,
                                                         signer: OpenedSigner, tmp_path: Path) -> None:
    export_report(store, report_id, tmp_path / "out", signer)
    new_id, revision = revise_report(store, report_id)
    record = store.get_report(new_id)
    assert (revision, record.revision, record.supersedes, record.status) == (2, 2, report_id, "draft")
    assert record.form_version == store.get_report(report_id).form_version
    assert store.get_values(new_id) == store.get_values(report_id)


@pytest.mark.parametrize(("form_id", "period"), [
    ("ct20.enterprise", "2025"), ("ct20.ministry-unit", "2025-H2"), ("kh1375.unit", "2025"),
    ("ct20.province", "adhoc-2025-10-01"),
])
def test_every_form_and_an_ad_hoc_period_export_and_verify(
    store: Store, signer: OpenedSigner, pki: TestPki, tmp_path: Path, form_id: str, period: str
) -> None:
    org = FORMS[form_id]
    adhoc = {"reference": "Công văn số 4567/BCT-ATMT", "deadline": "2025-10-20"} if period.startswith("adhoc") else {}
    report_id = create_report(store, form_id=form_id, org_id=org, period=period, **adhoc)
    fill_report(store, report_id, load_full(form_id))
    result = export_report(store, report_id, tmp_path, signer)
    assert result.package_path.name == f"BC-{form_id}-{org}-{period}-r1.asice"
    verified = verify_package(result.package_path, trust_roots=[pki.root.cert], schema_check=data_file_check())
    assert verified.status == "valid", [p.render("en") for p in verified.problems]
    if adhoc:
        assert verified.data["period"] == {"kind": "adhoc", "year": 2025, "requested": "2025-10-01",
                                           "reference": adhoc["reference"], "deadline": adhoc["deadline"]}


def test_a_package_left_by_an_interrupted_export_is_kept_aside_and_replaced(
        tmp_path: Path, signer: OpenedSigner) -> None:
    """Killed after the rename, before the store recorded it: the report is still a draft and the
    file on disk is a package of the same report revision. The next export goes through."""
    path = tmp_path / "s.sqlite3"
    out = tmp_path / "out"
    with Store.open(path) as store:
        report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
        fill_report(store, report_id, load_full("ct20.province"))
        store.backup(tmp_path / "before-export.sqlite3")
        first = export_report(store, report_id, out, signer)
    from desktop.store import restore_store

    restore_store(tmp_path / "before-export.sqlite3", path)  # the store as the kill left it: a draft
    with Store.open(path) as store:
        assert store.get_report(report_id).status == "draft"
        second = export_report(store, report_id, out, signer)
        assert store.get_report(report_id).status == "submitted"
    assert second.package_path == first.package_path
    kept = list(out.glob("*.interrupted-*"))
    assert len(kept) == 1 and kept[0].read_bytes() != second.package_path.read_bytes()
