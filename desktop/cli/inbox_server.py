"""`ct20 inbox init|migrate-from-local|password`: set up the shared Inbox on a PostgreSQL server.

- `inbox init --inbox-url URL`: create the Inbox's tables, or upgrade them (safe to run again);
- `inbox migrate-from-local --inbox-url URL`: copy this PC's Inbox (SQLite) onto the server, each
  package, verdict, decision, receipt, pin, root and CRL once (safe to run again);
- `inbox password --inbox-url URL --password-file FILE`: keep the password in the OS credential
  store (Windows Credential Manager), never in the settings or a file of ours.
"""

from __future__ import annotations

import argparse

from desktop.cli.common import (
    EXIT_OK,
    CliError,
    CliInputError,
    Sub,
    inbox_target,
    open_store,
    print_json,
    read_secret,
)
from desktop.i18n import N_, Message, _, count_text


def _target(args):  # type: ignore[no-untyped-def]
    target = inbox_target(args)
    if target is None:
        raise CliInputError(Message(N_("Give the shared Inbox with --inbox-url postgresql://user@server/database "
                                       "(or CT20_INBOX_URL).")))
    return target


def _server_error(exc):  # type: ignore[no-untyped-def]
    from desktop.cli.common import EXIT_NOT_OK

    return CliError(exc.message, EXIT_NOT_OK)


def cmd_inbox_init(args: argparse.Namespace) -> int:
    from desktop.store.pg import InboxServerError, init_inbox
    from desktop.store.pg.connect import parse_url

    url, ca = _target(args)
    try:
        version, applied = init_inbox(url, ca_file=ca)
    except InboxServerError as exc:
        raise _server_error(exc) from None
    where = parse_url(url)[0].display
    if args.json:
        print_json({"server": where, "schema": version, "applied": applied})
    elif applied:
        print(_("The shared Inbox at {where} is ready (schema {version}; steps applied: {steps}).").format(
            where=where, version=version, steps=", ".join(map(str, applied))))
    else:
        print(_("The shared Inbox at {where} is already up to date (schema {version}).").format(
            where=where, version=version))
    return EXIT_OK


def cmd_inbox_migrate(args: argparse.Namespace) -> int:
    from desktop.store.pg import InboxServerError, PgInboxStore
    from desktop.store.pg.transfer import migrate_from_local

    url, ca = _target(args)
    with open_store(args, must_exist=True) as local:
        try:
            with PgInboxStore.open(url, ca_file=ca, display_name=_display_name(local)) as shared:
                result = migrate_from_local(local, shared)
        except InboxServerError as exc:
            raise _server_error(exc) from None
        local.audit("inbox.migrate", details={"server": shared.where, **result.counts})
    counts = result.counts
    if args.json:
        print_json({**counts, "conflicts": result.conflicts})
        return EXIT_OK
    print(_("Copied to the shared Inbox — packages: {packages} ({present} were there already); decisions: "
            "{decisions}; receipts: {receipts}; pinned signers: {pins}; trusted roots: {roots}; revocation lists: "
            "{crls}; audit entries: {audit}.").format(**{key: count_text(counts[source]) for key, source in (
                ("packages", "packages"), ("present", "packages_present"), ("decisions", "decisions"),
                ("receipts", "receipts"), ("pins", "pins"), ("roots", "roots"), ("crls", "crls"),
                ("audit", "audit"))}))
    if result.conflicts:
        print(_("Decided differently on the server, kept as the server has them: packages {ids}.").format(
            ids=", ".join(map(str, result.conflicts))))
    return EXIT_OK


def _display_name(local) -> str:  # type: ignore[no-untyped-def]
    saved = local.get_setting("inbox.display_name")
    return saved.strip() if isinstance(saved, str) else ""


def cmd_inbox_password(args: argparse.Namespace) -> int:
    from desktop.store.pg.connect import parse_url, save_password

    url, _ca = _target(args)
    target, in_url = parse_url(url)
    if in_url is not None:
        raise CliInputError(Message(N_("Do not put the password in the address; give it with --password-file.")))
    secret = read_secret(args.password_file, Message(N_("password"))).decode("utf-8", "replace")
    save_password(target, secret)
    print(_("The password for {account} is kept in the system's credential store.").format(account=target.account))
    return EXIT_OK


def register(inbox, sub: Sub) -> None:  # type: ignore[no-untyped-def]
    sub(inbox, "init", _("create or upgrade the shared Inbox on a PostgreSQL server (--inbox-url)"), cmd_inbox_init)
    sub(inbox, "migrate-from-local", _("copy this computer's Inbox onto the shared one (--inbox-url)"),
        cmd_inbox_migrate)
    p = sub(inbox, "password", _("keep the Inbox server's password in the system's credential store"),
            cmd_inbox_password)
    p.add_argument("--password-file", required=True, metavar="FILE", help=_("a file holding the password"))
