"""Instructions an export of the 2,000-row report executes, step by step, beside its floor's:
`python bench/export_instructions.py` (valgrind's callgrind; about ten minutes).

The same export and floor as bench_export.py, in the same state (after a first export in the
process), counted instead of timed: the counts are the same on a busy shared machine as on an idle
one, so a change of a few milliseconds shows where the clock cannot tell it from the noise. An
instruction is not a fixed time (RSA and zlib run more of them per nanosecond than the
interpreter), so the ratio of counts is a guide, not the figure. Not run by run_all.py.

The process runs itself under callgrind with collection off, switched on around one call
(`operator.call`, which nothing else here calls) and dumped at every step (callgrind_control).
"""

from __future__ import annotations

import argparse
import gc
import operator
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from callgrind_parts import part_counts

CHILD = "CT20_EXPORT_INSTRUCTIONS_CHILD"
MARKS = "marks:"


def _dump() -> float:
    """Close the current count (a callgrind dump); returns a clock value for bench_export's CLOCK."""
    subprocess.run(["callgrind_control", "-d", str(os.getpid())], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    return 0.0


def child(rows: int) -> None:
    import bench_export

    from desktop.export.service import P12Signer, export_report
    from desktop.reporting.reports import create_report
    from desktop.store import Store
    from tests.export.reports import large_province_values
    from tests.pki import build_pki

    values = large_province_values(rows)
    marks: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        pki = build_pki(work / "pki")
        assert pki.signer.p12_path is not None
        spec = P12Signer(pki.signer.p12_path, pki.signer.password)
        with Store.open(work / "bench.sqlite3") as store:
            first = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
            store.save_values(first, values)
            export_report(store, first, work / "first", spec)
            bench_export.bare_cost(values, pki.signer.p12_path, pki.signer.password)
            report = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2026")
            store.save_values(report, values)

            def progress(_fraction: float, message) -> None:  # type: ignore[no-untyped-def]
                _dump()
                marks.append(message.render("en"))

            gc.collect()
            operator.call(export_report, store, report, work / "out", spec, progress=progress)
            steps = len(marks)
            marks.append("floor: building the table (untimed)")
            bench_export.CLOCK = _dump  # the floor's clock readings close its parts
            gc.collect()
            operator.call(bench_export.bare_cost, values, pki.signer.p12_path, pki.signer.password)
            marks += ["floor: reportlab draws the table", "-", "floor: .p12 key read + one signature", "-",
                      "floor: zip of PDF + data", "-"]
    print(MARKS, steps, "|".join(marks))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    if os.environ.get(CHILD):
        return child(args.rows)
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("valgrind (callgrind) is not installed")
    with tempfile.TemporaryDirectory(prefix="ct20-instructions-") as folder:
        out = Path(folder)
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=_operator_call",
             "--dump-after=_operator_call", f"--callgrind-out-file={out}/cg.%p",
             sys.executable, __file__, "--rows", str(args.rows)],
            env={**os.environ, CHILD: "1"}, capture_output=True, text=True, check=False)
        if done.returncode:
            raise SystemExit(done.stderr[-2000:])
        steps, _, listed = done.stdout.split(MARKS, 1)[1].strip().partition(" ")
        marks = listed.split("|")
        counts = part_counts(out)
    # counts[0]: from the export's start to its first step; then one per step (the last one ends
    # with the export), then the floor's parts and the gaps between them
    named = list(zip(["(start)", *marks], counts, strict=False))
    export = named[: int(steps) + 1]
    floor = [(name, n) for name, n in named[int(steps) + 1:] if name.startswith("floor: ") and "untimed" not in name]
    total, bare = sum(n for _, n in export), sum(n for _, n in floor)
    print(f"instructions (callgrind), {args.rows}-row report, after a first export in the process:")
    for name, n in export:
        print(f"  {name:<40} {n / 1e6:10.1f} M")
    print(f"  {'export total':<40} {total / 1e6:10.1f} M")
    for name, n in floor:
        print(f"  {name:<40} {n / 1e6:10.1f} M")
    print(f"  {'floor total':<40} {bare / 1e6:10.1f} M")
    print(f"  ratio of counts: {total / bare:.3f} (a guide: an instruction is not a fixed time)")


if __name__ == "__main__":
    main()
