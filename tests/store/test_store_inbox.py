"""The inbox and receipts tables (schema 3): kept once, never changed, never deleted."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from desktop.store import InboxPackageNotFoundError, Store

from .helpers import new_report

PACKAGE = b"PK\x03\x04" + "gói nhận được".encode() * 50


def add(store: Store, data: bytes = PACKAGE, **overrides: object):  # type: ignore[no-untyped-def]
    fields: dict = {"file_name": "BC-ct20.province-so-ct-ha-noi-2025-r1.asice", "data": data, "status": "valid",
                    "problems": [], "org_id": "so-ct-ha-noi", "form_id": "ct20.province", "period": "2025",
                    "revision": 1, "signer": {"name": "Trần Văn Bình"}, "signed_at": "2025-11-14T09:00:00+07:00"}
    fields.update(overrides)
    return store.add_inbox_package(**fields)


def test_the_same_bytes_are_recorded_once(store: Store) -> None:
    record, created = add(store)
    assert created and record.id == 1 and record.sha256 == hashlib.sha256(PACKAGE).hexdigest()
    again, created = add(store, file_name="copy.asice", status="invalid")
    assert not created and again == record  # the first record stands, nothing changed
    assert store.get_inbox_package("1", with_data=True).data == PACKAGE
    assert store.get_inbox_package("#1") == record
    assert [e["action"] for e in store.audit_log()].count("inbox.import") == 1
    with pytest.raises(InboxPackageNotFoundError, match=r"There is no package 7 in the inbox\."):
        store.get_inbox_package(7)
    with pytest.raises(InboxPackageNotFoundError):
        store.get_inbox_package("abc")


def test_received_bytes_are_never_changed_or_deleted(store: Store) -> None:
    record, _ = add(store)
    conn = store.shared.raw
    for sql in ("UPDATE inbox_packages SET bytes = x'00', size = 1 WHERE id = 1",
                "UPDATE inbox_packages SET file_name = 'other' WHERE id = 1",
                "DELETE FROM inbox_packages"):
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute(sql)
    decided = store.decide_inbox_package(record.id, "accepted")
    assert decided.decision == "accepted" and decided.decided_at is not None
    rechecked = store.update_inbox_verification(record.id, status="untrusted", problems=[{"msgid": "x"}],
                                                signer={}, signed_at=None, timestamped=False)
    assert (rechecked.status, rechecked.sha256) == ("untrusted", record.sha256)
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE inbox_packages SET decision = 'maybe' WHERE id = 1")


def test_filters_of_the_list(store: Store) -> None:
    add(store)
    add(store, data=PACKAGE + b"2", org_id="so-ct-hue", status="untrusted")
    add(store, data=PACKAGE + b"3", form_id="ct20.enterprise", org_id="habeco")
    assert [r.org_id for r in store.list_inbox_packages(form_id="ct20.province")] == ["so-ct-ha-noi", "so-ct-hue"]
    assert [r.org_id for r in store.list_inbox_packages(status="untrusted")] == ["so-ct-hue"]
    assert store.list_inbox_packages(period="2026") == []


def test_receipts_are_kept_once_and_never_changed(store: Store) -> None:
    record, _ = add(store)
    receipt, created = store.add_receipt(
        direction="issued", data=b"PK-receipt", file_name="PTN-x.asice", package_sha256=record.sha256,
        decision="accepted", message="Đã nhận.", status="valid", signer={}, signed_at="2025-11-16T08:00:00+07:00",
        inbox_id=record.id,
    )
    assert created and store.list_receipts(inbox_id=record.id) == [receipt]
    assert store.add_receipt(direction="issued", data=b"PK-receipt", file_name="again.asice",
                             package_sha256=record.sha256, decision="received", message="", status="valid",
                             signer={}, signed_at="x", inbox_id=record.id) == (receipt, False)
    with pytest.raises(sqlite3.IntegrityError):  # a received receipt belongs to a report
        store.add_receipt(direction="received", data=b"PK-other", file_name="r.asice", package_sha256=record.sha256,
                          decision="received", message="", status="valid", signer={}, signed_at="x")
    with pytest.raises(sqlite3.IntegrityError):
        store.shared.raw.execute("DELETE FROM receipts")
    report_id = new_report(store)
    store.submit_package(report_id, file_name="BC-x.asice", data=PACKAGE, signer={}, signed_at="x")
    assert store.find_package_by_sha256(record.sha256.upper()).report_id == report_id
