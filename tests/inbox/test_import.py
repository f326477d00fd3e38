"""Importing received packages: each verified and recorded once, nothing stops the rest."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from desktop.inbox.importer import ImportResult, import_packages, package_files
from desktop.signing.signers import OpenedSigner
from desktop.store import Store
from tests.inbox.conftest import pin_test_signers
from tests.inbox.helpers import bulk_packages, ec_signer, pin_for_provinces
from tests.inbox.scenario import FOREIGN, LATE, REVISED, TAMPERED, Scenario
from tests.pki import TestPki


def snapshot(store: Store) -> tuple:
    """Everything an import may change: the inbox rows and the audit log."""
    inbox = [(r.id, r.sha256, r.status, r.problems, r.decision) for r in store.list_inbox_packages()]
    return inbox, len(store.audit_log(limit=100_000))


def test_every_file_is_verified_and_recorded_once(imported: tuple[Path, ImportResult], scenario: Scenario) -> None:
    _, result = imported
    provinces = scenario.province_ids()
    assert not result.cancelled and len(result.items) == 25  # 20 provinces, a revision, 3 corporations, a copy
    by_file = {Path(item.file).name: item for item in result.items}
    duplicate = by_file[scenario.duplicate.name]
    original = by_file[scenario.packages[provinces[0]][0].name]
    assert duplicate.outcome == "duplicate" and duplicate.inbox_id == original.inbox_id
    assert duplicate.note().render("en") == (f"Already in the inbox as package {original.inbox_id} "
                                             f"({original.file.rsplit('/', 1)[-1]}); nothing was added.")
    assert [item.outcome for item in result.items].count("imported") == 24
    statuses = {org: [by_file[p.name].status for p in paths] for org, paths in scenario.packages.items()}
    assert statuses[provinces[TAMPERED]] == ["invalid"]
    assert statuses[provinces[FOREIGN]] == ["untrusted"]
    assert statuses[provinces[REVISED]] == ["valid", "valid"]
    assert statuses[provinces[LATE]] == ["valid"]
    valid = [org for org, found in statuses.items() if found and set(found) == {"valid"}]
    assert len(valid) == 18 + 3
    tampered = by_file[scenario.packages[provinces[TAMPERED]][0].name]
    assert [p.render("en") for p in tampered.problems] == ["The data file was changed after signing"]
    assert [p.render("vi") for p in tampered.problems] == ["Tệp dữ liệu đã bị sửa sau khi ký"]


def test_packages_are_kept_byte_for_byte_with_their_claims(consolidator: Store, scenario: Scenario) -> None:
    provinces = scenario.province_ids()
    for org, paths in scenario.packages.items():
        for path in paths:
            data = path.read_bytes()
            record = consolidator.find_inbox_package(hashlib.sha256(data).hexdigest())
            assert record is not None and consolidator.inbox_package_bytes(record.id) == data
            assert (record.org_id, record.period) == (org, scenario.period)
    tampered = consolidator.list_inbox_packages(status="invalid")
    assert [(r.org_id, r.form_id, r.revision, r.details["claimed"]) for r in tampered] == [
        (provinces[TAMPERED], "ct20.province", 1, True)]
    revised = consolidator.list_inbox_packages(org_id=provinces[REVISED])
    assert [r.revision for r in revised] == [1, 2]
    assert revised[1].supersedes == revised[0].sha256  # the data file names the package it replaces
    untrusted = consolidator.list_inbox_packages(status="untrusted")
    assert [(r.org_id, r.decision) for r in untrusted] == [(provinces[FOREIGN], None)]  # waits for a decision


def test_importing_the_same_folder_again_changes_nothing(consolidator: Store, scenario: Scenario,
                                                         pki: TestPki) -> None:
    before = snapshot(consolidator)
    again = import_packages(consolidator, [scenario.inbox], trust_paths=[pki.root_pem])
    assert {item.outcome for item in again.items} == {"duplicate"} and len(again.items) == 25
    assert not any(item.rechecked for item in again.items)
    assert snapshot(consolidator) == before


def test_an_untrusted_package_is_checked_again_once_its_root_is_trusted(consolidator: Store, scenario: Scenario,
                                                                        pki: TestPki) -> None:
    foreign = scenario.packages[scenario.province_ids()[FOREIGN]][0]
    again = import_packages(consolidator, [foreign], trust_paths=[pki.root_pem, pki.foreign_root_pem])
    assert again.items[0].outcome == "duplicate" and again.items[0].rechecked
    assert again.items[0].status == "valid" and consolidator.list_inbox_packages(status="untrusted") == []


def test_nothing_is_extracted_to_disk(tmp_path: Path, scenario: Scenario, pki: TestPki) -> None:
    folder = tmp_path / "mail"
    shutil.copytree(scenario.inbox, folder)
    before = sorted((p.relative_to(folder), p.stat().st_size) for p in folder.rglob("*"))
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        import_packages(store, [folder], trust_paths=[pki.root_pem])
    assert sorted((p.relative_to(folder), p.stat().st_size) for p in folder.rglob("*")) == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("atmt.sqlite3")) == ["mail"]


def test_a_bad_file_never_stops_the_rest(tmp_path: Path, scenario: Scenario, pki: TestPki, inbox_store: Store) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "a-rac.asice").write_bytes(b"this is not a zip file")
    (folder / "b-trong.asice").write_bytes(b"")
    (folder / "c-khong-doc-duoc.asice").write_bytes(b"PK")
    os.chmod(folder / "c-khong-doc-duoc.asice", 0)
    (folder / "ghi-chu.txt").write_text("not a package: folders take only .asice files")
    good = scenario.packages[scenario.province_ids()[1]][0]
    shutil.copyfile(good, folder / f"z-{good.name}")
    with inbox_store as store:
        pin_for_provinces(store, pki.signer.cert)
        result = import_packages(store, [folder], trust_paths=[pki.root_pem])
        kept = store.list_inbox_packages()
    outcomes = [(Path(i.file).name, i.outcome, i.status) for i in result.items]
    readable = os.access(folder / "c-khong-doc-duoc.asice", os.R_OK)  # root reads anything
    assert outcomes == [
        ("a-rac.asice", "imported", "invalid"),
        ("b-trong.asice", "error", "error"),
        ("c-khong-doc-duoc.asice", "imported" if readable else "error", "invalid" if readable else "error"),
        (f"z-{good.name}", "imported", "valid"),
    ]
    assert result.items[0].problems and result.items[1].problems[0].render("en").endswith("is empty.")
    assert [r.status for r in kept][-1] == "valid"
    assert all(r.status == "invalid" for r in kept[:-1])  # the garbage is kept as rejected, with reasons


def test_the_scenario_imports_alike_into_either_store(inbox_store: Store, scenario: Scenario, pki: TestPki,
                                                     imported: tuple[Path, ImportResult]) -> None:
    """Importing straight into the store under test gives the verdicts of the reference import."""
    pin_test_signers(inbox_store, pki, scenario.reporters)
    result = import_packages(inbox_store, [scenario.inbox], trust_paths=[pki.root_pem], received=scenario.sent)
    expected = [(i.file, i.outcome, i.status, i.inbox_id, i.received) for i in imported[1].items]
    assert [(i.file, i.outcome, i.status, i.inbox_id, i.received) for i in result.items] == expected
    assert len(inbox_store.list_inbox_packages()) == 24


def test_package_files_takes_folders_recursively_and_each_file_once(scenario: Scenario) -> None:
    files = package_files([scenario.inbox, scenario.duplicate, scenario.inbox / ".." / scenario.inbox.name])
    assert len(files) == 25 and files[-1] == scenario.duplicate  # sorted: the sub-folder's file comes last


@pytest.fixture(scope="module")
def hundred(tmp_path_factory: pytest.TempPathFactory, pki: TestPki, scenario: Scenario) -> list[Path]:
    folder = tmp_path_factory.mktemp("hundred")
    signer: OpenedSigner = ec_signer(pki, folder)
    return bulk_packages(signer, folder / "goi", 100, scenario.year)


def _signer_of(package: Path):  # type: ignore[no-untyped-def]
    from desktop.package.verify import verify_package

    return verify_package(package, trust_roots=[]).signer_certificate


def test_a_hundred_packages_import_with_progress_to_the_end(hundred: list[Path], inbox_store: Store,
                                                            pki: TestPki) -> None:
    seen: list[tuple[float, str]] = []
    with inbox_store as store:
        pin_for_provinces(store, _signer_of(hundred[0]))
        result = import_packages(store, [hundred[0].parent], trust_paths=[pki.root_pem],
                                 progress=lambda fraction, message: seen.append((fraction, message.render("en"))))
        assert len(store.list_inbox_packages(status="valid")) == 100
    assert len(result.items) == 100 and result.all_valid and result.count("imported") == 100
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0 and fractions[-1] == 1.0 and len(seen) == 101
    assert seen[0][1] == f"Checking {min(p.name for p in hundred)} (1 of 100)" and seen[-1][1] == "Checked 100 files."


def test_cancel_stops_between_files_and_keeps_what_was_done(hundred: list[Path], inbox_store: Store,
                                                            pki: TestPki) -> None:
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 7

    with inbox_store as store:
        result = import_packages(store, hundred[:20], trust_paths=[pki.root_pem], cancel=cancel)
        assert result.cancelled and len(result.items) == 7 and len(store.list_inbox_packages()) == 7
        rest = import_packages(store, hundred[:20], trust_paths=[pki.root_pem])
    assert [i.outcome for i in rest.items] == ["duplicate"] * 7 + ["imported"] * 13
