"""Schema 5: signers pinned for an organisation, and the first receipt time of a received package."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.store import Store
from desktop.store.signer_pins import SignerPinNotFoundError

FINGERPRINT = "ab" * 32


def _pin(store: Store, org: str = "so-ct-ha-noi", fingerprint: str = FINGERPRINT):  # type: ignore[no-untyped-def]
    return store.pin_signer(org_id=org, fingerprint=fingerprint, subject="CN=Nguyễn Văn An,O=Sở Công Thương",
                            certificate=b"0\x82der", reason="Công văn 12/SCT", by_login="lan", by_name="Nguyễn Thị Lan")


def test_a_pin_is_kept_once_per_organisation_with_who_and_why(store: Store) -> None:
    pin, created = _pin(store)
    assert created and (pin.org_id, pin.fingerprint, pin.by, pin.source) == (
        "so-ct-ha-noi", FINGERPRINT, "Nguyễn Thị Lan (lan)", "decision")
    again, created = _pin(store)
    assert not created and again == pin
    other, _ = _pin(store, org="so-ct-hue")
    assert store.pinned_signers() == {("so-ct-ha-noi", FINGERPRINT), ("so-ct-hue", FINGERPRINT)}
    assert [p.id for p in store.list_signer_pins(org_id="so-ct-hue")] == [other.id]
    assert store.signer_pin_certificate(pin.id) == b"0\x82der"
    assert pin.to_json()["by"] == "Nguyễn Thị Lan (lan)" and pin.to_json()["org"] == "so-ct-ha-noi"
    removed = store.unpin_signer(pin.id, by_login="hoa")
    assert removed == pin and store.pinned_signers() == {("so-ct-hue", FINGERPRINT)}
    actions = [(e["action"], e["details"].get("by")) for e in store.audit_log()]
    assert actions[:3] == [("signer.unpin", {"login": "hoa", "name": ""}),
                           ("signer.pin", {"login": "lan", "name": "Nguyễn Thị Lan"}),
                           ("signer.pin", {"login": "lan", "name": "Nguyễn Thị Lan"})]
    with pytest.raises(SignerPinNotFoundError):
        store.unpin_signer(pin.id)
    with pytest.raises(SignerPinNotFoundError):
        store.get_signer_pin("abc")


def test_a_pin_needs_a_fingerprint_and_a_reason(store: Store) -> None:
    with pytest.raises(ValueError):
        _pin(store, fingerprint="AB" * 32)
    with pytest.raises(ValueError):
        store.pin_signer(org_id="so-ct-hue", fingerprint=FINGERPRINT, subject="", certificate=b"x", reason="  ")
    assert store.list_signer_pins() == []


def test_the_first_receipt_time_is_set_once(store: Store) -> None:
    record, _ = store.add_inbox_package(file_name="a.asice", data=b"PK goi", status="valid", problems=[],
                                        received_at="2026-11-15T16:59:59+00:00", proven_at=None)
    assert record.received_at == "2026-11-15T16:59:59+00:00" and record.proven_at is None
    plain, _ = store.add_inbox_package(file_name="b.asice", data=b"PK khac", status="valid", problems=[])
    assert plain.received_at == plain.imported_at  # without an e-mail time: the import
    with pytest.raises(sqlite3.IntegrityError, match="never changed"), store._write() as conn:
        conn.execute("UPDATE inbox_packages SET received_at = ? WHERE id = ?", ("2020-01-01", record.id))
