"""How long exporting the largest realistic report takes: `python bench/bench_export.py`.

A province report with 2,000 cluster rows is exported with a .p12 signer (validation, data file,
PDF, PAdES signature with the embedded data, ASiC-E container with its CAdES signature, the
atomic write and the store). In the same run the floor is measured: reportlab drawing the report's
own table once (the same cells, widths and style), one pyHanko signature of that PDF with the key
read from the same .p12, and one zip of the PDF and the data. Prints figures, passes or fails nothing.

The floor runs after a first export, in a process that has imported reportlab and pyHanko and
registered the fonts, so the figure is the export that follows it in the same state (a second
export of another report); the first export of the process, which also pays those imports, is
printed beside it for the record.

Like an installed app, the measured process reads compiled bytecode: where the environment says
not to write any (PYTHONDONTWRITEBYTECODE), the bench runs itself once to compile every module
into a cache of its own, then measures a second run (figures.compiled_bytecode_env);
`--no-bytecode` measures with every module compiled from source instead.
"""

from __future__ import annotations

import argparse
import gc
import io
import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from figures import Figure, compiled_bytecode_env, publish

from desktop.export.service import P12Signer, export_report
from desktop.forms import get_form
from desktop.reporting.reports import create_report
from desktop.store import Store
from tests.export.reports import large_province_values
from tests.pki import build_pki

BYTECODE_CHILD = "CT20_BENCH_EXPORT_BYTECODE"  # set in the run that reads the compiled bytecode
CLOCK = time.perf_counter  # --clock cpu: time.process_time, this process's CPU time (a shared, busy machine)


def bare_cost(values: dict, p12: Path, password: bytes) -> tuple[float, float, float, int]:
    """The floor: seconds for reportlab to draw the very table the report has (one pass), one
    pyHanko signature of that PDF (the key read from the same .p12, as any signature from a key
    file must) and one zip of the PDF and the data.

    The table is the report's own (`build_table`, untimed, then deep-copied so reportlab lays out
    a fresh one): the same cells, wrapped lines, column widths and style. What the export costs
    beyond this is our layout decisions, the rest of the document, the data file and the store.
    """
    import copy
    import json
    import zipfile

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate

    from desktop.document.fonts import report_fonts
    from desktop.document.page import LANDSCAPE_MARGINS, PORTRAIT_MARGINS
    from desktop.document.pdf_layout import make_styles
    from desktop.document.pdf_tables import build_table

    form = get_form("ct20.province")
    table_field = form.fields["clusters.wastewater"]
    fonts = report_fonts()
    styles = make_styles(fonts)
    rows = values["clusters"]["wastewater"]
    portrait_width = A4[0] - PORTRAIT_MARGINS["left"] - PORTRAIT_MARGINS["right"]
    landscape_width = A4[1] - LANDSCAPE_MARGINS["left"] - LANDSCAPE_MARGINS["right"]
    table, wide = build_table(table_field, rows, styles, portrait_width, landscape_width)
    margins = LANDSCAPE_MARGINS if wide else PORTRAIT_MARGINS
    fresh = copy.deepcopy(table)

    gc.collect()  # each measurement starts with no garbage of the one before (the export's too)
    start = CLOCK()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=landscape(A4) if wide else A4, leftMargin=margins["left"],
                            rightMargin=margins["right"], topMargin=margins["top"], bottomMargin=margins["bottom"])
    doc.build([fresh])
    pdf = buffer.getvalue()
    table_seconds = CLOCK() - start

    start = CLOCK()
    signer = signers.SimpleSigner.load_pkcs12(str(p12), passphrase=password)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    signed = signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="Sig1"), signer=signer).getvalue()
    sign_seconds = CLOCK() - start

    data = json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    start = CLOCK()
    with zipfile.ZipFile(io.BytesIO(), "w") as archive:
        archive.writestr("bao-cao.pdf", signed, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("du-lieu.json", data, compress_type=zipfile.ZIP_DEFLATED)
    zip_seconds = CLOCK() - start
    return table_seconds, sign_seconds, zip_seconds, len(pdf)


def _with_compiled_bytecode() -> None:
    """Run this bench once to compile every module it imports into a cache of its own (a small
    report: the same modules), then again to measure, reading that bytecode."""
    with tempfile.TemporaryDirectory(prefix="ct20-bench-pyc-") as cache:
        env = compiled_bytecode_env({**os.environ, BYTECODE_CHILD: "1"}, cache)
        compiling = {key: value for key, value in env.items() if key != "CT20_BENCH_FIGURES"}
        subprocess.run([sys.executable, __file__, "--rows", "20"], env=compiling, check=True,
                       stdout=subprocess.DEVNULL)
        done = subprocess.run([sys.executable, __file__, *sys.argv[1:]], env=env, check=False)
    if done.returncode:
        raise SystemExit(done.returncode)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--dir", type=Path, help="where to put the store and the package (default: a temp dir)")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                        help="wall clock (default), or this process's CPU time when the machine is shared and busy "
                             "(the export's waits for the disk are not counted then)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="exports and floors measured alternately, the best of each kept (default 5)")
    parser.add_argument("--no-bytecode", action="store_true",
                        help="measure in this process even where no bytecode may be written (every module of ours "
                             "compiled from source at its first import, as no installed app does)")
    args = parser.parse_args()
    if os.environ.get("PYTHONDONTWRITEBYTECODE") and not os.environ.get(BYTECODE_CHILD) and not args.no_bytecode:
        return _with_compiled_bytecode()
    global CLOCK
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter

    values = large_province_values(args.rows)
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        work = Path(folder)
        pki = build_pki(work / "pki")
        assert pki.signer.p12_path is not None
        with Store.open(work / "bench.sqlite3") as store:
            report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
            store.save_values(report_id, values)
            start = CLOCK()
            first = export_report(store, report_id, work / "first",
                                  P12Signer(pki.signer.p12_path, pki.signer.password))
            cold = CLOCK() - start
            # The figure: exports in the state the floor is measured in (modules imported, fonts
            # registered, the data file's validator compiled), each of a report of its own,
            # alternating with the floor; the best of each (a shared machine only ever adds time).
            floors: list[tuple[float, float, float, int]] = []
            totals: list[float] = []
            runs: list[list[tuple[float, str]]] = []
            for run in range(args.repeat):
                floors.append(bare_cost(values, pki.signer.p12_path, pki.signer.password))
                again_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh",
                                         period=str(2026 + run))
                store.save_values(again_id, values)
                stages: list[tuple[float, str]] = []
                gc.collect()
                start = CLOCK()
                result = export_report(
                    store, again_id, work / f"out{run}", P12Signer(pki.signer.p12_path, pki.signer.password),
                    progress=lambda _fraction, message, stages=stages: stages.append((CLOCK(), message.render("en"))),
                )
                totals.append(CLOCK() - start)
                runs.append(stages)
            best = min(range(args.repeat), key=totals.__getitem__)
            total, stages = totals[best], runs[best]
            table_seconds, sign_seconds, zip_seconds, bare_size = min(floors, key=lambda f: f[0] + f[1] + f[2])
            assert first.size > 0

    bare = table_seconds + sign_seconds + zip_seconds
    print(f"report: ct20.province, {args.rows} cluster rows; package {result.size / 1024:.0f} KB")
    print(f"export total:            {total:7.2f} s")
    steps = [(name, following - at) for (at, name), (following, _next) in itertools.pairwise(stages)]
    for name, seconds in steps:
        print(f"  {name:<34} {seconds:6.2f} s")
    print(f"bare reportlab table:    {table_seconds:7.2f} s ({bare_size / 1024:.0f} KB PDF)")
    print(f"bare .p12 + signature:   {sign_seconds:7.2f} s")
    print(f"bare zip of PDF + data:  {zip_seconds:7.2f} s")
    print(f"bare cost:               {bare:7.2f} s")
    print(f"ratio export / bare:     {total / bare:7.2f}  (best of {args.repeat}; exports "
          + ", ".join(f"{t:.2f}" for t in totals) + " s; floors "
          + ", ".join(f"{sum(f[:3]):.2f}" for f in floors) + " s)")
    print(f"the process's first export: {cold:7.2f} s (ratio {cold / bare:.2f}; also imports reportlab, "
          "pyHanko and the PDF modules, registers the fonts and compiles the validator; not the figure)")
    publish([Figure(f"export of a {args.rows}-row province report", total, "s",
                    "reportlab drawing the report's own table once + the .p12 key read + one signature + zip",
                    bare,
                    note="steps: " + "; ".join(f"{name.lower()} {seconds:.2f} s" for name, seconds in steps)
                         + f" (the floor draws the table alone in {table_seconds:.2f} s; the report adds its "
                           "header, sections, signature block and PDF/A; both measured after a first export "
                           f"in the same process, best of {args.repeat} each, alternating; the first export took "
                           f"{cold:.2f} s with its imports, fonts and the validator's compilation)")],
            title="Export", setup=f"{args.rows} cluster rows, .p12 signer, package {result.size / 1024:.0f} KB"
                                  + (", CPU time" if args.clock == "cpu" else ""))


if __name__ == "__main__":
    main()
