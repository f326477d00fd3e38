from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from desktop.signing import pdfsign
from desktop.signing.signers import VN_TZ, OpenedSigner, to_asn1
from tests.export.helpers import SIGNATURE_BOX, data_json, report_pdf
from tests.pki import TestPki

SIGNED_AT = dt.datetime(2025, 11, 10, 9, 12, 5, tzinfo=VN_TZ)


@pytest.fixture(scope="module")
def signed(signer: OpenedSigner) -> pdfsign.SignedPdf:
    return pdfsign.sign_pdf(
        report_pdf(), signer, SIGNATURE_BOX, data_json=data_json(), reason="Báo cáo định kỳ"
    )


def test_pades_signature_validates_and_covers_the_whole_file(
    signed: pdfsign.SignedPdf, pki: TestPki
) -> None:
    reader = PdfFileReader(io.BytesIO(signed.data))
    (signature,) = reader.embedded_signatures
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    context = ValidationContext(trust_roots=[to_asn1(pki.root.cert)], allow_fetching=False)
    status = validate_pdf_signature(signature, context)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.md_algorithm == "sha256"
    assert signature.signer_cert.dump() == to_asn1(pki.signer.cert).dump()


def test_data_file_is_embedded_and_associated_before_signing(signed: pdfsign.SignedPdf) -> None:
    reader = PdfFileReader(io.BytesIO(signed.data))
    assert pdfsign.read_embedded_file(reader) == data_json()
    root = reader.root
    (spec,) = root["/AF"]
    assert spec.get_object()["/AFRelationship"] == "/Data"
    assert root.get("/Version") in (None, "/1.7")  # not bumped to PDF 2.0
    # an independent reader sees the same attachment
    attachments = PdfReader(io.BytesIO(signed.data)).attachments
    assert attachments["du-lieu.json"] == [data_json()]


def test_signature_shows_signer_organisation_and_time(signer: OpenedSigner, tmp_path: Path) -> None:
    result = pdfsign.sign_pdf(report_pdf(1), signer, SIGNATURE_BOX, data_json=b"{}", signing_time=SIGNED_AT)
    assert result.signed_at == SIGNED_AT and not result.timestamped
    reader = PdfFileReader(io.BytesIO(result.data))
    (signature,) = reader.embedded_signatures
    assert signature.sig_object["/M"] == "D:20251110091205+07'00'"
    if shutil.which("pdftotext") is None:
        pytest.fail("poppler-utils is needed (apt-get install poppler-utils)")
    pdf = tmp_path / "signed.pdf"
    pdf.write_bytes(result.data)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    # every Vietnamese letter survives: the embedded font maps them back to the same text
    assert "Ký bởi: Nguyễn Văn An" in text
    assert "Cơ quan: Sở Công Thương tỉnh Ninh Bình" in text
    assert "Thời gian ký: 10.11.2025 09:12:05 +07:00" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 1000


def test_long_organisation_names_wrap_inside_the_box() -> None:
    from desktop.signing.stamp import _layout, _register, stamp_font_path

    font = _register(str(stamp_font_path()))
    lines = ["Ký bởi: Nguyễn Văn An", "Cơ quan: " + "Sở Công Thương tỉnh Ninh Bình " * 4, "Thời gian ký: x"]
    size, wrapped = _layout(lines, font, 232, 62)
    assert len(wrapped) > 3 and size * 1.25 * len(wrapped) <= 62


def test_unreadable_pdf_is_refused_in_words(signer: OpenedSigner) -> None:
    from desktop.i18n import LocalizedError

    with pytest.raises(LocalizedError):
        pdfsign.sign_pdf(b"not a pdf", signer, SIGNATURE_BOX, data_json=b"{}")


def test_the_space_reserved_for_the_signature_is_remembered_per_signer_and_the_same(
    signer: OpenedSigner, pki: TestPki
) -> None:
    """pyHanko's trial signature (to size the space) is made once per signer: a second signature
    reserves exactly the space the trial found, and validates."""
    import re

    pdfsign._ESTIMATES.clear()
    first = pdfsign.sign_pdf(report_pdf(1), signer, SIGNATURE_BOX, data_json=data_json(), signing_time=SIGNED_AT)
    assert len(pdfsign._ESTIMATES) == 1
    second = pdfsign.sign_pdf(report_pdf(1), signer, SIGNATURE_BOX, data_json=data_json(), signing_time=SIGNED_AT)
    assert len(pdfsign._ESTIMATES) == 1

    def byte_range(pdf: bytes) -> list[bytes]:
        return re.findall(rb"/ByteRange \[[^\]]*\]", pdf)

    assert byte_range(first.data) == byte_range(second.data) != [] and len(first.data) == len(second.data)
    (signature,) = PdfFileReader(io.BytesIO(second.data)).embedded_signatures
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[to_asn1(pki.root.cert)],
                                                                 allow_fetching=False))
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
