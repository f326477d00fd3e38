"""How long the consolidation of a full year takes: `python bench/bench_consolidate.py [--provinces 34] [--rows 2000]`.

`provinces` province packages of `rows` cluster rows each (the form's maximum), genuinely signed
(test PKI, P-256) and imported with full verification, are consolidated by `write_consolidation`:
the model, then the PDF, the XLSX and the DOCX, written together. One reporter's difficulties is
a 20,000-character token without a space (a pasted link), another's a formula: the hostile content
that made the PDF cubic and the workbook live.

In the same run the floors: bare openpyxl (write-only) writing the same cells, one bare reportlab
pass over the same cells (plain strings, one small table per page with its heading), and the same table as bare
WordprocessingML saved by python-docx (the library doing the same work; our DOCX is written by
desktop/document/docx.py, and the python-docx renderer it replaced, tests/inbox/docx_reference.py,
is timed beside it). Prints the figures; passes or fails nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from figures import Figure, publish

from desktop.document.fonts import report_fonts
from desktop.export.datafile import build_data_file
from desktop.forms import Period, get_form
from desktop.inbox.consolidate import consolidate
from desktop.inbox.importer import import_packages
from desktop.inbox.model import Consolidated
from desktop.inbox.outputs import write_consolidation
from desktop.inbox.pdf_doc import issuer
from desktop.inbox.render_docx import render_consolidated_docx
from desktop.inbox.render_pdf import render_consolidated_pdf
from desktop.inbox.render_xlsx import render_consolidated_xlsx
from desktop.package import asic
from desktop.registry import provinces
from desktop.signing import pdfsign
from desktop.signing.signers import VN_TZ
from desktop.store import Store
from tests.export.helpers import SIGNATURE_BOX, report_pdf
from tests.export.reports import large_province_values
from tests.inbox.docx_reference import render_consolidated_docx as python_docx_renderer
from tests.inbox.helpers import ec_signer, pin_for_provinces
from tests.pki import build_pki

PERIOD = "2025"


def make_packages(folder: Path, count: int, rows: int) -> list[Path]:
    pki = build_pki(folder / "pki")
    signer = ec_signer(pki, folder)
    form = get_form("ct20.province")
    pdf = report_pdf(1)
    moment = dt.datetime.now(VN_TZ).replace(microsecond=0) - dt.timedelta(hours=1)
    paths = []
    (folder / "inbox").mkdir(parents=True, exist_ok=True)
    for index, org in enumerate(provinces()[:count]):
        values = large_province_values(rows)
        if index == 0:
            values["difficulties"] = "Aa0/" * 5_000  # 20,000 characters without a space
        elif index == 1:
            values["difficulties"] = '=HYPERLINK("http://attacker.example/x","click")'
        data = build_data_file(form, values, org=org, period=Period.parse(PERIOD), report_id=str(uuid.uuid4()),
                               revision=1, generated_at=moment)
        signed = pdfsign.sign_pdf(pdf, signer, SIGNATURE_BOX, data_json=data, signing_time=moment)
        built = asic.build_package(signed.data, data, [], signer, signing_time=moment)
        paths.append(asic.write_package(folder / "inbox", asic.package_file_name(form.id, org.id, PERIOD, 1),
                                        built.data))
    (folder / "root.pem").write_bytes(pki.root_pem.read_bytes())
    (folder / "signer.pem").write_bytes(signer.certificate.public_bytes(Encoding.PEM))
    return paths


def cells_of(report: Consolidated) -> list[tuple[list[str], list[list[object]]]]:
    return [([c.heading for c in t.columns], [[row.get(c.key) for c in t.columns] for row in t.all_rows()])
            for t in report.tables()]


def bare_openpyxl(tables: list[tuple[list[str], list[list[object]]]]) -> float:
    from openpyxl import Workbook

    start = time.perf_counter()
    book = Workbook(write_only=True)
    for index, (headings, rows) in enumerate(tables):
        sheet = book.create_sheet(f"T{index}")
        sheet.append(headings)
        for row in rows:
            sheet.append(row)
    book.save(io.BytesIO())
    return time.perf_counter() - start


def bare_reportlab(tables: list[tuple[list[str], list[list[object]]]], page_rows: int = 20) -> float:
    """reportlab drawing the same cells as plain strings, one Table per page of `page_rows` rows
    with its heading: a single Table of 68,000 rows would measure its remaining rows again at
    every page break (quadratic: a quarter of an hour), which is no floor."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    fonts = report_fonts()
    start = time.perf_counter()
    story = []
    for headings, rows in tables:
        style = TableStyle([("FONT", (0, 0), (-1, -1), fonts.regular, 9), ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0))])
        texts = [["" if v is None else str(v)[:200] for v in row] for row in rows]
        for first in range(0, max(len(texts), 1), page_rows):
            table = Table([headings, *texts[first:first + page_rows]],
                          colWidths=[(257 * mm) / len(headings)] * len(headings))
            table.setStyle(style)
            story.append(table)
    doc = SimpleDocTemplate(io.BytesIO(), pagesize=landscape(A4), initialFontName=fonts.regular)
    doc.build(story)
    return time.perf_counter() - start


def bare_docx(tables: list[tuple[list[str], list[list[object]]]]) -> float:
    """The least a Word table needs: the cells as WordprocessingML, parsed once, saved by python-docx."""
    from xml.sax.saxutils import escape

    from docx import Document
    from lxml import etree

    start = time.perf_counter()
    doc = Document()
    for headings, rows in tables:
        parts = ['<w:tbl xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">']
        for row in [headings, *rows]:
            parts.append("<w:tr>")
            for value in row:
                text = "" if value is None else escape(str(value))
                parts.append(f"<w:tc><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>")
            parts.append("</w:tr>")
        parts.append("</w:tbl>")
        doc.element.body.append(etree.fromstring("".join(parts).encode(), etree.XMLParser(huge_tree=True)))
    doc.save(io.BytesIO())
    return time.perf_counter() - start


def timed(function, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--dir", type=Path, help="where to put the packages and the store (default: a temp dir)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        work = Path(folder)
        making, _ = timed(make_packages, work, args.provinces, args.rows)
        with Store.open(work / "atmt.sqlite3") as store:
            # the one test signer reports for every province (Cục ATMT's list of signers)
            pin_for_provinces(store, x509.load_pem_x509_certificate((work / "signer.pem").read_bytes()))
            importing, result = timed(lambda: import_packages(store, [work / "inbox"],
                                                              trust_paths=[work / "root.pem"]))
            assert result.all_valid, [(i.file, [p.render("en") for p in i.problems]) for i in result.items]
            cpu = time.process_time()
            total, files = timed(write_consolidation, store, PERIOD, "ct20.province", work / "out")
            cpu = time.process_time() - cpu
            model, report = timed(consolidate, store, PERIOD, "ct20.province")
            organization = issuer(store)
        pdf, _ = timed(render_consolidated_pdf, report, organization)
        xlsx, _ = timed(render_consolidated_xlsx, report)
        docx, _ = timed(render_consolidated_docx, report, organization)
        before_docx, _ = timed(python_docx_renderer, report, organization)
        tables = cells_of(report)
        floor_xlsx = bare_openpyxl(tables)
        floor_pdf = bare_reportlab(tables)
        floor_docx = bare_docx(tables)
        sizes = {kind: getattr(files, kind).stat().st_size for kind in ("pdf", "xlsx", "docx")}

    cells = sum(len(rows) * len(headings) for headings, rows in tables)
    rows = sum(len(rows) for _, rows in tables)
    floor = floor_xlsx + floor_pdf + floor_docx
    print(f"{args.provinces} province packages of {args.rows} cluster rows: made in {making:.1f} s, "
          f"imported (verified) in {importing:.1f} s")
    print(f"consolidation: {len(tables)} tables, {rows:,} rows, {cells:,} cells; "
          f"PDF {sizes['pdf'] / 1e6:.1f} MB, XLSX {sizes['xlsx'] / 1e6:.1f} MB, DOCX {sizes['docx'] / 1e6:.1f} MB")
    print(f"write_consolidation (model + PDF + XLSX + DOCX, written together): {total:7.2f} s  (bound: 60 s; "
          f"{cpu:.2f} s of CPU: the machine may be shared)")
    print(f"  model (consolidate):  {model:7.2f} s")
    print(f"  PDF:                  {pdf:7.2f} s   bare reportlab, one pass:        {floor_pdf:7.2f} s")
    print(f"  XLSX:                 {xlsx:7.2f} s   bare openpyxl write-only:        {floor_xlsx:7.2f} s")
    print(f"  DOCX:                 {docx:7.2f} s   bare WordprocessingML table:     {floor_docx:7.2f} s   "
          f"(python-docx renderer, before: {before_docx:.2f} s)")
    setup = f"{args.provinces} provinces × {args.rows} rows, {cells:,} cells"
    publish([
        Figure(f"consolidation of {args.provinces} × {args.rows} rows (all three files)", total, "s",
               "bare reportlab + openpyxl + WordprocessingML of the same cells", floor),
        Figure("consolidated PDF", pdf, "s", "one bare reportlab pass over the same cells", floor_pdf),
        Figure("consolidated XLSX", xlsx, "s", "bare openpyxl write-only of the same cells", floor_xlsx),
        Figure("consolidated DOCX", docx, "s", "the same cells as bare WordprocessingML saved by python-docx",
               floor_docx),
    ], title="Consolidation", setup=setup)


if __name__ == "__main__":
    main()
