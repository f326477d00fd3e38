"""The shared Inbox under load: `python bench/bench_inbox_server.py [--packages 10000] [--importers 10]`.

Needs a PostgreSQL server: CT20_TEST_PG (as for the tests, e.g.
postgresql://root@/postgres?host=/var/run/postgresql); a throw-away database is made and dropped.
Measures, for the SQLite store and the PostgreSQL Inbox alike:

- the board (`build_board`) of one form and period over `--packages` received packages from 46
  reporters, all in that period (the worst case: ~217 revisions each), beside the floor of a bare
  SELECT of the same rows;
- the import rate at the store (record + audit in one transaction, as the importer does after
  verifying) with 1 and with `--importers` concurrent processes of `--per-importer` packages each,
  half of them the same bytes in every process (so each shared package is raced by all), beside the
  floor of a bare INSERT of the same rows by one process in one transaction. Afterwards each store
  must hold every package exactly once, with no error reaching an importer.

Package verification (pyHanko) is the same for both stores and is measured by bench_inbox.py.
Prints figures, passes or fails nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from figures import Figure, publish

from desktop.inbox.board import build_board, expected_organizations
from desktop.registry import all_organizations
from desktop.store import Store
from desktop.store.inbox import _INBOX_COLUMNS
from desktop.store.pg import PgInboxStore, init_inbox
from tests.pgtest import throwaway_database

FORM, PERIOD, REPORTERS = "ct20.province", "2025", 46
PACKAGE_SIZE = 24 * 1024


def _bytes(tag: str) -> bytes:
    seed = hashlib.sha256(tag.encode()).digest()
    return (seed * (PACKAGE_SIZE // len(seed) + 1))[:PACKAGE_SIZE - len(tag)] + tag.encode()


def _facts(n: int, orgs: list[str]) -> dict[str, Any]:
    org = orgs[n % len(orgs)]
    problems = [] if n % 7 else [{"msgid": "untrusted", "params": {}}]
    return dict(status="valid" if n % 7 else "untrusted", problems=problems,
                org_id=org, form_id=FORM, form_version="1.0", period=PERIOD, revision=n // len(orgs) + 1,
                report_id=f"r-{n}", supersedes=None, signer={"name": "Nguyễn Văn An", "serial": f"{n:08x}"},
                signed_at="2025-11-10T02:00:00Z", timestamped=bool(n % 2),
                details={"org_name": org, "deadline": None, "rows": n % 50},
                received_at=f"2025-11-{1 + n % 28:02d}T03:00:00Z")


def _open(target: dict[str, str]) -> Any:
    if "url" in target:
        return PgInboxStore.open(target["url"], display_name="bench")
    return Store.open(target["path"])


def _fill(target: dict[str, str], count: int, orgs: list[str]) -> None:
    with _open(target) as store:
        for n in range(count):
            store.add_inbox_package(file_name=f"p{n}.asice", data=_bytes(f"board-{n}"), **_facts(n, orgs))


def board_time(target: dict[str, str], local: Store, rounds: int = 10) -> tuple[float, float, float, int]:
    """Best of `rounds` (seconds) for the board and for a bare SELECT of its records (the columns
    the board reads, no package bytes); the board's CPU time in this process (its share of the wall
    time that another busy program on the machine cannot inflate); rows on the board."""
    from desktop.store.shared import SharedInbox

    with _open(target) as store:
        view = SharedInbox(local, store, owns_local=False) if "url" in target else store
        best_board = best_bare = best_cpu = float("inf")
        rows = 0
        for _ in range(rounds):
            start, cpu = time.perf_counter(), time.process_time()
            board = build_board(view, PERIOD, FORM)
            best_board = min(best_board, time.perf_counter() - start)
            best_cpu = min(best_cpu, time.process_time() - cpu)
            rows = len(board.rows)
            start = time.perf_counter()
            if "url" in target:
                store.conn.execute(f"SELECT {_INBOX_COLUMNS} FROM inbox_packages WHERE form_id = %s AND period = %s"
                                   " ORDER BY id", (FORM, PERIOD)).fetchall()
            else:
                store._conn.execute(f"SELECT {_INBOX_COLUMNS} FROM inbox_packages WHERE form_id = ? AND period = ?"
                                    " ORDER BY id", (FORM, PERIOD)).fetchall()
            best_bare = min(best_bare, time.perf_counter() - start)
        if view is not store:
            view.close()
    return best_board, best_bare, best_cpu, rows


def _importer(target: dict[str, str], worker: int, per: int, orgs: list[str], barrier: Any, out: Any) -> None:
    errors = 0
    with _open(target) as store:
        barrier.wait()
        start = time.perf_counter()
        for n in range(per):
            tag = f"shared-{n}" if n % 2 == 0 else f"own-{worker}-{n}"
            try:
                store.add_inbox_package(file_name=f"{tag}.asice", data=_bytes(tag), **_facts(n, orgs))
            except Exception:  # counted: none may reach a user
                errors += 1
        out.put((time.perf_counter() - start, errors))


def import_rate(target: dict[str, str], importers: int, per: int, orgs: list[str]) -> tuple[float, int, int]:
    """(packages offered per second over the wall time, errors, records kept)."""
    context = multiprocessing.get_context("spawn")
    barrier, out = context.Barrier(importers), context.Queue()
    workers = [context.Process(target=_importer, args=(target, w, per, orgs, barrier, out)) for w in range(importers)]
    for w in workers:
        w.start()
    results = [out.get() for _ in workers]
    for w in workers:
        w.join()
    wall = max(seconds for seconds, _ in results)
    with _open(target) as store:
        kept = len(store.list_inbox_packages())
    return importers * per / wall, sum(e for _, e in results), kept


def bare_insert_rate(target: dict[str, str], count: int, orgs: list[str]) -> float:
    """Rows per second of a bare INSERT of the same rows, one transaction, one process (the floor)."""
    rows = [(hashlib.sha256(d := _bytes(f"bare-{n}")).hexdigest(), f"bare-{n}.asice", len(d), d, n)
            for n in range(count)]
    with _open(target) as store:
        start = time.perf_counter()
        if "url" in target:
            with store.conn.transaction():
                for row in rows:
                    store.conn.execute("INSERT INTO inbox_packages (sha256, file_name, size, bytes, status, org_id,"
                                       " form_id, period, revision, imported_at, received_at) VALUES (%s, %s, %s, %s,"
                                       " 'valid', 'x', 'bare', '2025', %s, 'now', 'now')", row)
        else:
            with store._write() as conn:  # the store's write lock is held: use its sqlite3 connection
                conn.raw.executemany("INSERT INTO inbox_packages (sha256, file_name, size, bytes, status, org_id,"
                                     " form_id, period, revision, imported_at, received_at) VALUES (?, ?, ?, ?,"
                                     " 'valid', 'x', 'bare', '2025', ?, 'now', 'now')", rows)
        return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--packages", type=int, default=10_000)
    parser.add_argument("--importers", type=int, default=10)
    parser.add_argument("--per-importer", type=int, default=100)
    args = parser.parse_args()
    if not os.environ.get("CT20_TEST_PG"):
        sys.exit("CT20_TEST_PG is not set (a PostgreSQL server: see the docstring)")
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        local = Store.open(work / "local.sqlite3")
        expected = [org.id for org in expected_organizations(local, FORM)]
        others = [org.id for org in all_organizations([]) if org.id not in expected]
        orgs = (expected + others)[:REPORTERS]
        with throwaway_database() as url:
            init_inbox(url)
            stores = {"SQLite": {"path": str(work / "board.sqlite3")}, "PostgreSQL": {"url": url}}
            for name, target in stores.items():
                start = time.perf_counter()
                _fill(target, args.packages, orgs)
                filled = time.perf_counter() - start
                board, bare, cpu, rows = board_time(target, local)
                print(f"{name:10} board over {args.packages} packages, {len(orgs)} reporters ({rows} rows): "
                      f"{1000 * board:7.1f} ms (CPU here {1000 * cpu:6.1f} ms)   bare SELECT of its rows "
                      f"{1000 * bare:7.1f} ms   (filled at {args.packages / filled:.0f} packages/s)")
                figures.append(Figure(f"{name}: board, {args.packages} packages", 1000 * board, "ms",
                                      "bare SELECT of the same rows", 1000 * bare))
        for name in ("SQLite", "PostgreSQL"):
            with throwaway_database() as url:
                init_inbox(url)
                target = {"url": url} if name == "PostgreSQL" else {"path": str(work / f"import-{time.time()}.sqlite3")}
                if "path" in target:
                    Store.open(target["path"]).close()
                floor = bare_insert_rate(target, args.per_importer * args.importers, orgs)
                for importers in (1, args.importers):
                    if "path" in target:  # a fresh file per run
                        target = {"path": str(work / f"import-{name}-{importers}.sqlite3")}
                        Store.open(target["path"]).close()
                    else:
                        with PgInboxStore.open(url) as store:
                            store.conn.execute("TRUNCATE inbox_packages, receipts, signer_pins CASCADE")
                    rate, errors, kept = import_rate(target, importers, args.per_importer, orgs)
                    half = args.per_importer // 2
                    want = (args.per_importer - half) + importers * half
                    print(f"{name:10} import, {importers:2} importer(s) x {args.per_importer}: {rate:7.0f} packages/s"
                          f"   bare INSERT {floor:7.0f} rows/s   kept {kept} of {want} distinct, errors {errors}")
                    assert kept == want and errors == 0
                    figures.append(Figure(f"{name}: import, {importers} importer(s)", rate, "packages/s",
                                          "bare INSERT of the same rows (1 process, 1 transaction)", floor))
        local.close()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    publish(figures, title="Shared Inbox", setup=f"{args.packages} packages, {REPORTERS} reporters, "
                                                 f"{PACKAGE_SIZE // 1024} KB each, {os.cpu_count()} CPUs, "
                                                 f"load average {load:.1f}")


if __name__ == "__main__":
    main()
