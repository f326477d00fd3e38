"""A throw-away PostgreSQL database per test, on the server named by CT20_TEST_PG (started by
.ci/run; locally: `pg_ctlcluster 15 main start`). A test that needs it FAILS when it is missing."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

import pytest

if TYPE_CHECKING:
    from desktop.store.pg.driver import Connection

ENV = "CT20_TEST_PG"


def server_url() -> str:
    url = os.environ.get(ENV, "").strip()
    if not url:
        pytest.fail(f"{ENV} is not set: the shared-Inbox tests need a PostgreSQL server "
                    "(e.g. postgresql://root@/postgres?host=/var/run/postgresql; see .ci/run)")
    return url


def admin_connection(url: str | None = None) -> Connection:
    """A connection (autocommit) through the app's own driver; the test FAILS when the server is not there."""
    from desktop.store.pg.connect import InboxServerError, connect

    url = url or server_url()
    try:
        return connect(url)
    except InboxServerError as exc:
        pytest.fail(f"the PostgreSQL server of {ENV} ({url}) is not reachable: {exc.render('en')}")


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def throwaway_database() -> Iterator[str]:
    """CREATE DATABASE with a random name; its URL; dropped afterwards (connections forced out).

    UTF-8 whatever the server's default: the EDB installer's cluster on a Windows machine (the Windows
    CI runner's) may default to its code page (WIN1252), which has no Vietnamese letters."""
    url = server_url()
    admin = admin_connection(url)
    name = f"ct20_test_{secrets.token_hex(6)}"
    try:
        admin.execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')
        yield with_database(url, name)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
