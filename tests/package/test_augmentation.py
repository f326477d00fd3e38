"""A standard PAdES augmentation (DSS + document timestamp, added with pyHanko's PdfTimeStamper and
a local test TSA) after our signature: the PDF alone still verifies as whole, and a package whose
PDF carries one passes step 5; anything else added after the signature does not."""

from __future__ import annotations

import pytest

from desktop.package import asic
from desktop.package.pdfverify import verify_pdf
from desktop.package.verify import verify_package
from desktop.signing import pdfsign
from desktop.signing.signers import OpenedSigner
from tests.export.helpers import SIGNATURE_BOX, data_json, make_package, report_pdf
from tests.package import pdfs
from tests.pki import TestPki


@pytest.fixture(scope="module")
def exported_pdf(signer: OpenedSigner) -> bytes:
    """The PDF inside a real package, as the exporter signed it."""
    made = make_package(signer)
    return asic.read_package(made.package).pdf


def _repackage(pdf: bytes, signer: OpenedSigner) -> bytes:
    return asic.build_package(pdf, data_json(), [], signer).data


def test_the_augmented_pdf_alone_is_whole_and_b_lta(exported_pdf: bytes, pki: TestPki) -> None:
    augmented = pdfs.augment(exported_pdf, pki)
    result = verify_pdf(augmented, trust_roots=[pki.root.cert])
    ours, stamp = result.signatures
    assert ours.field == pdfsign.SIGNATURE_FIELD and ours.covers_whole and ours.changes_after == "augmentation"
    assert stamp.kind == "timestamp" and stamp.proven
    assert ours.proven  # the document timestamp proves the time of a B-B signature
    assert ours.level == "B-LTA" and result.status == "valid", result.problems


def test_a_package_with_an_augmented_pdf_passes_step_5(exported_pdf: bytes, signer: OpenedSigner,
                                                       pki: TestPki) -> None:
    package = _repackage(pdfs.augment(exported_pdf, pki), signer)
    result = verify_package(package, trust_roots=[pki.root.cert])
    assert result.status == "valid", [p.render("en") for p in result.problems]


def test_dss_only_augmentation_passes_too(signer: OpenedSigner, pki: TestPki) -> None:
    signed = pdfsign.sign_pdf(report_pdf(1), signer, SIGNATURE_BOX, data_json=data_json()).data
    result = verify_package(_repackage(pdfs.add_dss(signed, pki), signer), trust_roots=[pki.root.cert])
    assert result.status == "valid", [p.render("en") for p in result.problems]


def test_content_added_after_the_signature_is_refused(exported_pdf: bytes, signer: OpenedSigner,
                                                      pki: TestPki) -> None:
    package = _repackage(pdfs.change_content(exported_pdf), signer)
    result = verify_package(package, trust_roots=[pki.root.cert])
    assert result.status == "invalid"
    assert [p.msgid for p in result.problems] == ["Something was added to the report PDF after it was signed"]


def test_a_comment_added_after_the_signature_is_refused(exported_pdf: bytes, signer: OpenedSigner,
                                                        pki: TestPki) -> None:
    result = verify_package(_repackage(pdfs.set_annotation_flag_only(exported_pdf), signer),
                            trust_roots=[pki.root.cert])
    assert result.status == "invalid"


def test_a_second_signature_is_still_refused_even_with_a_timestamp_after_it(
    exported_pdf: bytes, signer: OpenedSigner, pki: TestPki
) -> None:
    second = pdfs.sign(exported_pdf, pdfs.raw_signer(pki.signer), field="ChuKySo2")
    result = verify_package(_repackage(pdfs.document_timestamp(second, pki), signer), trust_roots=[pki.root.cert])
    assert result.status == "invalid"
    assert [p.msgid for p in result.problems] == ["The report PDF carries more than one signature"]


def test_augmenting_the_pdf_inside_a_sealed_package_breaks_the_manifest(signer: OpenedSigner, pki: TestPki) -> None:
    from tests.export.helpers import modify

    made = make_package(signer)
    bent = modify(made.package, lambda entries: [(n, pdfs.augment(c, pki) if n == asic.PDF_NAME else c)
                                                 for n, c in entries])
    result = verify_package(bent, trust_roots=[pki.root.cert])
    assert result.status == "invalid"
    assert [p.msgid for p in result.problems] == ["The report PDF was changed after signing"]
