"""The report PDF is PDF/A-3b and its signature reaches B-B, B-T or B-LT, and says which.

No PDF/A validator runs offline here (veraPDF is a Java download); the tests check, with pypdf
and poppler reading the signed file back, each structure PDF/A-3b asks for.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import load_pem_x509_crl
from pyhanko.pdf_utils import generic

from desktop.export.service import export_report
from desktop.package.datacheck import data_file_check
from desktop.package.pdfverify import verify_pdf
from desktop.package.verify import verify_package
from desktop.reporting.reports import create_report, fill_report
from desktop.signing import pdfsign
from desktop.signing.pdfa import srgb_profile
from desktop.signing.signers import OpenedSigner
from desktop.store import Store
from tests.export.helpers import data_json
from tests.export.reports import load_full
from tests.export.test_pdf import render
from tests.export.test_timestamp import tsa_url  # noqa: F401 - the loopback timestamp server
from tests.pki import TestPki

XMP_DATE = re.compile(r'xmp:(Create|Modify)Date="([^"]+)"')


@pytest.fixture(scope="module")
def signed_report(signer: OpenedSigner) -> bytes:
    drawn = render("ct20.province")
    box = drawn.signature_box
    return pdfsign.sign_pdf(drawn.data, signer, pdfsign.SignatureBox(box.page_index, (box.x1, box.y1, box.x2, box.y2)),
                            data_json=data_json()).data


def _xmp(reader: pypdf.PdfReader) -> str:
    stream = reader.trailer["/Root"]["/Metadata"].get_object()
    assert "/Filter" not in stream  # PDF/A: the XMP stays readable as it is
    return stream.get_data().decode("utf-8")


def _pdf_date(value: str):  # type: ignore[no-untyped-def]
    return generic.parse_pdf_date(value)


def _xmp_date(value: str):  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.datetime.fromisoformat(value)


def test_xmp_identifies_pdfa_3b_and_repeats_the_document_information(signed_report: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(signed_report))
    xmp = _xmp(reader)
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert xmp.count("pdfaid:part") == 1
    info = reader.trailer["/Info"].get_object()
    assert "/Trapped" not in info
    assert f'>{info["/Title"]}</rdf:li>' in xmp
    assert f'<rdf:li>{info["/Author"]}</rdf:li>' in xmp
    assert f'>{info["/Subject"]}</rdf:li>' in xmp
    assert f'xmp:CreatorTool="{info["/Creator"]}"' in xmp
    assert f'pdf:Producer="{info["/Producer"]}"' in xmp
    assert f'pdf:Keywords="{info["/Keywords"]}"' in xmp
    dates = dict(XMP_DATE.findall(xmp))
    assert _xmp_date(dates["Create"]) == _pdf_date(info["/CreationDate"])
    assert _xmp_date(dates["Modify"]) == _pdf_date(info["/ModDate"])


def test_signed_report_properties_name_no_internal_id(signed_report: bytes) -> None:
    """After the signature's incremental update (which rewrites the Info dictionary and the XMP),
    the properties a viewer shows still speak words: no form id or version, no organisation id."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(signed_report), strict=False)
    info = reader.trailer["/Info"]
    xmp = reader.root["/Metadata"].data.decode("utf-8")
    for key in ("/Title", "/Subject", "/Keywords"):
        text = str(info[key])
        for code in ("ct20.province", "2025.1", "so-ct-ninh-binh"):
            assert code not in text and code not in xmp, (key, code)
    assert "Sở Công Thương tỉnh Ninh Bình" in str(info["/Keywords"])
    assert str(info["/Subject"]).endswith("kỳ báo cáo: năm 2025")


def test_srgb_output_intent_with_the_bundled_profile(signed_report: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(signed_report))
    (intent,) = [i.get_object() for i in reader.trailer["/Root"]["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFA1" and intent["/OutputConditionIdentifier"] == "sRGB IEC61966-2.1"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 3 and profile.get_data() == srgb_profile()
    icc = srgb_profile()
    assert icc[36:40] == b"acsp" and icc[12:16] == b"mntr" and icc[16:20] == b"RGB "
    assert icc[8] == 4 and icc[9] >> 4 <= 2  # ICC 4.2 at most, as PDF/A-3 refers to
    assert int.from_bytes(icc[:4], "big") == len(icc)


def _fonts(obj, seen: set[int], found: list) -> None:  # type: ignore[no-untyped-def]
    """Every font dictionary reachable from resources (pages, form XObjects, annotations)."""
    if isinstance(obj, pypdf.generic.IndirectObject):
        if obj.idnum in seen:
            return
        seen.add(obj.idnum)
        obj = obj.get_object()
    if isinstance(obj, pypdf.generic.DictionaryObject):
        if obj.get("/Type") == "/Font":
            found.append(obj)
        for key, value in obj.items():
            if key not in ("/Parent", "/P"):
                _fonts(value, seen, found)
    elif isinstance(obj, pypdf.generic.ArrayObject):
        for value in obj:
            _fonts(value, seen, found)


def test_every_font_is_embedded_none_is_a_standard_14_name(signed_report: bytes, tmp_path: Path) -> None:
    reader = pypdf.PdfReader(io.BytesIO(signed_report))
    found: list = []
    _fonts(reader.trailer["/Root"], set(), found)
    assert len(found) >= 5  # four Liberation Serif faces and the stamp's Noto Sans
    for font in found:
        descriptor = font["/FontDescriptor"].get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
    path = tmp_path / "report.pdf"
    path.write_bytes(signed_report)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    assert rows and all(" yes yes yes " in row for row in rows), listing
    assert "Helvetica" not in listing


def test_data_file_is_an_associated_file_with_its_mime_type_and_dates(signed_report: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(signed_report))
    root = reader.trailer["/Root"]
    (spec,) = [s.get_object() for s in root["/AF"]]
    assert spec["/AFRelationship"] == "/Data" and spec["/F"] == spec["/UF"] == "du-lieu.json"
    stream = spec["/EF"]["/F"].get_object()
    assert stream["/Subtype"] == "/application/json"
    assert "/ModDate" in stream["/Params"]
    names = root["/Names"]["/EmbeddedFiles"]["/Names"]
    assert names[0] == "du-lieu.json" and names[1].get_object() == spec  # the same file spec


def test_the_signed_pdfa_report_still_verifies_as_a_whole(signed_report: bytes, pki: TestPki) -> None:
    result = verify_pdf(signed_report, trust_roots=[pki.root.cert])
    assert result.status == "valid", result.problems
    assert result.signatures[0].covers_whole and result.signatures[0].changes_after == "none"


# ---- levels through the export use case -------------------------------------------------------

@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "ct20.sqlite3") as opened:
        yield opened


@pytest.fixture
def report_id(store: Store) -> str:
    report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
    fill_report(store, report_id, load_full("ct20.province"))
    return report_id


def _crl(pki: TestPki) -> bytes:
    return load_pem_x509_crl(pki.crl_pem.read_bytes()).public_bytes(Encoding.DER)


def _inner_pdf(package: Path) -> bytes:
    return zipfile.ZipFile(package).read("bao-cao.pdf")


def test_export_without_timestamp_server_is_b_b(store: Store, report_id: str, signer: OpenedSigner,
                                                pki: TestPki, tmp_path: Path) -> None:
    result = export_report(store, report_id, tmp_path / "out", signer)
    assert result.level == "B-B" and result.to_json()["level"] == "B-B"
    assert verify_pdf(_inner_pdf(result.package_path), trust_roots=[pki.root.cert]).signatures[0].level == "B-B"


def test_export_with_timestamp_server_is_b_t(store: Store, report_id: str, signer: OpenedSigner, pki: TestPki,
                                             tmp_path: Path, tsa_url: str) -> None:  # noqa: F811
    result = export_report(store, report_id, tmp_path / "out", signer, timestamp_url=tsa_url)
    assert result.level == "B-T"
    pdf = _inner_pdf(result.package_path)
    assert verify_pdf(pdf, trust_roots=[pki.root.cert]).signatures[0].level == "B-T"
    # without embedded validation data, revocation checking that needs it does not trust the signer
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from desktop.signing.signers import to_asn1

    context = ValidationContext(trust_roots=[to_asn1(pki.root.cert)], other_certs=[to_asn1(pki.issuing_ca.cert)],
                                crls=[], ocsps=[], revocation_mode="hard-fail", allow_fetching=False)
    assert not validate_pdf_signature(PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0], context).trusted


def test_export_with_timestamp_and_revocation_data_is_b_lt_and_verifies(
    store: Store, report_id: str, signer: OpenedSigner, pki: TestPki, tmp_path: Path, tsa_url: str  # noqa: F811
) -> None:
    source = pdfsign.RevocationSource(trust_roots=[pki.root.cert], crls=[_crl(pki)])
    result = export_report(store, report_id, tmp_path / "out", signer, timestamp_url=tsa_url, revocation=source)
    assert result.level == "B-LT" and result.warnings == []
    pdf = _inner_pdf(result.package_path)
    assert pdfsign.revocation_data_count(pdf) >= 1
    checked = verify_pdf(pdf, trust_roots=[pki.root.cert])
    signature = checked.signatures[0]
    assert signature.level == "B-LT" and signature.changes_after == "augmentation" and checked.status == "valid"
    # pyHanko alone, with only what the DSS holds and revocation checking that fails without
    # data, trusts the signature: the validation data is really there (B-LT)
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    from desktop.signing.signers import to_asn1

    reader = PdfFileReader(io.BytesIO(pdf))
    context = DocumentSecurityStore.read_dss(reader).as_validation_context(
        {"trust_roots": [to_asn1(pki.root.cert)], "revocation_mode": "hard-fail", "allow_fetching": False})
    status = validate_pdf_signature(reader.embedded_signatures[0], context)
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    # the package verifies: the DSS after the signature is a standard augmentation (step 5)
    package = verify_package(result.package_path, trust_roots=[pki.root.cert], schema_check=data_file_check())
    assert package.status == "valid", [p.render("en") for p in package.problems]
    # the DSS update kept the PDF/A metadata equal to the Info dictionary
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    dates = dict(XMP_DATE.findall(_xmp(reader)))
    assert _xmp_date(dates["Modify"]) == _pdf_date(reader.trailer["/Info"]["/ModDate"])


def test_revocation_asked_but_unavailable_stays_b_t_and_warns(
    store: Store, report_id: str, signer: OpenedSigner, pki: TestPki, tmp_path: Path, tsa_url: str  # noqa: F811
) -> None:
    source = pdfsign.RevocationSource(trust_roots=[pki.root.cert])  # no CRL, no fetching
    result = export_report(store, report_id, tmp_path / "out", signer, timestamp_url=tsa_url, revocation=source)
    assert result.level == "B-T"
    assert [w.msgid for w in result.warnings] == [
        "No revocation data for the signer's certificate could be had: the report's signature is {level}, not B-LT."]


def test_online_checks_setting_asks_for_revocation_data(store: Store, report_id: str, signer: OpenedSigner,
                                                        pki: TestPki, tmp_path: Path, tsa_url: str) -> None:  # noqa: F811
    from desktop.export.service import ONLINE_CHECKS_SETTING, revocation_source
    from desktop.package.roots import add_trust_root

    assert revocation_source(store) is None  # off by default: no network at export
    store.set_setting(ONLINE_CHECKS_SETTING, True)
    add_trust_root(store, pki.root.cert_pem, source="test")
    source = revocation_source(store)
    assert source is not None and source.fetch
    # the test PKI's CRL address does not resolve: nothing can be fetched, so B-T and a warning
    result = export_report(store, report_id, tmp_path / "out", signer, timestamp_url=tsa_url, revocation=source)
    assert result.level == "B-T"
    assert [w.render("en") for w in result.warnings] == [
        "No revocation data for the signer's certificate could be had: the report's signature is B-T, not B-LT."]


def test_revocation_data_without_a_timestamp_stays_b_b_and_says_why(
    store: Store, report_id: str, signer: OpenedSigner, pki: TestPki, tmp_path: Path
) -> None:
    source = pdfsign.RevocationSource(trust_roots=[pki.root.cert], crls=[_crl(pki)])
    result = export_report(store, report_id, tmp_path / "out", signer, revocation=source)
    assert result.level == "B-B"
    assert pdfsign.revocation_data_count(_inner_pdf(result.package_path)) >= 1
    assert [w.msgid for w in result.warnings] == [
        "The report's signature carries revocation data, but without a timestamp server it stays at level B-B "
        "(B-LT needs a timestamp)."]


def test_a_typed_organisation_name_with_controls_still_exports_with_equal_metadata() -> None:
    """A custom organisation's name is typed by a user: a vertical tab or a zero-width space in it
    made the XMP writer refuse the whole export (found in review); now the properties carry the
    name as the page shows it, the same in the Info dictionary and the XMP."""
    import dataclasses

    from desktop.export.pdf import render_report_pdf
    from desktop.forms import get_form
    from desktop.forms.periods import Period
    from desktop.registry import get_organization

    org = dataclasses.replace(get_organization("so-ct-ninh-binh"), name="Sở Công Thương\x0b tỉnh\u200b Ninh Bình")
    drawn = render_report_pdf(get_form("ct20.province"), load_full("ct20.province"), org=org,
                              period=Period.parse("2025"))
    reader = pypdf.PdfReader(io.BytesIO(drawn.data))
    info = reader.trailer["/Info"].get_object()
    assert info["/Author"] == "Sở Công Thương tỉnh Ninh Bình"
    assert f'<rdf:li>{info["/Author"]}</rdf:li>' in _xmp(reader)
