"""What every `ct20` command shares: exit codes, errors, JSON output, opening the store, secrets.

The command modules (reports, export, trust, inbox) import this one; `desktop.cli.parser` builds the
parser from their `register` functions. Nothing here imports a command module, so there is no circle.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.i18n import N_, LocalizedError, Message, _

EXIT_OK, EXIT_NOT_OK, EXIT_USAGE = 0, 1, 2
MAX_SECRET_FILE = 4096

Sub = Callable[..., argparse.ArgumentParser]


class CliError(Exception):
    def __init__(self, message: Message, code: int = EXIT_USAGE) -> None:
        super().__init__(message.msgid)
        self.message = message
        self.code = code


class CliInputError(LocalizedError):
    """A usage or input error of a command (exit status 2)."""


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def open_store(args, *, must_exist: bool = False, readonly: bool = False):  # type: ignore[no-untyped-def]
    from desktop.paths import default_store_path
    from desktop.store import Store

    path = Path(args.db) if args.db else default_store_path()
    if must_exist and not path.exists():
        raise CliError(Message(N_("There is no store at {path}."), path=str(path)))
    # the day's automatic backup before the first write: a CLI-only user has one too
    return Store.open(path, readonly=readonly, daily_backup=True)


def inbox_target(args, local=None) -> tuple[str, str | None] | None:  # type: ignore[no-untyped-def]
    """The shared Inbox to use, (URL, CA file), or None for the local one: --inbox-url, else
    CT20_INBOX_URL, else the app's setting (read from `local`, the local store, when given)."""
    import os

    from desktop.store.pg.connect import CA_SETTING, URL_SETTING

    url = getattr(args, "inbox_url", None) or os.environ.get("CT20_INBOX_URL", "").strip() or None
    ca = getattr(args, "inbox_ca", None) or os.environ.get("CT20_INBOX_CA", "").strip() or None
    if url is None and local is not None:
        saved = local.get_setting(URL_SETTING)
        url = saved.strip() if isinstance(saved, str) and saved.strip() else None
    if url is None:
        return None
    if ca is None and local is not None:
        saved_ca = local.get_setting(CA_SETTING)
        ca = saved_ca if isinstance(saved_ca, str) and saved_ca.strip() else None
    return url, ca


def with_inbox(local, args):  # type: ignore[no-untyped-def]
    """`local` with its Inbox on the shared server when one is configured (see inbox_target); a
    server that cannot be reached is a plain message, exit status 1 (the local store is closed)."""
    from desktop.store.pg import InboxServerError, PgInboxStore
    from desktop.store.shared import SharedInbox

    target = inbox_target(args, local)
    if target is None:
        return local
    try:
        return SharedInbox(local, PgInboxStore.open(target[0], ca_file=target[1]))
    except InboxServerError as exc:
        local.close()
        raise CliError(exc.message, EXIT_NOT_OK) from None


def open_inbox_store(args, *, must_exist: bool = False, readonly: bool = False):  # type: ignore[no-untyped-def]
    """The store for an Inbox command: the local one, with its Inbox shared when configured."""
    return with_inbox(open_store(args, must_exist=must_exist, readonly=readonly), args)


def verification_store(args):  # type: ignore[no-untyped-def]
    """The store, read-only, for its trusted roots and organisations; None if there is none yet.

    A store of data format 1 had no trusted roots; verify changes nothing, so it is not upgraded.
    """
    from desktop.paths import default_store_path
    from desktop.store import Store, StoreNeedsUpgradeError

    path = Path(args.db) if args.db else default_store_path()
    if not path.exists():
        return None
    try:
        local = Store.open(path, readonly=True)
    except StoreNeedsUpgradeError:
        return None
    return with_inbox(local, args)


def read_secret(path: str, what: Message) -> bytes:
    """The content of a password or PIN file, without the line end an editor adds (and a BOM)."""
    from desktop.package.smallfile import read_at_most  # not on the start path

    try:
        with open(path, "rb") as handle:
            data = read_at_most(handle, MAX_SECRET_FILE)
    except OSError as exc:
        raise CliInputError(
            Message(N_("Cannot read the {what} file {file}: {reason}"), what=what, file=path,
                    reason=exc.strerror or str(exc))
        ) from None
    if data is None:
        raise CliInputError(Message(N_("The {what} file {file} is too large."), what=what, file=path))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.rstrip(b"\r\n")


def add_signing_options(p) -> None:  # type: ignore[no-untyped-def]
    """The signer options of cli.md, shared by `report export` and `inbox receipt`."""
    group = p.add_argument_group(_("signer: a .p12/.pfx file"))
    group.add_argument("--p12", metavar="FILE")
    group.add_argument("--p12-password-file", metavar="FILE", help=_("a file holding the password"))
    group = p.add_argument_group(_("signer: a USB token (PKCS#11)"))
    group.add_argument("--pkcs11-lib", metavar="LIB", help=_("the token vendor's PKCS#11 library (DLL)"))
    group.add_argument("--token-label", metavar="LABEL")
    group.add_argument("--pin-file", metavar="FILE", help=_("a file holding the PIN"))
    group.add_argument("--key-label", metavar="LABEL")
    group.add_argument("--key-id", metavar="HEX", help=_("the key's id, when it has no label"))
    p.add_argument("--timestamp-url", metavar="URL", help=_("an RFC 3161 timestamp server (optional)"))




def signer_spec(args):  # type: ignore[no-untyped-def]
    from desktop.signing.spec import P12Signer, TokenSigner

    p12 = args.p12 is not None or args.p12_password_file is not None
    token = any(v is not None for v in (args.pkcs11_lib, args.token_label, args.pin_file, args.key_label,
                                        args.key_id))
    if p12 == token:
        raise CliInputError(
            Message(N_("Give exactly one signer: --p12 with --p12-password-file, or --pkcs11-lib with "
                       "--token-label and --pin-file."))
        )
    if p12:
        if args.p12 is None or args.p12_password_file is None:
            raise CliInputError(Message(N_("--p12 and --p12-password-file go together.")))
        return P12Signer(Path(args.p12), read_secret(args.p12_password_file, Message(N_("password"))))
    if args.pkcs11_lib is None or args.token_label is None or args.pin_file is None:
        raise CliInputError(Message(N_("A token needs --pkcs11-lib, --token-label and --pin-file.")))
    pin = read_secret(args.pin_file, Message(N_("PIN"))).decode("utf-8", "replace").strip()
    cert_id = None
    if args.key_id is not None:
        try:
            cert_id = bytes.fromhex(args.key_id.replace(":", ""))
        except ValueError:
            raise CliInputError(Message(N_("--key-id takes the key's id in hexadecimal."))) from None
    return TokenSigner(args.pkcs11_lib, args.token_label, pin, key_label=args.key_label, cert_id=cert_id)


STATUS_TEXTS = {
    "valid": N_("valid"),
    "untrusted": N_("untrusted (intact, but the signer's certificate is not from a trusted root)"),
    "invalid": N_("invalid"),
}


def status_text(status: str) -> str:
    return _(STATUS_TEXTS[status]) if status in STATUS_TEXTS else status


def load_request_file(args, store, path: str):  # type: ignore[no-untyped-def]
    """An ad hoc request from its signed file or the e-mail carrying it (exit 1 when it is not valid)."""
    from pathlib import Path

    from desktop.inbox.request_import import RequestFileError, load_request

    if not Path(path).is_file():
        raise CliInputError(Message(N_("There is no file {file}."), file=path))
    try:
        return load_request(store, path, trust_paths=tuple(getattr(args, "trust", None) or ()))
    except RequestFileError as exc:
        raise CliError(exc.message, EXIT_NOT_OK) from None


def decision_words(decision: str | None, lang: str) -> str:
    """An officer's decision in words ("accepted" is never shown as such)."""
    from desktop.inbox.receipts import decision_text

    return decision_text(decision).render(lang) if decision else "-"


def text_width(text: str) -> int:
    """The columns a text takes on a terminal: a combining mark (a Vietnamese tone written apart
    from its letter) takes none."""
    return sum(1 for ch in text if not unicodedata.combining(ch))


def pad(text: str, width: int) -> str:
    """`text` followed by spaces up to `width` columns; never cut."""
    return text + " " * max(0, width - text_width(text))
