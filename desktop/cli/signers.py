"""`ct20 signers list|pin|unpin` (cli.md): the certificates authorised to sign for each organisation
beyond what their own O/OU says (package.md, verification step 7)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.cli.common import (
    EXIT_OK,
    CliInputError,
    Sub,
    open_inbox_store,
    print_json,
    status_text,
    verification_store,
)
from desktop.i18n import N_, Message, PluralMessage, _
from desktop.i18n.formatting import Formatted


def _print_pins(args, pins) -> None:  # type: ignore[no-untyped-def]
    if args.json:
        print_json([pin.to_json() for pin in pins])
    elif not pins:
        print(_("No signer is pinned; a certificate whose organisation names the reporting organisation needs none."))
    else:
        for pin in pins:
            print(f"#{pin.id:<4} {pin.org_id:24} {pin.fingerprint[:16]}  {pin.subject}")
            print("      " + _("since {since}, by {by}: {reason}").format(since=pin.since[:19].replace("T", " "),
                                                                          by=pin.by or "-", reason=pin.reason))


def cmd_signers_list(args: argparse.Namespace) -> int:
    store = verification_store(args)
    if store is None:
        pins = []
    else:
        with store:
            pins = store.list_signer_pins(org_id=args.org)
    _print_pins(args, pins)
    return EXIT_OK


def cmd_signers_pin(args: argparse.Namespace) -> int:
    from desktop.inbox.decisions import pin_certificate, pin_package_signer
    from desktop.package.roots import read_certificates

    source = args.cert_or_inbox_id
    with open_inbox_store(args) as store:
        if Path(source).is_file():
            certs = read_certificates(source)
            if len(certs) != 1:
                raise CliInputError(PluralMessage(
                    "{file} holds {count} certificate; give the signer's certificate alone.",
                    "{file} holds {count} certificates; give the signer's certificate alone.",
                    len(certs), file=source, count=Formatted(len(certs))))
            pin, released = pin_certificate(store, certs[0], args.org, args.reason)
        elif source.strip().lstrip("#").isdigit():
            pin, released = pin_package_signer(store, source, args.org, args.reason)
        else:
            raise CliInputError(Message(N_("{value} is neither a certificate file nor an inbox id."), value=source))
        pins = store.list_signer_pins(org_id=pin.org_id)
    if not args.json:
        sys.stderr.write(_("{subject} may now sign for {org}.").format(subject=pin.subject, org=pin.org_id) + "\n")
        for record in released:
            text = _("Package {id} is no longer held: {status}.")
            sys.stderr.write(text.format(id=record.id, status=status_text(record.status)) + "\n")
    _print_pins(args, pins)
    return EXIT_OK


def cmd_signers_unpin(args: argparse.Namespace) -> int:
    from desktop.inbox.decisions import unpin

    with open_inbox_store(args, must_exist=True) as store:
        pin = unpin(store, args.id)
        pins = store.list_signer_pins()
    if not args.json:
        sys.stderr.write(_("{subject} no longer signs for {org}.").format(subject=pin.subject, org=pin.org_id) + "\n")
    _print_pins(args, pins)
    return EXIT_OK


def register(commands, sub: Sub) -> None:  # type: ignore[no-untyped-def]
    parser = commands.add_parser("signers", help=_("signers authorised for each organisation"))
    signers = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
    p = sub(signers, "list", _("list the pinned signers"), cmd_signers_list)
    p.add_argument("--org", metavar="ORG")
    p = sub(signers, "pin",
            _("authorise a certificate (a file, or the signer of an inbox package) for an organisation"),
            cmd_signers_pin)
    p.add_argument("cert_or_inbox_id", metavar="CERT_OR_INBOX_ID")
    p.add_argument("--org", required=True, metavar="ORG")
    p.add_argument("--reason", required=True, metavar="TEXT")
    p = sub(signers, "unpin", _("withdraw a pinned signer"), cmd_signers_unpin)
    p.add_argument("id", metavar="ID")
