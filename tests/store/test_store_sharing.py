"""One store, many users at once: the app, its worker threads and `ct20` processes.

The app's own connection must keep its locks whatever else happens in the process (a worker's
`Store.open`, a header check), so that a `ct20` process closing never believes it was the last
user and removes the -wal/-shm under the running app (SQLite's documented POSIX-lock pitfall).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from desktop.store import Store, StoreReadOnlyError
from tests.store.helpers import new_report


def ct20(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.run([sys.executable, "-m", "desktop", *args, "--db", str(db)],
                          capture_output=True, text=True, env=env, timeout=120, check=False)


def test_a_cli_run_beside_the_app_leaves_its_wal_alone(tmp_path: Path) -> None:
    db = tmp_path / "ct20.sqlite3"
    app = Store.open(db)
    try:
        report_id = new_report(app, {"n": 0})
        app.save_values(report_id, {"n": 1})
        # what the app does inside its own process: a worker opens the store and closes it
        worker = Store.open(db)
        worker.get_report(report_id)
        worker.close()
        # and a second reader in a thread
        seen: list[object] = []
        thread = threading.Thread(target=lambda: seen.append(Store.open(db, readonly=True).close()))
        thread.start()
        thread.join()
        wal = Path(f"{db}-wal")
        assert wal.exists()
        for _ in range(2):
            done = ct20("inbox", "status", "--period", "2025", db=db)
            assert done.returncode == 0, done.stderr
        assert wal.exists(), "a ct20 process removed the -wal under the running app"
        for n in range(2, 6):
            app.save_values(report_id, {"n": n})
        done = ct20("report", "list", db=db)
        assert done.returncode == 0, done.stderr
    finally:
        app.close()
    with Store.open(db) as again:
        assert again.get_values(report_id) == {"n": 5}
        assert again._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_one_connection_per_process_is_shared_by_every_opening(tmp_path: Path) -> None:
    db = tmp_path / "ct20.sqlite3"
    with Store.open(db) as first, Store.open(tmp_path / "." / "ct20.sqlite3") as second:
        assert first.shared is second.shared
        with Store.open(db, readonly=True) as reader:
            assert reader.shared is first.shared
            with pytest.raises(StoreReadOnlyError):
                new_report(reader)
        report_id = new_report(second)
        assert first.get_report(report_id).id == report_id
    assert first.shared.closed


def test_threads_writing_through_one_shared_connection_never_mix_transactions(tmp_path: Path) -> None:
    db = tmp_path / "ct20.sqlite3"
    with Store.open(db) as app:
        ids = [new_report(app, {"n": 0}) for _ in range(4)]
        errors: list[BaseException] = []

        def work(report_id: str) -> None:
            try:
                with Store.open(db) as mine:
                    for n in range(1, 40):
                        mine.save_values(report_id, {"n": n})
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(rid,)) for rid in ids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        for report_id in ids:
            assert app.get_values(report_id) == {"n": 39}
            assert len(app.history(report_id)) == 40
