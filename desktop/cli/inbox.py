"""`ct20 inbox import|status|list|decide|consolidate|receipt` and `ct20 receipt import|list` (cli.md)."""

from __future__ import annotations

import argparse
import datetime as dt
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
    open_inbox_store,
    open_store,
    print_json,
    signer_spec,
    status_text,
)
from desktop.i18n import N_, LocalizedError, Message, _, count_text, ngettext


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CliInputError(Message(N_("{value} is not a date (YYYY-MM-DD)."), value=text)) from None


def _when(row) -> str:  # type: ignore[no-untyped-def]
    """The proven submission time and what proves it; the signer's own claim beside it."""
    if row.submitted_at is None:
        return "-"
    from desktop.signing.signers import vn_time

    proof = _("(timestamp)") if row.proof == "timestamp" else _("(received)")
    text = f"{vn_time(row.submitted_at)} {proof}"
    if row.claimed_at is not None and row.claimed_at != row.submitted_at:
        text += " " + _("claimed: {time}").format(time=vn_time(row.claimed_at))
    return text


# ---- inbox import ------------------------------------------------------------------------------

def _progress_printer():  # type: ignore[no-untyped-def]
    if not sys.stderr.isatty():
        return None

    def show(fraction: float, message: Message) -> None:
        sys.stderr.write(f"\r{round(fraction * 100):3d}% {message.render()[:70]:70}")
        if fraction >= 1:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show


def cmd_inbox_import(args: argparse.Namespace) -> int:
    from desktop.inbox.importer import import_packages

    for source in args.sources:
        if not Path(source).exists():
            raise CliInputError(Message(N_("There is no file or folder {path}."), path=source))
    with open_inbox_store(args) as store:
        result = import_packages(store, args.sources, trust_paths=args.trust or (), crl_paths=args.crl or (),
                                 progress=None if args.json else _progress_printer())
    _print_items(args, result)
    return EXIT_OK if result.items and result.all_valid else EXIT_NOT_OK


def _print_items(args, result) -> None:  # type: ignore[no-untyped-def]
    if args.json:
        print_json([item.to_json(args.lang) for item in result.items])
        return
    for item in result.items:
        status = status_text(item.status) if item.status != "error" else _("not read")
        where = " " + _("(package {id})").format(id=item.inbox_id) if item.inbox_id is not None else ""
        print(f"{item.file}: {status}{where}")
        if item.sender:
            print("  " + _("From: {sender}").format(sender=item.sender))
        note = item.note()
        if note is not None:
            print(f"  {note.render(args.lang)}")
        if item.rechecked:
            print("  " + _("Checked again against the certificates trusted now."))
        for problem in item.problems:
            print(f"  - {problem.render(args.lang)}")
    print(ngettext("{files} file: {new} imported, {duplicates} already in the inbox, {errors} not read.",
                   "{files} files: {new} imported, {duplicates} already in the inbox, {errors} not read.",
                   len(result.items)).format(
        files=count_text(len(result.items)), new=count_text(result.count("imported")),
        duplicates=count_text(result.count("duplicate")), errors=count_text(result.count("error"))))


def cmd_inbox_fetch(args: argparse.Namespace) -> int:
    """Read the IMAP folder set in the Inbox settings (or given here, then kept) once."""
    from dataclasses import replace

    from desktop.inbox.imap import ImapConfig, fetch_configured, set_password

    with open_store(args) as store:
        config = ImapConfig.load(store)
        given = {k: v for k, v in (("host", args.host), ("port", args.port), ("security", args.security),
                                   ("user", args.user), ("folder", args.folder), ("ca_file", args.ca_file))
                 if v is not None}
        if given or args.disable:
            config = replace(config, **given, enabled=not args.disable)
            problem = config.problem()
            if problem is not None and not args.disable:
                raise CliInputError(problem)
            config.save(store)
        if args.disable:
            print(_("Reading e-mail from the server is off."))
            return EXIT_OK
        if args.password_stdin:
            set_password(config, sys.stdin.readline().rstrip("\r\n"))
        result = fetch_configured(store, trust_paths=args.trust or (), crl_paths=args.crl or (),
                                  progress=None if args.json else _progress_printer())
    if not args.json:
        print(_("New messages read: {count}.").format(count=result.messages))
    _print_items(args, result)
    return EXIT_OK if result.all_valid else EXIT_NOT_OK


# ---- inbox status / list / decide --------------------------------------------------------------

def _forms_for(period: str, form: str | None) -> list[str]:
    from desktop.forms import Period, get_form, list_forms

    if form is not None:
        return [get_form(form).id]
    kind = Period.parse(period).kind
    return list(dict.fromkeys(f.id for f in list_forms() if kind in f.periods))


def _decision(decision: str | None, lang: str) -> str:
    """An officer's decision in words ("accepted" is never shown as such)."""
    from desktop.inbox.receipts import decision_text

    return decision_text(decision).render(lang) if decision else "-"


def _period_name(period: str, lang: str) -> str:
    from desktop.forms import Period

    try:
        return Period.parse(period).label().render(lang)
    except LocalizedError:
        return period


def cmd_inbox_status(args: argparse.Namespace) -> int:
    from desktop.inbox.board import build_board, deadline_message, row_state_text, state_text
    from desktop.reporting.report_info import form_choices

    forms = _forms_for(args.period, args.form)
    if args.xlsx and len(forms) != 1:
        raise CliInputError(Message(N_("--xlsx needs --form: one workbook is one form's board.")))
    deadline = _date(args.deadline)
    with open_inbox_store(args) as store:
        boards = [build_board(store, args.period, form, deadline=deadline) for form in forms]
        if args.xlsx:
            from desktop.inbox.outputs import write_board_xlsx

            write_board_xlsx(boards[0], args.xlsx, args.lang)
    wanted = set(args.status or ())
    if args.json:
        rows = [{"form": board.form_id, "period": board.period, **row.to_json(args.lang)}
                for board in boards for row in board.rows
                if not wanted or row.status in wanted or wanted.intersection(row.marks)]
        print_json(rows)
        return EXIT_OK
    form_names = dict(form_choices(args.lang))  # titles: a form's id is never shown
    for board in boards:
        deadline_text = deadline_message(board).render(args.lang)
        counts = ", ".join(f"{state_text(state).render(args.lang)}: {n}" for state, n in board.counts().items())
        print(_("{form} — {period} ({deadline}) — {counts}").format(
            form=form_names.get(board.form_id, board.form_id), period=_period_name(board.period, args.lang),
            deadline=deadline_text, counts=counts))
        for row in board.rows:
            if wanted and row.status not in wanted and not wanted.intersection(row.marks):
                continue
            revision = f"r{row.revision}" if row.revision else "-"
            package = f"#{row.inbox_id}" if row.inbox_id else "-"
            print(f"  {row.org_name[:46]:46} {row_state_text(row).render(args.lang)[:28]:28} "
                  f"{_when(row):38} {revision:4} {package}")
            for problem in row.problems if row.status in ("rejected", "untrusted") else ():
                print(f"      - {problem.render(args.lang)}")
            for entry in (e for e in row.held if row.current is None or e.inbox_id != row.current.inbox_id):
                print("      ! " + _("Package {id} names this organisation but its signer does not belong to it; "
                                    "it waits for your decision (ct20 signers pin {id} --org {org} --reason …).")
                      .format(id=entry.inbox_id, org=row.org_id))
    if args.xlsx:
        print(_("Wrote the board to {path}.").format(path=args.xlsx))
    return EXIT_OK


def _sender(details: dict[str, Any]) -> str | None:
    """Who sent the e-mail the package first came with."""
    mail = details.get("mail")
    sender = mail.get("from") if isinstance(mail, dict) else None
    return sender if isinstance(sender, str) else None


def cmd_inbox_list(args: argparse.Namespace) -> int:
    from desktop.inbox.messages import messages_from_json

    with open_inbox_store(args) as store:
        records = store.list_inbox_packages(form_id=args.form, period=args.period, status=args.status)
    rows = [{
        "inbox_id": r.id, "file": r.file_name, "status": r.status, "org": r.org_id, "form": r.form_id,
        "period": r.period, "revision": r.revision, "signed_at": r.signed_at, "timestamped": r.timestamped,
        "imported": r.imported_at, "received": r.received_at or r.imported_at, "proven": r.proven_at,
        "sender": _sender(r.details),
        "held": bool(r.details.get("held")) and r.status == "untrusted" and r.decision is None,
        "decision": r.decision, "sha256": r.sha256,
        "problems": [m.render(args.lang) for m in messages_from_json(r.problems)],
    } for r in records]
    if args.json:
        print_json(rows)
    elif not rows:
        print(_("The inbox is empty."))
    else:
        for row in rows:
            decision = f" [{_decision(row['decision'], args.lang)}]" if row["decision"] else ""
            print(f"#{row['inbox_id']:<5} {status_text(row['status'])}{decision} {row['file']}")
            for problem in row["problems"]:
                print(f"        - {problem}")
    return EXIT_OK


def cmd_inbox_decide(args: argparse.Namespace) -> int:
    from desktop.inbox.decisions import actor, decide

    decision = "accepted" if args.accept else "rejected" if args.reject else None
    with open_inbox_store(args, must_exist=True) as store:
        record = decide(store, args.inbox_id, decision, reason=args.reason or "", by=actor(store, args.name))
    if args.json:
        print_json({"inbox_id": record.id, "status": record.status, "decision": record.decision})
    else:
        print(_("Package {id}: decision {decision}.").format(
            id=record.id, decision=_decision(record.decision, args.lang)))
    return EXIT_OK


# ---- inbox consolidate / receipt ---------------------------------------------------------------

def _plan_round(args: argparse.Namespace) -> int:
    """`--round 1375-2025` / `--round 1375-2020-2025`: the Ministry's report to the Prime Minister on the
    plan of Decision 1375/QĐ-TTg (desktop.inbox.plan_report)."""
    from desktop.inbox.plan_report import write_plan_round

    with open_inbox_store(args) as store:
        files = write_plan_round(store, args.round, args.out, deadline=_date(args.deadline))
    if args.json:
        print_json(files.to_json())
    else:
        reporters = len(files.report.reporters)
        print(ngettext("Consolidated {count} accepted report:", "Consolidated {count} accepted reports:",
                       reporters).format(count=count_text(reporters)))
        for path in (files.pdf, files.docx, files.xlsx, *[r.pdf for r in files.reminders]):
            print(f"  {path}")
    return EXIT_OK


def cmd_inbox_consolidate(args: argparse.Namespace) -> int:
    from desktop.inbox.outputs import write_consolidation
    from desktop.inbox.plan_report import is_plan_round

    if args.round:
        if is_plan_round(args.round):
            return _plan_round(args)
        return _consolidate_round(args)
    if not args.period or not args.form:
        raise CliInputError(Message(N_("Give either --round, or --period and --form.")))
    with open_inbox_store(args) as store:
        files = write_consolidation(store, args.period, args.form, args.out, deadline=_date(args.deadline))
    if args.json:
        print_json(files.to_json())
    else:
        print(ngettext("Consolidated {count} accepted report:", "Consolidated {count} accepted reports:",
                       files.report.reporters).format(count=count_text(files.report.reporters)))
        for path in (files.pdf, files.xlsx, files.docx):
            print(f"  {path}")
    return EXIT_OK


def _consolidate_round(args: argparse.Namespace) -> int:
    from desktop.inbox.round_outputs import write_round

    if args.period or args.form:
        raise CliInputError(Message(N_("--round names the whole round: give no --period or --form with it.")))
    with open_inbox_store(args) as store:
        files = write_round(store, args.round, args.out)
    if args.json:
        print_json(files.to_json())
    else:
        print(ngettext("Consolidated {count} accepted report:", "Consolidated {count} accepted reports:",
                       files.report.reporters).format(count=count_text(files.report.reporters)))
        for path in (files.pdf, files.docx, files.xlsx):
            print(f"  {path}")
        for reminder in files.reminders:
            print(_("Reminder letter: {file}").format(file=reminder.docx))
    return EXIT_OK


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


# ---- receipt import / list (the reporter's side) -----------------------------------------------

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
            decision = _decision(row["decision"], args.lang)
            print(f"{row['signed_at'][:19]}  {row['direction']:8} {target}  {decision}  {row['message']}")
    return EXIT_OK


def register(commands, sub: Sub):  # type: ignore[no-untyped-def]
    """Add `inbox` and `receipt` to `ct20`'s parser (`sub(group, name, help, func)` as in cli.py);
    returns the `inbox` sub-commands, for the shared Inbox's (desktop.cli.inbox_server)."""
    parser = commands.add_parser("inbox", help=_("received packages: import, board, consolidation, receipts"))
    inbox = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
    p = sub(inbox, "import", _("verify and record received packages (files, folders, e-mail files .eml, .msg)"),
            cmd_inbox_import)
    p.add_argument("sources", nargs="+", metavar="PACKAGE_OR_FOLDER")
    p.add_argument("--trust", action="append", metavar="CERT.pem", help=_("also trust this root certificate"))
    p.add_argument("--crl", action="append", metavar="CRL", help=_("also use this certificate revocation list"))

    p = sub(inbox, "fetch", _("import the packages of new messages in the IMAP folder (Inbox settings)"),
            cmd_inbox_fetch)
    p.add_argument("--host", metavar="HOST", help=_("the IMAP server (kept in the settings)"))
    p.add_argument("--port", type=int, metavar="PORT")
    p.add_argument("--security", choices=("imaps", "starttls", "none"),
                   help=_("IMAPS or STARTTLS; none only to this computer"))
    p.add_argument("--user", metavar="USER")
    p.add_argument("--folder", metavar="FOLDER")
    p.add_argument("--ca-file", metavar="CA.pem", help=_("trust the mail server's certificate under this CA"))
    p.add_argument("--password-stdin", action="store_true",
                   help=_("read the password from standard input and keep it in the credential store"))
    p.add_argument("--disable", action="store_true", help=_("switch reading e-mail from the server off"))
    p.add_argument("--trust", action="append", metavar="CERT.pem", help=_("also trust this root certificate"))
    p.add_argument("--crl", action="append", metavar="CRL", help=_("also use this certificate revocation list"))

    p = sub(inbox, "status", _("who has reported, on time or late, for a period"), cmd_inbox_status)
    p.add_argument("--period", required=True, metavar="P")
    p.add_argument("--form", metavar="ID")
    p.add_argument("--status", action="append",
                   choices=("on_time", "late", "missing", "rejected", "untrusted", "correction_requested"),
                   help=_("show only these states (repeatable)"))
    p.add_argument("--deadline", metavar="DATE", help=_("ad hoc: the deadline of the request"))
    p.add_argument("--xlsx", metavar="FILE", help=_("also write the board to an Excel workbook"))

    p = sub(inbox, "list", _("list the received packages, with the reasons of rejected ones"), cmd_inbox_list)
    p.add_argument("--status", choices=("valid", "untrusted", "invalid"))
    p.add_argument("--form", metavar="ID")
    p.add_argument("--period", metavar="P")

    p = sub(inbox, "decide", _("accept or reject a package whose signer is not trusted"), cmd_inbox_decide)
    p.add_argument("inbox_id", metavar="INBOX_ID")
    choice = p.add_mutually_exclusive_group(required=True)
    choice.add_argument("--accept", action="store_true")
    choice.add_argument("--reject", action="store_true")
    choice.add_argument("--undo", action="store_true", help=_("take the decision back"))
    p.add_argument("--reason", metavar="TEXT", help=_("why (kept with the decision)"))
    p.add_argument("--name", metavar="NAME", help=_("your name, kept with the decision"))

    p = sub(inbox, "consolidate", _("the consolidated report of a round or of one form and period (PDF, XLSX, DOCX)"),
            cmd_inbox_consolidate)
    p.add_argument("--round", metavar="R",
                   help=_("the reporting round: 2025, 2026-H1, 2026 or an ad hoc request's id (one report of all); "
                          "1375-2025 or 1375-2020-2025 for the report on Decision 1375"))
    p.add_argument("--period", metavar="P")
    p.add_argument("--form", metavar="ID")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--deadline", metavar="DATE", help=_("ad hoc: the deadline of the request"))

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

    parser = commands.add_parser("receipt", help=_("receipts of the consolidator, on the reporter's side"))
    receipt = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
    p = sub(receipt, "import", _("attach a receipt to the report it answers"), cmd_receipt_import)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--trust", action="append", metavar="CERT.pem", help=_("also trust this root certificate"))
    p = sub(receipt, "list", _("list the receipts in the store"), cmd_receipt_list)
    p.add_argument("report", nargs="?", metavar="REPORT_ID")
    return inbox
