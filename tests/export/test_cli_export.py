"""Export acceptance through the `ct20` command line: real PKI, real SoftHSM2 token, real store files.

`report export` with a .p12 file and with a PKCS#11 token, `verify` with and without trusted
roots, `trust add|list|remove`, `report revise`, and the refusals (errors in the report, expired
certificate, certificate that may not sign, wrong PIN), each checked on the store afterwards.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.package import asic
from desktop.store import Store
from tests.export.helpers import data_json, make_package
from tests.export.reports import fixture_path
from tests.pki import TestPki
from tests.softhsm import SoftHsm

ROOT = Path(__file__).resolve().parents[2]
R1_NAME = "BC-ct20.province-so-ct-ninh-binh-2025-r1.asice"


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def json(self):  # type: ignore[no-untyped-def]
        return json.loads(self.out)


def ct20(db: Path, *args: str) -> Run:
    """`ct20 ARGS --db DB --lang en`, in this process (the token's module is loaded once per process)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--db", str(db), "--lang", "en"])
    return Run(code, out.getvalue(), err.getvalue())


def new_report(db: Path, *, fill: bool = True) -> str:
    made = ct20(db, "report", "new", "--form", "ct20.province", "--org", "so-ct-ninh-binh", "--period", "2025",
                "--json")
    assert made.code == 0, made.err
    report_id = made.json["id"]
    if fill:
        filled = ct20(db, "report", "fill", report_id, "--from", str(fixture_path("ct20.province")))
        assert filled.code == 0, filled.err
    return report_id


def secret_file(folder: Path, name: str, secret: bytes) -> Path:
    path = folder / name
    path.write_bytes(secret + b"\n")
    return path


def p12_options(identity, folder: Path) -> list[str]:  # type: ignore[no-untyped-def]
    password = secret_file(folder, f"{identity.name}.password", identity.password)
    return ["--p12", str(identity.p12_path), "--p12-password-file", str(password)]


def status_of(db: Path, report_id: str) -> str:
    with Store.open(db, readonly=True) as store:
        return store.get_report(report_id).status


def entry(package: Path, name: str) -> bytes:
    with zipfile.ZipFile(package) as archive:
        return archive.read(name)


@dataclass
class Exported:
    db: Path
    report_id: str
    package: Path
    sha256: str
    folder: Path


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, pki: TestPki) -> Exported:
    """One province report filled with the full test values and exported with the .p12 signer."""
    folder = tmp_path_factory.mktemp("exported")
    db = folder / "ct20.sqlite3"
    report_id = new_report(db)
    done = ct20(db, "report", "export", report_id, "--out", str(folder / "out"),
                *p12_options(pki.signer, folder), "--json")
    assert done.code == 0, done.err
    return Exported(db, report_id, Path(done.json["package"]), done.json["sha256"], folder)


def test_export_with_a_p12_file_keeps_the_package_and_submits(exported: Exported, pki: TestPki) -> None:
    package = exported.package
    assert package.name == R1_NAME and package.parent == exported.folder / "out"
    assert sorted(p.name for p in package.parent.iterdir()) == [R1_NAME]  # no temporary file left
    data = package.read_bytes()
    with Store.open(exported.db, readonly=True) as store:
        kept = store.get_package(exported.report_id)
        assert kept is not None and kept.data == data and kept.sha256 == exported.sha256
        assert kept.file_name == R1_NAME and kept.size == len(data) and kept.revision == 1
        assert kept.signer["name"] == "Nguyễn Văn An"
        assert store.get_report(exported.report_id).status == "submitted"
        audit = store.audit_log(report_id=exported.report_id)
    # the newest entries: the export, then where the package was saved (the delivery log, issue 14)
    assert [entry["action"] for entry in audit[:2]] == ["package.saved", "report.export"]
    assert audit[1]["details"]["sha256"] == exported.sha256 and audit[0]["details"]["path"] == str(package.resolve())
    # the password went nowhere: not in the store, not in the audit log
    assert pki.signer.password not in exported.db.read_bytes()
    assert pki.signer.password.decode() not in json.dumps(audit, ensure_ascii=False)
    listed = ct20(exported.db, "report", "list", "--json").json
    assert [r["status"] for r in listed if r["id"] == exported.report_id] == ["submitted"]


def test_verify_valid_with_the_root_untrusted_without_then_trust_add(
    exported: Exported, pki: TestPki, tmp_path: Path
) -> None:
    db = tmp_path / "verifier.sqlite3"  # the Ministry's own store
    trusted = ct20(db, "verify", str(exported.package), "--trust", str(pki.root_pem), "--json")
    assert trusted.code == 0, trusted.err
    (row,) = trusted.json
    assert row["status"] == "valid" and row["problems"] == []
    assert (row["file"], row["signer"], row["org"], row["form"], row["period"]) == (
        str(exported.package), "Nguyễn Văn An", "so-ct-ninh-binh", "ct20.province", "2025")
    assert row["sha256"] == exported.sha256
    assert not db.exists()  # verify changes nothing, not even by creating a store

    untrusted = ct20(db, "verify", str(exported.package), "--json")
    assert untrusted.code == 1
    assert untrusted.json[0]["status"] == "untrusted"
    assert untrusted.json[0]["problems"] == ["The signer's certificate does not lead to a trusted root"]
    foreign = ct20(db, "verify", str(exported.package), "--trust", str(pki.foreign_root_pem), "--json")
    assert foreign.code == 1 and foreign.json[0]["status"] == "untrusted"

    def added_by_user(rows: list[dict]) -> list[dict]:  # the built-in Vietnamese roots are listed too
        return [row for row in rows if not row["builtin"]]

    added = ct20(db, "trust", "add", str(pki.root_pem), "--json")
    assert added.code == 0, added.err
    (root,) = added_by_user(added.json)
    assert root["subject"] == "CN=CT20 Test Root CA,O=CT20 Test PKI,C=VN" and len(root["id"]) == 64
    assert added_by_user(ct20(db, "trust", "add", str(pki.root_pem), "--json").json) == [root]  # once only
    assert added_by_user(ct20(db, "trust", "list", "--json").json) == [root]
    after = ct20(db, "verify", str(exported.package), "--json")
    assert after.code == 0 and after.json[0]["status"] == "valid"

    assert added_by_user(ct20(db, "trust", "remove", root["id"][:12], "--json").json) == []
    assert ct20(db, "verify", str(exported.package), "--json").json[0]["status"] == "untrusted"
    missing = ct20(db, "trust", "remove", root["id"][:12])
    assert missing.code == 2 and missing.err.strip() == f"There is no trusted certificate {root['id'][:12]}."


def test_trust_add_refuses_a_signer_certificate(pki: TestPki, tmp_path: Path) -> None:
    cert = tmp_path / "signer.pem"
    cert.write_bytes(pki.signer.cert_pem)
    refused = ct20(tmp_path / "s.sqlite3", "trust", "add", str(cert))
    assert refused.code == 2 and "is not a certificate authority" in refused.err
    garbage = tmp_path / "garbage.pem"
    garbage.write_bytes(b"not a certificate")
    assert ct20(tmp_path / "s.sqlite3", "trust", "add", str(garbage)).code == 2


def test_openssl_accepts_the_container_signature_over_the_manifest(
    exported: Exported, pki: TestPki, tmp_path: Path
) -> None:
    signature, manifest = tmp_path / "signature001.p7s", tmp_path / "ASiCManifest001.xml"
    signature.write_bytes(entry(exported.package, asic.SIGNATURE_NAME))
    manifest.write_bytes(entry(exported.package, asic.MANIFEST_NAME))
    done = subprocess.run(
        ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", str(signature), "-content", str(manifest),
         "-CAfile", str(pki.root_pem), "-purpose", "any", "-out", str(tmp_path / "content")],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Verification successful" in done.stderr


def test_the_exported_pdf_reads_back_the_values(exported: Exported, tmp_path: Path) -> None:
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(entry(exported.package, asic.PDF_NAME))
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    assert unicodedata.is_normalized("NFC", text)
    values = json.loads(fixture_path("ct20.province").read_text(encoding="utf-8"))
    document = values["document"]
    expected = [
        "Số: " + document["number"], "SỞ CÔNG THƯƠNG", "Sở Công Thương tỉnh Ninh Bình báo cáo như sau:",
        values["program"]["plan_document"], "Số doanh nghiệp ngành công nghiệp môi trường: 1.234.",
        "Số cụm công nghiệp đã thành lập: 62.", document["signer_name"], values["contact"]["email"],
        "Ký bởi: Nguyễn Văn An",
    ]
    expected += sorted({row["commune"] for row in values["clusters"]["wastewater"]})
    # a table cell may wrap ("Xã Khánh / Nhạc"): read in drawing order, its lines follow each other
    drawn = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    flat = " ".join(drawn.split())
    missing = [value for value in expected if " ".join(value.split()) not in flat]
    assert missing == []
    # and the data file inside the package is the one the PDF carries, naming the report
    data = json.loads(entry(exported.package, asic.DATA_NAME))
    assert data["report"] == {"id": exported.report_id, "revision": 1, "supersedes": None}
    sent = data["values"]["clusters"]["wastewater"]
    # each cluster leaves with its stable code (issue 13, point 6), given at export, one per row
    assert [row.pop("code") for row in sent] == [f"CCN-{n:03d}" for n in range(1, len(sent) + 1)]
    assert sent == values["clusters"]["wastewater"]


def test_a_submitted_report_refuses_fill_and_a_second_export(exported: Exported, pki: TestPki) -> None:
    fill = ct20(exported.db, "report", "fill", exported.report_id, "--from", str(fixture_path("ct20.province")))
    assert fill.code == 2
    assert "has been submitted and can no longer be changed" in fill.err
    again = ct20(exported.db, "report", "export", exported.report_id, "--out", str(exported.folder / "again"),
                 *p12_options(pki.signer, exported.folder))
    assert again.code == 2 and f"has already been submitted as {R1_NAME}" in again.err
    assert not (exported.folder / "again").exists()


def test_revise_makes_revision_2_whose_data_file_names_the_r1_package(
    exported: Exported, pki: TestPki, tmp_path: Path
) -> None:
    db = tmp_path / "ct20.sqlite3"
    shutil.copyfile(exported.db, db)
    revised = ct20(db, "report", "revise", exported.report_id[:8], "--json")
    assert revised.code == 0, revised.err
    assert revised.json["revision"] == 2
    new_id = revised.json["id"]
    assert status_of(db, new_id) == "draft"
    again = ct20(db, "report", "revise", exported.report_id)
    assert again.code == 2 and f"already has a newer revision: {new_id}" in again.err
    draft = ct20(db, "report", "revise", new_id)
    assert draft.code == 2 and "has not been submitted yet" in draft.err
    # the revision is editable, then exported by another signer of the same organisation
    assert ct20(db, "report", "fill", new_id, "--from", str(fixture_path("ct20.province"))).code == 0
    done = ct20(db, "report", "export", new_id, "--out", str(tmp_path / "out"),
                *p12_options(pki.second_signer, tmp_path), "--json")
    assert done.code == 0, done.err
    package = Path(done.json["package"])
    assert package.name == "BC-ct20.province-so-ct-ninh-binh-2025-r2.asice"
    data = json.loads(entry(package, asic.DATA_NAME))
    assert data["report"] == {
        "id": new_id, "revision": 2,
        "supersedes": {"package": R1_NAME, "sha256": exported.sha256, "revision": 1},
    }
    verified = ct20(db, "verify", str(package), str(exported.package), "--trust", str(pki.root_pem), "--json")
    assert verified.code == 0 and [r["status"] for r in verified.json] == ["valid", "valid"]
    assert verified.json[0]["signer"] == "Trần Thị Bình"


def test_export_refuses_a_report_with_errors(tmp_path: Path, pki: TestPki) -> None:
    db = tmp_path / "ct20.sqlite3"
    report_id = new_report(db, fill=False)
    errors = ct20(db, "report", "validate", report_id, "--json").json["errors"]
    options = p12_options(pki.signer, tmp_path)
    refused = ct20(db, "report", "export", report_id, "--out", str(tmp_path / "out"), *options)
    assert refused.code == 2 and refused.out == ""
    assert refused.err.startswith(f"The report has {len(errors)} errors and cannot be exported. The first: "
                                  f"{errors[0]['messages']['en']}")
    assert "report validate" in refused.err and len(refused.err.strip().splitlines()) == 1
    assert status_of(db, report_id) == "draft"
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("identity", "reason"),
    [("expired_signer", "The certificate has expired on "),
     ("no_digital_signature_signer", "The certificate is not allowed to sign documents (no digitalSignature")],
)
def test_export_refuses_a_certificate_that_may_not_sign(
    tmp_path: Path, pki: TestPki, identity: str, reason: str
) -> None:
    db = tmp_path / "ct20.sqlite3"
    report_id = new_report(db)
    refused = ct20(db, "report", "export", report_id, "--out", str(tmp_path / "out"),
                   *p12_options(getattr(pki, identity), tmp_path))
    assert refused.code == 2
    assert refused.err.startswith("The report was not exported: " + reason)
    assert "Traceback" not in refused.err
    assert status_of(db, report_id) == "draft"
    assert list((tmp_path / "out").iterdir()) == []


def test_export_with_the_softhsm_token_in_a_real_process(softhsm: SoftHsm, pki: TestPki, tmp_path: Path) -> None:
    db = tmp_path / "ct20.sqlite3"
    report_id = new_report(db)
    pin = secret_file(tmp_path, "pin", softhsm.pin.encode())
    env = {**os.environ, "SOFTHSM2_CONF": str(softhsm.conf), "CT20_DB": str(db)}
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "report", "export", report_id, "--out", str(tmp_path / "out"),
         "--pkcs11-lib", softhsm.module, "--token-label", softhsm.labelled_token, "--pin-file", str(pin),
         "--key-label", softhsm.signer_key_label, "--json"],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, encoding="utf-8",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    package = Path(json.loads(done.stdout)["package"])
    assert json.loads(done.stdout)["level"] == "B-B"  # no timestamp server: the level says so
    assert package.name == R1_NAME and status_of(db, report_id) == "submitted"
    verified = ct20(db, "verify", str(package), "--trust", str(pki.root_pem), "--json")
    assert verified.code == 0 and verified.json[0]["signer"] == "Nguyễn Văn An"


def test_export_with_an_unlabelled_token_finds_the_key_by_id(softhsm: SoftHsm, pki: TestPki, tmp_path: Path) -> None:
    db = tmp_path / "ct20.sqlite3"
    report_id = new_report(db)
    pin = secret_file(tmp_path, "pin", softhsm.pin.encode())
    done = ct20(db, "report", "export", report_id, "--out", str(tmp_path / "out"), "--pkcs11-lib", softhsm.module,
                "--token-label", softhsm.unlabelled_token, "--pin-file", str(pin), "--json")
    assert done.code == 0, done.err
    verified = ct20(db, "verify", done.json["package"], "--trust", str(pki.root_pem), "--json")
    assert verified.json[0]["status"] == "valid" and verified.json[0]["signer"] == "Trần Thị Bình"


def test_a_wrong_pin_says_so_and_stops(softhsm: SoftHsm, tmp_path: Path) -> None:
    db = tmp_path / "ct20.sqlite3"
    report_id = new_report(db)
    pin = secret_file(tmp_path, "pin", b"000000")
    refused = ct20(db, "report", "export", report_id, "--out", str(tmp_path / "out"), "--pkcs11-lib", softhsm.module,
                   "--token-label", softhsm.labelled_token, "--pin-file", str(pin))
    assert refused.code == 2
    assert refused.err.strip() == "The report was not exported: Wrong PIN"
    assert status_of(db, report_id) == "draft"
    assert list((tmp_path / "out").iterdir()) == []
    with Store.open(db, readonly=True) as store:
        assert "000000" not in json.dumps(store.audit_log())
    vietnamese = subprocess.run(  # the same sentence in the default language
        [sys.executable, "-m", "desktop", "report", "export", report_id, "--db", str(db), "--out",
         str(tmp_path / "out"), "--pkcs11-lib", softhsm.module, "--token-label", softhsm.labelled_token,
         "--pin-file", str(pin)],
        capture_output=True, text=True, cwd=ROOT, timeout=120, encoding="utf-8",
        env={**os.environ, "SOFTHSM2_CONF": str(softhsm.conf)},
    )  # fmt: skip
    assert vietnamese.returncode == 2 and "Sai mã PIN" in vietnamese.stderr


@pytest.mark.parametrize(
    "options",
    [[], ["--p12", "x.p12"], ["--p12", "x.p12", "--p12-password-file", "p", "--pkcs11-lib", "lib.so"],
     ["--pkcs11-lib", "lib.so", "--token-label", "T"]],
    ids=["none", "p12-without-password", "both", "token-without-pin"],
)
def test_exactly_one_complete_signer_is_required(tmp_path: Path, options: list[str]) -> None:
    db = tmp_path / "ct20.sqlite3"
    report_id = new_report(db, fill=False)
    refused = ct20(db, "report", "export", report_id, "--out", str(tmp_path / "out"), *options)
    assert refused.code == 2
    assert "--p12" in refused.err or "--pkcs11-lib" in refused.err
    assert status_of(db, report_id) == "draft"


def test_verify_names_data_file_problems(signer, pki: TestPki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    unknown_form = tmp_path / "unknown-form.asice"
    unknown_form.write_bytes(make_package(signer, data=data_json(form={"id": "ct20.future", "version": "2031.1"}),
                                          attachments=()).package)
    incomplete = tmp_path / "incomplete.asice"
    incomplete.write_bytes(make_package(signer, attachments=()).package)  # a data file without most keys
    done = ct20(tmp_path / "s.sqlite3", "verify", str(unknown_form), str(incomplete), "--trust", str(pki.root_pem),
                "--json")
    assert done.code == 1
    first, second = done.json
    assert first["status"] == "invalid" and first["form"] == "ct20.future"
    assert first["problems"] == ["The data file follows the form ct20.future@2031.1, which this version of CT20 "
                                 "does not know."]
    assert second["status"] == "invalid"
    assert second["problems"][0].startswith("The data file does not match its form at /: ")
    missing = ct20(tmp_path / "s.sqlite3", "verify", str(tmp_path / "nothing.asice"))
    assert missing.code == 2 and "There is no file" in missing.err


def test_verify_leaves_an_older_store_as_it_was(exported: Exported, pki: TestPki, tmp_path: Path) -> None:
    db = tmp_path / "v1.sqlite3"
    shutil.copyfile(ROOT / "tests" / "data" / "stores" / "v1.sqlite3", db)
    before = db.read_bytes()
    done = ct20(db, "verify", str(exported.package), "--trust", str(pki.root_pem), "--json")
    assert done.code == 0 and done.json[0]["status"] == "valid"
    assert db.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["v1.sqlite3"]


def test_export_text_says_the_signature_level(pki: TestPki, tmp_path: Path) -> None:
    db = tmp_path / "ct20.sqlite3"
    report_id = new_report(db)
    done = ct20(db, "report", "export", report_id, "--out", str(tmp_path / "out"), *p12_options(pki.signer, tmp_path))
    assert done.code == 0, done.err
    assert "The report's signature reaches level B-B (PAdES)." in done.out


def test_export_of_a_sample_is_refused_with_the_reason(tmp_path: Path, pki: TestPki) -> None:
    """Issue 14.1: the command line refuses a sample exactly as the dialog does."""
    import datetime as dt

    from desktop.samples import create_sample_report
    from desktop.store import Store

    db = tmp_path / "ct20.sqlite3"
    with Store.open(db) as store:
        sample_id = create_sample_report(store, "so-ct-ninh-binh", today=dt.date(2025, 10, 1))
    assert sample_id is not None
    run = ct20(db, "report", "export", sample_id, "--out", str(tmp_path / "out"), *p12_options(pki.signer, tmp_path))
    assert run.code != 0 and "sample report" in run.err and "cannot be signed" in run.err
    assert not (tmp_path / "out").exists() and status_of(db, sample_id) == "draft"
