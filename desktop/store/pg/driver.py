"""The PostgreSQL driver of the shared Inbox: pg8000 (pure Python, TLS through CPython's own `ssl`)
behind the few calls the store makes.

Why pg8000 and not psycopg: psycopg-binary brings libpq with its own copy of OpenSSL (7.3 MB of
DLLs on Windows, a third OpenSSL beside CPython's and cryptography's, each needing its own security
updates); pg8000 with scramp and python-dateutil is 0.23 MB of zipped Python. See
packaging/README.md for the figures and for what libpq offered that this module does not
(GSSAPI/SSPI sign-in, service and password files).

What the store gets here: `connect()` with a connect timeout that covers the TCP connection, the TLS
handshake and the login (and nothing after: a long statement is not cut off); `Connection.execute`
with psycopg's `%s` parameters, rows as tuples; `Connection.transaction()` (BEGIN/COMMIT/ROLLBACK,
a SAVEPOINT when nested, as psycopg did); and the server's errors sorted by SQLSTATE.
"""

from __future__ import annotations

import socket
import ssl
import struct
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

import pg8000.dbapi
from pg8000.converters import make_params
from pg8000.dbapi import convert_paramstyle
from pg8000.exceptions import DatabaseError as _Pg8000DatabaseError
from pg8000.exceptions import Error as _Pg8000Error
from pg8000.exceptions import InterfaceError as _Pg8000InterfaceError

from desktop.i18n import N_, Message

DEFAULT_PORT = 5432
_SSL_REQUEST = struct.pack("!ii", 8, 80877103)  # the protocol's SSLRequest message
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
# SQLSTATE classes after which the connection is gone or unusable: connection exception, insufficient
# resources (too many connections), operator intervention (server shut down, backend terminated),
# system error (I/O)
_LOST_CLASSES = ("08", "53", "57", "58")
# Statements with parameters are prepared once per connection and then run in one round trip
# (pg8000's unnamed statements take three: parse, describe, execute); the app's SQL is a fixed set.
PREPARED_LIMIT = 256


class DriverError(Exception):
    """Anything the driver reports."""


class ServerError(DriverError):
    """A statement the server refused: its SQLSTATE (`sqlstate`) and its fields (`fields`, keyed by
    the protocol's one-letter codes: M message, D detail, H hint ...)."""

    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = dict(fields)
        self.sqlstate = self.fields.get("C", "")
        message = self.fields.get("M", "") or self.sqlstate
        detail = self.fields.get("D")
        super().__init__(f"{message} ({detail})" if detail else message)


class InsufficientPrivilege(ServerError):
    """42501: the login may not do this."""


class TransactionConflict(ServerError):
    """Another transaction won (40P01 deadlock detected, 40001 serialization failure): run it again."""


class DeadlockDetected(TransactionConflict):
    """40P01."""


class SerializationFailure(TransactionConflict):
    """40001."""


class ConnectionFailure(DriverError):
    """The connection could not be made or was lost; `reason` says why in the user's language."""

    def __init__(self, reason: Message | str) -> None:
        self.reason = reason
        super().__init__(reason.render("en") if isinstance(reason, Message) else reason)


_LOST = Message(N_("the connection to the server was lost"))
_NO_PASSWORD = Message(N_("no password supplied: keep the login's password in the credential store first, or type it"))


def server_error(fields: dict[str, str]) -> ServerError | ConnectionFailure:
    """The exception for an ErrorResponse's fields."""
    code = fields.get("C", "")
    if code == "42501":
        return InsufficientPrivilege(fields)
    if code == "40P01":
        return DeadlockDetected(fields)
    if code == "40001":
        return SerializationFailure(fields)
    if code[:2] in _LOST_CLASSES:
        return ConnectionFailure(fields.get("M", "") or code)
    return ServerError(fields)


def _failure(exc: BaseException, *, timeout: float | None = None, host: str = "") -> ConnectionFailure:
    """A socket, TLS or pg8000 error as a ConnectionFailure whose reason is fit for the user."""
    for cause in _chain(exc):
        if isinstance(cause, _Pg8000DatabaseError) and cause.args and isinstance(cause.args[0], dict):
            fields = {str(k): str(v) for k, v in cause.args[0].items()}
            return ConnectionFailure(fields.get("M", "") or fields.get("C", ""))
        if isinstance(cause, ssl.SSLCertVerificationError):
            return ConnectionFailure(Message(N_("the server's certificate is not trusted: {reason}"),
                                             reason=cause.verify_message or str(cause)))
        if isinstance(cause, socket.timeout):  # TimeoutError
            if timeout is None:
                return ConnectionFailure(Message(N_("the server stopped answering")))
            return ConnectionFailure(Message(N_("no answer from the server within {seconds} seconds"),
                                             seconds=f"{timeout:g}"))
        if isinstance(cause, (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            return ConnectionFailure(_LOST)
        if isinstance(cause, ConnectionRefusedError):
            return ConnectionFailure(Message(N_(
                "the server refused the connection (is PostgreSQL running there, on that port?)")))
        if isinstance(cause, socket.gaierror):
            return ConnectionFailure(Message(N_("the server name {host} is not known"), host=host or "?"))
        if isinstance(cause, ssl.SSLError):
            return ConnectionFailure(Message(N_("the TLS connection failed: {reason}"),
                                             reason=cause.reason or str(cause)))
        if isinstance(cause, OSError) and cause.strerror:
            return ConnectionFailure(cause.strerror)
    text = str(exc)
    if "no password was provided" in text:
        return ConnectionFailure(_NO_PASSWORD)
    if "Authentication method" in text and "not supported" in text:
        return ConnectionFailure(Message(N_(
            "the server asks for a Windows or Kerberos sign-in (SSPI/GSSAPI), which CT20 does not use; ask "
            "the administrator for a password login (scram-sha-256)")))
    if "network error" in text or "connection is closed" in text:
        return ConnectionFailure(_LOST)
    return ConnectionFailure(text or type(exc).__name__)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def tls_context(mode: str, *, ca_file: str | None = None, cert_file: str | None = None,
                key_file: str | None = None) -> ssl.SSLContext | None:
    """The TLS context of a libpq `sslmode`: None for disable/allow/prefer without verification
    (see `open_socket`), a verifying one for verify-ca and verify-full (the CA file, else the
    system's roots)."""
    if mode not in SSL_MODES:
        raise ValueError(f"sslmode {mode!r}")
    if mode == "disable":
        return None
    try:
        if mode in ("verify-ca", "verify-full"):
            context = ssl.create_default_context(cafile=ca_file)
            context.check_hostname = mode == "verify-full"
        else:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        if cert_file:
            context.load_cert_chain(cert_file, key_file)
    except (OSError, ssl.SSLError) as exc:
        raise ConnectionFailure(Message(N_("the certificate file {path} cannot be read ({reason})"),
                                        path=str(ca_file or cert_file), reason=_reason(exc))) from None
    return context


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLError):
        return str(exc.reason or exc)
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def open_socket(host: str, port: int, *, timeout: float | None, sslmode: str = "prefer",
                tls: ssl.SSLContext | None = None) -> socket.socket:
    """The socket to the server, TLS negotiated as `sslmode` says (libpq's meanings): a host that
    starts with "/" is a folder with the server's Unix socket (no TLS there, as with libpq). Every
    step is bounded by `timeout`; the caller clears it once logged in."""
    if host.startswith("/"):
        if not hasattr(socket, "AF_UNIX"):
            raise ConnectionFailure(Message(N_("this computer has no Unix sockets for {host}"), host=host))
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        try:
            sock.connect(f"{host.rstrip('/')}/.s.PGSQL.{port}")
        except OSError as exc:
            sock.close()
            raise _failure(exc, timeout=timeout, host=host) from None
        return sock
    try:
        sock = socket.create_connection((host, port), timeout)
    except OSError as exc:
        raise _failure(exc, timeout=timeout, host=host) from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
        if sslmode in ("disable", "allow"):  # "allow" tries plain first and the server takes it
            return sock
        sock.sendall(_SSL_REQUEST)
        answer = sock.recv(1)
        if answer == b"S":
            context = tls or tls_context("require")
            assert context is not None
            return context.wrap_socket(sock, server_hostname=host)
        if sslmode == "prefer" and answer == b"N":
            return sock
        if answer == b"N":
            raise ConnectionFailure(Message(N_(
                "the server offers no TLS (SSL) connection, and this connection requires one")))
        raise ConnectionFailure(Message(N_("the server did not answer as PostgreSQL does")))
    except ConnectionFailure:
        sock.close()
        raise
    except OSError as exc:  # ssl.SSLError included
        sock.close()
        raise _failure(exc, timeout=timeout, host=host) from None


class Result:
    """A statement's rows (tuples) and row count, read in full (as pg8000 reads them)."""

    __slots__ = ("_next", "rowcount", "rows")

    def __init__(self, rows: list[tuple[Any, ...]], rowcount: int) -> None:
        self.rows = rows
        self.rowcount = rowcount
        self._next = 0

    def fetchone(self) -> tuple[Any, ...] | None:
        if self._next >= len(self.rows):
            return None
        self._next += 1
        return self.rows[self._next - 1]

    def fetchall(self) -> list[tuple[Any, ...]]:
        rest, self._next = self.rows[self._next:], len(self.rows)
        return rest

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return iter(self.fetchall())


class Connection:
    """One connection in autocommit mode: a statement outside `transaction()` commits at once."""

    def __init__(self, raw: pg8000.dbapi.Connection, user: str) -> None:
        raw.autocommit = True
        self._raw = raw
        self._cursor = raw.cursor()
        self.user = user
        self._depth = 0
        self._broken = False
        self._pid: int | None = None
        self._prepared: dict[str, tuple[str, bytes, Any, Any]] = {}  # SQL -> statement, name, columns, readers

    @property
    def in_transaction(self) -> bool:
        """True inside `transaction()` (psycopg's transaction status other than IDLE)."""
        return self._depth > 0

    @property
    def backend_pid(self) -> int:
        """The server process serving this connection."""
        if self._pid is None:
            self._pid = int(self.execute("SELECT pg_backend_pid()").rows[0][0])
        return self._pid

    @property
    def closed(self) -> bool:
        return self._raw is None or self._broken

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Result:
        """One statement, `%s` for each parameter and `%%` for the operator % when there are
        parameters, as with psycopg (unlike psycopg, text inside quotes is left as written); without
        parameters, several statements separated by ";" may be sent at once."""
        if self._broken:
            raise ConnectionFailure(_LOST)
        try:
            if not params:  # the simple protocol: a script of several statements is allowed
                self._cursor.execute(sql)
                rows = [tuple(row) for row in self._cursor.fetchall()] if self._cursor.description else []
                return Result(rows, self._cursor.rowcount)
            statement, name, columns, readers = self._prepared.get(sql) or self._prepare(sql, len(params))
            context = self._raw.execute_named(name, make_params(self._raw.py_types, tuple(params)), columns, readers,
                                              statement)
            return Result([tuple(row) for row in context.rows or ()], context.row_count)
        except _Pg8000DatabaseError as exc:
            fields = exc.args[0] if exc.args and isinstance(exc.args[0], dict) else {"M": str(exc)}
            error = server_error({str(k): str(v) for k, v in fields.items()})
            if isinstance(error, ConnectionFailure):
                self._broken = True
            elif error.sqlstate == "0A000":  # "cached plan must not change result type": a table changed
                self._prepared.pop(sql, None)
            raise error from None
        except _Pg8000InterfaceError as exc:
            if "in failed transaction block" in str(exc):  # e.g. COMMIT after an error the block swallowed
                raise ServerError({"C": "25P02", "M": "current transaction is aborted"}) from None
            self._broken = True
            raise _failure(exc) from None
        except OSError as exc:
            self._broken = True
            raise _failure(exc) from None

    def _prepare(self, sql: str, count: int) -> tuple[str, bytes, Any, Any]:
        if len(self._prepared) >= PREPARED_LIMIT:
            _statement, name, _columns, _readers = self._prepared.pop(next(iter(self._prepared)))
            self._raw.close_prepared_statement(name)
        statement, _values = convert_paramstyle("format", sql, (None,) * count)
        name, columns, readers = self._raw.prepare_statement(statement, ())
        self._prepared[sql] = (statement, name, columns, readers)
        return self._prepared[sql]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN … COMMIT, ROLLBACK when the block raises; nested, a SAVEPOINT released or rolled
        back to (the outer transaction goes on)."""
        depth = self._depth
        savepoint = f"ct20_sp_{depth}"
        self.execute(f"SAVEPOINT {savepoint}" if depth else "BEGIN")
        self._depth = depth + 1
        try:
            yield
        except BaseException:
            self._depth = depth
            if not self._broken:
                with suppress(DriverError):  # the original error says more
                    self.execute(f"ROLLBACK TO SAVEPOINT {savepoint}; RELEASE SAVEPOINT {savepoint}" if depth
                                 else "ROLLBACK")
            raise
        self._depth = depth
        self.execute(f"RELEASE SAVEPOINT {savepoint}" if depth else "COMMIT")

    def close(self) -> None:
        raw, self._raw = self._raw, None
        if raw is None:
            return
        with suppress(_Pg8000Error, OSError):  # already gone
            raw.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def connect(*, host: str, port: int | None, database: str, user: str, password: str | None = None,
            sslmode: str = "prefer", tls: ssl.SSLContext | None = None, timeout: float | None = 10,
            application_name: str = "CT20", options: str | None = None) -> Connection:
    """Log in; ConnectionFailure (with the reason in the user's language) when it cannot."""
    sock = open_socket(host, port or DEFAULT_PORT, timeout=timeout, sslmode=sslmode, tls=tls)
    try:
        raw = pg8000.dbapi.connect(user=user, database=database, password=password, sock=sock, ssl_context=False,
                                   application_name=application_name,
                                   startup_params={"options": options} if options else None)
    except BaseException as exc:
        sock.close()
        if isinstance(exc, (_Pg8000Error, OSError)):
            raise _failure(exc, timeout=timeout, host=host) from None
        if isinstance(exc, AttributeError) and password is None:  # pg8000 1.31 starts SCRAM on a None password
            raise ConnectionFailure(_NO_PASSWORD) from None
        raise
    sock.settimeout(None)  # the timeout bounded the connection and login, not the statements
    return Connection(raw, user)
