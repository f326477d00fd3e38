"""A failure or a crash in the middle of a write leaves the previous state intact."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.store import Store, StoreLockedError
from desktop.store import codec as codec_module

from .helpers import big_values, dump_store, new_report

REPO = Path(__file__).resolve().parents[2]


class Interrupted(Exception):
    pass


def interrupt_at(monkeypatch: pytest.MonkeyPatch, wanted: str) -> None:
    def checkpoint(self: Store, stage: str) -> None:
        if stage == wanted:
            raise Interrupted(stage)

    monkeypatch.setattr(Store, "_checkpoint", checkpoint)


@pytest.mark.parametrize("stage", ["save:values", "save:history"])
def test_an_interrupted_save_leaves_the_previous_state(
    store: Store, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    report_id = new_report(store, {"a": 1})
    store.save_values(report_id, {"a": 2})
    before = dump_store(store)

    interrupt_at(monkeypatch, stage)
    with pytest.raises(Interrupted):
        store.save_values(report_id, {"a": 3})

    assert dump_store(store) == before
    assert not store.shared.raw.in_transaction
    monkeypatch.undo()
    assert store.save_values(report_id, {"a": 3}) == 3  # the store goes on working


def test_a_failure_in_the_last_write_undoes_the_first(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    report_id = new_report(store, {"a": 1})
    before = dump_store(store)
    real_dumps = codec_module.dumps

    def failing_dumps(value: object) -> str:
        if isinstance(value, dict) and "changed_keys" in value:  # the audit row, written last
            raise OSError("disk full")
        return real_dumps(value)

    monkeypatch.setattr(codec_module, "dumps", failing_dumps)
    with pytest.raises(OSError, match="disk full"):
        store.save_values(report_id, {"a": 2})
    monkeypatch.undo()
    assert dump_store(store) == before


def test_an_interrupted_create_leaves_no_half_report(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    interrupt_at(monkeypatch, "create:values")
    with pytest.raises(Interrupted):
        new_report(store)
    assert store.list_reports(include_trashed=True) == []
    assert store.audit_log() == []
    assert store.shared.raw.execute("SELECT count(*) FROM report_values").fetchone()[0] == 0


CRASHING_CHILD = textwrap.dedent(
    """
    import os, sys
    from desktop.store import Store

    def die(self, stage):
        if stage == sys.argv[3]:
            os._exit(42)  # no cleanup, no rollback: like a power cut of the process

    Store._checkpoint = die
    store = Store.open(sys.argv[1])
    store.save_values(sys.argv[2], {"a": "lost?"})
    """
)


def run_child(script: str, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [sys.executable, "-c", script, *args], env=env, stderr=subprocess.PIPE
    )


@pytest.mark.parametrize("stage", ["save:values", "save:history"])
def test_a_process_killed_in_the_middle_of_a_save_loses_nothing(
    store_path: Path, stage: str
) -> None:
    with Store.open(store_path) as store:
        report_id = new_report(store, big_values(200))
        store.save_values(report_id, {"a": "kept"})
        before = dump_store(store)

    child = run_child(CRASHING_CHILD, str(store_path), report_id, stage)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 42, err.decode()

    with Store.open(store_path) as store:  # recovers the WAL, passes integrity_check
        assert dump_store(store) == before
        assert store.save_values(report_id, {"a": "after the crash"}) == 3


WRITING_CHILD = textwrap.dedent(
    """
    import sys
    from desktop.store import Store

    with Store.open(sys.argv[1]) as store:
        for n in range(int(sys.argv[3])):
            store.save_values(sys.argv[2], {"n": n, "by": "child"}, source="child")
            store.list_reports()
    """
)


def test_two_processes_writing_at_once_do_not_corrupt_the_store(store_path: Path) -> None:
    saves = 40
    with Store.open(store_path) as store:
        mine, theirs = new_report(store, {"n": -1}), new_report(store, {"n": -1})
        child = run_child(WRITING_CHILD, str(store_path), theirs, str(saves))
        for n in range(saves):
            store.save_values(mine, {"n": n, "by": "parent"})
            store.get_values(theirs)
        _, err = child.communicate(timeout=120)
        assert child.returncode == 0, err.decode()

    with Store.open(store_path) as store:
        assert len(store.history(mine)) == len(store.history(theirs)) == saves + 1
        assert store.get_values(theirs) == {"n": saves - 1, "by": "child"}
        assert store.get_values(mine) == {"n": saves - 1, "by": "parent"}
        assert len(store.audit_log(limit=10_000)) == 2 + 2 * saves


def test_a_store_busy_beyond_the_timeout_reports_it_and_keeps_the_values(
    store: Store, store_path: Path
) -> None:
    report_id = new_report(store, {"a": 1})
    blocker = sqlite3.connect(store_path, isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        store.shared.raw.execute("PRAGMA busy_timeout = 50")
        with pytest.raises(StoreLockedError):
            store.save_values(report_id, {"a": 2})
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert store.get_values(report_id) == {"a": 1}
    assert store.save_values(report_id, {"a": 2}) == 2
