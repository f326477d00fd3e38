"""`ct20 inbox import|fetch|status|list|decide|consolidate` (cli.md); receipts are in desktop/cli/receipts.py."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from desktop.cli.common import (
    EXIT_NOT_OK,
    EXIT_OK,
    CliInputError,
    Sub,
    decision_words,
    open_inbox_store,
    open_store,
    pad,
    print_json,
    status_text,
    text_width,
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
        shown = [row for row in board.rows
                 if not wanted or row.status in wanted or wanted.intersection(row.marks)]
        # every name and state text whole (a Vietnamese state runs to 40 letters): the columns are
        # as wide as their longest text
        cells = [(row.org_name, row_state_text(row).render(args.lang), _when(row),
                  f"r{row.revision}" if row.revision else "-") for row in shown]
        widths = [max((text_width(line[i]) for line in cells), default=0) for i in range(4)]
        for row, line in zip(shown, cells, strict=True):
            package = f"#{row.inbox_id}" if row.inbox_id else "-"
            print("  " + " ".join(pad(text, width) for text, width in zip(line, widths, strict=True)) + f" {package}")
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
            decision = f" [{decision_words(row['decision'], args.lang)}]" if row["decision"] else ""
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
            id=record.id, decision=decision_words(record.decision, args.lang)))
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

    return inbox
