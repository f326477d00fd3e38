"""The Inbox's store contract, run against both stores (`inbox_store`: SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from desktop.store import Store
from desktop.store.errors import InboxPackageNotFoundError, TrustRootNotFoundError
from desktop.store.inbox_api import InboxBackend, StaleDecisionError, inbox_snapshot
from desktop.store.pg import PgInboxStore
from desktop.store.shared import SharedInbox

SHA = hashlib.sha256(b"cert").hexdigest()


@contextmanager
def second_officer(store: Any, name: str = "Trần Thị B") -> Iterator[Any]:
    """Another handle on the same Inbox (another process or officer's app)."""
    if isinstance(store, SharedInbox):
        other = SharedInbox(Store.open(store.local.path.with_name("other.sqlite3")),
                            PgInboxStore.open(store.inbox.url, display_name=name))
    else:
        other = Store.open(store.path)
    with other:
        yield other


def _add(store: Any, data: bytes, **facts: Any) -> Any:
    return store.add_inbox_package(file_name=facts.pop("file_name", "p.asice"), data=data,
                                   status=facts.pop("status", "untrusted"), problems=facts.pop("problems", []), **facts)


def test_both_stores_offer_the_whole_interface(inbox_store: Any) -> None:
    assert isinstance(inbox_store, InboxBackend) or all(
        callable(getattr(inbox_store, name)) for name in dir(InboxBackend) if not name.startswith("_"))


def test_a_package_is_recorded_once_with_every_fact(inbox_store: Any) -> None:
    record, created = _add(inbox_store, b"package one", file_name="so-ct-ha-noi-2025-r1.asice", status="valid",
                           problems=[{"msgid": "x", "params": {"n": 1}}], org_id="vn-hn", form_id="ct20.province",
                           form_version="1.0", period="2025", revision=1, report_id="r-1", supersedes=None,
                           signer={"name": "Nguyễn Văn A"}, signed_at="2025-11-01T01:00:00Z", timestamped=True,
                           details={"k": ["v"]}, received_at="2025-11-02T03:04:05Z", proven_at="2025-11-01T01:00:01Z")
    again, created_again = _add(inbox_store, b"package one", file_name="copy.asice", status="invalid")
    assert created and not created_again and again == record
    assert (record.org_id, record.form_id, record.period, record.revision, record.status) == (
        "vn-hn", "ct20.province", "2025", 1, "valid")
    assert record.timestamped is True and record.signer == {"name": "Nguyễn Văn A"}
    assert record.problems == [{"msgid": "x", "params": {"n": 1}}] and record.details == {"k": ["v"]}
    assert record.received_at == "2025-11-02T03:04:05Z" and record.proven_at == "2025-11-01T01:00:01Z"
    assert inbox_store.get_inbox_package(f"#{record.id}", with_data=True).data == b"package one"
    assert inbox_store.inbox_package_bytes(record.id) == b"package one"
    assert inbox_store.find_inbox_package(record.sha256.upper()) == record
    assert [r.id for r in inbox_store.list_inbox_packages(org_id="vn-hn", status="valid")] == [record.id]
    assert inbox_store.list_inbox_packages(org_id="vn-xx") == []
    for bad in ("abc", 10**30, 999):
        with pytest.raises(InboxPackageNotFoundError):
            inbox_store.get_inbox_package(bad)
    with pytest.raises(ValueError):
        _add(inbox_store, b"")
    with pytest.raises(ValueError):
        _add(inbox_store, b"x", status="maybe")


def test_a_verdict_changes_but_the_bytes_and_first_receipt_never_do(inbox_store: Any) -> None:
    record, _ = _add(inbox_store, b"pkg", received_at="2025-01-01T00:00:00Z")
    after = inbox_store.update_inbox_verification(record.id, status="valid", problems=[], signer={"name": "B"},
                                                  signed_at="2025-01-01T00:00:00Z", timestamped=False)
    assert after.status == "valid" and after.received_at == "2025-01-01T00:00:00Z"
    assert inbox_store.inbox_package_bytes(record.id) == b"pkg"
    assert [e["action"] for e in inbox_store.inbox_audit_log(inbox_id=record.id)] == ["inbox.recheck", "inbox.import"]


def test_a_decision_on_a_stale_view_is_refused_with_who_and_what(inbox_store: Any) -> None:
    seen, _ = _add(inbox_store, b"untrusted package")
    with second_officer(inbox_store) as other:
        theirs = other.decide_inbox_package(seen.id, "rejected", by={"login": "ttb", "name": "Trần Thị B"},
                                            seen=other.get_inbox_package(seen.id))
    assert theirs.decision == "rejected"
    with pytest.raises(StaleDecisionError) as caught:
        inbox_store.decide_inbox_package(seen.id, "accepted", by={"login": "nva", "name": "Nguyễn Văn A"}, seen=seen)
    text = caught.value.render("vi")
    assert "Trần Thị B" in text and "từ chối" in text and f"{seen.id}" in text, text
    assert "Another officer decided meanwhile: Trần Thị B" in caught.value.render("en")
    assert inbox_store.get_inbox_package(seen.id).decision == "rejected"  # nothing recorded
    fresh = inbox_store.get_inbox_package(seen.id)
    assert inbox_store.decide_inbox_package(seen.id, "accepted", by={"login": "nva", "name": "Nguyễn Văn A"},
                                            seen=fresh).decision == "accepted"
    decisions = [(e["details"]["decision"], e["details"]["by"]["name"])
                 for e in inbox_store.inbox_audit_log(inbox_id=seen.id) if e["action"] == "inbox.decide"]
    assert decisions == [("accepted", "Nguyễn Văn A"), ("rejected", "Trần Thị B")]


def test_the_audit_shows_who_did_what(inbox_store: Any) -> None:
    record, _ = _add(inbox_store, b"pkg")
    inbox_store.decide_inbox_package(record.id, "accepted", by={"login": "nva", "name": "Nguyễn Văn A"})
    entries = inbox_store.inbox_audit_log(inbox_id=record.id)
    assert [e["action"] for e in entries] == ["inbox.decide", "inbox.import"]
    assert entries[0]["details"]["by"] == {"login": "nva", "name": "Nguyễn Văn A"}
    if isinstance(inbox_store, SharedInbox):  # the server also records its own login for every change
        login = inbox_store.inbox.login
        assert login and all(e["login"] == login for e in entries)


def _second_officer_writes(store: Any, first: Any) -> None:
    """Another officer adds a package and a correction request. On SQLite that officer is another
    process: within one process every handle shares the one connection (desktop.store.connection),
    so a write there could not happen beside an open snapshot anyway."""
    if isinstance(store, SharedInbox):
        with second_officer(store) as other:
            _add(other, b"second")
            other.add_receipt(direction="issued", data=b"correction", file_name="r.asice",
                              package_sha256=first.sha256, decision="correction_requested", message="",
                              status="valid", signer={}, signed_at="2025-11-20T00:00:00Z", inbox_id=first.id)
        return
    code = (
        "import sys; from desktop.store import Store\n"
        "with Store.open(sys.argv[1]) as other:\n"
        "    other.add_inbox_package(file_name='p.asice', data=b'second', status='untrusted', problems=[])\n"
        "    other.add_receipt(direction='issued', data=b'correction', file_name='r.asice',"
        " package_sha256=sys.argv[2], decision='correction_requested', message='', status='valid', signer={},"
        " signed_at='2025-11-20T00:00:00Z', inbox_id=int(sys.argv[3]))\n"
    )
    subprocess.run([sys.executable, "-c", code, str(store.path), first.sha256, str(first.id)], check=True,
                   timeout=60, cwd=Path(__file__).resolve().parents[2])


def test_one_consistent_view_while_another_officer_imports(inbox_store: Any) -> None:
    """What the board and the consolidation read inside `inbox_snapshot`: one moment of the Inbox."""
    first, _ = _add(inbox_store, b"first")
    with inbox_snapshot(inbox_store):
        before = [r.id for r in inbox_store.list_inbox_packages()]
        _second_officer_writes(inbox_store, first)
        assert [r.id for r in inbox_store.list_inbox_packages()] == before
        assert inbox_store.list_receipts() == []
    assert len(inbox_store.list_inbox_packages()) == 2 and len(inbox_store.list_receipts()) == 1


def test_pins_roots_crls_and_builtin_switches(inbox_store: Any) -> None:
    record, _ = _add(inbox_store, b"pkg")
    pin, created = inbox_store.pin_signer(org_id="vn-hn", fingerprint=SHA, subject="CN=A", certificate=b"cert",
                                          reason="Danh sách", by_login="nva", by_name="A", inbox_id=record.id)
    again, created_again = inbox_store.pin_signer(org_id="vn-hn", fingerprint=SHA, subject="CN=A",
                                                  certificate=b"cert", reason="lại")
    assert created and not created_again and again == pin
    assert inbox_store.pinned_signers() == {("vn-hn", SHA)} and inbox_store.signer_pin_certificate(pin.id) == b"cert"
    assert inbox_store.list_signer_pins(org_id="vn-hn") == [pin] == [inbox_store.get_signer_pin(f"#{pin.id}")]
    assert inbox_store.unpin_signer(pin.id, by_login="nva") == pin and inbox_store.pinned_signers() == set()
    root = hashlib.sha256(b"root").hexdigest()
    assert inbox_store.add_trust_root(root, subject="CN=R", not_after="2030", pem="PEM") is True
    assert inbox_store.add_trust_root(root, subject="CN=R", not_after="2030", pem="PEM") is False
    assert [r.id for r in inbox_store.trust_roots()] == [root]
    with pytest.raises(TrustRootNotFoundError):
        inbox_store.remove_trust_root("short")
    assert inbox_store.remove_trust_root(root[:10]).id == root and inbox_store.trust_roots() == []
    crl = hashlib.sha256(b"crl").hexdigest()
    assert inbox_store.add_crl(crl, issuer="CN=R", this_update="t", next_update=None, revoked=2, der=b"der")
    assert not inbox_store.add_crl(crl, issuer="CN=R", this_update="t", next_update=None, revoked=2, der=b"der")
    assert [(c.id, c.der, c.revoked) for c in inbox_store.crls()] == [(crl, b"der", 2)]
    assert inbox_store.set_builtin_root_enabled(root, False) and not inbox_store.set_builtin_root_enabled(root, False)
    assert inbox_store.disabled_builtin_roots() == {root}
    assert inbox_store.set_builtin_root_enabled(root, True) and inbox_store.disabled_builtin_roots() == set()
    actions = [e["action"] for e in inbox_store.inbox_audit_log()]
    assert actions[:8] == ["trust.builtin_enable", "trust.builtin_disable", "trust.crl_add", "trust.remove",
                           "trust.add", "signer.unpin", "signer.pin", "inbox.import"]


def test_issued_receipts_are_kept_once(inbox_store: Any) -> None:
    record, _ = _add(inbox_store, b"pkg")
    fields = dict(direction="issued", file_name="bien-nhan.asice", package_sha256=record.sha256, decision="accepted",
                  message="Đã nhận", status="valid", signer={"name": "Cục ATMT"}, signed_at="2025-11-20T00:00:00Z",
                  inbox_id=record.id)
    receipt, created = inbox_store.add_receipt(data=b"receipt", **fields)
    again, created_again = inbox_store.add_receipt(data=b"receipt", **fields)
    assert created and not created_again and again == receipt
    assert inbox_store.list_receipts(inbox_id=record.id) == [receipt] == inbox_store.list_receipts()
    assert inbox_store.receipt_bytes(receipt.id) == b"receipt"


def test_records_read_back_carry_every_field_of_the_record_class(inbox_store: Any) -> None:
    """Records are built without __init__ for speed: a field added to the class must be read too."""
    import dataclasses

    from desktop.store.records import InboxPackageRecord

    record, _ = _add(inbox_store, b"pkg")
    for kept in (record, inbox_store.list_inbox_packages()[0], inbox_store.get_inbox_package(record.id)):
        assert set(vars(kept)) == {f.name for f in dataclasses.fields(InboxPackageRecord)}
        assert dataclasses.replace(kept) == kept
