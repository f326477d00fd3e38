"""A store with 5,000 reports and an Inbox with 2,000 packages: `python bench/bench_load.py`.

Each figure stands beside a bare baseline measured in the same run on the same data: the SQL
query alone for listing, a plain QTableView over a list of strings for the report list, a plain
QSortFilterProxyModel search for the filter, the inbox query alone for the board. Runs are
interleaved; medians are printed. Prints figures, passes or fails nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from figures import Figure, publish

from desktop.inbox.board import build_board
from desktop.store import Store
from tests.load.many import PROVINCE_FORM, big_inbox, many_reports

TODAY = dt.date(2026, 11, 21)
QUERY = "so 12/bct"


def timed(step: Callable[[], object]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def bare_table(app, rows: list[list[str]]):  # type: ignore[no-untyped-def]
    """The least a Qt list of these rows can do: a model over strings, a proxy, a view, shown."""
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
    from PySide6.QtWidgets import QTableView

    class Model(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
            return len(rows)

        def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
            return 5

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
            return rows[index.row()][index.column()] if role == Qt.ItemDataRole.DisplayRole else None

    model = Model()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(1)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.resize(1200, 700)
    view.show()
    app.processEvents()
    return view, proxy


def one_run(app, store: Store, atmt: Store, raw: sqlite3.Connection, raw_inbox: sqlite3.Connection,  # type: ignore[no-untyped-def]
            year: str, times: dict[str, list[float]]) -> None:
    from desktop.ui.report_list import ReportListPage

    times["list"].append(timed(lambda: store.list_reports(include_trashed=True)))
    times["bare list"].append(timed(lambda: raw.execute("SELECT * FROM reports ORDER BY change_seq DESC").fetchall()))

    started = time.perf_counter()
    page = ReportListPage(store, lambda: TODAY)
    page.reload()
    page.resize(1200, 700)
    page.show()
    app.processEvents()
    times["open"].append(time.perf_counter() - started)

    shown = page.visible_rows()
    started = time.perf_counter()
    view, proxy = bare_table(app, shown)
    times["bare open"].append(time.perf_counter() - started)

    times["filter"].append(timed(lambda: (page.proxy.set_filter(query=QUERY), app.processEvents())))
    times["bare filter"].append(timed(lambda: (proxy.setFilterFixedString("12/BCT"), app.processEvents())))
    for widget in (page, view):
        widget.close()
        widget.deleteLater()
    app.processEvents()

    times["board"].append(timed(lambda: build_board(atmt, year, PROVINCE_FORM, today=TODAY)))
    times["bare board"].append(timed(lambda: raw_inbox.execute(
        "SELECT * FROM inbox_packages WHERE form_id = ? AND period = ?", (PROVINCE_FORM, year)).fetchall()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=5000)
    parser.add_argument("--packages", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="ct20-bench-load-") as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        made = many_reports(folder / "ct20.sqlite3", args.reports)
        inbox = big_inbox(folder / "atmt.sqlite3", args.packages)
        build_seconds = time.perf_counter() - started
        times: dict[str, list[float]] = {key: [] for key in (
            "list", "bare list", "open", "bare open", "filter", "bare filter", "board", "bare board")}
        with Store.open(made.path, readonly=True) as store, Store.open(inbox.path, readonly=True) as atmt:
            raw = sqlite3.connect(f"{made.path.resolve().as_uri()}?mode=ro", uri=True)
            raw_inbox = sqlite3.connect(f"{inbox.path.resolve().as_uri()}?mode=ro", uri=True)
            for _run in range(args.runs):
                one_run(app, store, atmt, raw, raw_inbox, inbox.year, times)
            raw.close()
            raw_inbox.close()

    ms = {key: statistics.median(values) * 1000 for key, values in times.items()}
    print(f"{args.reports} reports ({made.trashed} in the trash), {inbox.total} inbox packages "
          f"({inbox.provinces} provinces x {inbox.total // inbox.provinces} packages); stores built in "
          f"{build_seconds:.1f} s; median of {args.runs} runs")
    publish([
        Figure(f"list_reports ({args.reports} reports)", ms["list"], "ms", "bare SQL SELECT of the rows",
               ms["bare list"]),
        Figure("report list opens (model, filters, view, painted)", ms["open"], "ms",
               "bare QTableView over the same strings", ms["bare open"],
               note="rows read in a fixed number of queries, columns sized from a sample of 200 rows, sorted "
                    "in Python with one key per row; the bare view sorts through Qt's proxy, which asks "
                    "Python's data() twice per comparison"),
        Figure(f"search \"{QUERY}\" over the list", ms["filter"], "ms", "bare QSortFilterProxyModel filter",
               ms["bare filter"], note="the first search of a freshly loaded list also folds every row's search "
                                       "key (accents, case), which the list no longer does before its first paint"),
        Figure(f"board of one year ({args.packages} packages in the inbox)", ms["board"], "ms",
               "bare SQL SELECT of that year's packages", ms["bare board"]),
    ], title="Load", setup=f"{args.reports} reports, {args.packages} inbox packages, median of {args.runs}")


if __name__ == "__main__":
    main()
