"""How long the store takes with the largest realistic report: `python bench/bench_store.py`.

A 2,000-row table of 13 columns (about the size of the biggest real report) is saved 20 times,
one cell changed each time, as autosave does; then read back. Prints figures, passes or fails
nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from figures import Figure, publish

from desktop.store import Store


def make_values(rows: int, columns: int) -> dict:
    return {
        "document.number": "15/BC-SCT",
        "document.place": "Hà Nội",
        "facilities.list": [
            {
                f"c{col:02d}": (
                    f"Cơ sở sản xuất giấy số {row}, xã Phù Ninh" if col == 0
                    else "Đạt QCVN 40:2011/BTNMT" if col == 1
                    else round(row * 1.37 + col, 2)
                )
                for col in range(columns)
            }
            for row in range(rows)
        ],
    }


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--columns", type=int, default=13)
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--dir", type=Path, help="where to put the store (default: a temp dir)")
    args = parser.parse_args()

    values = make_values(args.rows, args.columns)
    size = len(json.dumps(values, ensure_ascii=False).encode())
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        path = Path(folder) / "bench.sqlite3"
        with Store.open(path) as store:
            report_id = ""

            def create() -> None:
                nonlocal report_id
                report_id = store.create_report(
                    form_id="ct20.province", form_version="2025.1", org_id="so-ct-phu-tho",
                    period="2025", values=values,
                )

            create_s = timed(create)
            saves = []
            for n in range(args.saves):
                values["facilities.list"][n]["c12"] = f"sửa lần {n}"
                saves.append(timed(lambda: store.save_values(report_id, values, source="ui")))
            reads = [timed(lambda: store.get_values(report_id)) for _ in range(args.saves)]
            history_read = timed(lambda: store.values_at(report_id, 1))
            list_s = timed(store.list_reports)
            assert store.get_values(report_id) == values
            assert len(store.history(report_id)) == args.saves + 1
        file_size = sum(p.stat().st_size for p in Path(folder).iterdir())
        bare_saves, bare_reads = bare_sqlite(Path(folder) / "bare.sqlite3", values, args.saves)

    ms = 1000
    print(f"values: {args.rows} rows x {args.columns} columns, {size / 1024:.0f} KB of JSON")
    print(f"create:            {create_s * ms:7.1f} ms")
    print(f"save x{args.saves}:          {sum(saves) * ms:7.1f} ms total, "
          f"{statistics.median(saves) * ms:.1f} ms median, {max(saves) * ms:.1f} ms max")
    print(f"get_values x{args.saves}:    {sum(reads) * ms:7.1f} ms total, "
          f"{statistics.median(reads) * ms:.1f} ms median")
    print(f"values_at(1):      {history_read * ms:7.1f} ms (decompress + parse)")
    print(f"list_reports:      {list_s * ms:7.1f} ms")
    print(f"store on disk:     {file_size / 1024:7.0f} KB for {args.saves + 1} full snapshots")
    bare_save, bare_read = statistics.median(bare_saves) * ms, statistics.median(bare_reads) * ms
    print(f"bare json.dumps + UPDATE + commit (same pragmas): {bare_save:.1f} ms median; SELECT + json.loads: "
          f"{bare_read:.1f} ms median")
    publish([Figure("save (values + history snapshot + audit, one transaction)", statistics.median(saves) * ms, "ms",
                    "bare json.dumps + sqlite3 UPDATE, committed", bare_save),
             Figure("get_values", statistics.median(reads) * ms, "ms", "bare SELECT + json.loads", bare_read)],
            title="Store", setup=f"{args.rows} rows x {args.columns} columns, {size / 1024:.0f} KB of JSON, "
                                 f"WAL, synchronous=FULL, median of {args.saves}")


def bare_sqlite(path: Path, values: dict, saves: int) -> tuple[list[float], list[float]]:
    """The floor: the same JSON written by sqlite3 alone with the store's pragmas (WAL, FULL)."""
    import sqlite3

    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE v (id INTEGER PRIMARY KEY, data TEXT NOT NULL)")
    conn.execute("INSERT INTO v VALUES (1, ?)", (json.dumps(values, ensure_ascii=False),))
    writes, reads = [], []
    for n in range(saves):
        values["facilities.list"][n]["c12"] = f"bare {n}"
        writes.append(timed(lambda: conn.execute("UPDATE v SET data = ? WHERE id = 1",
                                                 (json.dumps(values, ensure_ascii=False),))))
    for _ in range(saves):
        reads.append(timed(lambda: json.loads(conn.execute("SELECT data FROM v WHERE id = 1").fetchone()[0])))
    conn.close()
    return writes, reads


if __name__ == "__main__":
    main()
