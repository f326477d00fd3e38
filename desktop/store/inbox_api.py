"""The Inbox model behind one interface, kept by either store.

`InboxBackend` is what the Inbox use cases (`desktop.inbox`: import, board, decisions, receipts,
consolidation) and trust management need from a store: received packages and their bytes,
verdicts, decisions, pinned signers, trust roots, CRLs and switched-off built-in roots, issued
receipts, and the audit of Inbox actions. Two implementations:

- `desktop.store.Store` (SQLite): the single-PC default, everything in the user's own file;
- `desktop.store.pg.PgInboxStore` (PostgreSQL, pg8000): the Inbox shared by a team, reached
  through `desktop.store.shared.SharedInbox`, which keeps the officer's own reports, profile and
  settings in the local SQLite store and sends every Inbox call to the server.

Both refuse a decision taken on a stale view (`StaleDecisionError`), keep one record per package
bytes (a unique key on the SHA-256), and offer `inbox_snapshot()`: one consistent read of the Inbox.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any, Protocol, runtime_checkable

from desktop.i18n import N_, Message
from desktop.store.errors import StoreError
from desktop.store.receipt_numbers import ReceiptNumbering, ReceiptNumberRecord
from desktop.store.records import (
    InboxPackageRecord,
    ReceiptRecord,
    RequestRecord,
    SignerPinRecord,
    TrustRootRecord,
)
from desktop.store.trust import CrlRecord

# Audit actions that belong to the Inbox (kept on the server when the Inbox is shared).
INBOX_ACTION_PREFIXES = ("inbox.", "signer.", "trust.", "receipt.issue")


def is_inbox_action(action: str) -> bool:
    return action.startswith(INBOX_ACTION_PREFIXES)


class StaleDecisionError(StoreError):
    """Another officer decided on the package after this view of it was read."""

    def __init__(self, inbox_id: int, *, decision: str | None, by_name: str, by_login: str, at: str | None) -> None:
        who = f"{by_name} ({by_login})" if by_name and by_login else by_name or by_login or "?"
        what = {"accepted": N_("accepted"), "rejected": N_("rejected")}.get(
            decision or "", N_("took back the decision on"))
        super().__init__(Message(N_(
            "Another officer decided meanwhile: {who} {what} package {id} at {at}. Your decision was not recorded; "
            "look at the package again."), who=who, what=Message(what), id=inbox_id, at=at or "-"))
        self.inbox_id = inbox_id
        self.decision = decision
        self.by_name = by_name
        self.by_login = by_login


@runtime_checkable
class InboxBackend(Protocol):
    """What a store offers the Inbox; see the SQLite `Store` for each method's contract."""

    def add_inbox_package(self, *, file_name: str, data: bytes, status: str, problems: list[dict[str, Any]],
                          **facts: Any) -> tuple[InboxPackageRecord, bool]: ...

    def find_inbox_package(self, sha256: str) -> InboxPackageRecord | None: ...

    def get_inbox_package(self, inbox_id: int | str, *, with_data: bool = False) -> InboxPackageRecord: ...

    def inbox_package_bytes(self, inbox_id: int) -> bytes: ...

    def list_inbox_packages(self, *, form_id: str | None = None, period: str | None = None,
                            org_id: str | None = None, status: str | None = None) -> list[InboxPackageRecord]: ...

    def update_inbox_verification(self, inbox_id: int, *, status: str, problems: list[dict[str, Any]],
                                  signer: dict[str, Any], signed_at: str | None, timestamped: bool,
                                  **more: Any) -> InboxPackageRecord: ...

    def decide_inbox_package(self, inbox_id: int, decision: str | None, by: dict[str, str] | None = None, *,
                             seen: InboxPackageRecord | None = None, reason: str = "") -> InboxPackageRecord: ...

    def add_receipt(self, **receipt: Any) -> tuple[ReceiptRecord, bool]: ...

    def list_receipts(self, *, inbox_id: int | None = None, report_id: str | None = None,
                      package_sha256: str | None = None) -> list[ReceiptRecord]: ...

    def receipt_bytes(self, receipt_id: int) -> bytes | None: ...

    def receipt_numbering(self) -> ReceiptNumbering: ...

    def set_receipt_numbering(self, *, pattern: str, year: int, next_number: int,
                              by: dict[str, str] | None = None) -> ReceiptNumbering: ...

    def take_receipt_number(self, *, year: int, inbox_id: int | None = None,
                            by: dict[str, str] | None = None) -> ReceiptNumberRecord: ...

    def bind_receipt_number(self, *, year: int, seq: int, receipt_sha256: str) -> None: ...

    def release_receipt_number(self, *, year: int, seq: int) -> bool: ...

    def list_receipt_numbers(self, *, year: int | None = None) -> list[ReceiptNumberRecord]: ...

    def pin_signer(self, **pin: Any) -> tuple[SignerPinRecord, bool]: ...

    def list_signer_pins(self, *, org_id: str | None = None) -> list[SignerPinRecord]: ...

    def pinned_signers(self) -> set[tuple[str, str]]: ...

    def get_signer_pin(self, pin_id: int | str) -> SignerPinRecord: ...

    def signer_pin_certificate(self, pin_id: int) -> bytes: ...

    def unpin_signer(self, pin_id: int | str, *, by_login: str = "", by_name: str = "") -> SignerPinRecord: ...

    def add_trust_root(self, root_id: str, *, subject: str, not_after: str, pem: str) -> bool: ...

    def trust_roots(self) -> list[TrustRootRecord]: ...

    def remove_trust_root(self, root_id: str) -> TrustRootRecord: ...

    def add_crl(self, crl_id: str, *, issuer: str, this_update: str, next_update: str | None, revoked: int,
                der: bytes) -> bool: ...

    def crls(self) -> list[CrlRecord]: ...

    def disabled_builtin_roots(self) -> set[str]: ...

    def set_builtin_root_enabled(self, root_id: str, enabled: bool, *, subject: str = "") -> bool: ...

    def inbox_audit_log(self, *, inbox_id: int | None = None, limit: int = 1000) -> list[dict[str, Any]]: ...

    def inbox_snapshot(self) -> AbstractContextManager[None]: ...

    def inbox_batch(self) -> AbstractContextManager[None]: ...

    # ad hoc requests (`desktop.inbox.requests` checks them; the store keeps them once per id)
    def add_request(self, *, request_id: str, number: str, date: str, requester: str, content: str,
                    addressees: list[str] | tuple[str, ...], deadline: str, created_by: str = "",
                    details: dict[str, Any] | None = None) -> tuple[RequestRecord, bool]: ...

    def list_requests(self) -> list[RequestRecord]: ...

    def get_request(self, request_id: str) -> RequestRecord: ...


@contextmanager
def inbox_snapshot(store: Any) -> Iterator[None]:
    """One consistent view of the Inbox for the block (a store without the notion reads as it goes)."""
    begin = getattr(store, "inbox_snapshot", None)
    if begin is None:
        yield
        return
    with begin():
        yield


@contextmanager
def inbox_batch(store: Any) -> Iterator[None]:
    """The store's writes in the block committed together (`Store.inbox_batch`); a store without
    the notion commits each as it goes."""
    begin = getattr(store, "inbox_batch", None)
    if begin is None:
        yield
        return
    with begin():
        yield


def last_decision(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """From audit entries (newest first), who took the latest decision and what it was."""
    for entry in entries:
        if entry["action"] == "inbox.decide":
            by = entry["details"].get("by") or {}
            return {"decision": entry["details"].get("decision"), "at": entry["at"],
                    "by_name": by.get("name") or entry.get("display_name") or "",
                    "by_login": entry.get("login") or by.get("login") or ""}
    return {"decision": None, "at": None, "by_name": "", "by_login": ""}


def decision_reason(entries: list[dict[str, Any]]) -> str:
    """The reason given with the latest decision (audit entries newest first), or ""."""
    for entry in entries:
        if entry["action"] == "inbox.decide":
            reason = entry["details"].get("reason")
            return reason if isinstance(reason, str) else ""
    return ""
