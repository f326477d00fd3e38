"""The app's PDF/A, signing and verification without lxml (left out of the bundle), judged by
pyHanko with lxml in another process (tests/signing/lxml_tool.py) and by poppler's pdfsig.

(a) the XMP of the report PDF/A, read by pyHanko's own XMP reader, equals the Info dictionary
    after creation, after signing and after the B-LT validation data;
(b) a later revision by another tool that rewrites the XMP (new document properties, a second
    signature) gets the verdict pyHanko with lxml gives;
(c) a later revision whose XMP is malformed or declares entities is a change of the content;
(d) pdfsig and pyHanko validate the signatures the app makes without lxml.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import load_pem_x509_crl

from tests.packaging import block_excluded
from tests.pki import TestPki, nss_database
from tests.signing import lxml_tool
from tests.signing.xmp_cases import DOCTYPE_ONLY, case

# pyHanko's modification level -> what the app says after a signature (desktop/package/pdfverify.py)
CHANGES = {"NONE": "none", "LTA_UPDATES": "augmentation", "FORM_FILLING": "form_filling",
           "ANNOTATIONS": "annotations", "OTHER": "other"}


@pytest.fixture
def without_lxml() -> Iterator[None]:
    with block_excluded.blocked(["lxml"]):
        with pytest.raises(ImportError):
            import lxml.etree  # noqa: F401
        yield


@pytest.fixture(scope="module")
def made(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The report PDF/A as drawn, signed (data file inside), and signed with validation data
    (a DSS in one more revision), all made without lxml."""
    folder = tmp_path_factory.mktemp("nolxml")
    with block_excluded.blocked(["lxml"]):
        from desktop.signing import pdfsign
        from desktop.signing.signers import open_p12
        from tests.export.helpers import data_json
        from tests.export.test_pdf import render

        signer = open_p12(pki.signer.p12_path, pki.signer.password)
        drawn = render("ct20.province")
        box = pdfsign.SignatureBox(drawn.signature_box.page_index, (
            drawn.signature_box.x1, drawn.signature_box.y1, drawn.signature_box.x2, drawn.signature_box.y2))
        at = dt.datetime(2026, 3, 4, 9, 10, 11, tzinfo=dt.timezone(dt.timedelta(hours=7)))
        signed = pdfsign.sign_pdf(drawn.data, signer, box, data_json=data_json(), signing_time=at)
        crl = load_pem_x509_crl(pki.crl_pem.read_bytes()).public_bytes(Encoding.DER)
        augmented = pdfsign.sign_pdf(drawn.data, signer, box, data_json=data_json(), signing_time=at,
                                     revocation=pdfsign.RevocationSource(trust_roots=[pki.root.cert], crls=[crl]))
        assert pdfsign.revocation_data_count(augmented.data) >= 1
        import sys

        assert "lxml" not in sys.modules
    paths = {"created": drawn.data, "signed": signed.data, "augmented": augmented.data}
    for name, data in paths.items():
        (folder / f"{name}.pdf").write_bytes(data)
    return {name: folder / f"{name}.pdf" for name in paths}


def _instant(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


# ---- (a) -------------------------------------------------------------------------------------

@pytest.mark.parametrize("stage", ["created", "signed", "augmented"])
def test_the_xmp_read_by_pyhanko_equals_the_info_dictionary(made: dict[str, Path], stage: str) -> None:
    found = lxml_tool.run("read", str(made[stage]))
    xmp, info = found["xmp"], found["info"]
    assert not found["filter"]  # PDF/A: the XMP stays readable as it is
    assert (xmp["pdfaid:part"], xmp["pdfaid:conformance"]) == ("3", "B")
    assert xmp["dc:title"] == info["/Title"]
    assert xmp["dc:creator"] == info["/Author"]
    assert xmp["dc:description"] == info["/Subject"]
    assert xmp["xmp:CreatorTool"] == info["/Creator"]
    assert xmp["pdf:Producer"] == info["/Producer"]
    assert xmp["pdf:Keywords"] == info["/Keywords"]
    assert _instant(xmp["xmp:CreateDate"]) == _instant(info["/CreationDate"]) == _instant(xmp["meta.created"])
    assert _instant(xmp["xmp:ModifyDate"]) == _instant(info["/ModDate"]) == _instant(xmp["meta.last_modified"])
    assert "/Trapped" not in info
    if stage == "signed":
        assert _instant(info["/ModDate"]) == dt.datetime(2026, 3, 4, 2, 10, 11, tzinfo=dt.UTC)
    assert "Sở Công Thương tỉnh Ninh Bình" in info["/Keywords"]


# ---- (b) -------------------------------------------------------------------------------------

def _ours(path: Path, pki: TestPki):  # type: ignore[no-untyped-def]
    from desktop.package.pdfverify import verify_pdf

    return verify_pdf(path.read_bytes(), trust_roots=[pki.root.cert])


def test_new_document_properties_by_another_tool_are_an_augmentation_as_pyhanko_says(
    made: dict[str, Path], pki: TestPki, tmp_path: Path, without_lxml: None
) -> None:
    edited = tmp_path / "edited.pdf"
    lxml_tool.run("edit", str(made["signed"]), str(edited), "Tiêu đề mới")
    assert lxml_tool.run("read", str(edited))["xmp"]["dc:description"] == "Tiêu đề mới"  # it rewrote the XMP
    (theirs,) = lxml_tool.run("verdicts", str(edited), str(pki.root_pem))
    assert theirs["intact"] and theirs["valid"] and theirs["modification_level"] == "LTA_UPDATES"
    result = _ours(edited, pki)
    (signature,) = result.signatures
    assert signature.changes_after == CHANGES[theirs["modification_level"]] == "augmentation"
    assert result.status == "valid" and signature.covers_whole, [p.render("en") for p in result.problems]


def test_a_second_signature_by_another_tool_gets_pyhankos_verdict(
    made: dict[str, Path], pki: TestPki, tmp_path: Path, without_lxml: None
) -> None:
    twice = tmp_path / "twice.pdf"
    lxml_tool.run("sign", str(made["signed"]), str(twice), str(pki.second_signer.p12_path),
                  pki.second_signer.password.decode())
    theirs = lxml_tool.run("verdicts", str(twice), str(pki.root_pem))
    assert [v["modification_level"] for v in theirs] == ["FORM_FILLING", "NONE"]
    result = _ours(twice, pki)
    assert [s.changes_after for s in result.signatures] == [CHANGES[v["modification_level"]] for v in theirs]
    assert result.status == "valid", [p.render("en") for p in result.problems]


def test_our_own_validation_data_after_the_signature_stays_an_augmentation(
    made: dict[str, Path], pki: TestPki, without_lxml: None
) -> None:
    (theirs,) = lxml_tool.run("verdicts", str(made["augmented"]), str(pki.root_pem))
    assert theirs["modification_level"] == "LTA_UPDATES"
    result = _ours(made["augmented"], pki)
    (signature,) = result.signatures
    assert signature.changes_after == "augmentation" and result.status == "valid"


# ---- (c) -------------------------------------------------------------------------------------

def _later_xmp(source: Path, target: Path, packet: bytes) -> None:
    """A revision after the signature whose catalog points to a new metadata stream `packet`."""
    with block_excluded.blocked(["lxml"]):  # pyHanko's writer then leaves the XMP as it is given
        from pyhanko.pdf_utils import generic
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

        writer = IncrementalPdfFileWriter(io.BytesIO(source.read_bytes()), strict=False)
        stream = generic.StreamObject({generic.pdf_name("/Type"): generic.pdf_name("/Metadata"),
                                       generic.pdf_name("/Subtype"): generic.pdf_name("/XML")}, stream_data=packet)
        writer.root["/Metadata"] = writer.add_object(stream)
        writer.update_root()
        out = io.BytesIO()
        writer.write(out)
    target.write_bytes(out.getvalue())


GOOD = case("packet")
BAD = {"malformed": case("unclosed"), "entity": case("entity declared and used"),
       "not XMP": case("root rdf:RDF"), "entity expansion": case("entity expansion")}


def test_a_later_well_formed_xmp_is_an_augmentation(made: dict[str, Path], pki: TestPki, tmp_path: Path,
                                                    without_lxml: None) -> None:
    later = tmp_path / "later.pdf"
    _later_xmp(made["signed"], later, GOOD)
    (theirs,) = lxml_tool.run("verdicts", str(later), str(pki.root_pem))
    assert theirs["modification_level"] == "LTA_UPDATES"
    assert _ours(later, pki).status == "valid"


@pytest.mark.parametrize("kind", sorted(BAD))
def test_a_later_bad_xmp_is_a_change_of_the_content(made: dict[str, Path], pki: TestPki, tmp_path: Path,
                                                    without_lxml: None, kind: str) -> None:
    later = tmp_path / "later.pdf"
    _later_xmp(made["signed"], later, BAD[kind])
    (theirs,) = lxml_tool.run("verdicts", str(later), str(pki.root_pem))
    assert theirs["modification_level"] == "OTHER" and not theirs["docmdp_ok"]
    result = _ours(later, pki)
    (signature,) = result.signatures
    assert signature.changes_after == "other" and not signature.covers_whole
    assert result.status == "invalid"
    assert [p.render("en") for p in result.problems] == [
        "The document was changed after its last signature",
        "This signature covers only revision 3 of 4; afterwards the content was changed"]


def test_a_later_xmp_with_a_doctype_is_a_change_though_pyhanko_lets_it_pass(
    made: dict[str, Path], pki: TestPki, tmp_path: Path, without_lxml: None
) -> None:
    later = tmp_path / "later.pdf"
    _later_xmp(made["signed"], later, DOCTYPE_ONLY["entity declared, unused"])
    (theirs,) = lxml_tool.run("verdicts", str(later), str(pki.root_pem))
    assert theirs["modification_level"] == "LTA_UPDATES"  # pyHanko's leniency
    result = _ours(later, pki)
    assert result.signatures[0].changes_after == "other" and result.status == "invalid"


# ---- (d) -------------------------------------------------------------------------------------

@pytest.mark.parametrize("stage", ["signed", "augmented"])
def test_pdfsig_and_pyhanko_validate_what_the_app_signed_without_lxml(
    made: dict[str, Path], pki: TestPki, tmp_path: Path, stage: str
) -> None:
    nss = nss_database(tmp_path / "nss", pki.root_pem)
    run = subprocess.run(["pdfsig", "-nssdir", nss, str(made[stage])], capture_output=True, text=True, timeout=60)
    assert "Signature is Valid" in run.stdout and "Certificate is Trusted" in run.stdout, run.stdout + run.stderr
    if stage == "signed":
        assert "Total document signed" in run.stdout
    (theirs,) = lxml_tool.run("verdicts", str(made[stage]), str(pki.root_pem))
    assert theirs["intact"] and theirs["valid"]
    assert (theirs["coverage"], theirs["modification_level"]) == (
        ("ENTIRE_FILE", "NONE") if stage == "signed" else ("ENTIRE_REVISION", "LTA_UPDATES"))


def test_the_preview_with_its_data_file_keeps_the_xmp_equal_to_the_info_dictionary(
    tmp_path: Path, without_lxml: None
) -> None:
    from desktop.export.preview import preview_report
    from desktop.reporting.reports import create_report, fill_report
    from desktop.store import Store
    from tests.export.reports import load_full

    moment = dt.datetime(2026, 5, 6, 7, 8, 9, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    with Store.open(tmp_path / "ct20.sqlite3") as store:
        report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
        fill_report(store, report_id, load_full("ct20.province"))
        preview = preview_report(store, report_id, now=moment)
    assert preview.data_json is not None  # the data file went in: one more revision
    path = tmp_path / "preview.pdf"
    path.write_bytes(preview.pdf)
    found = lxml_tool.run("read", str(path))
    assert _instant(found["xmp"]["xmp:ModifyDate"]) == _instant(found["info"]["/ModDate"]) == moment
    assert found["xmp"]["dc:title"] == found["info"]["/Title"]
