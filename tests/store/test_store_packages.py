"""Kept packages (schema 2): submitted together with the report's status, never changed; trusted roots."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop.store import SCHEMA_VERSION, ReportReadOnlyError, Store, TrustRootNotFoundError

from .helpers import new_report

PACKAGE = b"PK\x03\x04" + "gói đã ký".encode() * 100
SIGNER = {"name": "Nguyễn Văn An", "serial": "1A2B"}


def submit(store: Store, report_id: str, data: bytes = PACKAGE):  # type: ignore[no-untyped-def]
    return store.submit_package(report_id, file_name="BC-x-r1.asice", data=data, signer=SIGNER,
                                signed_at="2025-11-10T09:12:00+07:00")


def test_submitting_keeps_the_bytes_and_freezes_the_report(store: Store) -> None:
    report_id = new_report(store)
    assert store.get_package(report_id) is None
    kept = submit(store, report_id[:8])
    assert kept.sha256 == hashlib.sha256(PACKAGE).hexdigest() and kept.size == len(PACKAGE)
    again = store.get_package(report_id)
    assert again == kept and again.data == PACKAGE
    assert store.get_package(report_id, with_data=False).data is None
    assert [p.report_id for p in store.list_packages()] == [report_id]
    assert store.get_report(report_id).status == "submitted"
    with pytest.raises(ReportReadOnlyError):
        store.save_values(report_id, {"document.number": "changed"})
    with pytest.raises(ReportReadOnlyError):
        submit(store, report_id)
    entry = store.audit_log(report_id=report_id)[0]
    assert entry["action"] == "report.export"
    assert entry["details"]["sha256"] == kept.sha256 and entry["details"]["signer"] == "Nguyễn Văn An"


def test_a_failed_submission_changes_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    report_id = new_report(store)

    def fail(stage: str) -> None:
        if stage == "submit:package":
            raise OSError("disk full")

    monkeypatch.setattr(store, "_checkpoint", fail)
    with pytest.raises(OSError):
        submit(store, report_id)
    assert store.get_package(report_id) is None
    assert store.get_report(report_id).status == "draft"


def test_a_trashed_report_cannot_be_submitted(store: Store) -> None:
    report_id = new_report(store)
    store.trash_report(report_id)
    with pytest.raises(ReportReadOnlyError):
        submit(store, report_id)


def test_kept_packages_are_never_changed_or_deleted(store: Store) -> None:
    report_id = new_report(store)
    submit(store, report_id)
    conn = store.shared.raw
    with pytest.raises(sqlite3.IntegrityError, match="never changed"):
        conn.execute("UPDATE packages SET file_name = 'other' WHERE report_id = ?", (report_id,))
    with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
        conn.execute("DELETE FROM packages")


def test_newer_revision(store: Store) -> None:
    first = new_report(store)
    submit(store, first)
    assert store.newer_revision(first) is None
    second = new_report(store, revision=2, supersedes=first)
    assert store.newer_revision(first) == second


def test_trust_roots_are_added_once_and_removed_by_prefix(store: Store) -> None:
    a, b = "ab" * 32, "ab" * 4 + "cd" * 28
    assert store.add_trust_root(a, subject="CN=A", not_after="2035-01-01T00:00:00+00:00", pem="A")
    assert not store.add_trust_root(a, subject="CN=A", not_after="2035-01-01T00:00:00+00:00", pem="A")
    store.add_trust_root(b, subject="CN=B", not_after="2035-01-01T00:00:00+00:00", pem="B")
    assert [r.id for r in store.trust_roots()] == [a, b]
    with pytest.raises(TrustRootNotFoundError, match="2 trusted certificates start with"):
        store.remove_trust_root("abababab")
    with pytest.raises(TrustRootNotFoundError):
        store.remove_trust_root("abab")  # too short to be taken as a prefix
    assert store.remove_trust_root("ABABABABCD").subject == "CN=B"
    assert [r.id for r in store.trust_roots()] == [a]
    actions = [e["action"] for e in store.audit_log()[:3]]
    assert actions == ["trust.remove", "trust.add", "trust.add"]


def test_a_v1_store_gains_empty_packages_and_trust_roots(tmp_path: Path) -> None:
    path = tmp_path / "ct20.sqlite3"
    shutil.copyfile(Path(__file__).resolve().parents[1] / "data" / "stores" / "v1.sqlite3", path)
    with Store.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION >= 2
        assert store.list_packages() == [] and store.trust_roots() == []
        submitted = next(r for r in store.list_reports() if r.status == "submitted")
        assert store.get_package(submitted.id) is None  # submitted before packages were kept
        draft = new_report(store, period="2030")
        assert submit(store, draft).revision == 1
