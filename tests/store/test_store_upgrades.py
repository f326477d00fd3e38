"""Every released schema upgrades cleanly along every path a user can take (straight to the
current schema, or one release at a time), keeping every value, with a usable safety copy."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from desktop.store import SCHEMA_VERSION, Store, StoreNeedsUpgradeError, migrations

from .helpers import assert_keeps, dump_store

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "stores"
OLDER = [p for p in sorted(FIXTURES.glob("v*.sqlite3"), key=lambda p: int(p.stem[1:]))
         if int(p.stem[1:]) < SCHEMA_VERSION]


def expected_of(fixture: Path) -> dict:
    return json.loads(fixture.with_suffix(".json").read_text(encoding="utf-8"))


def assert_kept(expected: dict, store: Store) -> None:
    expected = dict(expected)
    actual = dump_store(store)
    audit = expected.pop("audit")
    assert actual.pop("audit")[: len(audit)] == audit
    assert_keeps(expected, actual)


def checks(path: Path) -> tuple[list, list]:
    with closing(sqlite3.connect(path)) as conn:
        return (conn.execute("PRAGMA integrity_check").fetchall(), conn.execute("PRAGMA foreign_key_check").fetchall())


def sql_dump(path: Path) -> tuple[int, list[str]]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0], list(conn.iterdump())


def test_there_are_older_fixtures_to_upgrade() -> None:
    assert [int(p.stem[1:]) for p in OLDER] == list(range(1, SCHEMA_VERSION))


@pytest.mark.parametrize("fixture", OLDER, ids=lambda p: p.stem)
def test_one_release_at_a_time_keeps_every_value(fixture: Path, tmp_path: Path) -> None:
    """A user who installed every release in turn: each step's store holds everything."""
    path = tmp_path / "ct20.sqlite3"
    shutil.copyfile(fixture, path)
    expected = expected_of(fixture)
    for version in range(int(fixture.stem[1:]) + 1, SCHEMA_VERSION + 1):
        with Store._open(path, steps=migrations.STEPS[:version]) as store:
            assert store.schema_version == version
            assert_kept(expected, store)
        assert checks(path) == ([("ok",)], [])
        assert path.with_name(f"{path.name}.pre-v{version}.bak").exists()


@pytest.mark.parametrize("fixture", OLDER, ids=lambda p: p.stem)
def test_the_safety_copy_is_the_old_store_and_opening_again_changes_nothing(fixture: Path, tmp_path: Path) -> None:
    path = tmp_path / "ct20.sqlite3"
    shutil.copyfile(fixture, path)
    with pytest.raises(StoreNeedsUpgradeError):  # read-only: refused, not upgraded behind the user's back
        Store.open(path, readonly=True)
    assert hashlib.sha256(path.read_bytes()).digest() == hashlib.sha256(fixture.read_bytes()).digest()
    Store.open(path).close()
    kept = path.with_name(f"{path.name}.pre-v{SCHEMA_VERSION}.bak")
    assert sql_dump(kept) == sql_dump(fixture)  # every table and row of the old store, as it was
    with Store.open(path) as store:
        before = dump_store(store)
    with Store.open(path) as store:
        assert dump_store(store) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".bak")) == [kept.name]
