"""The delivery log (schema 8): where a package was saved, its e-mail drafts, the user's word that it
was sent; append-only, kept with the report, allowed on a submitted (read-only) report."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.store import Store

from .helpers import new_report

SHA = "ab" * 32


def _submitted(store: Store) -> str:
    report_id = new_report(store)
    store.submit_package(report_id, file_name="BC-x-r1.asice", data=b"PK\x03\x04 goi", signer={"name": "A"},
                         signed_at="2025-11-10T09:00:00+07:00")
    return report_id


def test_events_are_kept_in_order_and_audited(store: Store) -> None:
    report_id = _submitted(store)
    store.record_delivery(report_id, package_sha256=SHA, kind="saved", path="D:\\Báo cáo\\BC-x-r1.asice")
    store.record_delivery(report_id, package_sha256=SHA, kind="email_draft", path="D:\\Báo cáo\\BC-x-r1.eml")
    store.record_delivery(report_id[:8], package_sha256=SHA, kind="marked_not_sent")
    assert [(e.kind, e.path) for e in store.deliveries(report_id)] == [
        ("saved", "D:\\Báo cáo\\BC-x-r1.asice"), ("email_draft", "D:\\Báo cáo\\BC-x-r1.eml"), ("marked_not_sent", "")]
    actions = [entry["action"] for entry in store.audit_log(report_id=report_id)]
    assert actions[:3] == ["package.marked_not_sent", "package.email_draft", "package.saved"]


def test_the_log_is_append_only_and_knows_its_kinds(store: Store) -> None:
    report_id = _submitted(store)
    store.record_delivery(report_id, package_sha256=SHA, kind="marked_sent")
    with pytest.raises(ValueError):
        store.record_delivery(report_id, package_sha256=SHA, kind="posted")
    for statement in ("UPDATE package_deliveries SET kind = 'saved'", "DELETE FROM package_deliveries"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            store.shared.raw.execute(statement)
    assert [e.kind for e in store.deliveries(report_id)] == ["marked_sent"]
