"""A throw-away PostgreSQL database per test, on the server named by CT20_TEST_PG (started by
.ci/run; locally: `pg_ctlcluster 15 main start`). A test that needs it FAILS when it is missing."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

import pytest

ENV = "CT20_TEST_PG"


def server_url() -> str:
    url = os.environ.get(ENV, "").strip()
    if not url:
        pytest.fail(f"{ENV} is not set: the shared-Inbox tests need a PostgreSQL server "
                    "(e.g. postgresql://root@/postgres?host=/var/run/postgresql; see .ci/run)")
    return url


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def throwaway_database() -> Iterator[str]:
    """CREATE DATABASE with a random name; its URL; dropped afterwards (connections forced out)."""
    import psycopg

    url = server_url()
    try:
        admin = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        pytest.fail(f"the PostgreSQL server of {ENV} ({url}) is not reachable: {exc}")
    name = f"ct20_test_{secrets.token_hex(6)}"
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        yield with_database(url, name)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
