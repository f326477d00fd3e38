"""Faults that must never cost data: an empty or cut store beside an older backup, a full disk,
a read-only folder, and who may read the files."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.autobackup import auto_backup_path, keep_auto_backup, keep_auto_backup_outcome
from desktop.i18n import set_language
from desktop.reporting.reports import create_report, fill_report
from desktop.store import (
    CorruptStoreError,
    EmptyStoreError,
    Store,
    StoreFullError,
    StoreReadOnlyMediumError,
)
from desktop.store.backups import GENERATIONS, generations, keep_backup
from tests.faults.disks import fill_up, read_only, read_write, small_disk
from tests.faults.workers import FORM_ID, state_values

ORG = "so-ct-ninh-binh"
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    set_language("en")
    yield
    set_language("vi")


def ct20(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "desktop", "--lang", "en", "--db", str(db), *args],
                          capture_output=True, text=True, env=env, timeout=120, check=False)


def saved_store(db: Path, saves: int = 3) -> str:
    with Store.open(db) as store:
        report_id = create_report(store, form_id=FORM_ID, org_id=ORG, period="2025")
        for n in range(1, saves + 1):
            fill_report(store, report_id, state_values(n))
    return report_id


# -- an empty or cut store beside an older backup


def cut_store_with_older_backup(tmp_path: Path, how: str) -> tuple[Path, bytes]:
    db = tmp_path / "ct20.sqlite3"
    report_id = saved_store(db)
    with Store.open(db) as store:
        assert keep_auto_backup(store) == auto_backup_path(db)
        fill_report(store, report_id, state_values(9))  # newer than the backup
    data = db.read_bytes()
    db.write_bytes(b"" if how == "empty" else data[: len(data) // 3])
    for companion in ("-wal", "-shm"):
        Path(f"{db}{companion}").unlink(missing_ok=True)
    return db, auto_backup_path(db).read_bytes()


@pytest.mark.parametrize("how", ["empty", "truncated"])
def test_a_cut_store_is_refused_and_its_backup_kept(tmp_path: Path, how: str) -> None:
    db, backup = cut_store_with_older_backup(tmp_path, how)
    cut = db.read_bytes()
    for readonly in (False, True):
        with pytest.raises(CorruptStoreError) as refused:
            Store.open(db, readonly=readonly)
        if how == "empty":
            assert isinstance(refused.value, EmptyStoreError)
    done = ct20(db, "report", "list")  # the CLI refuses it too, in one sentence
    assert done.returncode != 0 and "Unexpected" not in done.stderr and str(db) in done.stderr
    assert db.read_bytes() == cut  # never replaced by a new store
    assert auto_backup_path(db).read_bytes() == backup  # never overwritten
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ct20.sqlite3", "ct20.sqlite3.auto-backup"]


@pytest.mark.parametrize("how", ["empty", "truncated"])
def test_the_recovery_dialog_offers_the_backup_of_a_cut_store(qtbot, tmp_path: Path, how: str) -> None:
    from desktop.app import _open_store
    from tests.ui.helpers import click, on_next_modal

    db, backup = cut_store_with_older_backup(tmp_path, how)
    cut = db.read_bytes()
    offered: dict[str, str] = {}

    def decline(box) -> None:  # type: ignore[no-untyped-def]
        offered["text"] = f"{box.text()}\n{box.informativeText()}"
        click(qtbot, box.findChild(object, "quit"))
        on_next_modal(lambda error: error.accept())

    on_next_modal(decline)
    assert _open_store(db, interactive=True) is None
    assert "automatic copy" in offered["text"] and str(db) in offered["text"]
    assert db.read_bytes() == cut and auto_backup_path(db).read_bytes() == backup

    on_next_modal(lambda box: click(qtbot, box.findChild(object, "restoreAutoBackup")))
    opened = _open_store(db, interactive=True)
    assert opened is not None
    store, lock = opened
    try:
        report = store.list_reports()[0]
        assert store.get_values(report.id)["document"]["number"] == "3/BC-SCT"
    finally:
        store.close()
        lock.release()
    assert auto_backup_path(db).read_bytes() == backup  # restoring reads the backup, never changes it
    assert [p.read_bytes() for p in tmp_path.glob("ct20.before-restore-*.sqlite3")] == [cut]


def test_a_store_holding_less_never_replaces_the_backup_without_asking(tmp_path: Path) -> None:
    import datetime as dt

    db = tmp_path / "ct20.sqlite3"
    saved_store(db)
    with Store.open(db) as store:
        keep_auto_backup(store)
    full_backup = auto_backup_path(db).read_bytes()
    db.unlink()
    for companion in ("-wal", "-shm"):
        Path(f"{db}{companion}").unlink(missing_ok=True)
    with Store.open(db) as emptier:  # a new store where the old one was (a user deleted it)
        outcome = keep_auto_backup_outcome(emptier, max_age=dt.timedelta(0))
        assert outcome.made is None and outcome.skipped == "smaller"
        assert outcome.smaller["reports"] == (0, 1)
        assert auto_backup_path(db).read_bytes() == full_backup
        forced = keep_auto_backup_outcome(emptier, max_age=dt.timedelta(0), force=True)  # the user said yes
        assert forced.made == auto_backup_path(db)
    assert auto_backup_path(db, 1).read_bytes() == full_backup  # moved down a place, not gone


def test_backups_keep_several_generations(tmp_path: Path) -> None:
    import datetime as dt

    db = tmp_path / "ct20.sqlite3"
    report_id = saved_store(db, saves=1)
    day = dt.datetime(2026, 11, 1, 3, tzinfo=dt.UTC)
    with Store.open(db) as store:
        for n in range(GENERATIONS + 2):
            fill_report(store, report_id, state_values(10 + n))
            made = keep_backup(store, max_age=dt.timedelta(hours=1), now=day + dt.timedelta(days=n)).made
            assert made is not None
            stamp = (day + dt.timedelta(days=n)).timestamp()
            os.utime(made, (stamp, stamp))
    kept = generations(db)
    assert len(kept) == GENERATIONS
    numbers = []
    for path in kept:
        with Store.open(path, readonly=True) as copy:
            numbers.append(copy.get_values(report_id)["document"]["number"])
    assert numbers == [f"{10 + n}/BC-SCT" for n in range(GENERATIONS + 1, 1, -1)]  # newest first


def test_a_cli_user_gets_a_daily_backup_on_the_first_write(tmp_path: Path) -> None:
    db = tmp_path / "ct20.sqlite3"
    report_id = saved_store(db)
    values = tmp_path / "v.json"
    values.write_text('{"document": {"place": "Huế"}}', encoding="utf-8")
    assert not auto_backup_path(db).exists()
    assert ct20(db, "report", "list").returncode == 0
    assert not auto_backup_path(db).exists()  # reading writes nothing
    done = ct20(db, "report", "fill", report_id, "--from", str(values))
    assert done.returncode == 0, done.stderr
    with Store.open(auto_backup_path(db), readonly=True) as copy:  # taken before the write
        assert copy.get_values(report_id)["document"]["place"] == "Ninh Bình"
    first = auto_backup_path(db).read_bytes()
    assert ct20(db, "report", "fill", report_id, "--from", str(values)).returncode == 0
    assert auto_backup_path(db).read_bytes() == first  # once a day


# -- a full disk


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "disk", "3m") as folder:
        yield folder


def test_a_full_disk_is_said_plainly_and_costs_nothing_saved(disk: Path, tmp_path: Path) -> None:
    db = disk / "ct20.sqlite3"
    report_id = saved_store(db, saves=1)
    with Store.open(db) as store:
        before = store.get_values(report_id)
        filler = fill_up(disk)
        with pytest.raises(StoreFullError) as refused:
            for n in range(2, 40):  # the WAL grows until the disk has no room left
                fill_report(store, report_id, state_values(n))
        assert "full" in refused.value.render("en") and str(db) in refused.value.render("en")
        committed = store.get_values(report_id)
        assert committed == before or committed["document"]["number"] != "1/BC-SCT"
    values = tmp_path / "v.json"
    values.write_text('{"difficulties": "' + "Dữ liệu rất dài. " * 1000 + '"}', encoding="utf-8")
    done = ct20(db, "report", "fill", report_id, "--from", str(values))
    assert done.returncode != 0
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "full" in lines[0] and "Unexpected" not in lines[0], done.stderr
    filler.unlink()
    with Store.open(db) as store:
        assert store.shared.raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        fill_report(store, report_id, state_values(50))  # room again: saving works again
        assert store.get_values(report_id)["document"]["number"] == "50/BC-SCT"


def test_an_import_on_a_full_disk_says_per_file_what_was_recorded(disk: Path, tmp_path: Path, pki) -> None:  # type: ignore[no-untyped-def]
    from desktop.inbox.importer import import_packages
    from tests.inbox.helpers import bulk_packages, ec_signer

    packages = bulk_packages(ec_signer(pki, tmp_path), tmp_path / "received", 4, 2025)
    db = disk / "ct20.sqlite3"
    with Store.open(db) as store:
        store.set_profile({"org_id": "bo-cong-thuong"})
    fill_up(disk, leave=int(packages[0].stat().st_size * 1.5))
    with Store.open(db) as store:
        result = import_packages(store, packages)
        outcomes = [item.outcome for item in result.items]
        recorded = {item.file for item in result.items if item.outcome == "imported"}
        assert len(outcomes) == 4 and "error" in outcomes, outcomes
        for item in result.items:
            if item.outcome == "error":
                assert "full" in item.problems[0].render("en")
        assert {r.file_name for r in store.list_inbox_packages()} == {Path(f).name for f in recorded}


def test_the_editor_keeps_typing_on_a_full_disk_warns_and_retries(qtbot, disk: Path) -> None:
    from desktop.ui.editor import ReportEditor
    from desktop.ui.editor import session as session_module

    db = disk / "ct20.sqlite3"
    report_id = saved_store(db, saves=1)
    store = Store.open(db)
    editor = ReportEditor(store, report_id)
    editor.show()
    qtbot.waitExposed(editor)
    try:
        filler = fill_up(disk)
        session = editor.session
        big = "Thiếu kinh phí quan trắc. " * 200  # the fresh WAL must grow for it: no room
        session.edit_field("difficulties", big)
        editor.flush()
        assert session.dirty and session.save_error is not None
        assert editor.save_banner.isVisible() and "full" in editor.save_banner.text()
        assert session.values["difficulties"].startswith("Thiếu kinh phí")  # kept in memory
        first_wait = session._autosave.interval()
        session.save_now()  # the retry fails again: it waits longer next time
        assert session._autosave.isActive() and session._autosave.interval() == 2 * first_wait
        assert first_wait == session_module.RETRY_MS
        filler.unlink()  # room again: the next retry saves, the banner goes
        qtbot.waitUntil(lambda: not session.dirty, timeout=session._autosave.interval() + 5000)
        assert not editor.save_banner.isVisible()
        with Store.open(db, readonly=True) as other:
            assert other.get_values(report_id)["difficulties"].startswith("Thiếu kinh phí")
    finally:
        from PySide6.QtCore import QCoreApplication, QEvent

        editor.close()
        editor.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        store.close()


# -- a read-only folder


def test_a_store_in_a_read_only_folder_is_read_not_called_damaged(disk: Path) -> None:
    db = disk / "ct20.sqlite3"
    report_id = saved_store(db)
    read_only(disk)
    try:
        with pytest.raises(StoreReadOnlyMediumError) as refused:
            Store.open(db)
        text = refused.value.render("en")
        assert "read-only" in text and "damaged" not in text
        with Store.open(db, readonly=True) as store:
            assert store.get_values(report_id)["document"]["number"] == "3/BC-SCT"
        values = disk.parent / "v.json"
        values.write_text('{"document": {"place": "Huế"}}', encoding="utf-8")
        for command in (["report", "list"], ["report", "fill", report_id, "--from", str(values)]):
            done = ct20(db, *command)
            lines = [line for line in done.stderr.splitlines() if line.strip()]
            assert "damaged" not in done.stderr and "Unexpected" not in done.stderr, done.stderr
            assert done.returncode == 0 or (len(lines) == 1 and "read-only" in lines[0]), done.stderr
    finally:
        read_write(disk)


def test_the_app_opens_a_store_in_a_read_only_folder_read_only(qtbot, disk: Path) -> None:
    from desktop.app import _open_store

    db = disk / "ct20.sqlite3"
    report_id = saved_store(db)
    read_only(disk)
    try:
        opened = _open_store(db, interactive=False)
        assert opened, "refused"
        store, lock = opened
        try:
            assert store.readonly and lock is None
            assert store.get_values(report_id)["document"]["number"] == "3/BC-SCT"
        finally:
            store.close()
    finally:
        read_write(disk)


# -- who may read the files


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes; Windows keeps the store in the per-user folder")
def test_the_store_and_its_backups_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "CT20"
    db = folder / "ct20.sqlite3"
    report_id = saved_store(db)
    with Store.open(db) as store:
        assert Path(f"{db}-wal").exists()
        fill_report(store, report_id, state_values(5))
        for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        keep_auto_backup(store)
        store.backup(folder / "by-hand.sqlite3")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(auto_backup_path(db).stat().st_mode) == 0o600
    assert stat.S_IMODE((folder / "by-hand.sqlite3").stat().st_mode) == 0o600


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_a_store_readable_by_all_is_made_private_when_opened(tmp_path: Path) -> None:
    db = tmp_path / "ct20.sqlite3"
    saved_store(db)
    before_folder = stat.S_IMODE(tmp_path.stat().st_mode)
    os.chmod(db, 0o644)
    with Store.open(db):
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
        assert stat.S_IMODE(Path(f"{db}-wal").stat().st_mode) == 0o600
    assert stat.S_IMODE(tmp_path.stat().st_mode) == before_folder  # a folder the user chose is left alone


@pytest.mark.parametrize("answer", ["keepAutoBackup", "replaceAutoBackup"])
def test_closing_the_app_on_a_store_holding_less_asks_before_replacing_the_backup(
        qtbot, tmp_path: Path, answer: str) -> None:
    from desktop.app import _keep_auto_backup
    from tests.ui.helpers import click, on_next_modal

    db = tmp_path / "ct20.sqlite3"
    saved_store(db)
    with Store.open(db) as store:
        keep_auto_backup(store)
    full_backup = auto_backup_path(db).read_bytes()
    earlier = auto_backup_path(db).stat().st_mtime - 2 * 3600  # made in an earlier session
    os.utime(auto_backup_path(db), (earlier, earlier))
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    asked: dict[str, str] = {}

    def reply(box) -> None:  # type: ignore[no-untyped-def]
        asked["text"] = box.text()
        click(qtbot, box.findChild(object, answer))

    with Store.open(db) as emptier:  # the first-start wizard was cancelled on a new, empty store
        on_next_modal(reply)
        _keep_auto_backup(emptier, interactive=True)
    assert "0 reports" in asked["text"] and "holds 1" in asked["text"]
    if answer == "keepAutoBackup":
        assert auto_backup_path(db).read_bytes() == full_backup
        assert not auto_backup_path(db, 1).exists()
    else:
        assert auto_backup_path(db, 1).read_bytes() == full_backup  # still there, a place down
        with Store.open(auto_backup_path(db), readonly=True) as copy:
            assert copy.list_reports() == []
