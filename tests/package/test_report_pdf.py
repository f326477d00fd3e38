"""The report PDF inside a package (package.md, step 5): exactly one embedded du-lieu.json, and a
/ByteRange that describes the file, or a plain refusal; never a logged traceback."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from desktop.package import asic
from desktop.package.verify import verify_package
from desktop.signing import pdfsign
from desktop.signing.byterange import byte_range_problem
from desktop.signing.embedded import EmbeddedFileError, read_embedded_file
from desktop.signing.signers import OpenedSigner
from tests.export.helpers import ATTACHMENTS, SIGNATURE_BOX, data_json, entries_of, repack, report_pdf, resign
from tests.package import pdfslack
from tests.pki import TestPki

TWO = "The report PDF carries more than one file named {name}"
ODD = "The report's signature is malformed: the part of the file it covers (/ByteRange) does not match the file"
HONEST = data_json()
FORGED = data_json(period={"kind": "year", "year": 2024})


def reader(pdf: bytes) -> PdfFileReader:
    return PdfFileReader(io.BytesIO(pdf), strict=False)


def embedded(pdf: bytes) -> bytes | None:
    return read_embedded_file(reader(pdf), "du-lieu.json")


def no_errors_logged(caplog: pytest.LogCaptureFixture) -> None:
    logged = [(r.name, r.getMessage()) for r in caplog.records if r.levelno >= logging.ERROR]
    assert not logged, logged


def test_the_exporters_pdf_carries_one_data_file(package) -> None:  # type: ignore[no-untyped-def]
    """`embed_data_file` writes the file specification twice (name tree, and a copy in /AF), both
    pointing to one stream: that is one file."""
    assert embedded(package.pdf) == package.data


@pytest.mark.parametrize("place", pdfslack.PLACES)
def test_a_second_data_file_anywhere_a_viewer_looks_is_refused(place: str) -> None:
    pdf = pdfslack.pdf_carrying_two(report_pdf(1), HONEST, FORGED, place)
    with pytest.raises(EmbeddedFileError) as refused:
        embedded(pdf)
    assert refused.value.message.msgid == TWO
    assert "du-lieu.json" in refused.value.render("vi")


def test_a_second_data_file_spelled_otherwise_counts_too() -> None:
    """A viewer lists DU-LIEU.JSON beside du-lieu.json; a reader may open either."""
    pdf = pdfslack.pdf_carrying_two(report_pdf(1), HONEST, FORGED, "name-tree", name="DU-LIEU.JSON")
    with pytest.raises(EmbeddedFileError):
        embedded(pdf)


def test_other_embedded_files_do_not_count() -> None:
    pdf = pdfslack.pdf_carrying_two(report_pdf(1), HONEST, b"{}", "name-tree", name="ghi-chu.json")
    assert embedded(pdf) == HONEST


def test_a_name_tree_that_loops_ends() -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(report_pdf(1)), strict=False)
    pdfsign.embed_data_file(writer, HONEST)
    tree_ref = writer.root["/Names"].raw_get("/EmbeddedFiles")
    tree = tree_ref.get_object()
    tree["/Kids"] = generic.ArrayObject([tree_ref, tree_ref])
    writer.update_container(tree)
    out = io.BytesIO()
    writer.write(out)
    assert embedded(out.getvalue()) == HONEST


def test_a_file_specification_that_is_not_a_dictionary_is_ignored() -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(report_pdf(1)), strict=False)
    pdfsign.embed_data_file(writer, HONEST)
    names = writer.root["/Names"]["/EmbeddedFiles"]["/Names"]
    names.extend([generic.pdf_string("du-lieu.json"), generic.NumberObject(7)])
    writer.update_container(names)
    out = io.BytesIO()
    writer.write(out)
    assert embedded(out.getvalue()) == HONEST


def package_with_pdf(pdf: bytes, signer: OpenedSigner, data: bytes = HONEST) -> bytes:
    return asic.build_package(pdf, data, ATTACHMENTS, signer).data


@pytest.mark.parametrize("place", pdfslack.PLACES)
def test_a_package_whose_pdf_carries_two_data_files_is_invalid(
    place: str, signer: OpenedSigner, pki: TestPki, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    pdf = pdfslack.pdf_carrying_two(report_pdf(1), HONEST, FORGED, place)
    signed = pdfsign.sign_pdf(pdf, signer, SIGNATURE_BOX).data
    result = verify_package(package_with_pdf(signed, signer), trust_roots=[pki.root.cert])
    assert result.status == "invalid"
    assert [p.msgid for p in result.problems] == [TWO]
    no_errors_logged(caplog)


# -- /ByteRange ------------------------------------------------------------------------------------


def signature_of(pdf: bytes) -> generic.DictionaryObject:
    return reader(pdf).embedded_signatures[0].sig_object


def test_the_exporters_byte_range_is_sound(package) -> None:  # type: ignore[no-untyped-def]
    assert byte_range_problem(signature_of(package.pdf), package.pdf) is None


def test_a_byte_range_ending_at_an_earlier_revision_is_left_to_the_coverage_check(package) -> None:  # type: ignore[no-untyped-def]
    """An update after the signature is not a malformed range: the verifier says "something was
    added after signing" (or accepts a PAdES augmentation), not "malformed"."""
    writer = IncrementalPdfFileWriter(io.BytesIO(package.pdf))
    writer.root["/Lang"] = generic.TextStringObject("vi")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    updated = out.getvalue()
    assert byte_range_problem(signature_of(updated), updated) is None


@pytest.mark.parametrize("variant", sorted(pdfslack.odd_byte_ranges(b"/ByteRange [0 1 2 3]")))
def test_odd_byte_ranges_are_refused_in_words(
    variant: str, package, signer: OpenedSigner, pki: TestPki, caplog: pytest.LogCaptureFixture  # type: ignore[no-untyped-def]
) -> None:
    caplog.set_level(logging.DEBUG)
    odd = pdfslack.with_byte_range(package.pdf, pdfslack.odd_byte_ranges(package.pdf)[variant])
    problem = byte_range_problem(signature_of(odd), odd)
    assert problem is not None and problem.msgid == ODD
    assert problem.render("vi") != problem.render("en")
    entries = [(n, odd if n == asic.PDF_NAME else c) for n, c in entries_of(package.package)]
    data = repack(resign(entries, signer))  # the signer's own broken tool: the manifest is signed again
    result = verify_package(data, trust_roots=[pki.root.cert])
    assert result.status == "invalid"
    assert [p.msgid for p in result.problems] == [ODD]
    no_errors_logged(caplog)


def _gap_variants(gap: bytes) -> dict[str, bytes]:
    """Gaps of the same length as the signed one's `<hex>`, each not exactly the /Contents."""
    return {
        "other-hex-digits": b"<" + b"0" * (len(gap) - 2) + b">",
        "whitespace-inside": gap[:3] + b" " + gap[4:],
        "literal-string": b"(" + gap[1:-1] + b")",
        "not-hex": gap[:-2] + b"g>",
    }


@pytest.mark.parametrize("variant", ["other-hex-digits", "whitespace-inside", "literal-string", "not-hex"])
def test_a_gap_that_is_not_exactly_the_contents_string_is_refused(variant: str, package) -> None:  # type: ignore[no-untyped-def]
    pdf = package.pdf
    _, a, b, c = pdfslack.byte_range_of(pdf)
    odd = pdf[:a] + _gap_variants(pdf[a:b])[variant] + pdf[b:]
    assert len(odd) == len(pdf)
    signature = generic.DictionaryObject({
        generic.pdf_name("/ByteRange"): generic.ArrayObject(generic.NumberObject(v) for v in (0, a, b, c)),
        generic.pdf_name("/Contents"): signature_of(pdf)["/Contents"],
    })  # fmt: skip
    assert byte_range_problem(signature, pdf) is None  # the same dictionary over the signed bytes: sound
    assert byte_range_problem(signature, odd) is not None


def test_a_data_file_associated_with_an_annotation_counts_too() -> None:
    """PDF 2.0 lets any annotation carry associated files (/AF); a viewer may offer them."""
    writer = IncrementalPdfFileWriter(io.BytesIO(report_pdf(1)), strict=False)
    pdfsign.embed_data_file(writer, HONEST)
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    note = generic.DictionaryObject({
        generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
        generic.pdf_name("/Subtype"): generic.pdf_name("/Text"),
        generic.pdf_name("/Rect"): generic.ArrayObject(generic.NumberObject(v) for v in (0, 0, 10, 10)),
        generic.pdf_name("/AF"): generic.ArrayObject([writer.add_object(pdfslack.file_spec(writer, FORGED,
                                                                                          "du-lieu.json"))]),
    })  # fmt: skip
    page["/Annots"] = generic.ArrayObject([writer.add_object(note)])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(EmbeddedFileError):
        embedded(out.getvalue())


# -- hostile bytes: only the module's own refusal ------------------------------------------------

CORPUS_PDF = next(c for n, c in entries_of((Path(__file__).resolve().parents[1] / "data" / "hostile" /
                                            "valid.asice").read_bytes()) if n == asic.PDF_NAME)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.lists(st.tuples(st.integers(0, len(CORPUS_PDF) - 1)  # anywhere, or in the signed update
                                  | st.integers(len(CORPUS_PDF) - 12000, len(CORPUS_PDF) - 1),
                                  st.sampled_from(b"0123456789 []<>/()R") | st.integers(0, 255)),
                        min_size=1, max_size=8))  # fmt: skip
def test_mutated_pdfs_end_in_an_answer_or_the_modules_own_refusal(changes: list[tuple[int, int]]) -> None:
    data = bytearray(CORPUS_PDF)
    for position, value in changes:
        data[position] = value
    pdf = bytes(data)
    try:
        parsed = reader(pdf)
        signature = parsed.embedded_signatures[0].sig_object
    except Exception:  # the verifier refuses an unreadable PDF before these run
        return
    try:
        found = read_embedded_file(parsed, "du-lieu.json")
    except EmbeddedFileError as refused:
        assert refused.render("en").strip()
    else:
        assert found is None or isinstance(found, bytes)
    problem = byte_range_problem(signature, pdf)
    assert problem is None or problem.msgid == ODD
