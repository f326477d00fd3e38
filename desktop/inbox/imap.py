"""Reading the Ministry's IMAP folder: new messages with packages are imported, each message once.

Off by default (the `inbox.imap` setting). The connection is TLS, IMAPS (port 993) or STARTTLS
(port 143), with the system's trusted CAs or a CA file; a clear-text connection is refused except
to this computer itself (a test server on 127.0.0.1). The password lives in the operating
system's credential store (keyring: Windows Credential Manager), never in the settings.

Each message once: the folder's UIDVALIDITY and the highest UID read are kept in the settings
(`inbox.imap.state`, JSON), with the Message-IDs read, so a folder rebuilt by the server (a new
UIDVALIDITY) is read again without importing any message twice. Messages are fetched with
BODY.PEEK (they stay unread for the people reading the folder) and never changed or deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import imaplib
import ipaddress
import re
import socket
import ssl
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from desktop.i18n import N_, LocalizedError, Message
from desktop.inbox.importer import Importer, ImportItem, ImportResult
from desktop.inbox.mailfile import MAX_MAIL_SIZE
from desktop.package.zipsafe import MB

SETTING = "inbox.imap"
STATE = "inbox.imap.state"
KEYRING_SERVICE = "CT20 Desktop: IMAP"
SECURITIES = ("imaps", "starttls", "none")
DEFAULT_PORTS = {"imaps": 993, "starttls": 143, "none": 143}
MAX_MESSAGES = 500  # per fetch; the rest come with the next one
MAX_REMEMBERED_IDS = 20_000
TIMEOUT = 60.0
Progress = Callable[[float, Message], None]


class ImapError(LocalizedError):
    """The folder cannot be read: not set up, unreachable, refused login, no such folder."""


@dataclass(frozen=True)
class ImapConfig:
    enabled: bool = False
    host: str = ""
    port: int = 0  # 0: the security's usual port
    security: str = "imaps"
    user: str = ""
    folder: str = "INBOX"
    ca_file: str | None = None

    @classmethod
    def load(cls, store) -> ImapConfig:  # type: ignore[no-untyped-def]
        """The setting; a value of the wrong kind (a hand-edited store) falls back to its default."""
        value = store.get_setting(SETTING, {}) or {}
        if not isinstance(value, dict):
            return cls()
        kept: dict[str, Any] = {}
        for item in fields(cls):
            given = value.get(item.name)
            default = item.default
            if item.name == "ca_file":
                kept[item.name] = given if isinstance(given, str) and given else None
            elif isinstance(default, bool):
                kept[item.name] = given if isinstance(given, bool) else default
            elif isinstance(default, int):
                kept[item.name] = given if isinstance(given, int) and not isinstance(given, bool) else default
            else:
                kept[item.name] = given if isinstance(given, str) else default
        return cls(**kept)

    def save(self, store) -> None:  # type: ignore[no-untyped-def]
        store.set_setting(SETTING, asdict(self))

    @property
    def real_port(self) -> int:
        return self.port or DEFAULT_PORTS.get(self.security, 993)

    @property
    def account(self) -> str:
        """The keyring's user name for the password, and what the state belongs to."""
        return f"{self.user}@{self.host}"

    def problem(self) -> Message | None:
        if not self.host.strip() or not self.user.strip():
            return Message(N_("Reading e-mail needs the IMAP server and the user name (Inbox settings)."))
        if any(ord(c) < 0x20 or ord(c) == 0x7F for c in self.host + self.user + self.folder):
            return Message(N_("The server, user name and folder cannot contain control characters."))
        if self.security not in SECURITIES:
            return Message(N_("Unknown connection security {value}: imaps, starttls or none."), value=self.security)
        if self.security == "none" and not _loopback(self.host):
            return Message(N_("A mail server on another computer is reached only over TLS (IMAPS or STARTTLS): "
                              "the password and the reports must not travel in clear text."))
        if not 0 <= self.port <= 65535:
            return Message(N_("{value} is not a port number."), value=self.port)
        return None


def _loopback(host: str) -> bool:
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip()).is_loopback
    except ValueError:
        return False


# ---- the password, in the operating system's credential store ----------------------------------

def get_password(config: ImapConfig) -> str | None:
    import keyring

    try:
        return keyring.get_password(KEYRING_SERVICE, config.account)
    except Exception:  # no usable credential store (keyring.errors.*): said as "no password"
        return None


def set_password(config: ImapConfig, password: str) -> None:
    import keyring

    try:
        keyring.set_password(KEYRING_SERVICE, config.account, password)
    except Exception as exc:
        raise ImapError(Message(N_("The password cannot be kept in this computer's credential store: {error}"),
                                error=str(exc) or type(exc).__name__)) from None


# ---- what was read -----------------------------------------------------------------------------

@dataclass
class FetchState:
    account: str = ""
    uidvalidity: int = 0
    last_uid: int = 0
    message_ids: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, store, config: ImapConfig) -> FetchState:  # type: ignore[no-untyped-def]
        value = store.get_setting(STATE, {}) or {}
        account = f"{config.account}/{config.folder}"
        if not isinstance(value, dict) or value.get("account") != account:
            return cls(account=account)
        ids = [i for i in value.get("message_ids", []) if isinstance(i, str)]
        return cls(account, int(value.get("uidvalidity") or 0), int(value.get("last_uid") or 0), ids)

    def save(self, store) -> None:  # type: ignore[no-untyped-def]
        self.message_ids = self.message_ids[-MAX_REMEMBERED_IDS:]
        store.set_setting(STATE, asdict(self))


@dataclass
class FetchResult(ImportResult):
    messages: int = 0  # new messages read
    skipped: int = 0  # already read under another UID (the same Message-ID)


# ---- the IMAP conversation ---------------------------------------------------------------------

def _context(config: ImapConfig) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=config.ca_file or None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


def connect(config: ImapConfig, password: str) -> imaplib.IMAP4:
    """A logged-in connection; ImapError with a plain sentence when that fails."""
    problem = config.problem()
    if problem is not None:
        raise ImapError(problem)
    host, port = config.host.strip(), config.real_port
    try:
        if config.security == "imaps":
            client: imaplib.IMAP4 = imaplib.IMAP4_SSL(host, port, ssl_context=_context(config), timeout=TIMEOUT)
        else:
            client = imaplib.IMAP4(host, port, timeout=TIMEOUT)
            if config.security == "starttls":
                client.starttls(_context(config))
    except ssl.SSLError as exc:
        raise ImapError(Message(N_("The secure connection to the mail server {host} failed: {error}"),
                                host=host, error=exc.reason or str(exc))) from None
    except (OSError, imaplib.IMAP4.error) as exc:
        raise ImapError(Message(N_("Cannot reach the mail server {host} (port {port}): {error}"), host=host,
                                port=port, error=_reason(exc))) from None
    try:
        if (config.user + password).isascii():
            client.login(config.user, password)
        else:  # LOGIN is ASCII only: SASL PLAIN carries UTF-8 (RFC 4616)
            credentials = f"\0{config.user}\0{password}".encode()
            client.authenticate("PLAIN", lambda _challenge: credentials)
    except (imaplib.IMAP4.error, OSError, ValueError):
        _logout(client)
        raise ImapError(Message(N_("The mail server {host} refused the user name or the password of {user}."),
                                host=host, user=config.user)) from None
    return client


def _reason(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout):
        return "timeout"
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _logout(client: imaplib.IMAP4) -> None:
    with contextlib.suppress(Exception):
        client.logout()


def mailbox_name(folder: str) -> str:
    """The folder's name as IMAP spells it: modified UTF-7 (RFC 3501, 5.1.3), quoted.
    "Báo cáo" → "B&AOE-o c&AOE-o"."""
    import base64

    out: list[str] = []
    run = ""

    def flush() -> None:
        nonlocal run
        if run:
            encoded = base64.b64encode(run.encode("utf-16-be")).decode("ascii").rstrip("=").replace("/", ",")
            out.append(f"&{encoded}-")
            run = ""

    for char in folder:
        if 0x20 <= ord(char) <= 0x7E:
            flush()
            out.append("&-" if char == "&" else char)
        else:
            run += char
    flush()
    text = "".join(out)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_FETCH_HEAD = re.compile(rb"UID (\d+)|RFC822\.SIZE (\d+)|INTERNALDATE \"([^\"]+)\"")


def _head(client: imaplib.IMAP4, uid: int) -> tuple[int | None, dt.datetime | None, str | None]:
    """Size, the server's arrival time (INTERNALDATE) and Message-ID of one message."""
    status, data = client.uid("FETCH", str(uid), "(RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
    if status != "OK":
        return None, None, None
    size: int | None = None
    arrived: dt.datetime | None = None
    message_id: str | None = None
    for entry in data or ():
        envelope, header = (entry[0], entry[1]) if isinstance(entry, tuple) else (entry, b"")
        if not isinstance(envelope, bytes):
            continue
        for match in _FETCH_HEAD.finditer(envelope):
            if match.group(2):
                size = int(match.group(2))
            elif match.group(3):
                arrived = _internaldate(match.group(3))
        if isinstance(header, bytes) and header.strip():
            text = header.decode("ascii", "replace").partition(":")[2]
            message_id = " ".join(text.split())[:300] or None
    return size, arrived, message_id


def _internaldate(raw: bytes) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(raw.decode("ascii"), "%d-%b-%Y %H:%M:%S %z")
    except ValueError:
        return None


def _body(client: imaplib.IMAP4, uid: int) -> bytes | None:
    status, data = client.uid("FETCH", str(uid), "(BODY.PEEK[])")
    if status != "OK":
        return None
    for entry in data or ():
        if isinstance(entry, tuple) and isinstance(entry[1], bytes):
            return entry[1]
    return None


def fetch_mail(store, config: ImapConfig, password: str, *, trust_paths=(), crl_paths=(),  # type: ignore[no-untyped-def]
               progress: Progress | None = None, cancel: Callable[[], bool] | None = None) -> FetchResult:
    """Import the packages of the folder's messages not read before; remember what was read."""
    client = connect(config, password)
    try:
        status, _data = client.select(mailbox_name(config.folder), readonly=True)
        if status != "OK":
            raise ImapError(Message(N_("The mail server has no folder {folder}."), folder=config.folder))
        validity = client.response("UIDVALIDITY")[1]
        uidvalidity = int(validity[0]) if validity and validity[0] else 0
        state = FetchState.load(store, config)
        if state.uidvalidity != uidvalidity:  # a new folder, or one the server rebuilt: UIDs start over
            state.uidvalidity, state.last_uid = uidvalidity, 0
        status, found = client.uid("SEARCH", f"UID {state.last_uid + 1}:*")
        if status != "OK":
            raise ImapError(Message(N_("The mail server did not list the folder {folder}."), folder=config.folder))
        uids = sorted(int(u) for u in b" ".join(x for x in found if isinstance(x, bytes)).split() if u.isdigit())
        uids = [u for u in uids if u > state.last_uid][:MAX_MESSAGES]  # "n:*" gives the last one when none is newer
        importer = Importer(store, trust_paths=trust_paths, crl_paths=crl_paths)
        return _read(store, client, importer, config, state, uids, progress, cancel)
    except (imaplib.IMAP4.error, OSError, ValueError) as exc:  # ValueError: a reply imaplib cannot parse
        raise ImapError(Message(N_("The connection to the mail server {host} broke off: {error}"),
                                host=config.host, error=_reason(exc))) from None
    finally:
        _logout(client)


def _read(store, client: imaplib.IMAP4, importer: Importer, config: ImapConfig, state: FetchState,  # type: ignore[no-untyped-def]
          uids: list[int], progress: Progress | None, cancel: Callable[[], bool] | None) -> FetchResult:
    result = FetchResult()
    seen = set(state.message_ids)
    for index, uid in enumerate(uids):
        if cancel is not None and cancel():
            result.cancelled = True
            break
        if progress is not None:
            progress(index / len(uids), Message(N_("Reading message {number} of {count}"), number=index + 1,
                                                 count=len(uids)))
        shown = f"{config.folder} #{uid}"
        size, arrived, message_id = _head(client, uid)
        if message_id and message_id in seen:
            result.skipped += 1
        elif size is not None and size > MAX_MAIL_SIZE:
            result.items.append(ImportItem(shown, "error", "error", problems=(
                Message(N_("The e-mail is larger than {limit} MB; it was not read."), limit=MAX_MAIL_SIZE // MB),)))
        else:
            data = _body(client, uid)
            if data is None:
                result.items.append(ImportItem(shown, "error", "error", problems=(
                    Message(N_("The mail server did not give message {id}."), id=uid),)))
            elif len(data) > MAX_MAIL_SIZE:
                result.items.append(ImportItem(shown, "error", "error", problems=(
                    Message(N_("The e-mail is larger than {limit} MB; it was not read."), limit=MAX_MAIL_SIZE // MB),)))
            else:
                result.messages += 1
                result.items.extend(importer.import_mail_bytes(
                    shown, data, fallback=arrived, facts={"imap": f"{state.account} #{uid}"}))
        state.last_uid = uid
        if message_id:
            state.message_ids.append(message_id)
            seen.add(message_id)
        state.save(store)  # message by message: a broken connection never makes one read twice
    if progress is not None and not result.cancelled:
        progress(1.0, Message(N_("New messages read: {count}."), count=result.messages))
    return result


def fetch_configured(store, *, trust_paths=(), crl_paths=(), progress: Progress | None = None,  # type: ignore[no-untyped-def]
                     cancel: Callable[[], bool] | None = None) -> FetchResult:
    """`fetch_mail` with the store's setting and the password kept for it; ImapError when off."""
    config = ImapConfig.load(store)
    if not config.enabled:
        raise ImapError(Message(N_("Reading e-mail from the server is off (Inbox settings).")))
    problem = config.problem()
    if problem is not None:
        raise ImapError(problem)
    password = get_password(config)
    if password is None:
        raise ImapError(Message(N_("No password is kept for {user} on {host}; enter it in the Inbox settings."),
                                user=config.user, host=config.host))
    return fetch_mail(store, config, password, trust_paths=trust_paths, crl_paths=crl_paths, progress=progress,
                      cancel=cancel)


def describe(config: ImapConfig) -> dict[str, Any]:
    """The setting as shown to the user (never the password)."""
    return {**asdict(config), "port": config.real_port}
