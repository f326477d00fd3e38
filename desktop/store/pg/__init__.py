"""The shared Inbox on a PostgreSQL server (pg8000, see `desktop.store.pg.driver`); see `desktop.store.inbox_api`.

`PgInboxStore.open(url)` connects and checks the schema; `init_inbox(url)` creates or upgrades it.
The choice of a plain driver with numbered SQL steps is explained in `desktop.store.pg.migrations`.
"""

from __future__ import annotations

from typing import Any

from desktop.store.clock import Clock
from desktop.store.pg import migrations
from desktop.store.pg.connect import (
    InboxNotInitialisedError,
    InboxServerError,
    InboxServerUnreachableError,
    InboxUrlError,
    connect,
    parse_url,
)
from desktop.store.pg.inbox import PgInboxPackages
from desktop.store.pg.receipt_numbers import PgReceiptNumbers
from desktop.store.pg.requests import PgRequests
from desktop.store.pg.trust import PgTrust


class PgInboxStore(PgInboxPackages, PgTrust, PgRequests, PgReceiptNumbers):
    """The Inbox kept on the Ministry's PostgreSQL server, shared by every officer's app."""

    @classmethod
    def open(cls, url: str, *, ca_file: str | None = None, password: str | None = None, display_name: str = "",
             clock: Clock | None = None) -> PgInboxStore:
        """Connect; InboxNotInitialisedError when the schema is missing, older or newer than this app's."""
        conn = connect(url, ca_file=ca_file, password=password)
        where = parse_url(url)[0].display
        try:
            version = migrations.current_version(conn)
        except Exception:
            conn.close()
            raise
        if version != migrations.SCHEMA_VERSION:
            conn.close()
            raise InboxNotInitialisedError(where, version, migrations.SCHEMA_VERSION)
        store = cls(conn, where=where, display_name=display_name, clock=clock)
        store.url, store.ca_file = url, ca_file
        return store

    @property
    def schema_version(self) -> int:
        return migrations.current_version(self.conn)

    def __enter__(self) -> PgInboxStore:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<PgInboxStore {self.where}>"


def init_inbox(url: str, *, ca_file: str | None = None, password: str | None = None) -> tuple[int, list[int]]:
    """Create or upgrade the Inbox schema; (the version now, the steps this call applied)."""
    conn = connect(url, ca_file=ca_file, password=password)
    try:
        try:
            applied = migrations.migrate(conn)
        except ValueError:
            raise InboxNotInitialisedError(parse_url(url)[0].display, migrations.current_version(conn),
                                           migrations.SCHEMA_VERSION) from None
        return migrations.current_version(conn), applied
    finally:
        conn.close()


__all__ = ["InboxNotInitialisedError", "InboxServerError", "InboxServerUnreachableError", "InboxUrlError",
           "PgInboxStore", "init_inbox"]
