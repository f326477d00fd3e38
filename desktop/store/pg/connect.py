"""Connecting to the shared Inbox: the URL, TLS, the password from the OS credential store.

The URL is `postgresql://user@host[:port]/database` (what `--inbox-url`, `CT20_INBOX_URL` and the
settings hold). A password is never kept in the settings or in a URL written to disk: it lives in
the operating system's credential store (keyring: Windows Credential Manager), under the service
`KEYRING_SERVICE` and the account `user@host:port/database`. With a CA file, the connection uses
TLS with `sslmode=verify-full` (the server's certificate must chain to that CA and name the host).
Without one, libpq's rules: `sslmode` in the URL (default `prefer`: TLS when the server offers it,
unverified), no TLS over a Unix socket (`?host=/var/run/postgresql`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit, urlunsplit

from desktop.i18n import N_, Message
from desktop.store.errors import StoreError

if TYPE_CHECKING:  # the driver (pg8000) is imported only when a shared Inbox is used
    from desktop.store.pg.driver import Connection

KEYRING_SERVICE = "CT20 Inbox server"
URL_SETTING = "inbox.server_url"
CA_SETTING = "inbox.server_ca_file"
CONNECT_TIMEOUT = 10  # seconds: the TCP connection, the TLS handshake and the login together
# What the URL may add after "?" (libpq's names and meanings); `host` (a socket folder) is read by
# parse_url. Anything else libpq knew (service files, GSSAPI, target_session_attrs ...) is refused
# by name rather than ignored.
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")  # libpq's sslmode values
URL_PARAMETERS = ("sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name", "options")


class InboxServerError(StoreError):
    """The shared Inbox cannot be used (unreachable, refused, not set up); local reports still work."""


class InboxUrlError(InboxServerError):
    def __init__(self, url: str, reason: str) -> None:
        super().__init__(Message(N_("{url} is not an Inbox server address ({reason}); write it as "
                                    "postgresql://user@server/database."), url=url, reason=reason))


class InboxServerUnreachableError(InboxServerError):
    def __init__(self, where: str, detail: str | Message) -> None:
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
    query: str  # the URL's parameters of URL_PARAMETERS, kept as given (never a password)

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
        elif key not in URL_PARAMETERS:
            raise InboxUrlError(_safe(text), f"{key}=")
        elif key == "sslmode" and unquote(value) not in SSL_MODES:
            raise InboxUrlError(_safe(text), f"sslmode={unquote(value)}")
        elif key == "connect_timeout" and not unquote(value).strip().lstrip("-").isdigit():
            raise InboxUrlError(_safe(text), f"connect_timeout={unquote(value)}")
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


def connect(url: str, *, ca_file: str | None = None, password: str | None = None,
            timeout: float | None = None) -> Connection:
    """A connection (autocommit) to the shared Inbox; InboxServerUnreachableError with a plain
    message when the server cannot be reached, refuses TLS or the login. `timeout` (seconds) bounds
    the connection and login; else the URL's `connect_timeout`, else CONNECT_TIMEOUT."""
    from desktop.store.pg import driver

    target, in_url = parse_url(url)
    secret = password if password is not None else in_url if in_url is not None else keyring_password(target)
    extra = _parameters(target.query)
    sslmode, root = extra.get("sslmode", "prefer"), extra.get("sslrootcert")
    if ca_file:
        sslmode, root = "verify-full", str(ca_file)
    if timeout is None:
        given = int(extra.get("connect_timeout", CONNECT_TIMEOUT))
        timeout = max(2, given) if given > 0 else None  # libpq: 0 waits as long as it takes, 2 s at least
    try:
        tls = driver.tls_context(sslmode, ca_file=None if root == "system" else root,  # libpq 16: the OS's roots
                                 cert_file=extra.get("sslcert"), key_file=extra.get("sslkey"))
        return driver.connect(host=target.host, port=target.port, database=target.database,
                              user=target.user or _os_user(), password=secret or None, sslmode=sslmode, tls=tls,
                              timeout=timeout, application_name=extra.get("application_name", "CT20"),
                              options=extra.get("options"))
    except driver.ConnectionFailure as exc:
        raise InboxServerUnreachableError(target.display, exc.reason) from None


def _parameters(query: str) -> dict[str, str]:
    """The URL's `key=value` parameters, each one of URL_PARAMETERS (checked by parse_url)."""
    return {key: unquote(value) for key, _, value in (item.partition("=") for item in query.split("&") if item)}


def _os_user() -> str:
    """libpq's default login: the operating system's user name."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""
