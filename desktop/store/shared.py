"""`SharedInbox`: the officer's local store with its Inbox on the team's PostgreSQL server.

The Inbox use cases take one `store`; with a shared Inbox that object is a SharedInbox: every Inbox
call (`desktop.store.inbox_api.InboxBackend`) goes to the server, everything else (the officer's
own reports, profile, settings, organisations added, receipts received for their own packages)
stays in the local SQLite store. If the server is unreachable, only Inbox calls fail, with a plain
message; the local reports keep working.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from desktop.store.inbox_api import InboxBackend, is_inbox_action
from desktop.store.records import ReceiptRecord
from desktop.store.store import Store

if TYPE_CHECKING:  # the PostgreSQL driver is imported only when a shared Inbox is used
    from desktop.store.pg import PgInboxStore

DISPLAY_NAME_SETTING = "inbox.display_name"  # the same key as desktop.inbox.decisions
INBOX_METHODS = frozenset(
    name for name in dir(InboxBackend) if not name.startswith("_") and name not in ("add_receipt", "list_receipts",
                                                                                     "receipt_bytes")
)


class SharedInbox:
    """A local `Store` and a `PgInboxStore` seen as one store by the Inbox code."""

    def __init__(self, local: Store, inbox: PgInboxStore, *, owns_local: bool = True) -> None:
        self.local = local
        self.inbox = inbox
        self.owns_local = owns_local  # False: closing closes only the server connection (the app's store stays)
        if not inbox.display_name:
            saved = local.get_setting(DISPLAY_NAME_SETTING)
            inbox.display_name = saved.strip() if isinstance(saved, str) else ""

    def __getattr__(self, name: str) -> Any:
        if name in INBOX_METHODS:
            return getattr(self.inbox, name)
        return getattr(self.local, name)

    @property
    def shared(self) -> bool:
        return True

    # -- receipts: issued ones are the team's, received ones the officer's own

    def add_receipt(self, **receipt: Any) -> tuple[ReceiptRecord, bool]:
        if receipt.get("direction") == "issued":
            return self.inbox.add_receipt(**receipt)
        return self.local.add_receipt(**receipt)

    def list_receipts(self, *, inbox_id: int | None = None, report_id: str | None = None,
                      package_sha256: str | None = None) -> list[ReceiptRecord]:
        if report_id is not None:
            return self.local.list_receipts(report_id=report_id, package_sha256=package_sha256)
        return self.inbox.list_receipts(inbox_id=inbox_id, package_sha256=package_sha256)

    def receipt_bytes(self, receipt_id: int) -> bytes | None:
        return self.inbox.receipt_bytes(receipt_id)

    # -- audit: Inbox actions on the server, the rest locally

    def audit(self, action: str, *, report_id: str | None = None, details: dict[str, Any] | None = None) -> None:
        if is_inbox_action(action):
            self.inbox.audit(action, report_id=report_id, details=details)
        else:
            self.local.audit(action, report_id=report_id, details=details)

    # -- life cycle

    def close(self) -> None:
        try:
            self.inbox.close()
        finally:
            if self.owns_local:
                self.local.close()

    def __enter__(self) -> SharedInbox:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<SharedInbox {self.local.path} + {self.inbox.where}>"


def configured_server(local: Store) -> tuple[str, str | None] | None:
    """The shared Inbox the app is set to use, (URL, CA file), or None: CT20_INBOX_URL, else the settings."""
    import os

    from desktop.store.pg.connect import CA_SETTING, URL_SETTING

    url = os.environ.get("CT20_INBOX_URL", "").strip() or local.get_setting(URL_SETTING) or ""
    if not isinstance(url, str) or not url.strip():
        return None
    ca = os.environ.get("CT20_INBOX_CA", "").strip() or local.get_setting(CA_SETTING) or None
    return url.strip(), ca if isinstance(ca, str) and ca.strip() else None


def open_app_inbox(local: Store) -> Store | SharedInbox:
    """The store the app's Inbox window works on: `local` itself, or `local` with its Inbox on the
    configured server (closing it leaves `local` open). InboxServerError when the server fails."""
    from desktop.store.pg import PgInboxStore

    target = configured_server(local)
    if target is None:
        return local
    return SharedInbox(local, PgInboxStore.open(target[0], ca_file=target[1]), owns_local=False)


def opener(store: Store | SharedInbox) -> Callable[[], Store | SharedInbox]:
    """How a worker thread opens its own connections to the same store and shared Inbox (a SQLite
    connection belongs to its thread; a PostgreSQL connection is not shared between threads either)."""
    if isinstance(store, SharedInbox):
        from desktop.store.pg import PgInboxStore

        path, url = store.local.path, store.inbox.url
        ca, name = store.inbox.ca_file, store.inbox.display_name
        return lambda: SharedInbox(Store.open(path), PgInboxStore.open(url, ca_file=ca, display_name=name))
    local_path = store.path
    return lambda: Store.open(local_path)
