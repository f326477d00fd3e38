"""A long report exported for real (400 cluster rows, dozens of pages): the visible signature sits in
the signature block's rectangle on the last page (found from the end of the page tree), the signature
and the data inside the PDF verify, the pages carry Flate-only streams, and the table's every cell
reads back from the signed PDF."""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from pathlib import Path

import pypdf
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from desktop.export.service import export_report
from desktop.reporting.reports import create_report
from desktop.signing.signers import OpenedSigner, to_asn1
from desktop.store import Store
from tests.export.reports import large_province_values
from tests.pki import TestPki


def test_a_long_report_is_signed_on_its_last_page_and_reads_back_whole(tmp_path: Path, signer: OpenedSigner,
                                                                       pki: TestPki) -> None:
    values = large_province_values(400)
    with Store.open(tmp_path / "r.sqlite3") as store:
        report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
        store.save_values(report_id, values)
        result = export_report(store, report_id, tmp_path / "out", signer)
    package = zipfile.ZipFile(result.package_path)
    pdf = package.read("bao-cao.pdf")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 30  # dozens of pages (40 since the table is laid out by real line counts)
    widgets = [(index, annotation.get_object()) for index, page in enumerate(reader.pages)
               for annotation in page.get("/Annots") or [] if annotation.get_object().get("/FT") == "/Sig"]
    assert [index for index, _ in widgets] == [len(reader.pages) - 1]  # one signature, on the last page
    ((_, widget),) = widgets
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert x2 - x1 > 150 and y2 - y1 > 60  # the signature block's rectangle, not a zero-size field

    (signature,) = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    context = ValidationContext(trust_roots=[to_asn1(pki.root.cert)], allow_fetching=False)
    status = validate_pdf_signature(signature, context)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    path = tmp_path / "bao-cao.pdf"
    path.write_bytes(pdf)
    checked = subprocess.run(["pdfsig", "-nocert", str(path)], capture_output=True, text=True)
    assert "Signature Validation: Signature is Valid." in checked.stdout, checked.stdout

    for page in reader.pages:
        contents = page["/Contents"]
        for stream in contents if isinstance(contents, pypdf.generic.ArrayObject) else [contents]:
            assert stream.get_object()["/Filter"] in ("/FlateDecode", ["/FlateDecode"])

    data = json.loads(package.read("du-lieu.json"))
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")
    flat = " ".join(text.split())
    for row in data["values"]["clusters"]["wastewater"]:
        assert row["name"] in flat and row["commune"] in flat, row["name"]
    assert all(row["code"].startswith("CCN-") for row in data["values"]["clusters"]["wastewater"])
