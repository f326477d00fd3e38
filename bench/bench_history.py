"""A report's history after many autosaves: `python bench/bench_history.py`.

2,000 autosaves of a 2,000-row report of 13 columns (bench_store's table), one cell changed
each time, with the store's clock injected (no sleeping), on the schedule of
tests/store/test_store_history_bounded.py: two sessions of steady typing (one autosave a second,
a 20-hour pause between them), then a week of edits every 13 minutes. The store thins the
autosaves as it goes (desktop/store/history.py).

The floor is the same autosaves kept unthinned: one history entry per save, and the bytes of
every snapshot the store wrote (each one's compressed size, read right after its save, summed)
on top of the store as it was after the report was created. Also the time of one autosave
beside the bare json.dumps + sqlite3 UPDATE of the same values (bench_store's floor).

And the UI thread's share of an autosave of a big report (`--big-rows`, default 20,000 rows):
the editor copies the values with `marshal` on the UI thread and saves in a worker thread
(desktop/ui/editor/background_save.py); beside it, the whole save as it ran on the UI thread
before issue 16 (the same `save_values`, measured here).
"""

from __future__ import annotations

import argparse
import datetime as dt
import marshal
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_store import bare_sqlite, make_values
from figures import Figure, publish

from desktop.store import Store
from desktop.store.history import AUTOSAVE, bound

START = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> dt.datetime:
        return self.now


def schedule(saves: int) -> list[dt.timedelta]:
    """The test's schedule scaled to `saves`: 35 % at 1 s, a 20 h pause, 25 % at 1 s, the rest at 13 min."""
    first, second = saves * 35 // 100, saves * 25 // 100
    second_s = dt.timedelta(seconds=1)
    steps = [second_s] * first + [dt.timedelta(hours=20)] + [second_s] * second
    return steps + [dt.timedelta(minutes=13)] * (saves - len(steps))


def store_bytes(store: Store) -> int:
    """The store file's size once the write-ahead log is folded in."""
    store.shared.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return os.path.getsize(store.path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--columns", type=int, default=13)
    parser.add_argument("--saves", type=int, default=2000)
    parser.add_argument("--dir", type=Path, help="where to put the store (default: a temp dir)")
    parser.add_argument("--big-rows", type=int, default=20000, help="rows of the big report (UI-thread share)")
    args = parser.parse_args()

    values = make_values(args.rows, args.columns)
    rows = values["facilities.list"]
    clock = Clock()
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        with Store.open(Path(folder) / "history.sqlite3", clock=clock) as store:
            report = store.create_report(form_id="ct20.province", form_version="2025.1", org_id="so-ct-phu-tho",
                                         period="2025", values=values, source="ui")
            created = store_bytes(store)
            snapshot_sql = ("SELECT length(snapshot) FROM report_history WHERE report_id = ? "
                            "ORDER BY seq DESC LIMIT 1")
            written = 0  # bytes of every snapshot the autosaves wrote, as if none were thinned
            times: list[float] = []
            peak = 0
            for n, step in enumerate(schedule(args.saves)):
                clock.now += step
                rows[n % len(rows)]["c12"] = f"sửa lần {n}"
                started = time.perf_counter()
                store.save_values(report, values, source=AUTOSAVE)
                times.append(time.perf_counter() - started)
                written += store.shared.execute(snapshot_sql, (report,)).fetchone()[0]
                if n % 50 == 0 or n == args.saves - 1:
                    peak = max(peak, len(store.history(report)))
            entries = len(store.history(report))
            size = store_bytes(store)
            days = (clock.now - START).days + 1
            assert store.get_values(report) == values
        bare_saves, _reads = bare_sqlite(Path(folder) / "bare.sqlite3", values, min(args.saves, 20))
        ui_copy, whole_save = big_report_autosave(Path(folder) / "big.sqlite3", args.big_rows, args.columns)

    unthinned_entries = args.saves + 1
    unthinned = created + written
    ms, mb = 1000, 1e6
    autosave, bare = statistics.median(times) * ms, statistics.median(bare_saves) * ms
    limit = bound(days) + 1  # + the first entry
    print(f"{args.saves} autosaves of a {args.rows}-row x {args.columns}-column report over {days} days "
          f"(injected clock)")
    print(f"history: {entries} entries (at most {peak} along the way; the thinning's bound for {days} days: "
          f"{limit}); unthinned: {unthinned_entries}")
    print(f"store:   {size / mb:.1f} MB; unthinned: {unthinned / mb:.1f} MB "
          f"({created / mb:.1f} MB after the report was created + {written / mb:.1f} MB of snapshots)")
    print(f"autosave: {autosave:.1f} ms median, {max(times) * ms:.1f} ms max, {sum(times):.1f} s in all; "
          f"bare json.dumps + UPDATE + commit: {bare:.1f} ms median")
    bound_note = (f"the thinning keeps at most {limit} entries for {days} days of edits "
                  f"(50 newest, one per 10 minutes for a day, one per hour for a week, one per day before)")
    publish([Figure(f"history entries after {args.saves} autosaves", entries, "entries",
                    f"the same {args.saves} snapshots kept unthinned", unthinned_entries, note=bound_note),
             Figure(f"store size after {args.saves} autosaves", size / mb, "MB",
                    f"the same {args.saves} snapshots kept unthinned", unthinned / mb,
                    note=f"each snapshot {written / args.saves / 1024:.0f} KB compressed on average; "
                         f"{bound_note}"),
             Figure("time per autosave (values + snapshot + thinning, one transaction)", autosave, "ms",
                    "bare json.dumps + sqlite3 UPDATE, committed", bare,
                    note=f"max {max(times) * ms:.0f} ms; the editor autosaves off the UI thread"),
             Figure(f"UI thread per autosave of a {args.big_rows:,}-row report", ui_copy * ms, "ms",
                    "the whole save on the UI thread (before issue 16)", whole_save * ms,
                    note="the values copied with marshal on the UI thread; JSON, compression, the write "
                         "and the thinning in a worker thread (median of 5 each)")],
            title="History", setup=f"{args.saves} autosaves of a {args.rows}-row x {args.columns}-column report, "
                                   f"{days} days by the injected clock, WAL, synchronous=FULL")


def big_report_autosave(path: Path, rows: int, columns: int) -> tuple[float, float]:
    """Median seconds of the editor's UI-thread step (marshal.dumps of the values) and of the
    whole save_values, on a report of `rows` rows, one cell changed before each."""
    values = make_values(rows, columns)
    table = values["facilities.list"]
    copies, saves = [], []
    with Store.open(path) as store:
        report = store.create_report(form_id="ct20.province", form_version="2025.1", org_id="so-ct-phu-tho",
                                     period="2025", values=values, source="ui")
        for n in range(5):
            table[n]["c12"] = f"sửa lần {n}"
            started = time.perf_counter()
            copy = marshal.dumps(values)
            copies.append(time.perf_counter() - started)
            assert marshal.loads(copy) == values
            started = time.perf_counter()
            store.save_values(report, values, source=AUTOSAVE)
            saves.append(time.perf_counter() - started)
    return statistics.median(copies), statistics.median(saves)


if __name__ == "__main__":
    main()
