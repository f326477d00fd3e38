from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from desktop.store import (
    SCHEMA_VERSION,
    CorruptStoreError,
    EmptyStoreError,
    MigrationError,
    NewerStoreError,
    NotAStoreError,
    Store,
    StoreNotFoundError,
    migrations,
)

from .helpers import assert_keeps, dump_store, new_report

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "stores"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def raw(path: Path) -> closing[sqlite3.Connection]:
    """A plain connection, closed at the end of the with block (sqlite3's own does not close)."""
    return closing(sqlite3.connect(path, isolation_level=None))


def schema_of(path: Path) -> list[tuple]:
    with raw(path) as conn:
        return conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()


def test_open_creates_folder_and_file_with_the_current_schema(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "folder" / "ct20.sqlite3"
    with Store.open(path) as store:
        assert store.path == path and path.exists()
        assert store.schema_version == SCHEMA_VERSION
        conn = store.shared.raw
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
        assert conn.execute("PRAGMA application_id").fetchone()[0] == migrations.APPLICATION_ID
        assert {"reports", "report_values", "report_history", "audit_log"} <= set(
            [r[0] for r in store.shared.raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        )
    assert list(tmp_path.glob("nested/folder/*.bak")) == []  # nothing to keep from a new store


def test_an_empty_file_is_refused_never_taken_for_a_new_store(tmp_path: Path) -> None:
    path = tmp_path / "ct20.sqlite3"
    path.touch()  # a failed copy, a sync tool: the reports were in it
    for readonly in (False, True):
        with pytest.raises(EmptyStoreError) as refused:
            Store.open(path, readonly=readonly)
        assert isinstance(refused.value, CorruptStoreError)
        assert "0 bytes" in refused.value.render("en")
    assert path.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ct20.sqlite3"]


def test_reopening_a_current_store_changes_nothing(store_path: Path) -> None:
    with Store.open(store_path) as store:
        new_report(store, {"a": 1})
    before = schema_of(store_path)
    with Store.open(store_path) as store:
        assert store.get_values(store.list_reports()[0].id) == {"a": 1}
    assert schema_of(store_path) == before
    assert list(store_path.parent.glob("*.bak")) == []


def test_read_only_open_of_a_missing_store_creates_nothing(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "ct20.sqlite3"
    with pytest.raises(StoreNotFoundError):
        Store.open(path, readonly=True)
    assert not path.parent.exists()


def test_a_store_from_a_newer_version_is_refused_untouched(store_path: Path) -> None:
    with Store.open(store_path) as store:
        new_report(store)
    with raw(store_path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before, mtime = digest(store_path), store_path.stat().st_mtime_ns

    for readonly in (True, False):  # the read-write attempt also tidies the ro one's -shm
        with pytest.raises(NewerStoreError) as caught:
            Store.open(store_path, readonly=readonly)

    text = caught.value.render("en")
    assert "newer version of CT20" in text and "update the app" in text.lower()
    assert str(store_path) in text
    assert digest(store_path) == before and store_path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in store_path.parent.iterdir()) == ["ct20.sqlite3"]


@pytest.mark.parametrize(
    "content",
    [b"this is not a database at all, just text" * 200, b"SQLite format 3\x00" + b"\xff" * 5000],
    ids=["text", "bad-header"],
)
def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "ct20.sqlite3"
    path.write_bytes(content)
    with pytest.raises(CorruptStoreError) as caught:
        Store.open(path)
    assert str(path) in caught.value.render("en")
    assert path.read_bytes() == content


def test_a_damaged_store_is_refused(store_path: Path) -> None:
    with Store.open(store_path) as store:
        for n in range(30):
            new_report(store, {"n": n, "text": "Nước thải công nghiệp " * 50})
    data = bytearray(store_path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[3 * page + 100: 5 * page] = b"\x5a" * (2 * page - 100)  # trample two b-tree pages
    store_path.write_bytes(bytes(data))

    with pytest.raises(CorruptStoreError) as caught:
        Store.open(store_path)
    assert str(store_path) in caught.value.render("en")
    assert store_path.read_bytes() == bytes(data)


def test_an_sqlite_database_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with raw(path) as conn:
        conn.execute("CREATE TABLE songs (title TEXT)")
    before = digest(path)
    with pytest.raises(NotAStoreError):
        Store.open(path)
    assert digest(path) == before


def test_a_failed_migration_step_changes_nothing(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(store_path) as store:
        report_id = new_report(store, {"a": "giữ nguyên"})
    schema_before = schema_of(store_path)

    def broken_step(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE attachments (id TEXT PRIMARY KEY)")
        conn.execute("ALTER TABLE reports ADD COLUMN colour TEXT")
        conn.execute("UPDATE reports SET colour = 'red', period = '1999'")
        conn.execute("UPDATE report_values SET data = '{}'")
        raise RuntimeError("step failed midway")

    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, broken_step])
    with pytest.raises(MigrationError) as caught:
        Store.open(store_path)
    assert "step failed midway" in caught.value.render("en")

    with raw(store_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert schema_of(store_path) == schema_before
    # the copy made before migrating is the untouched store
    kept = store_path.with_name(f"{store_path.name}.pre-v{SCHEMA_VERSION + 1}.bak")
    monkeypatch.undo()
    for path in (store_path, kept):
        with Store.open(path) as store:
            assert store.get_values(report_id) == {"a": "giữ nguyên"}
            assert store.get_report(report_id).period == "2025"


def test_migrate_applies_each_step_atomically_with_its_version(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "s.sqlite3", isolation_level=None)
    applied = migrations.migrate(conn)
    assert applied == list(range(1, SCHEMA_VERSION + 1))

    def good(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE good (x)")

    def bad(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE bad (x)")
        c.execute("PRAGMA user_version = 1000")  # even a step touching the version is undone
        c.execute("INSERT INTO nowhere VALUES (1)")

    with pytest.raises(sqlite3.OperationalError, match="nowhere"):
        migrations.migrate(conn, [*migrations.STEPS, good, bad])
    assert migrations.user_version(conn) == SCHEMA_VERSION + 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "good" in tables and "bad" not in tables
    assert not conn.in_transaction
    assert migrations.migrate(conn, [*migrations.STEPS, good]) == []
    conn.close()


def test_a_step_that_commits_by_itself_is_caught(tmp_path: Path) -> None:
    """executescript() commits the migration's transaction: the guard refuses to bump."""
    conn = sqlite3.connect(tmp_path / "s.sqlite3", isolation_level=None)

    def sneaky(c: sqlite3.Connection) -> None:
        c.executescript("CREATE TABLE sneaky (x);")

    with pytest.raises(RuntimeError, match="ended its own transaction"):
        migrations.migrate(conn, [*migrations.STEPS, sneaky])
    assert migrations.user_version(conn) == SCHEMA_VERSION
    conn.close()


def test_an_older_store_is_copied_before_migrating(
    store_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(store_path) as store:
        report_id = new_report(store, {"a": 1})
    with Store.open(store_path, readonly=True) as store:
        before = dump_store(store)

    def add_tags(conn: sqlite3.Connection) -> None:
        migrations.run_script(conn, "CREATE TABLE tags (report_id TEXT REFERENCES reports (id));")

    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, add_tags])
    with Store.open(store_path) as store:
        assert store.schema_version == SCHEMA_VERSION + 1
        assert "tags" in [r[0] for r in store.shared.raw.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        assert store.get_values(report_id) == {"a": 1}
    kept = store_path.with_name(f"{store_path.name}.pre-v{SCHEMA_VERSION + 1}.bak")
    with raw(kept) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    monkeypatch.undo()
    with Store.open(kept, readonly=True) as old:
        assert dump_store(old) == before


def released_fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("v*.sqlite3"), key=lambda p: int(p.stem[1:]))


def test_there_is_a_fixture_for_every_released_schema() -> None:
    versions = [int(p.stem[1:]) for p in released_fixtures()]
    assert versions == list(range(1, SCHEMA_VERSION + 1)), (
        "add a fixture with `python -m tests.store.make_store_fixture`"
    )


@pytest.mark.parametrize("fixture", released_fixtures(), ids=lambda p: p.stem)
def test_upgrading_a_released_store_keeps_every_value(fixture: Path, tmp_path: Path) -> None:
    expected = json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))
    path = tmp_path / "ct20.sqlite3"
    shutil.copyfile(fixture, path)

    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        actual = dump_store(store)
        audit_before = expected.pop("audit")
        assert actual.pop("audit")[: len(audit_before)] == audit_before
        assert_keeps(expected, actual)
        # and the upgraded store still works
        draft = next(r for r in store.list_reports() if r.editable)
        assert store.save_values(draft.id, {"after": "upgrade"}) is not None
    if int(fixture.stem[1:]) < SCHEMA_VERSION:
        assert path.with_name(f"{path.name}.pre-v{SCHEMA_VERSION}.bak").exists()


def test_opening_and_reading_loads_neither_the_backups_nor_the_restore(store_path: Path) -> None:
    """The window's start opens the store for the day's backup and only reads (issue 16): the
    backups' module comes with the first write, which makes the day's copy before it; the restore
    comes when asked for."""
    import subprocess
    import sys

    with Store.open(store_path) as store:
        new_report(store, {"a": 1})
    program = (
        "import sys\n"
        "from desktop.store import Store\n"
        f"store = Store.open({str(store_path)!r}, daily_backup=True)\n"
        "store.list_reports(); store.get_setting('language'); store.get_profile()\n"
        "print('desktop.store.backups' in sys.modules, 'desktop.store.restore' in sys.modules)\n"
        "store.set_setting('language', 'en')\n"
        "print('desktop.store.backups' in sys.modules)\n"
        "from desktop.store import restore_store\n"
        "print(restore_store.__module__)\n"
    )
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "False", "True", "desktop.store.restore"]
    assert Path(f"{store_path}.auto-backup").is_file()  # made before that first write
