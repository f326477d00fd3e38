from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from desktop.store import (
    SCHEMA_VERSION,
    CorruptStoreError,
    NewerStoreError,
    Store,
    StoreLockedError,
    StoreNotFoundError,
    restore_store,
)

from .helpers import FakeClock, big_values, dump_store, new_report


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def without_audit(content: dict) -> dict:
    return {k: v for k, v in content.items() if k != "audit"}


def test_backup_then_restore_round_trip(
    store_path: Path, tmp_path: Path, clock: FakeClock
) -> None:
    backup = tmp_path / "usb" / "ct20-backup.sqlite3"
    with Store.open(store_path, clock=clock) as store:
        report_id = new_report(store, big_values(300))
        store.save_values(report_id, {"a": "in the backup"})
        store.set_profile({"org_id": "so-ct-ha-noi"})
        assert store.backup(backup) == backup
        saved = dump_store(store)
        # later work, which the restore will replace (and keep aside)
        store.save_values(report_id, {"a": "after the backup"})
        later = new_report(store)
        after_backup = dump_store(store)

    assert files_in(backup.parent) == ["ct20-backup.sqlite3"]  # one self-contained file
    with closing(sqlite3.connect(backup)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"

    clock.advance(3600)
    kept = restore_store(backup, store_path, clock=clock)

    assert kept == store_path.with_name("ct20.before-restore-20261121T061200Z.sqlite3")
    with Store.open(store_path) as store:
        restored = dump_store(store)
        assert without_audit(restored) == without_audit(saved)
        # the backup was taken just before its own "store.backup" entry was written
        assert saved["audit"][-1]["action"] == "store.backup"
        assert restored["audit"][:-1] == saved["audit"][:-1]
        last = store.audit_log(limit=1)[0]
        assert last["action"] == "store.restore"
        assert last["details"] == {"from": str(backup), "kept_aside": str(kept)}
        assert last["at"] == "2026-11-21T06:12:00Z"
    with Store.open(kept, readonly=True) as aside:
        assert dump_store(aside) == after_backup
        assert aside.get_report(later).id == later
    assert sorted(files_in(store_path.parent)) == sorted([
        "ct20.sqlite3", "ct20.before-restore-20261121T061200Z.sqlite3",
    ])


def test_restoring_a_garbage_file_leaves_the_store_untouched(
    store_path: Path, tmp_path: Path
) -> None:
    with Store.open(store_path) as store:
        new_report(store, {"a": 1})
    before, listing = digest(store_path), files_in(store_path.parent)
    garbage = tmp_path / "backup.sqlite3"
    garbage.write_bytes(b"PK\x03\x04 this is a zip, not a backup" * 100)

    with pytest.raises(CorruptStoreError) as caught:
        restore_store(garbage, store_path)

    assert str(garbage) in caught.value.render("en")
    assert digest(store_path) == before
    assert files_in(store_path.parent) == listing
    with pytest.raises(StoreNotFoundError):
        restore_store(tmp_path / "missing.sqlite3", store_path)
    assert digest(store_path) == before


def test_restoring_a_backup_from_a_newer_version_is_refused(
    store_path: Path, tmp_path: Path
) -> None:
    with Store.open(store_path) as store:
        new_report(store)
        newer = store.backup(tmp_path / "newer.sqlite3")
    with closing(sqlite3.connect(newer)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.commit()
    before = digest(store_path)
    with pytest.raises(NewerStoreError):
        restore_store(newer, store_path)
    assert digest(store_path) == before


def test_restoring_a_damaged_backup_is_refused(store_path: Path, tmp_path: Path) -> None:
    with Store.open(store_path) as store:
        for n in range(30):
            new_report(store, {"n": n, "text": "Khí thải " * 100})
        damaged = store.backup(tmp_path / "damaged.sqlite3")
    data = bytearray(damaged.read_bytes())
    data[3 * 4096 + 100: 5 * 4096] = b"\x00\x01" * ((2 * 4096 - 100) // 2)
    damaged.write_bytes(bytes(data))
    before = digest(store_path)
    with pytest.raises(CorruptStoreError):
        restore_store(damaged, store_path)
    assert digest(store_path) == before


def test_restore_refuses_a_store_that_is_open(store_path: Path, tmp_path: Path) -> None:
    with Store.open(store_path) as store:
        report_id = new_report(store, {"a": 1})
        backup = store.backup(tmp_path / "b.sqlite3")
        store.save_values(report_id, {"a": 2})
        with pytest.raises(StoreLockedError):
            restore_store(backup, store_path)
        assert store.get_values(report_id) == {"a": 2}
        assert store.save_values(report_id, {"a": 3}) == 3
    assert not list(store_path.parent.glob("*before-restore*"))
    assert not list(store_path.parent.glob(".*tmp"))


def test_restore_into_a_new_place(tmp_path: Path, store_path: Path) -> None:
    with Store.open(store_path) as store:
        report_id = new_report(store, {"a": "chuyển máy"})
        backup = store.backup(tmp_path / "b.sqlite3")
    target = tmp_path / "new-computer" / "ct20.sqlite3"
    assert restore_store(backup, target) is None
    with Store.open(target) as store:
        assert store.get_values(report_id) == {"a": "chuyển máy"}


def test_a_backup_includes_what_is_still_in_the_wal(store_path: Path, tmp_path: Path) -> None:
    with Store.open(store_path) as store:
        report_id = new_report(store, {"a": 1})
        store.save_values(report_id, {"a": 2})
        assert Path(f"{store_path}-wal").stat().st_size > 0
        backup = store.backup(tmp_path / "b.sqlite3")
    with Store.open(backup, readonly=True) as copy:
        assert copy.get_values(report_id) == {"a": 2}


def test_a_damaged_store_can_be_replaced_by_its_backup(store_path: Path, tmp_path: Path) -> None:
    with Store.open(store_path) as store:
        report_id = new_report(store, {"a": "from the backup"})
        backup = store.backup(tmp_path / "b.sqlite3")
        for n in range(30):
            new_report(store, {"n": n, "text": "Chất thải rắn " * 100})
    data = bytearray(store_path.read_bytes())
    data[2 * 4096: 6 * 4096] = b"\xee" * (4 * 4096)
    store_path.write_bytes(bytes(data))
    with pytest.raises(CorruptStoreError):
        Store.open(store_path)

    kept = restore_store(backup, store_path)

    assert kept is not None and kept.read_bytes() == bytes(data)  # the damaged file, as it was
    with Store.open(store_path) as store:
        assert store.get_values(report_id) == {"a": "from the backup"}
