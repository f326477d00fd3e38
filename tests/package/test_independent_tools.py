"""Independent tools agree with us on an honest package: poppler's pdfsig (the test root in an NSS
database), pyHanko's own validator and `openssl cms -verify` — while our verifier says `valid`.
Each on two packages: a small one, and one made by the real export of a full report (its
PDF/A-3 report with the data embedded), both timestamped by a test TSA."""

from __future__ import annotations

import asyncio
import io
import subprocess
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_detached_cms, async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from desktop.package import asic
from desktop.package.verify import verify_package
from desktop.signing.signers import to_asn1
from tests.export.helpers import entries_of
from tests.package.helpers import add_timestamp, exported, package_by, stamper
from tests.pki import TestPki, nss_database


@pytest.fixture(scope="module", params=["small", "real export"])
def honest(request: pytest.FixtureRequest, pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    if request.param == "small":
        package = package_by(pki.signer)
    else:
        package = exported(pki.signer, tmp_path_factory.mktemp("real")).read_bytes()
    return add_timestamp(package, stamper(pki.tsa))


def test_we_say_valid(honest: bytes, pki: TestPki) -> None:
    result = verify_package(honest, trust_roots=[pki.root.cert])
    assert result.status == "valid" and result.timestamped, result.problems


def test_pdfsig_trusts_the_report_with_the_test_root_in_an_nss_database(
    honest: bytes, pki: TestPki, tmp_path: Path
) -> None:
    nss = nss_database(tmp_path / "nss", pki.root_pem)
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(dict(entries_of(honest))[asic.PDF_NAME])
    run = subprocess.run(["pdfsig", "-nssdir", nss, str(pdf)], capture_output=True, text=True, timeout=60)
    assert "Signature is Valid" in run.stdout, run.stdout + run.stderr
    assert "Certificate is Trusted" in run.stdout, run.stdout
    assert "Total document signed" in run.stdout
    # without the root, pdfsig does not trust it either: the database is what made the difference
    empty = nss_database(tmp_path / "empty")
    untrusted = subprocess.run(["pdfsig", "-nssdir", empty, str(pdf)], capture_output=True, text=True)
    assert "Certificate is Trusted" not in untrusted.stdout


def test_pyhankos_own_validator_agrees(honest: bytes, pki: TestPki) -> None:
    from asn1crypto import cms

    entries = dict(entries_of(honest))
    context = ValidationContext(trust_roots=[to_asn1(pki.root.cert)], allow_fetching=False)
    signed_data = cms.ContentInfo.load(entries[asic.SIGNATURE_NAME])["content"]
    container = asyncio.run(async_validate_detached_cms(entries[asic.MANIFEST_NAME], signed_data,
                                                        signer_validation_context=context))
    assert container.intact and container.valid and container.trusted
    assert container.timestamp_validity is not None and container.timestamp_validity.trusted
    (signature,) = PdfFileReader(io.BytesIO(entries[asic.PDF_NAME])).embedded_signatures
    report = asyncio.run(async_validate_pdf_signature(signature, signer_validation_context=context))
    assert report.intact and report.valid and report.trusted
    assert report.coverage.name == "ENTIRE_FILE"


def test_openssl_verifies_the_container_signature(honest: bytes, pki: TestPki, tmp_path: Path) -> None:
    entries = dict(entries_of(honest))
    signature, manifest = tmp_path / "signature001.p7s", tmp_path / "manifest.xml"
    signature.write_bytes(entries[asic.SIGNATURE_NAME])
    manifest.write_bytes(entries[asic.MANIFEST_NAME])
    command = ["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", str(signature),
               "-content", str(manifest), "-CAfile", str(pki.root_pem), "-purpose", "any",
               "-out", str(tmp_path / "out")]
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0 and "Verification successful" in done.stderr, done.stderr
    manifest.write_bytes(entries[asic.MANIFEST_NAME].replace(b"bao-cao.pdf", b"bao-cao.pdg"))
    assert subprocess.run(command, capture_output=True).returncode != 0
