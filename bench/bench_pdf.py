"""How long the report PDF of the largest realistic report takes: `python bench/bench_pdf.py`.

A province report with 2,000 cluster rows (the form's maximum) is rendered by
`render_report_pdf`. In the same run the bare cost is measured: reportlab building the same
table on its own — the same rows as plain strings, the same font, landscape A4, a repeated
header, no layout decisions. Runs are interleaved so both see the same machine. Prints the
median seconds, pages and bytes; passes or fails nothing.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from figures import Figure, publish

from desktop.document.fonts import report_fonts
from desktop.export.pdf import render_report_pdf
from desktop.forms import Period, get_form
from desktop.registry import get_organization
from tests.export.reports import large_province_values


def report(values: dict, clock=time.perf_counter) -> tuple[float, int, int]:  # type: ignore[no-untyped-def]
    form = get_form("ct20.province")
    start = clock()
    result = render_report_pdf(form, values, org=get_organization("so-ct-ninh-binh"), period=Period.parse("2025"))
    return clock() - start, result.page_count, len(result.data)


def bare(values: dict) -> tuple[float, int, int]:
    """reportlab alone: the cluster table as plain strings in a landscape document."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    fonts = report_fonts()
    columns = get_form("ct20.province").fields["clusters.wastewater"].columns
    start = time.perf_counter()
    head = ParagraphStyle("head", fontName=fonts.bold, fontSize=11, leading=13)
    rows = [[Paragraph(column.label["vi"], head) for column in columns]]
    rows += [[str(row.get(column.key, "")) for column in columns] for row in values["clusters"]["wastewater"]]
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4), leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=30 * mm, bottomMargin=15 * mm, initialFontName=fonts.regular)
    table = Table(rows, repeatRows=1, colWidths=[(257 * mm) / len(columns)] * len(columns))
    table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), fonts.regular, 11),
                               ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0))]))
    doc.build([table])
    return time.perf_counter() - start, doc.page, len(buffer.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--long", type=int, default=20000,
                        help="also render this many rows once, against as many rows in --rows renders, for the "
                             "time per row (0: skip)")
    args = parser.parse_args()
    values = large_province_values(args.rows)
    report_fonts()  # registering the fonts is a once-per-process cost; keep it out of both
    ours, base = [], []
    for _ in range(args.runs):
        ours.append(report(values))
        base.append(bare(values))
    seconds = statistics.median(r[0] for r in ours)
    bare_seconds = statistics.median(r[0] for r in base)
    print(f"province report, {args.rows:,} cluster rows, median of {args.runs} runs ({report_fonts().display_name})")
    print(f"render_report_pdf:   {seconds:7.2f} s  {ours[0][1]:5d} pages  {ours[0][2] / 1024:8.0f} KB")
    print(f"bare reportlab table:{bare_seconds:7.2f} s  {base[0][1]:5d} pages  {base[0][2] / 1024:8.0f} KB")
    print(f"ratio report / bare: {seconds / bare_seconds:7.2f}")
    figures = [Figure("render_report_pdf", seconds, "s", "bare reportlab table", bare_seconds,
                      note=f"{ours[0][1]} pages")]
    if args.long:
        # CPU time of this process, not the wall clock: on a shared machine the wall clock of runs
        # minutes apart compares the machine's load. The long table is rendered once, between the
        # two halves of as many short renders as make up its rows (10 × 2,000 for 20,000), so both
        # sides see the same process state; per row, equal times mean linear time.
        repeat = max(args.long // args.rows, 1)
        long_values = large_province_values(args.long)
        short_cpu = [report(values, time.process_time)[0] for _ in range(repeat // 2)]
        long_seconds, long_pages, _size = report(long_values, time.process_time)
        short_cpu += [report(values, time.process_time)[0] for _ in range(repeat - repeat // 2)]
        short_total = sum(short_cpu)
        per_row = 1000 * short_total / (args.rows * repeat)
        long_per_row = 1000 * long_seconds / args.long
        print(f"render_report_pdf, {args.long:,} rows once: {long_seconds:7.2f} s CPU  {long_pages:5d} pages; "
              f"{repeat} × {args.rows:,} rows: {short_total:7.2f} s CPU  {repeat * ours[0][1]:5d} pages")
        print(f"CPU time per row: {per_row:.3f} ms at {args.rows:,} rows, {long_per_row:.3f} ms at {args.long:,} rows "
              f"(linear if equal; ratio {long_per_row / per_row:.2f})")
        figures.append(Figure(f"render_report_pdf per row at {args.long} rows", long_per_row, "ms",
                              f"the same per row at {args.rows} rows", per_row,
                              note=f"CPU time, {args.long} rows once against {repeat} × {args.rows} rows "
                                   "interleaved; a ratio at or under 1 means linear time (issue 16 found 1.2 ms "
                                   "then 3.9 ms per row)"))
    publish(figures, title="Report PDF", setup=f"{args.rows} cluster rows, median of {args.runs} runs")


if __name__ == "__main__":
    main()
