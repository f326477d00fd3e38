"""A signed PDF followed by very many incremental revisions (tests/package/pdfrevs.py) is refused
in words, standalone (`ct20 verify`, the PDF checker), inside a package and in the Inbox import,
before pyHanko's difference analysis runs over them (their cost grows with the square of their
number: bench/bench_pdf_revisions.py); XMP packets of more nodes than the app parses are judged a
change. A genuine file with a few revisions still verifies."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from desktop.package import asic
from desktop.package.pdfrevisions import MAX_PDF_REVISIONS, read_pdf, too_many_revisions
from desktop.package.pdfverify import verify_pdf
from desktop.package.verify import verify_package
from desktop.signing import pdfsign, xmp
from tests.export.helpers import SIGNATURE_BOX, data_json, report_pdf
from tests.package import pdfrevs, pdfs
from tests.package.helpers import forced_signer
from tests.pki import TestPki

TOO_MANY = too_many_revisions().msgid


@pytest.fixture(scope="module")
def report(pki: TestPki) -> bytes:
    """The app's own signed report PDF (it carries du-lieu.json, as a package's must)."""
    return pdfsign.sign_pdf(report_pdf(1), forced_signer(pki.signer), SIGNATURE_BOX, data_json=data_json()).data


def _revisions(pdf: bytes) -> int:
    return read_pdf(pdf, limit=10**9).total_revisions


def _up_to(pdf: bytes, total: int) -> bytes:
    """`pdf` with empty revisions appended until it has `total`."""
    return pdfrevs.with_trivial_revisions(pdf, total - _revisions(pdf))


def _package(pki: TestPki, pdf: bytes) -> bytes:
    return asic.build_package(pdf, data_json(), [], forced_signer(pki.signer)).data


def test_one_revision_over_the_limit_is_refused_in_words_and_the_limit_itself_verifies(
        pki: TestPki, report: bytes) -> None:
    at_limit = _up_to(report, MAX_PDF_REVISIONS)
    assert _revisions(at_limit) == MAX_PDF_REVISIONS
    accepted = verify_pdf(at_limit, trust_roots=[pki.root.cert])
    assert accepted.status == "valid", accepted.problems  # empty revisions change nothing
    over = pdfrevs.with_trivial_revisions(at_limit, 1)
    refused = verify_pdf(over, trust_roots=[pki.root.cert])
    assert refused.status == "invalid" and refused.signatures == []
    assert [p.msgid for p in refused.problems] == [TOO_MANY]
    assert refused.problems[0].render("en") == (
        f"The PDF has more than {MAX_PDF_REVISIONS} revisions (incremental updates); a genuine signed document "
        "has only a few, so it was not checked")


def test_thousands_of_revisions_are_refused_before_they_are_read(pki: TestPki, report: bytes) -> None:
    """2,000 empty revisions took 9.5 s to verify before the limit (4,000: 42 s)."""
    hostile = pdfrevs.with_trivial_revisions(report, 2000)
    result = verify_pdf(hostile, trust_roots=[pki.root.cert])
    assert (result.status, [p.msgid for p in result.problems]) == ("invalid", [TOO_MANY])


def test_only_the_verifiers_reader_is_bounded(report: bytes) -> None:
    """pyHanko's reader elsewhere (signing the app's own reports) reads every revision, as before."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    many = pdfrevs.with_trivial_revisions(report, MAX_PDF_REVISIONS + 5)
    total = PdfFileReader(io.BytesIO(many), strict=False).total_revisions
    assert total == _revisions(report) + MAX_PDF_REVISIONS + 5
    assert read_pdf(many, limit=total).total_revisions == total


def test_many_revisions_each_rewriting_the_xmp_are_refused(pki: TestPki, report: bytes) -> None:
    """200 revisions, each a distinct 4 MiB packet of a million elements deflated to a few KB:
    about 1.75 s of parsing each before the limits."""
    hostile = pdfrevs.with_xmp_revisions(report, 200)
    assert len(hostile) < 2 * 1024 * 1024
    result = verify_pdf(hostile, trust_roots=[pki.root.cert])
    assert (result.status, [p.msgid for p in result.problems]) == ("invalid", [TOO_MANY])
    package = verify_package(_package(pki, hostile), trust_roots=[pki.root.cert])
    assert package.status == "invalid" and [p.msgid for p in package.problems] == [TOO_MANY]


def test_an_xmp_packet_over_the_node_limit_is_a_change_and_one_at_it_is_not(pki: TestPki, report: bytes) -> None:
    """Below the revision limit, each packet costs at most xmp.MAX_NODES Python calls to judge,
    once: the verdicts kept hold every packet of a file however many signatures are checked."""
    from desktop.package import diffpolicy

    assert diffpolicy._KEPT_VERDICTS > MAX_PDF_REVISIONS
    at_limit = pdfrevs.with_xmp_revisions(report, 2, elements=xmp.MAX_NODES - 1)  # + the comment
    accepted = verify_pdf(at_limit, trust_roots=[pki.root.cert])
    assert accepted.status == "valid", accepted.problems
    assert accepted.signatures[0].changes_after == "augmentation"
    over = pdfrevs.with_xmp_revisions(report, 2, elements=xmp.MAX_NODES)
    refused = verify_pdf(over, trust_roots=[pki.root.cert])
    assert refused.status == "invalid"
    assert refused.signatures[0].changes_after == "other"  # as for any XMP the check refuses
    package = verify_package(_package(pki, over), trust_roots=[pki.root.cert])
    assert package.status == "invalid"
    assert package.problems[-1].render("en") == "Something was added to the report PDF after it was signed"


def test_a_package_over_the_limit_is_refused_and_at_the_limit_verifies(pki: TestPki, report: bytes) -> None:
    at_limit = _up_to(report, MAX_PDF_REVISIONS)
    assert verify_package(_package(pki, at_limit), trust_roots=[pki.root.cert]).status == "valid"
    refused = verify_package(_package(pki, pdfrevs.with_trivial_revisions(at_limit, 1)), trust_roots=[pki.root.cert])
    assert refused.status == "invalid" and [p.msgid for p in refused.problems] == [TOO_MANY]


def test_a_genuine_signed_b_lt_and_timestamped_pdf_still_verifies(pki: TestPki) -> None:
    signed = pdfs.sign(report_pdf(1), pdfs.raw_signer(pki.signer))
    augmented = pdfs.augment(signed, pki)
    assert 3 < _revisions(augmented) < 10
    result = verify_pdf(augmented, trust_roots=[pki.root.cert])
    assert result.status == "valid", result.problems
    assert [(s.kind, s.covers_whole or s.kind == "timestamp") for s in result.signatures] == [
        ("signature", True), ("timestamp", True)]


def test_ct20_verify_says_why_the_pdf_is_refused(pki: TestPki, report: bytes, tmp_path: Path) -> None:
    from desktop.cli import main

    file = tmp_path / "bao-cao.pdf"
    file.write_bytes(pdfrevs.with_trivial_revisions(report, MAX_PDF_REVISIONS))
    root_file = tmp_path / "root.pem"
    root_file.write_bytes(pki.root.cert.public_bytes(Encoding.PEM))
    for args in (["--json"], []):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["--db", str(tmp_path / "s.sqlite3"), "verify", *args, "--trust", str(root_file), str(file)])
        assert code != 0
        said = {too_many_revisions().render(lang) for lang in ("en", "vi")}
        if args:
            (record,) = json.loads(out.getvalue())
            assert record["status"] == "invalid" and record["problems"] in [[text] for text in said]
        else:
            assert any(text in out.getvalue() for text in said), out.getvalue()


def test_the_inbox_import_keeps_the_package_as_rejected_with_the_reason(pki: TestPki, report: bytes,
                                                                          tmp_path: Path) -> None:
    from desktop.inbox.importer import import_packages
    from desktop.store import Store
    from tests.inbox.helpers import pin_for_provinces

    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "nhieu-phien-ban.asice").write_bytes(
        _package(pki, pdfrevs.with_xmp_revisions(_up_to(report, MAX_PDF_REVISIONS), 1)))
    with Store.open(tmp_path / "inbox.sqlite3") as store:
        pin_for_provinces(store, pki.signer.cert)
        result = import_packages(store, [folder], trust_paths=[pki.root_pem])
        kept = store.list_inbox_packages()
    (item,) = result.items
    assert (item.outcome, item.status) == ("imported", "invalid")
    assert [p.msgid for p in item.problems] == [TOO_MANY]
    assert [row.status for row in kept] == ["invalid"]
