"""A folder import records its packages in groups (one transaction each) and reuses, within one
run, what does not depend on a package (the trust managers over the roots, names' keys): none of
it may change a verdict, lose a recorded package or report one that was not recorded."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from desktop.inbox.import_batch import Batch
from desktop.inbox.importer import Importer, import_packages
from desktop.store import Store
from desktop.store.errors import StoreFullError
from desktop.store.inbox_api import inbox_batch
from tests.inbox.conftest import pin_test_signers
from tests.inbox.helpers import bulk_packages, pin_for_provinces
from tests.inbox.scenario import FOREIGN, TAMPERED, Scenario
from tests.inbox.test_inbox_api import second_officer
from tests.pki import TestPki


def _add(store: Any, data: bytes) -> Any:
    return store.add_inbox_package(file_name="p.asice", data=data, status="untrusted", problems=[])[0]


def test_a_batch_records_its_writes_together(inbox_store: Any) -> None:
    with inbox_batch(inbox_store):
        first, second = _add(inbox_store, b"one"), _add(inbox_store, b"two")
        assert inbox_store.find_inbox_package(second.sha256) == second  # the batch reads its own writes
        if isinstance(inbox_store, Store):  # SQLite: another process sees nothing before the end
            with closing(sqlite3.connect(inbox_store.path)) as other:
                assert other.execute("SELECT count(*) FROM inbox_packages").fetchone()[0] == 0
    with second_officer(inbox_store) as other:
        assert [r.sha256 for r in other.list_inbox_packages()] == [first.sha256, second.sha256]
        imports = [a for a in other.inbox_audit_log() if a["action"] == "inbox.import"]
        assert sorted(a["inbox_id"] for a in imports) == [first.id, second.id]


def test_a_failed_batch_keeps_nothing_of_it(tmp_path: Path) -> None:
    with Store.open(tmp_path / "inbox.sqlite3") as store:
        kept = _add(store, b"before")
        with pytest.raises(RuntimeError), inbox_batch(store):
            _add(store, b"one")
            _add(store, b"two")
            raise RuntimeError("the import stops here")
        assert [r.id for r in store.list_inbox_packages()] == [kept.id]
        assert [a["details"]["inbox_id"] for a in store.audit_log() if a["action"] == "inbox.import"] == [kept.id]
        assert store.add_inbox_package(file_name="p.asice", data=b"one", status="valid", problems=[])[1]


def test_a_folder_import_commits_once_per_batch(tmp_path: Path, pki: TestPki, signers: dict) -> None:
    paths = bulk_packages(signers["main"], tmp_path / "inbox", 6, 2026)
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        pin_for_provinces(store, pki.signer.cert)
        statements: list[str] = []
        store.shared.raw.set_trace_callback(statements.append)
        result = import_packages(store, [tmp_path / "inbox"], trust_paths=[pki.root_pem])
        store.shared.raw.set_trace_callback(None)
        assert [i.outcome for i in result.items] == ["imported"] * 6 and result.all_valid
        assert [Path(i.file).name for i in result.items] == sorted(p.name for p in paths)
        assert statements.count("COMMIT") < 6  # six packages, not six disk syncs
        assert len(store.list_inbox_packages()) == 6


def test_a_batch_is_recorded_once_it_holds_enough_bytes(tmp_path: Path, pki: TestPki, signers: dict) -> None:
    """Packages wait in memory until recorded: a batch never holds more than its byte bound."""
    paths = bulk_packages(signers["main"], tmp_path / "inbox", 5, 2026)
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        pin_for_provinces(store, pki.signer.cert)
        importer = Importer(store, trust_paths=[pki.root_pem])
        items: list = []
        batch = Batch(importer, items, max_count=100, max_bytes=2 * min(p.stat().st_size for p in paths),
                      max_seconds=3600)
        recorded = []
        for path in paths:
            batch.add([importer.prepare(path.name, path.read_bytes())])
            recorded.append(len(store.list_inbox_packages()))
        batch.flush()
        assert recorded == [0, 2, 2, 4, 4] and [i.outcome for i in items] == ["imported"] * 5


def test_a_full_disk_in_a_batch_records_what_fits_and_says_which_did_not(tmp_path: Path, pki: TestPki,
                                                                        signers: dict) -> None:
    bulk_packages(signers["main"], tmp_path / "inbox", 5, 2026)
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        pin_for_provinces(store, pki.signer.cert)
        size = max(p.stat().st_size for p in (tmp_path / "inbox").iterdir())
        pages = int(store.shared.raw.execute("PRAGMA page_count").fetchone()[0])
        page_size = int(store.shared.raw.execute("PRAGMA page_size").fetchone()[0])
        store.shared.raw.execute(f"PRAGMA max_page_count = {pages + (5 * size // 2) // page_size}")  # 2 fit
        result = import_packages(store, [tmp_path / "inbox"], trust_paths=[pki.root_pem])
        outcomes = [i.outcome for i in result.items]
        recorded = store.list_inbox_packages()
    assert outcomes == ["imported", "imported", "error", "error", "error"]
    assert [r.id for r in recorded] == [i.inbox_id for i in result.items[:2]]
    assert all([p.render("en") for p in i.problems] == [StoreFullError(store.path).message.render("en")]
               for i in result.items[2:])


def test_no_verdict_leaks_between_packages_of_one_run(tmp_path: Path, scenario: Scenario, pki: TestPki) -> None:
    """Honest, tampered, foreign-rooted and honest again, in this order, in one run: each gets the
    verdict it gets alone."""
    provinces = scenario.province_ids()
    folder = tmp_path / "mixed"
    folder.mkdir()
    order = [provinces[0], provinces[TAMPERED], provinces[FOREIGN], provinces[1]]
    for index, org in enumerate(order):
        shutil.copyfile(scenario.packages[org][0], folder / f"{index}-{scenario.packages[org][0].name}")
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        pin_test_signers(store, pki, scenario.reporters)
        together = import_packages(store, [folder], trust_paths=[pki.root_pem])
    alone = []
    for index, path in enumerate(sorted(folder.iterdir())):
        with Store.open(tmp_path / f"alone-{index}.sqlite3") as store:
            pin_test_signers(store, pki, scenario.reporters)
            alone.append(import_packages(store, [path], trust_paths=[pki.root_pem]).items[0])
    assert [i.status for i in together.items] == ["valid", "invalid", "untrusted", "valid"]
    assert [(i.status, [p.render("en") for p in i.problems]) for i in together.items] == [
        (i.status, [p.render("en") for p in i.problems]) for i in alone]


def test_a_root_trusted_in_one_run_is_not_trusted_in_the_next(tmp_path: Path, scenario: Scenario,
                                                             pki: TestPki) -> None:
    foreign = scenario.packages[scenario.province_ids()[FOREIGN]][0]
    honest = scenario.packages[scenario.province_ids()[2]][0]
    with Store.open(tmp_path / "trusting.sqlite3") as store:
        pin_test_signers(store, pki, scenario.reporters)
        trusting = import_packages(store, [foreign, honest], trust_paths=[pki.root_pem, pki.foreign_root_pem])
    with Store.open(tmp_path / "strict.sqlite3") as store:  # the same process, the root no longer given
        pin_test_signers(store, pki, scenario.reporters)
        strict = import_packages(store, [foreign, honest], trust_paths=[pki.root_pem])
    assert [i.status for i in trusting.items] == ["valid", "valid"]
    assert [i.status for i in strict.items] == ["untrusted", "valid"]
    assert [p.render("en") for p in strict.items[0].problems] == [
        "The signer's certificate does not lead to a trusted root"]
