"""Connecting to the shared Inbox: the URL, TLS, the password from the OS credential store.

The URL is `postgresql://user@host[:port]/database` (what `--inbox-url`, `CT20_INBOX_URL` and the
settings hold). A password is never kept in the settings or in a URL written to disk: it lives in
the operating system's credential store (keyring: Windows Credential Manager), under the service
`KEYRING_SERVICE` and the account `user@host:port/database`. With a CA file, the connection uses
TLS with `sslmode=verify-full` (the server's certificate must chain to that CA and name the host).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from desktop.i18n import N_, Message
from desktop.store.errors import StoreError

KEYRING_SERVICE = "CT20 Inbox server"
URL_SETTING = "inbox.server_url"
CA_SETTING = "inbox.server_ca_file"
CONNECT_TIMEOUT = 10  # seconds


class InboxServerError(StoreError):
    """The shared Inbox cannot be used (unreachable, refused, not set up); local reports still work."""


class InboxUrlError(InboxServerError):
    def __init__(self, url: str, reason: str) -> None:
        super().__init__(Message(N_("{url} is not an Inbox server address ({reason}); write it as "
                                    "postgresql://user@server/database."), url=url, reason=reason))


class InboxServerUnreachableError(InboxServerError):
    def __init__(self, where: str, detail: str) -> None:
        super().__init__(Message(N_(
            "Cannot connect to the shared Inbox at {where}: {detail}. Your own reports on this computer still "
            "work; check the network, the address and the password, or ask the administrator."),
            where=where, detail=detail))
        self.detail = detail


class InboxPermissionError(InboxServerError):
    def __init__(self, login: str, where: str) -> None:
        super().__init__(Message(N_(
            "The login {login} may only read the shared Inbox at {where}; ask the administrator to make it an "
            "officer's login (role ct20_officer) to change anything."), login=login, where=where))


class InboxNotInitialisedError(InboxServerError):
    def __init__(self, where: str, version: int, supported: int) -> None:
        if version > supported:
            message = Message(N_("The shared Inbox at {where} was set up by a newer CT20 (schema {version}; this "
                                 "version knows up to {supported}). Please update the app."),
                              where=where, version=version, supported=supported)
        else:
            message = Message(N_("The shared Inbox at {where} is not set up for this version (schema {version} of "
                                 "{supported}); the administrator runs: ct20 inbox init --inbox-url …"),
                              where=where, version=version, supported=supported)
        super().__init__(message)
        self.version = version


@dataclass(frozen=True)
class InboxUrl:
    user: str
    host: str  # a host name, or a socket folder (`?host=/var/run/postgresql`)
    port: int | None
    database: str
    query: str  # extra libpq parameters kept as given (never a password)

    @property
    def account(self) -> str:
        """The credential store's account name for this server and login."""
        return f"{self.user}@{self.host}:{self.port or 5432}/{self.database}"

    @property
    def display(self) -> str:
        """The URL without any password, as shown to a user and kept in the settings."""
        netloc = f"{self.user}@" if self.user else ""
        netloc += self.host if not self.host.startswith("/") else ""
        if self.port:
            netloc += f":{self.port}"
        query = self.query
        if self.host.startswith("/") and "host=" not in query:
            query = "&".join(q for q in (f"host={self.host}", query) if q)
        return urlunsplit(("postgresql", netloc, f"/{self.database}", query, ""))


def parse_url(url: str) -> tuple[InboxUrl, str | None]:
    """The URL's parts and the password it carries (None when it carries none)."""
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InboxUrlError(text, str(exc)) from None
    if parts.scheme not in ("postgresql", "postgres"):
        raise InboxUrlError(_safe(text), "postgresql://")
    database = unquote(parts.path.lstrip("/"))
    if not database:
        raise InboxUrlError(_safe(text), "database")
    host = unquote(parts.hostname or "")
    query = [q for q in parts.query.split("&") if q]
    for item in list(query):
        key, _, value = item.partition("=")
        if key == "host":
            host = unquote(value)
            query.remove(item)
        elif key == "password":
            raise InboxUrlError(_safe(text), "password")
    if not host:
        raise InboxUrlError(_safe(text), "host")
    password = unquote(parts.password) if parts.password is not None else None
    return InboxUrl(unquote(parts.username or ""), host, port, database, "&".join(query)), password


def _safe(url: str) -> str:
    """A URL fit for a message: its password (if any) replaced by ***."""
    try:
        parts = urlsplit(url)
        if parts.password is not None:
            netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
            return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        return "?"
    return url


def keyring_password(target: InboxUrl) -> str | None:
    """The password kept for this server and login in the OS credential store, if any."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, target.account)
    except KeyringError:
        return None


def save_password(target: InboxUrl, password: str) -> None:
    """Keep the password in the OS credential store (never in the settings)."""
    import keyring

    keyring.set_password(KEYRING_SERVICE, target.account, password)


def _detail(exc: BaseException) -> str:
    """The server's or libpq's reason in one line (the last part of "connection to … failed: reason")."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    return lines[0].rsplit(" failed: ", 1)[-1].rstrip(".")


def connect(url: str, *, ca_file: str | None = None, password: str | None = None) -> Any:
    """A psycopg connection (autocommit) to the shared Inbox; InboxServerUnreachableError with a
    plain message when the server cannot be reached or refuses the login."""
    import psycopg

    target, in_url = parse_url(url)
    secret = password if password is not None else in_url if in_url is not None else keyring_password(target)
    params: dict[str, Any] = {
        "host": target.host, "dbname": target.database, "connect_timeout": CONNECT_TIMEOUT,
        "application_name": "CT20", "autocommit": True,
    }
    if target.user:
        params["user"] = target.user
    if target.port:
        params["port"] = target.port
    for item in target.query.split("&") if target.query else ():
        key, _, value = item.partition("=")
        params[key] = unquote(value)
    if secret:
        params["password"] = secret
    if ca_file:
        params["sslmode"] = "verify-full"
        params["sslrootcert"] = str(ca_file)
    try:
        return psycopg.connect(**params)
    except psycopg.Error as exc:
        detail = _detail(exc)
        raise InboxServerUnreachableError(target.display, detail) from None
