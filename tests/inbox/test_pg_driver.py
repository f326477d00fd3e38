"""The shared Inbox's PostgreSQL driver (desktop/store/pg/driver.py, on pg8000) against the real
server of CT20_TEST_PG: values read back as written, transactions and savepoints, the server's
errors by SQLSTATE, the URL forms, and servers that refuse or never answer (on 127.0.0.1 only)."""

from __future__ import annotations

import datetime as dt
import json
import socket
import sys
import threading
from collections.abc import Iterator
from decimal import Decimal

import pytest

from desktop.store.pg import InboxServerUnreachableError, InboxUrlError, PgInboxStore, init_inbox
from desktop.store.pg.connect import connect, parse_url
from desktop.store.pg.driver import (
    PREPARED_LIMIT,
    Connection,
    DeadlockDetected,
    InsufficientPrivilege,
    SerializationFailure,
    ServerError,
)
from tests.pgtest import admin_connection, throwaway_database


@pytest.fixture
def pg_url() -> Iterator[str]:
    with throwaway_database() as url:
        yield url


@pytest.fixture
def conn(pg_url: str) -> Iterator[Connection]:
    with connect(pg_url) as opened:
        yield opened


def test_values_read_back_as_written(conn: Connection) -> None:
    conn.execute("CREATE TABLE t (at TIMESTAMPTZ, data BYTEA, doc JSONB, note TEXT, n BIGINT, small INTEGER,"
                 " flag BOOLEAN, amount NUMERIC)")
    at = dt.datetime(2026, 12, 4, 7, 8, 9, 123456, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    data = bytes(range(256)) * 4096  # 1 MiB, every byte value
    doc = {"đơn vị": "Sở Công Thương", "rows": [1, 2.5, None, True]}
    note = "Nguyễn Văn A — 'quoted' \"twice\" \\ 100% ; $$"
    conn.execute("INSERT INTO t VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                 (at, data, json.dumps(doc), note, 2**63 - 1, -(2**31), True, Decimal("12345678901234567890.0123")))
    conn.execute("INSERT INTO t VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", (None,) * 8)
    rows = conn.execute("SELECT at, data, doc, note, n, small, flag, amount FROM t ORDER BY n NULLS LAST").fetchall()
    assert rows[0] == (at, data, doc, note, 2**63 - 1, -(2**31), True, Decimal("12345678901234567890.0123"))
    assert rows[0][0].utcoffset() is not None  # an aware time, the same instant
    assert rows[1] == (None,) * 8
    assert isinstance(rows[0], tuple) and isinstance(rows[0][1], bytes)
    # the operator % is written %% when there are parameters, as with psycopg; quoted text is itself
    assert conn.execute("SELECT 7 %% %s, '100%' || %s", (4, "!")).fetchone() == (3, "100%!")
    assert conn.execute("SELECT 7 % 4, '100%'").fetchone() == (3, "100%")
    # parameters take the type the statement gives them (sent untyped, like psycopg's strings)
    assert conn.execute("SELECT substr('abcdef', 2, %s), %s::int + 1", (3, 41)).fetchone() == ("bcd", 42)


def test_a_statement_is_prepared_once_per_connection_and_the_cache_stays_bounded(conn: Connection) -> None:
    conn.execute("CREATE TABLE t (x INT PRIMARY KEY, note TEXT)")
    for n in range(50):
        conn.execute("INSERT INTO t VALUES (%s, %s)", (n, f"#{n}"))
    assert [conn.execute("SELECT note FROM t WHERE x = %s", (n,)).fetchone() for n in (7, 42)] == [("#7",), ("#42",)]
    prepared = "SELECT count(*) FROM pg_prepared_statements"
    assert conn.execute(prepared + " WHERE %s", (True,)).fetchone() == (3,)  # the INSERT, the SELECT and this one
    for n in range(PREPARED_LIMIT + 10):
        assert conn.execute(f"SELECT %s + {n}", (1,)).fetchone() == (1 + n,)
    assert conn.execute(prepared + " WHERE %s", (True,)).fetchone() == (PREPARED_LIMIT,)
    conn.execute("ALTER TABLE t ADD COLUMN extra INT")
    assert conn.execute("SELECT * FROM t WHERE x = %s", (1,)).fetchone() == (1, "#1", None)  # prepared here
    conn.execute("ALTER TABLE t DROP COLUMN extra")  # the prepared SELECT * now has another result type
    with pytest.raises(ServerError) as changed:  # said once (as psycopg's prepared statements did) ...
        conn.execute("SELECT * FROM t WHERE x = %s", (1,))
    assert changed.value.sqlstate == "0A000"
    assert conn.execute("SELECT * FROM t WHERE x = %s", (1,)).fetchone() == (1, "#1")  # ... then prepared afresh


def test_several_statements_without_parameters_run_as_one_script(conn: Connection) -> None:
    conn.execute("CREATE TABLE a (x INT); INSERT INTO a VALUES (1), (2); CREATE FUNCTION f() RETURNS trigger"
                 " LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '%', TG_ARGV[0]; END $$")
    assert conn.execute("SELECT count(*) FROM a").fetchone() == (2,)
    result = conn.execute("UPDATE a SET x = x + 1")
    assert result.rowcount == 2 and result.fetchone() is None and list(result) == []


def test_transactions_commit_roll_back_and_nest_as_savepoints(conn: Connection) -> None:
    conn.execute("CREATE TABLE t (x INT PRIMARY KEY)")
    assert not conn.in_transaction
    with conn.transaction():
        assert conn.in_transaction
        conn.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(ServerError) as caught, conn.transaction():
            conn.execute("INSERT INTO t VALUES (2)")
            conn.execute("INSERT INTO t VALUES (1)")  # duplicate: the savepoint is rolled back, not the whole
        assert caught.value.sqlstate == "23505"
        with conn.transaction():
            conn.execute("INSERT INTO t VALUES (3)")
    assert not conn.in_transaction
    with pytest.raises(RuntimeError), conn.transaction():
        conn.execute("INSERT INTO t VALUES (4)")
        raise RuntimeError("the block failed")
    assert [r[0] for r in conn.execute("SELECT x FROM t ORDER BY x")] == [1, 3]
    with pytest.raises(ServerError, match="current transaction is aborted"), conn.transaction():
        with pytest.raises(ServerError):
            conn.execute("SELECT 1/0")
        conn.execute("SELECT 1")  # the server refuses everything until the rollback
    assert conn.execute("SELECT 2").fetchone() == (2,) and not conn.in_transaction


def test_conflicts_and_permissions_come_back_by_sqlstate(pg_url: str) -> None:
    with connect(pg_url) as a, connect(pg_url) as b:
        a.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT); INSERT INTO t VALUES (1, 0), (2, 0)")
        with pytest.raises(SerializationFailure) as serial, a.transaction():
            a.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            a.execute("SELECT v FROM t WHERE id = 1")
            b.execute("UPDATE t SET v = 1 WHERE id = 1")
            a.execute("UPDATE t SET v = 2 WHERE id = 1")
        assert serial.value.sqlstate == "40001"
        failures: list[BaseException] = []
        a_locked = threading.Event()

        def first() -> None:
            try:
                with a.transaction():
                    a.execute("UPDATE t SET v = 3 WHERE id = 1")
                    a_locked.set()
                    a.execute("UPDATE t SET v = 3 WHERE id = 2")
            except BaseException as exc:
                failures.append(exc)

        with b.transaction():
            b.execute("UPDATE t SET v = 4 WHERE id = 2")
            worker = threading.Thread(target=first)
            worker.start()
            assert a_locked.wait(30)
            b.execute("SELECT pg_sleep(0.2)")  # let a wait on row 2 (the server's deadlock check runs after 1 s)
            try:
                b.execute("UPDATE t SET v = 4 WHERE id = 1")
            except DeadlockDetected as exc:
                failures.append(exc)
        worker.join(60)
        assert [type(f) for f in failures] == [DeadlockDetected] and failures[0].sqlstate == "40P01"  # type: ignore[attr-defined]
    admin = admin_connection()
    role = f"reader_{parse_url(pg_url)[0].database[-6:]}"
    try:
        admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD 'pw-{role}'")
        with connect(pg_url) as owner:
            owner.execute("CREATE TABLE secret (x INT)")
        url = f"postgresql://{role}@127.0.0.1/{parse_url(pg_url)[0].database}"
        with connect(url, password=f"pw-{role}") as reader, pytest.raises(InsufficientPrivilege) as denied:
            reader.execute("SELECT * FROM secret")
        assert denied.value.sqlstate == "42501" and "secret" in str(denied.value)
    finally:
        with connect(pg_url) as owner:
            owner.execute("DROP TABLE IF EXISTS secret")
        admin.execute(f"DROP ROLE IF EXISTS {role}")
        admin.close()


def test_a_statement_may_take_longer_than_the_connect_timeout(pg_url: str) -> None:
    with connect(pg_url, timeout=2) as slow:
        assert slow.execute("SELECT pg_sleep(2.5), 1").fetchone() == ("", 1)


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets: CT20_TEST_PG is a TCP address on Windows")
def test_the_url_forms_of_parse_url_reach_the_server(pg_url: str) -> None:
    """A Unix socket folder in `?host=`, a port in the address, libpq's parameters the app keeps."""
    database = parse_url(pg_url)[0].database
    socket_folder = parse_url(pg_url)[0].host
    for url in (f"postgresql://root@/{database}?host={socket_folder}",
                f"postgres://root@:5432/{database}?host={socket_folder}&application_name=ct20-test&connect_timeout=5",
                f"postgresql://root@/{database}?host={socket_folder}&sslmode=require",  # no TLS on a Unix socket
                f"postgresql://root@/{database}?host={socket_folder}&options=-c%20search_path%3Dpg_catalog"):
        with connect(url) as opened:
            name, path = opened.execute("SELECT current_setting('application_name'),"
                                        " current_setting('search_path')").fetchone() or ("", "")
            assert opened.execute("SELECT current_database()").fetchone() == (database,), url
            assert name == ("ct20-test" if "application_name" in url else "CT20")
            assert (path == "pg_catalog") == ("options" in url)
    for bad, reason in ((f"postgresql://root@/{database}?host=/tmp&service=ct20", "service="),
                        (f"postgresql://root@/{database}?host=/tmp&sslmode=sometimes", "sslmode=sometimes"),
                        (f"postgresql://root@/{database}?host=/tmp&gssencmode=prefer", "gssencmode=")):
        with pytest.raises(InboxUrlError) as refused:
            parse_url(bad)
        assert reason in refused.value.render("en")


def test_a_lost_connection_is_said_plainly_in_both_languages(pg_url: str) -> None:
    init_inbox(pg_url)
    with PgInboxStore.open(pg_url) as shared, admin_connection() as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (shared.conn.backend_pid,))
        with pytest.raises(InboxServerUnreachableError) as caught:
            shared.list_inbox_packages()
        assert "the connection to the server was lost" in caught.value.render("en")
        assert shared.conn.closed
        with pytest.raises(InboxServerUnreachableError) as again:
            shared.list_inbox_packages()
        assert "the connection to the server was lost" in again.value.render("en")
        assert "Không kết nối được Hộp thư chung" in again.value.render("vi")


def test_a_closed_port_fails_at_once_with_the_reason() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, not listening: refused
        with pytest.raises(InboxServerUnreachableError) as caught:
            connect(f"postgresql://officer@127.0.0.1:{port}/ct20", password="x")
    assert "the server refused the connection" in caught.value.render("en")
    assert f"postgresql://officer@127.0.0.1:{port}/ct20" in caught.value.render("vi")


def test_a_server_that_never_answers_fails_after_the_timeout() -> None:
    """Two kinds of silence on 127.0.0.1: a listening socket whose queue is full (the TCP connection
    itself never completes, as behind a firewall that drops packets) and one that accepts the
    connection and then says nothing (the TLS request and the login wait for an answer)."""
    if sys.platform != "win32":  # Windows refuses (WSAECONNREFUSED) a connection its full queue has no place for
        with socket.socket() as full:
            full.bind(("127.0.0.1", 0))
            full.listen(0)
            port = full.getsockname()[1]
            with socket.create_connection(("127.0.0.1", port)):  # takes the queue's one place
                for mode in ("prefer", "disable"):
                    with pytest.raises(InboxServerUnreachableError) as caught:
                        connect(f"postgresql://officer@127.0.0.1:{port}/ct20?sslmode={mode}", password="x", timeout=1)
                    assert "no answer from the server within 1" in caught.value.render("en")
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        port = silent.getsockname()[1]
        for mode in ("prefer", "disable"):  # the TLS request, then the login message, go unanswered
            with pytest.raises(InboxServerUnreachableError) as caught:
                connect(f"postgresql://officer@127.0.0.1:{port}/ct20?sslmode={mode}", password="x", timeout=1)
            assert "no answer from the server within 1" in caught.value.render("en")
            silent.accept()[0].close()


def test_a_connection_opened_twice_is_closed_once(pg_url: str) -> None:
    opened = connect(pg_url)
    opened.close()
    opened.close()
    assert opened.closed
