"""Session fixtures of the Inbox tests: the test PKI, the scenario's packages (made once), and a
consolidator store with everything imported, copied afresh for each test that changes it."""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from desktop.inbox.decisions import Actor, pin_certificate
from desktop.inbox.importer import ImportResult, import_packages
from desktop.signing.signers import OpenedSigner, open_p12
from desktop.store import Store
from desktop.store.pg import PgInboxStore, init_inbox
from desktop.store.pg.transfer import migrate_from_local
from desktop.store.shared import SharedInbox
from tests.inbox.scenario import Scenario, build_scenario
from tests.pgtest import throwaway_database
from tests.pki import TestPki, build_pki


def pin_test_signers(store: Store, pki: TestPki, orgs: Iterable[str]) -> None:
    """The list of signers Cục ATMT imports: the test PKI's signers may sign for `orgs` (their
    certificates name only Ninh Bình); the foreign one still lacks a trusted root."""
    for org in orgs:
        for identity in (pki.signer, pki.second_signer, pki.foreign_signer):
            pin_certificate(store, identity.cert, org, "Danh sách người ký của đơn vị (thử nghiệm)",
                            by=Actor("ct20-test", "Danh sách nhập"), source="imported")


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return build_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def signers(pki: TestPki) -> dict[str, OpenedSigner]:
    return {
        "main": open_p12(pki.signer.p12_path, pki.signer.password),
        "second": open_p12(pki.second_signer.p12_path, pki.second_signer.password),
        "foreign": open_p12(pki.foreign_signer.p12_path, pki.foreign_signer.password),
    }


@pytest.fixture(scope="session")
def scenario(tmp_path_factory: pytest.TempPathFactory, pki: TestPki, signers: dict[str, OpenedSigner]) -> Scenario:
    return build_scenario(tmp_path_factory.mktemp("scenario"), pki, signers)


@pytest.fixture(scope="session")
def imported(tmp_path_factory: pytest.TempPathFactory, scenario: Scenario, pki: TestPki) -> tuple[Path, ImportResult]:
    """The consolidator's store after importing the scenario's folder (trusting the test root)."""
    path = tmp_path_factory.mktemp("consolidator") / "atmt.sqlite3"
    with Store.open(path) as store:
        pin_test_signers(store, pki, scenario.reporters)
        result = import_packages(store, [scenario.inbox], trust_paths=[pki.root_pem], received=scenario.sent)
        store.backup(path.with_name("template.sqlite3"))
    return path.with_name("template.sqlite3"), result


@pytest.fixture(params=["sqlite", "postgresql"])
def consolidator(request: pytest.FixtureRequest, imported: tuple[Path, ImportResult], tmp_path: Path) -> Iterator[Store]:
    """A fresh copy of the imported consolidator store, for a test that may change it; with
    "postgresql", the same Inbox moved onto a throw-away shared Inbox (`migrate-from-local`), the
    officer's own store staying local."""
    path = tmp_path / "atmt.sqlite3"
    shutil.copyfile(imported[0], path)
    if request.param == "sqlite":
        with Store.open(path) as store:
            yield store
        return
    with throwaway_database() as url:
        init_inbox(url)
        with SharedInbox(Store.open(path), PgInboxStore.open(url)) as shared:
            migrate_from_local(shared.local, shared.inbox)
            yield shared  # type: ignore[misc]


@pytest.fixture(params=["sqlite", "postgresql"])
def inbox_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store whose Inbox is in SQLite or on a throw-away PostgreSQL server (the same tests)."""
    if request.param == "sqlite":
        with Store.open(tmp_path / "inbox.sqlite3") as store:
            yield store
        return
    with throwaway_database() as url:
        init_inbox(url)
        with SharedInbox(Store.open(tmp_path / "local.sqlite3"), PgInboxStore.open(url)) as shared:
            yield shared  # type: ignore[misc]
