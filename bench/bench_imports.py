"""The hostile imports corpus (tests/data/hostile/imports) read as the table import and `report fill`
read it: wall time and peak memory (VmHWM, the peak resident set) of a fresh process per case, beside the floor — the
same process reading a *normal* file of about the same size (openpyxl read_only for .xlsx, the csv
module for CSV) — and beside a process that only imports the reader. Target: < 300 MB and a few
seconds for every case. Prints figures; asserts nothing.

    python bench/bench_imports.py [--only NAME] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from figures import Figure, publish  # noqa: E402

from tests.hostile.imports_corpus import CASES, maker  # noqa: E402

CHILD = r"""
import json, sys, time
mode, path = sys.argv[1], sys.argv[2]
started = time.perf_counter()
outcome = "ok"
if mode == "import":
    from desktop.reporting.tabular import read_rows_file, TabularError
    try:
        sheets = read_rows_file(path, max_rows=2001)
        outcome = f"{sum(len(rows) for rows in sheets.values())} rows"
    except TabularError as error:
        outcome = error.render("en")
elif mode == "fill":
    from desktop.i18n import LocalizedError
    from desktop.reporting.reports import read_values_file
    try:
        outcome = f"{len(read_values_file(path))} keys"
    except LocalizedError as error:
        outcome = error.render("en")
elif mode == "floor-xlsx":
    from openpyxl import load_workbook
    book = load_workbook(path, read_only=True, data_only=True)
    cells = sum(1 for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for _ in row)
    outcome = f"{cells} cells"
elif mode == "floor-csv":
    import csv
    with open(path, encoding="utf-8", newline="") as handle:
        outcome = f"{sum(1 for _ in csv.reader(handle))} records"
elif mode == "idle":
    import desktop.reporting.tabular, desktop.reporting.reports, openpyxl  # noqa
seconds = time.perf_counter() - started
# VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so a child would report its parent's peak.
peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"seconds": seconds, "mb": peak / 1024, "outcome": outcome}))
"""


def measure(mode: str, path: Path | str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", CHILD, mode, str(path)], capture_output=True, text=True,
                          env=env, timeout=600)
    if proc.returncode != 0:
        return {"seconds": float("nan"), "mb": float("nan"), "outcome": f"CRASH: {proc.stderr.strip()[-200:]}"}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def normal_xlsx(folder: Path, size: int) -> Path:
    """An ordinary workbook (text, numbers; openpyxl) of about `size` bytes."""
    from openpyxl import Workbook

    path = folder / f"normal-{size}.xlsx"
    rows = max(10, int(size / 75))  # about 75 compressed bytes per row of eight cells (measured)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("CCN")
    for i in range(rows):
        sheet.append([f"Cụm công nghiệp số {i}", f"Xã {i % 97}", 10.5 + i, i % 13, "Đang vận hành", 1500, 120.25,
                      f"ghi chú {i % 7}"])
    book.save(path)
    return path


def normal_csv(folder: Path, size: int) -> Path:
    path = folder / f"normal-{size}.csv"
    line = "Cụm công nghiệp số 1;Xã Gia Trấn;52,5;Đang vận hành;1500\n".encode()
    with path.open("wb") as out:
        out.write(line * max(1, size // len(line)))
    return path


def bucket(size: int) -> int:
    """Sizes rounded to one significant digit, so that a floor is measured once per order of size."""
    digits = len(str(size)) - 1
    return max(10_000, round(size, -digits))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", action="append", default=[])
    parser.add_argument("--keep", help="build the corpus into this folder and keep it")
    args = parser.parse_args()
    names = args.only or sorted(CASES)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp) / "corpus"
        files = maker().build(folder, names)
        idle = measure("idle", "")
        floors: dict[tuple[str, int], dict] = {}
        figures: list[Figure] = []
        print(f"{'case':<28} {'read as':<7} {'s':>6} {'MB':>6}   floor s / MB (normal file, same size)   outcome")
        for name in names:
            path = files[name]
            kind = "xlsx" if name.endswith(".xlsx") else "csv"
            key = (kind, bucket(path.stat().st_size))
            if key not in floors:
                normal = (normal_xlsx if kind == "xlsx" else normal_csv)(Path(tmp), key[1])
                floors[key] = measure(f"floor-{kind}", normal)
            floor = floors[key]
            for mode in ("import", "fill") if kind == "xlsx" else ("import",):
                got = measure(mode, path)
                print(f"{name:<28} {mode:<7} {got['seconds']:6.2f} {got['mb']:6.0f}   "
                      f"{floor['seconds']:6.2f} / {floor['mb']:4.0f} ({key[1]:,} B)   {got['outcome'][:90]}")
                figures.append(Figure(f"{mode} {name}: time", got["seconds"], "s",
                                      "openpyxl/csv on a normal file of that size", floor["seconds"]))
                figures.append(Figure(f"{mode} {name}: peak memory", got["mb"], "MB",
                                      "openpyxl/csv on a normal file of that size", floor["mb"]))
        print(f"\nA process that only imports the reader: {idle['mb']:.0f} MB.")
        worst_time = max(figures[0::2], key=lambda f: f.value)
        worst_memory = max(figures[1::2], key=lambda f: f.value)
        print(f"Slowest: {worst_time.name} {worst_time.value:.2f} s; largest: {worst_memory.name} "
              f"{worst_memory.value:.0f} MB (target < 300 MB, a few seconds).")
    publish(figures, title="Hostile spreadsheets and CSV files, read by the table import and report fill",
            setup=f"{len(names)} files, a new process each; idle reader process {idle['mb']:.0f} MB")


if __name__ == "__main__":
    main()
