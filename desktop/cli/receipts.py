"""`ct20 inbox receipt|numbering` (Cục ATMT signs receipts) and `ct20 receipt import|list` (the
reporter's side) (cli.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop.cli.common import (
    EXIT_NOT_OK,
    EXIT_OK,
    CliError,
    CliInputError,
    Sub,
    add_signing_options,
    decision_words,
    open_inbox_store,
    open_store,
    print_json,
    signer_spec,
)
from desktop.i18n import N_, Message, _


def cmd_inbox_receipt(args: argparse.Namespace) -> int:
    from desktop.inbox.decisions import actor
    from desktop.inbox.receipt_signatory import Signatory, saved_signatory
    from desktop.inbox.receipts import issue_receipt

    spec = signer_spec(args)
    with open_inbox_store(args, must_exist=True) as store:
        saved = saved_signatory(store)
        signatory = Signatory(args.signatory_name if args.signatory_name is not None else saved.name,
                              args.signatory_title if args.signatory_title is not None else saved.title,
                              args.deputy or (saved.deputy and args.signatory_title is None))
        issued = issue_receipt(store, args.inbox_id, args.decision, args.out, spec, message=args.message or "",
                               timestamp_url=args.timestamp_url, signatory=signatory, by=actor(store).as_dict())
    if args.json:
        print_json(issued.to_json())
    else:
        print(_("Wrote the signed receipt {file}.").format(file=issued.path) + " "
              + _("Number: {number}.").format(number=issued.number))
    return EXIT_OK


def cmd_inbox_numbering(args: argparse.Namespace) -> int:
    import datetime as dt

    from desktop.inbox.decisions import actor
    from desktop.inbox.receipt_signatory import NumberingError, configure_numbering

    with open_inbox_store(args) as store:
        numbering = store.receipt_numbering()
        year = args.year or dt.date.today().year
        if args.pattern is not None or args.next is not None:
            try:
                numbering = configure_numbering(store, args.pattern or numbering.pattern, year,
                                                args.next or numbering.next_for(year), by=actor(store).as_dict())
            except NumberingError as exc:
                raise CliInputError(exc.message) from None
        taken = store.list_receipt_numbers(year=year)
    following = max(numbering.next_for(year), (taken[-1].seq + 1) if taken else 1)
    if args.json:
        print_json({"pattern": numbering.pattern, "year": year, "next": following,
                    "given": [{"number": n.text, "inbox_id": n.inbox_id, "receipt_sha256": n.receipt_sha256,
                               "at": n.taken_at, "by": n.by_name} for n in taken]})
    else:
        print(_("Receipt numbers of {year}: pattern {pattern}, next {next}; {count} given.").format(
            year=year, pattern=numbering.pattern, next=following, count=len(taken)))
    return EXIT_OK


def cmd_receipt_import(args: argparse.Namespace) -> int:
    from desktop.inbox.receipts import ReceiptError, decision_text, import_receipt

    if not Path(args.file).is_file():
        raise CliInputError(Message(N_("There is no file {file}."), file=args.file))
    try:
        with open_store(args, must_exist=True) as store:
            imported = import_receipt(store, args.file, trust_paths=tuple(args.trust or ()))
    except ReceiptError as exc:
        if exc.not_ok:
            raise CliError(exc.message, EXIT_NOT_OK) from None
        raise
    if args.json:
        print_json(imported.to_json(args.lang))
    else:
        print(_("Report {id}: {decision}.").format(id=imported.report_id,
                                                   decision=decision_text(imported.decision).render(args.lang)))
        if imported.message:
            print(f"  {imported.message}")
    for problem in imported.problems:
        sys.stderr.write(_("Warning: {message}").format(message=problem.render(args.lang)) + "\n")
    return EXIT_OK


def cmd_receipt_list(args: argparse.Namespace) -> int:
    with open_store(args, must_exist=True, readonly=True) as store:
        receipts = store.list_receipts(report_id=args.report) if args.report else store.list_receipts()
    rows: list[dict[str, Any]] = [{
        "id": r.id, "direction": r.direction, "report": r.report_id, "inbox_id": r.inbox_id,
        "decision": r.decision, "message": r.message, "status": r.status, "file": r.file_name,
        "signed_at": r.signed_at, "package_sha256": r.package_sha256,
    } for r in receipts]
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            target = row["report"] or f"#{row['inbox_id']}"
            decision = decision_words(row["decision"], args.lang)
            print(f"{row['signed_at'][:19]}  {row['direction']:8} {target}  {decision}  {row['message']}")
    return EXIT_OK


def register_inbox_receipts(inbox, sub: Sub) -> None:  # type: ignore[no-untyped-def]
    """Add `ct20 inbox receipt|numbering` under the `inbox` sub-commands."""
    p = sub(inbox, "receipt", _("sign a receipt for one received package"), cmd_inbox_receipt)
    p.add_argument("inbox_id", metavar="INBOX_ID")
    p.add_argument("--decision", required=True, choices=("received", "accepted", "correction_requested", "rejected"))
    p.add_argument("--deputy", action="store_true", help=_("signed by a deputy: “KT. CỤC TRƯỞNG”"))
    p.add_argument("--signatory-name", metavar="NAME", help=_("the name under the signature"))
    p.add_argument("--signatory-title", metavar="TITLE", help=_("the title above the signature"))
    p.add_argument("--message", metavar="TEXT")
    p.add_argument("--out", required=True, metavar="DIR")
    add_signing_options(p)

    p = sub(inbox, "numbering", _("the numbering of receipts: pattern and next number"), cmd_inbox_numbering)
    p.add_argument("--pattern", metavar="P", help=_("e.g. {number}/ATMT-MT"))
    p.add_argument("--next", type=int, metavar="N", help=_("the next number of the year"))
    p.add_argument("--year", type=int, metavar="YEAR")


def register_reporter_receipts(commands, sub: Sub) -> None:  # type: ignore[no-untyped-def]
    """Add `ct20 receipt import|list`."""
    parser = commands.add_parser("receipt", help=_("receipts of the consolidator, on the reporter's side"))
    receipt = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
    p = sub(receipt, "import", _("attach a receipt to the report it answers"), cmd_receipt_import)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--trust", action="append", metavar="CERT.pem", help=_("also trust this root certificate"))
    p = sub(receipt, "list", _("list the receipts in the store"), cmd_receipt_list)
    p.add_argument("report", nargs="?", metavar="REPORT_ID")
