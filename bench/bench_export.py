"""How long exporting the largest realistic report takes: `python bench/bench_export.py`.

A province report with 2,000 cluster rows is exported with a .p12 signer (validation, data file,
PDF, PAdES signature with the embedded data, ASiC-E container with its CAdES signature, the
atomic write and the store). In the same run the bare cost is measured: reportlab building the
same table on its own, plus one pyHanko signature of that PDF. Prints figures, passes or fails
nothing.
"""

from __future__ import annotations

import argparse
import io
import itertools
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from figures import Figure, publish

from desktop.export.service import P12Signer, export_report
from desktop.forms import get_form
from desktop.reporting.reports import create_report
from desktop.store import Store
from tests.export.reports import large_province_values
from tests.pki import build_pki


def bare_cost(values: dict, p12: Path, password: bytes) -> tuple[float, float, int]:
    """Seconds to build the cluster table with reportlab alone, and to sign that PDF once."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, TableStyle

    from desktop.document.fonts import report_fonts

    form = get_form("ct20.province")
    table_field = form.fields["clusters.wastewater"]
    keys = [column.key for column in table_field.columns]
    fonts = report_fonts()
    style = ParagraphStyle("cell", fontName=fonts.regular, fontSize=9, leading=11)

    start = time.perf_counter()
    # header cells wrap (Paragraph); body cells are plain strings, the cheapest table reportlab draws
    header = [Paragraph(column.label["vi"], style) for column in table_field.columns]
    rows = [[str(row.get(key, "")) for key in keys] for row in values["clusters"]["wastewater"]]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=20, rightMargin=20)
    table = LongTable([header, *rows], repeatRows=1)
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), fonts.regular, 8), ("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    doc.build([table])
    pdf = buffer.getvalue()
    table_seconds = time.perf_counter() - start

    signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=password)
    start = time.perf_counter()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="Sig1"), signer=signer)
    sign_seconds = time.perf_counter() - start
    return table_seconds, sign_seconds, len(pdf)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--dir", type=Path, help="where to put the store and the package (default: a temp dir)")
    args = parser.parse_args()

    values = large_province_values(args.rows)
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        work = Path(folder)
        pki = build_pki(work / "pki")
        assert pki.signer.p12_path is not None
        with Store.open(work / "bench.sqlite3") as store:
            report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
            store.save_values(report_id, values)
            stages: list[tuple[float, str]] = []
            start = time.perf_counter()
            result = export_report(
                store, report_id, work / "out", P12Signer(pki.signer.p12_path, pki.signer.password),
                progress=lambda _fraction, message: stages.append((time.perf_counter(), message.render("en"))),
            )
            total = time.perf_counter() - start
        table_seconds, sign_seconds, bare_size = bare_cost(values, pki.signer.p12_path, pki.signer.password)

    bare = table_seconds + sign_seconds
    print(f"report: ct20.province, {args.rows} cluster rows; package {result.size / 1024:.0f} KB")
    print(f"export total:            {total:7.2f} s")
    for (at, name), (following, _next) in itertools.pairwise(stages):
        print(f"  {name:<34} {following - at:6.2f} s")
    print(f"bare reportlab table:    {table_seconds:7.2f} s ({bare_size / 1024:.0f} KB PDF)")
    print(f"bare pyHanko signature:  {sign_seconds:7.2f} s")
    print(f"bare cost:               {bare:7.2f} s")
    print(f"ratio export / bare:     {total / bare:7.2f}")
    publish([Figure(f"export of a {args.rows}-row province report", total, "s",
                    "bare reportlab table + one pyHanko signature", bare,
                    note="validation, data file, PDF, PAdES, ASiC-E + CAdES, atomic write, store")],
            title="Export", setup=f"{args.rows} cluster rows, .p12 signer, package {result.size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
