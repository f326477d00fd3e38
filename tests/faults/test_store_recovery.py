"""A store copied while it is being written (by a sync tool, a backup program, a user) is either a
consistent older state or detected as damaged on open; the automatic backup kept beside it
brings the data back, with the damaged file kept aside."""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.autobackup import auto_backup_path, auto_backup_time, keep_auto_backup, restore_auto_backup
from desktop.i18n import set_language
from desktop.reporting.reports import create_report, fill_report
from desktop.store import CorruptStoreError, Store, StoreError
from tests.faults.workers import FORM_ID, state_values, stored_state
from tests.faults.zygote import Zygote
from tests.store.helpers import dump_store

ORG = "so-ct-ninh-binh"


def slow_copy(source: Path, dest: Path, rng: random.Random) -> None:
    """Copy as a sync tool does: in chunks, while the writer goes on (and without the -wal)."""
    with source.open("rb") as src, dest.open("wb") as out:
        while chunk := src.read(16384):
            out.write(chunk)
            time.sleep(rng.uniform(0, 0.002))


def saved_store(path: Path, saves: int = 3) -> str:
    with Store.open(path) as store:
        report_id = create_report(store, form_id=FORM_ID, org_id=ORG, period="2025")
        for n in range(1, saves + 1):
            fill_report(store, report_id, state_values(n))
    return report_id


@pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL are POSIX")
def test_a_copy_taken_mid_write_is_consistent_or_detected(tmp_path: Path) -> None:
    db = tmp_path / "ct20.sqlite3"
    report_id = saved_store(db, saves=1)
    with Store.open(db) as store:
        initial = store.values_at(report_id, 1)
    rng = random.Random(4)
    outcomes = {"consistent": 0, "detected": 0}
    with Zygote() as zygote:
        worker = zygote.fork("save_loop", db, report_id, 2)
        worker.wait_for("saved")
        try:
            # Normally a few copies catch a checkpoint; on a loaded machine the writer is starved
            # and checkpoints are rarer, so copy on (up to 90 s) until the race has been seen.
            deadline = time.monotonic() + 90
            for attempt in range(1000):
                if time.monotonic() > deadline:
                    break
                copy = tmp_path / f"copy-{attempt}.sqlite3"
                slow_copy(db, copy, rng)
                try:
                    with Store.open(copy, readonly=True) as opened:
                        values = opened.get_values(report_id)
                except CorruptStoreError:
                    outcomes["detected"] += 1
                else:
                    n = int(values["document"]["number"].split("/")[0])
                    assert values == stored_state(initial, n), "an undetected torn copy"
                    outcomes["consistent"] += 1
                copy.unlink()
                if outcomes["detected"] >= 3 and outcomes["consistent"] >= 3:
                    break
        finally:
            worker.kill()
    assert outcomes["detected"] >= 1, outcomes  # the race is real: half the copies catch a checkpoint


def test_a_damaged_store_is_detected_and_the_automatic_backup_restores_it(tmp_path: Path) -> None:
    db = tmp_path / "ct20.sqlite3"
    report_id = saved_store(db)
    with Store.open(db) as store:
        assert keep_auto_backup(store) == auto_backup_path(db)
        backed_up = dump_store(store)
        fill_report(store, report_id, state_values(99))  # after the backup: the copy does not have it
    damaged = db.read_bytes()[: db.stat().st_size // 2]  # cut mid-write
    db.write_bytes(damaged)
    for companion in ("-wal", "-shm"):
        Path(f"{db}{companion}").unlink(missing_ok=True)

    with pytest.raises(CorruptStoreError) as refused:
        Store.open(db)
    assert str(db) in refused.value.render("vi")
    assert db.read_bytes() == damaged  # refusing never changes the file

    aside = restore_auto_backup(db)
    assert aside is not None and aside.read_bytes() == damaged  # kept aside, not deleted
    with Store.open(db) as store:
        restored = dump_store(store)
        assert restored["audit"][-1]["action"] == "store.restore"
        assert {k: v for k, v in restored.items() if k != "audit"} == {
            k: v for k, v in backed_up.items() if k != "audit"}
        assert store.get_values(report_id)["document"]["number"] == "3/BC-SCT"


def test_the_automatic_backup_is_refreshed_at_most_hourly_and_never_by_a_damaged_store(tmp_path: Path) -> None:
    db = tmp_path / "ct20.sqlite3"
    report_id = saved_store(db)
    with Store.open(db) as store:
        first = keep_auto_backup(store)
        made = auto_backup_time(db)
        assert first is not None and made is not None
        assert keep_auto_backup(store) is None  # a second session within the hour: no new copy
        fill_report(store, report_id, state_values(7))
        assert keep_auto_backup(store, max_age=dt_zero()) == first
        with Store.open(first, readonly=True) as copy:
            assert copy.get_values(report_id)["document"]["number"] == "7/BC-SCT"
    with Store.open(db, readonly=True) as readonly:
        assert keep_auto_backup(readonly, max_age=dt_zero()) is None
    good = first.read_bytes()
    with Store.open(db) as store:
        store.shared.raw.execute("PRAGMA writable_schema = ON")  # damage it under the open connection
        store.shared.raw.execute("UPDATE sqlite_master SET rootpage = 9999 WHERE name = 'report_values'")
        assert keep_auto_backup(store, max_age=dt_zero()) is None  # logged, not raised
    assert first.read_bytes() == good


def dt_zero():  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.timedelta(0)


def test_without_a_backup_the_restore_says_so(tmp_path: Path) -> None:
    db = tmp_path / "ct20.sqlite3"
    db.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(StoreError):
        restore_auto_backup(db)


@pytest.fixture(autouse=True)
def vietnamese() -> Iterator[None]:
    """The dialogs speak the default language, whatever an earlier test chose."""
    set_language("vi")
    yield
    set_language("vi")


def _damaged_store_with_backup(tmp_path: Path) -> tuple[Path, str, bytes]:
    db = tmp_path / "ct20.sqlite3"
    report_id = saved_store(db)
    with Store.open(db) as store:
        keep_auto_backup(store)
    db.write_bytes(db.read_bytes()[:8192])
    for companion in ("-wal", "-shm"):
        Path(f"{db}{companion}").unlink(missing_ok=True)
    return db, report_id, db.read_bytes()


def test_the_app_offers_the_automatic_backup_and_opens_it(qtbot, tmp_path: Path) -> None:
    from desktop.app import _open_store
    from desktop.i18n import gettext_in
    from tests.ui.helpers import click, on_next_modal

    db, report_id, damaged = _damaged_store_with_backup(tmp_path)
    texts: dict[str, str] = {}

    def restore(box) -> None:  # type: ignore[no-untyped-def]
        texts["shown"] = f"{box.text()}\n{box.informativeText()}"
        click(qtbot, box.findChild(object, "restoreAutoBackup"))

    on_next_modal(restore)
    opened = _open_store(db, interactive=True)
    assert opened is not None
    store, lock = opened
    try:
        assert store.get_values(report_id)["document"]["number"] == "3/BC-SCT"
    finally:
        store.close()
        lock.release()
    assert gettext_in("vi", "Your data file is damaged.") in texts["shown"] and str(db) in texts["shown"]
    assert [p.read_bytes() for p in tmp_path.glob("ct20.before-restore-*.sqlite3")] == [damaged]


def test_the_app_leaves_the_damaged_store_alone_when_the_user_declines(qtbot, tmp_path: Path) -> None:
    from desktop.app import _open_store
    from tests.ui.helpers import click, on_next_modal

    db, _report_id, damaged = _damaged_store_with_backup(tmp_path)
    def decline(box) -> None:  # type: ignore[no-untyped-def]
        click(qtbot, box.findChild(object, "quit"))
        on_next_modal(lambda error: error.accept())  # then the error, as without a backup

    on_next_modal(decline)
    assert _open_store(db, interactive=True) is None
    assert db.read_bytes() == damaged
    assert not list(tmp_path.glob("ct20.before-restore-*"))


def test_a_session_of_the_app_leaves_an_automatic_backup(tmp_path: Path) -> None:
    from tests.ui.conftest import run_ct20

    db = tmp_path / "ct20.sqlite3"
    report_id = saved_store(db)
    result = run_ct20("--db", str(db), "gui", "--screenshot", str(tmp_path / "shot.png"))
    assert result.returncode == 0, result.stderr
    with Store.open(auto_backup_path(db), readonly=True) as copy:
        assert copy.get_values(report_id)["document"]["number"] == "3/BC-SCT"
