"""Verification does each piece of work once, and the shortcuts change no verdict.

- The report PDF is hashed once for the manifest digest and the PAdES /ByteRange digest
  (`desktop.package.pdfdigest`): pyHanko's own byte-range hashing is not called for a package the
  exporter made, and a PDF changed inside its signed bytes is still refused; when the shortcut
  does not fit, pyHanko hashes as before.
- The data file embedded in the PDF is not inflated again when its stream is the ZIP entry's very
  deflate data (`desktop.signing.embedded.holds_deflated`); any other stream is inflated and
  compared as before, and a tampered one is refused on either path.

Counted on the real library functions (pyHanko's byte-range digest and its Flate decoder), wrapped
so they still run.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from pyhanko.pdf_utils import filters, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, general, signers
from pyhanko.sign.validation import pdf_embedded

from desktop.package import asic
from desktop.package.datacheck import data_file_check
from desktop.package.pdfdigest import pdf_digests
from desktop.package.verify import VerificationResult, verify_package
from desktop.signing import pdfsign
from desktop.signing.signers import OpenedSigner
from tests.export.helpers import data_json, entries_of, make_package, repack, report_pdf, resign
from tests.pki import TestPki

CHANGED_PDF = "The report PDF was changed after signing"
UNREADABLE = "The file {name} embedded in the report PDF cannot be read"
DIFFERS = "The data inside the report PDF differs from the data file"
DUPLICATE = ("The data file names the key “{key}” twice in the same object; other programs may read the other "
             "value, so the file is refused")


@dataclass
class Calls:
    byte_range_digests: int = 0
    inflated: list[int] = field(default_factory=list)  # lengths of the Flate streams pyHanko decoded


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Iterator[Calls]:
    seen = Calls()
    real_digest = pdf_embedded.byte_range_digest
    real_decode = filters.FlateDecode.decode_bounded

    def digest(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.byte_range_digests += 1
        return real_digest(*args, **kwargs)

    def decode(self, data, decode_params, max_output_size):  # type: ignore[no-untyped-def]
        seen.inflated.append(len(data))
        return real_decode(self, data, decode_params, max_output_size)

    monkeypatch.setattr(pdf_embedded, "byte_range_digest", digest)
    monkeypatch.setattr(filters.FlateDecode, "decode_bounded", decode)
    yield seen


def verify(package: bytes, pki: TestPki, *, schema: bool = False) -> VerificationResult:
    return verify_package(package, trust_roots=[pki.root.cert], schema_check=data_file_check() if schema else None)


def msgids(result: VerificationResult) -> list[str]:
    return [problem.msgid for problem in result.problems]  # type: ignore[attr-defined]


def embedded_length(package: bytes) -> int:
    """The length of the embedded data file's stream as written (zlib wrapper included)."""
    deflated = asic.read_package(package).data_json_deflated
    assert deflated is not None
    return len(deflated) + 6


# --- the PDF hashed once ---------------------------------------------------------------------------


def test_the_pdf_is_hashed_once_for_the_manifest_and_its_signature(signer: OpenedSigner, pki: TestPki,
                                                                   calls: Calls) -> None:
    made = make_package(signer)
    result = verify(made.package, pki)
    assert result.status == "valid", [p.render("en") for p in result.problems]
    assert calls.byte_range_digests == 0  # pyHanko was handed the digest the manifest check computed
    shared = pdf_digests(made.pdf)
    assert shared.byte_range is not None
    first, gap_end = shared.byte_range.byte_range[1], shared.byte_range.byte_range[2]
    assert general.byte_range_digest(io.BytesIO(made.pdf), shared.byte_range.byte_range, "sha256")[1] == \
        shared.byte_range.digest  # what pyHanko computes itself
    import hashlib

    assert shared.whole == hashlib.sha256(made.pdf).digest()
    assert shared.byte_range.digest == hashlib.sha256(made.pdf[:first] + made.pdf[gap_end:]).digest()


def test_a_pdf_changed_inside_its_signed_bytes_is_refused_with_the_shared_digest(
        signer: OpenedSigner, pki: TestPki, calls: Calls) -> None:
    made = make_package(signer)
    at = made.pdf.index(b"stream\n") + 20  # inside the first page's content: still a readable PDF
    changed = made.pdf[:at] + bytes([made.pdf[at] ^ 0x01]) + made.pdf[at + 1:]
    # an attacker with a trusted key signs a new manifest, so only the PDF's own signature can object
    package = repack(resign([(n, changed if n == asic.PDF_NAME else c) for n, c in entries_of(made.package)],
                            signer))
    assert pdf_digests(changed).byte_range is not None  # the shortcut applies...
    result = verify(package, pki)
    assert calls.byte_range_digests == 0
    assert result.status == "invalid" and msgids(result) == [CHANGED_PDF]  # ...and still refuses


def test_when_the_range_does_not_reach_the_end_pyhanko_hashes_as_before(signer: OpenedSigner, pki: TestPki,
                                                                        calls: Calls) -> None:
    made = make_package(signer)
    longer = made.pdf + b"% a comment after the signed revision\n"
    package = repack(resign([(n, longer if n == asic.PDF_NAME else c) for n, c in entries_of(made.package)], signer))
    assert pdf_digests(longer).byte_range is None
    result = verify(package, pki)
    assert calls.byte_range_digests >= 1  # pyHanko's own digest, as before
    assert result.status == "invalid"  # bytes outside the signature: refused as before


# --- the embedded data file not inflated again -------------------------------------------------------


def test_the_embedded_data_file_is_not_inflated_when_it_is_the_zip_entry(signer: OpenedSigner, pki: TestPki,
                                                                         calls: Calls) -> None:
    made = make_package(signer)
    result = verify(made.package, pki)
    assert result.status == "valid", [p.render("en") for p in result.problems]
    assert embedded_length(made.package) not in calls.inflated


def _rezip(package: bytes, level: int | None) -> bytes:
    """The same entries, the data file deflated at `level` (None: stored), as asic._zip lays them out."""
    entries = entries_of(package)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=(2025, 11, 10, 9, 12, 0))
            info.create_system = 0
            method_level = 6
            if name == asic.MIMETYPE_NAME or (name == asic.DATA_NAME and level is None):
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                method_level = level if name == asic.DATA_NAME and level is not None else 6
            archive.writestr(info, content, compresslevel=method_level)
    return buffer.getvalue()


@pytest.mark.parametrize("level", [None, 1])
def test_another_zip_entry_means_the_copy_is_inflated_and_compared(signer: OpenedSigner, pki: TestPki,
                                                                   calls: Calls, level: int | None) -> None:
    big = data_json(values={"program": {"plan_status": "issued"}, "rows": [{"n": i, "t": "hàng"} for i in range(300)]})
    made = make_package(signer, data=big)
    package = _rezip(made.package, level)
    read = asic.read_package(package)
    assert read.data_json == big and read.data_json_deflated != asic.read_package(made.package).data_json_deflated
    result = verify(package, pki)
    assert result.status == "valid", [p.render("en") for p in result.problems]
    assert calls.inflated.count(embedded_length(made.package)) == 1  # the ordinary path, once


def _signed_with_stream(signer: OpenedSigner, data: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    """A package whose PDF carries `data` embedded as the exporter does, its stream then changed by
    `change(stream)` before signing: an attacker's own signed PDF."""
    writer = IncrementalPdfFileWriter(io.BytesIO(report_pdf()))
    pdfsign.embed_data_file(writer, data)
    spec = writer.root["/Names"]["/EmbeddedFiles"]["/Names"][1]
    stream = spec["/EF"]["/F"]
    change(stream)
    writer.update_container(stream)
    out = io.BytesIO()
    writer.write(out)
    # pyHanko's own signing (ours reads the embedded file back for PDF/A, and would refuse it)
    signed = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(out.getvalue())),
                              signers.PdfSignatureMetadata(field_name="Signature1", subfilter=fields.SigSeedSubFilter.PADES),
                              signer=signer.signer)
    return asic.build_package(signed.getvalue(), data, [], signer).data


def test_a_copy_with_the_same_deflate_data_but_a_wrong_checksum_is_refused(signer: OpenedSigner, pki: TestPki,
                                                                          calls: Calls) -> None:
    data = data_json()

    def wrong_checksum(stream: generic.StreamObject) -> None:
        encoded = stream.encoded_data
        stream.data  # noqa: B018 - the content stays known to the writer (it writes its /Size)
        stream._encoded_data = encoded[:-1] + bytes([encoded[-1] ^ 0xFF])

    package = _signed_with_stream(signer, data, wrong_checksum)
    read = asic.read_package(package)
    assert read.data_json_deflated is not None
    result = verify(package, pki)
    assert result.status == "invalid" and msgids(result) == [UNREADABLE]
    assert embedded_length(package) in calls.inflated  # not taken for the ZIP entry: inflated, and refused


def test_a_copy_with_the_same_deflate_data_but_decoding_parameters_is_refused(signer: OpenedSigner, pki: TestPki,
                                                                             calls: Calls) -> None:
    data = data_json()
    deflated = zlib.compressobj(6, zlib.DEFLATED, -15)
    raw = deflated.compress(data) + deflated.flush()

    def with_predictor(stream: generic.StreamObject) -> None:
        assert stream.encoded_data[2:-4] == raw  # the same compressed bytes as the ZIP entry
        stream["/DecodeParms"] = generic.DictionaryObject({
            generic.pdf_name("/Predictor"): generic.NumberObject(12),
            generic.pdf_name("/Columns"): generic.NumberObject(4)})

    package = _signed_with_stream(signer, data, with_predictor)
    assert asic.read_package(package).data_json_deflated == raw
    result = verify(package, pki)
    assert result.status == "invalid" and msgids(result)[0] in (UNREADABLE, DIFFERS)
    assert embedded_length(package) in calls.inflated


def test_the_shortcut_does_not_skip_the_data_file_checks(signer: OpenedSigner, pki: TestPki, calls: Calls) -> None:
    twice = data_json().replace(b'"year": 2025', b'"year": 2024, "year": 2025', 1)
    made = make_package(signer, data=twice)  # the PDF embeds the very same deflate data
    result = verify(made.package, pki, schema=True)
    assert embedded_length(made.package) not in calls.inflated  # the shortcut was taken
    assert result.status == "invalid" and msgids(result) == [DUPLICATE]


def test_a_different_copy_is_still_refused(signer: OpenedSigner, pki: TestPki, calls: Calls) -> None:
    made = make_package(signer, pdf_data=data_json(period={"kind": "year", "year": 2024}))
    result = verify(made.package, pki)
    assert result.status == "invalid" and msgids(result) == [DIFFERS]
