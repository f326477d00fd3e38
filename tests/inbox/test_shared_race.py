"""Several officers (processes) import the same files at the same moment: one record each.

Against both stores: SQLite (processes sharing one file) and PostgreSQL (a unique key on the
SHA-256 and INSERT … ON CONFLICT DO NOTHING, never a check first).
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

from desktop.store import Store
from desktop.store.pg import PgInboxStore
from desktop.store.shared import SharedInbox
from tests.inbox.scenario import Scenario
from tests.pki import TestPki

PROCESSES = 4


def _open(target: dict[str, str], name: str) -> Any:
    if "url" in target:
        return SharedInbox(Store.open(Path(target["dir"]) / f"{name}.sqlite3"),
                           PgInboxStore.open(target["url"], display_name=name))
    return Store.open(target["path"])


def _officer(target: dict[str, str], name: str, files: list[str], root: str, barrier: Any, out: Any) -> None:
    from desktop.inbox.importer import import_packages

    with _open(target, name) as store:
        barrier.wait(timeout=120)
        result = import_packages(store, files, trust_paths=[root])
    out.put([(item.file, item.outcome, item.status, item.inbox_id) for item in result.items])


def test_officers_importing_the_same_files_at_once_get_one_record_each(inbox_store: Any, scenario: Scenario,
                                                                        pki: TestPki, tmp_path: Path) -> None:
    files = sorted(str(p) for p in scenario.inbox.glob("*.asice"))[:6]
    if isinstance(inbox_store, SharedInbox):
        target = {"url": inbox_store.inbox.url, "dir": str(tmp_path)}
    else:
        target = {"path": str(inbox_store.path)}
    context = multiprocessing.get_context("spawn")
    barrier, out = context.Barrier(PROCESSES), context.Queue()
    workers = [context.Process(target=_officer, args=(target, f"officer-{n}", files, str(pki.root_pem), barrier, out))
               for n in range(PROCESSES)]
    for worker in workers:
        worker.start()
    results = [out.get(timeout=600) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    records = inbox_store.list_inbox_packages()
    assert len(records) == len(files) == len({r.sha256 for r in records})
    outcomes = [item for result in results for item in result]
    assert all(outcome in ("imported", "duplicate") for _, outcome, _, _ in outcomes)
    assert sum(outcome == "imported" for _, outcome, _, _ in outcomes) == len(files)  # each recorded by one
    ids = {(Path(file).name, inbox_id) for file, _, _, inbox_id in outcomes}
    assert ids == {(r.file_name, r.id) for r in records}  # every officer was told the one record's id
    imports = [e for e in inbox_store.inbox_audit_log() if e["action"] == "inbox.import"]
    assert sorted(e["inbox_id"] for e in imports) == sorted(r.id for r in records)
