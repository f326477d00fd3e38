"""What PDF/A-3b adds to the largest realistic report PDF: `python bench/bench_pdfa.py`.

A province report with 2,000 cluster rows is drawn once by reportlab; then the PDF/A step
(`make_pdfa`: XMP metadata and the sRGB output intent, one incremental update) runs on it. The
baseline in the same run is one pyHanko incremental update of the same file that changes
nothing but the document information (the least any update costs). Prints the median seconds
and the bytes added; passes or fails nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from figures import Figure, publish
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

import desktop.export.pdf as report_pdf
from desktop.forms import Period, get_form
from desktop.registry import get_organization
from desktop.signing.pdfa import DocumentFacts, make_pdfa
from tests.export.reports import large_province_values

FACTS = DocumentFacts(title="Báo cáo", author="Sở Công Thương tỉnh Ninh Bình", subject="ct20.province@2025.1",
                      creator="CT20 Desktop", keywords=["ct20.province", "2025", "so-ct-ninh-binh"])


def drawn_without_pdfa(rows: int) -> bytes:
    """reportlab's PDF as render_report_pdf draws it, before the PDF/A step."""
    kept = report_pdf.make_pdfa
    report_pdf.make_pdfa = lambda data, facts, moment: data  # type: ignore[assignment]
    try:
        return report_pdf.render_report_pdf(get_form("ct20.province"), large_province_values(rows),
                                            org=get_organization("so-ct-ninh-binh"), period=Period.parse("2025")).data
    finally:
        report_pdf.make_pdfa = kept


def plain_update(pdf: bytes) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    writer.document_meta.title = "Báo cáo"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    pdf = drawn_without_pdfa(args.rows)
    ours, base = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        converted = make_pdfa(pdf, FACTS, moment=dt.datetime.now(dt.UTC))
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        plain_update(pdf)
        base.append(time.perf_counter() - start)
    seconds, bare = statistics.median(ours), statistics.median(base)
    print(f"report PDF of {args.rows:,} cluster rows: {len(pdf) / 1024:.0f} KB")
    print(f"PDF/A step:            {seconds * 1000:7.1f} ms, +{len(converted) - len(pdf):,} bytes")
    print(f"plain pyHanko update:  {bare * 1000:7.1f} ms")
    publish([Figure("PDF/A-3b step on the report PDF", seconds * 1000, "ms", "one plain pyHanko update",
                    bare * 1000, note=f"+{len(converted) - len(pdf)} bytes")],
            title="PDF/A-3b", setup=f"{args.rows} cluster rows, median of {args.runs} runs")


if __name__ == "__main__":
    main()
