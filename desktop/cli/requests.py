"""`ct20 inbox request add|list|show|export|status` (the consolidator) and `ct20 request show` (the
reporter: check a request file). A report answering a request: `ct20 report create --request FILE`."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import (
    EXIT_OK,
    Sub,
    add_signing_options,
    load_request_file,
    open_inbox_store,
    open_store,
    print_json,
    signer_spec,
)
from desktop.i18n import _


def register_inbox_requests(inbox, sub: Sub) -> None:  # type: ignore[no-untyped-def]
    """Add `ct20 inbox request …` under the `inbox` sub-commands."""
    parser = inbox.add_parser("request", help=_("ad hoc requests: record, list, send as a signed file"))
    request = parser.add_subparsers(dest="request_action", required=True, parser_class=type(parser))
    p = sub(request, "add", _("record an ad hoc request (the requesting letter, its addressees, its deadline)"),
            cmd_request_add)
    p.add_argument("--number", required=True, metavar="TEXT", help=_("number of the requesting letter"))
    p.add_argument("--date", required=True, metavar="DATE", help=_("date of the requesting letter"))
    p.add_argument("--requester", required=True, metavar="TEXT", help=_("who asked, e.g. Bộ Công Thương"))
    p.add_argument("--content", required=True, metavar="TEXT", help=_("what the request asks"))
    p.add_argument("--to", required=True, action="append", metavar="ORG_ID",
                   help=_("an addressee (repeatable, or comma-separated)"))
    p.add_argument("--deadline", required=True, metavar="DATE", help=_("the deadline of the request"))
    p.add_argument("--id", metavar="ID", help=_("the request's id (default: made from its date and number)"))
    sub(request, "list", _("list the ad hoc requests"), cmd_request_list)
    p = sub(request, "show", _("one request and its addressees"), cmd_request_show)
    p.add_argument("request_id", metavar="REQUEST_ID")
    p = sub(request, "export", _("sign the request as a file for its addressees (YC-<id>.asice)"),
            cmd_request_export)
    p.add_argument("request_id", metavar="REQUEST_ID")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--eml", action="store_true", help=_("also write an e-mail draft (.eml) with the file attached"))
    add_signing_options(p)
    p = sub(request, "status", _("who of the request's addressees has answered, on time or late"),
            cmd_request_status)
    p.add_argument("request_id", metavar="REQUEST_ID")


def _addressees(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def cmd_request_add(args: argparse.Namespace) -> int:
    from desktop.inbox.requests import create_request

    with open_inbox_store(args) as store:
        name = store.get_setting("inbox.display_name") if hasattr(store, "get_setting") else ""
        record = create_request(store, number=args.number, date=args.date, requester=args.requester,
                                content=args.content, addressees=_addressees(args.to), deadline=args.deadline,
                                request_id=args.id, by=name if isinstance(name, str) else "")
    if args.json:
        print_json(record.to_json())
    else:
        print(_("Recorded the request {id}.").format(id=record.id))
    return EXIT_OK


def _vn(iso: str) -> str:
    import datetime as dt

    return dt.date.fromisoformat(iso).strftime("%d/%m/%Y")


def cmd_request_list(args: argparse.Namespace) -> int:
    from desktop.inbox.requests import list_requests

    with open_inbox_store(args) as store:
        records = list_requests(store)
    if args.json:
        print_json([r.to_json() for r in records])
        return EXIT_OK
    if not records:
        print(_("No ad hoc request is recorded."))
    for r in records:
        print(f"{r.id:40} {r.number:20} {_vn(r.date)}  " + _("deadline {date}").format(date=_vn(r.deadline)) +
              "  " + _("{count} addressees").format(count=len(r.addressees)))
    return EXIT_OK


def cmd_request_show(args: argparse.Namespace) -> int:
    from desktop.inbox.requests import get_request, request_addressee_names

    with open_inbox_store(args) as store:
        record = get_request(store, args.request_id)
        names = request_addressee_names(store, record)
    if args.json:
        print_json({**record.to_json(), "addressees": [{"id": i, "name": n} for i, n in names]})
        return EXIT_OK
    print(_("Request {id}: letter {number} of {date} from {requester}; deadline {deadline}.").format(
        id=record.id, number=record.number, date=_vn(record.date), requester=record.requester,
        deadline=_vn(record.deadline)))
    print(record.content)
    for org_id, name in names:
        print(f"  {org_id:28} {name}")
    return EXIT_OK


def cmd_request_export(args: argparse.Namespace) -> int:
    from desktop.inbox.request_file import build_request_draft, export_request
    from desktop.inbox.requests import get_request

    spec = signer_spec(args)
    with open_inbox_store(args, must_exist=True) as store:
        exported = export_request(store, args.request_id, args.out, spec, timestamp_url=args.timestamp_url)
        result: dict[str, Any] = exported.to_json()
        if args.eml:
            record = get_request(store, args.request_id)
            mail = build_request_draft(store, record, recipients=[], file_name=exported.path.name,
                                       data=exported.path.read_bytes())
            eml = exported.path.with_suffix(".eml")
            eml.write_bytes(mail.as_bytes())
            result["eml"] = str(eml)
    if args.json:
        print_json(result)
    else:
        print(_("Wrote the signed request {file}.").format(file=exported.path))
        if "eml" in result:
            print(_("Wrote the e-mail draft {file}.").format(file=result["eml"]))
    return EXIT_OK


def cmd_request_status(args: argparse.Namespace) -> int:
    from desktop.inbox.board import deadline_message, state_text
    from desktop.inbox.requests import get_request, request_board, request_forms

    with open_inbox_store(args) as store:
        record = get_request(store, args.request_id)
        boards = [request_board(store, record.id, form) for form in request_forms(store, record)]
    if args.json:
        print_json([{"request": record.id, "form": b.form_id, "period": b.period, **row.to_json(args.lang)}
                    for b in boards for row in b.rows])
        return EXIT_OK
    for board in boards:
        print(f"{record.id} {board.form_id} ({deadline_message(board).render(args.lang)})")
        for row in board.rows:
            package = f"#{row.inbox_id}" if row.inbox_id else "-"
            print(f"  {row.org_name[:46]:46} {state_text(row.status).render(args.lang)[:28]:28} {package}")
    return EXIT_OK


# ---- the reporter's side ---------------------------------------------------------------------------

def register_reporter_requests(commands, sub: Sub) -> None:  # type: ignore[no-untyped-def]
    parser = commands.add_parser("request", help=_("ad hoc requests received, on the reporter's side"))
    request = parser.add_subparsers(dest="action", required=True, parser_class=type(parser))
    p = sub(request, "show", _("check a signed request file (or the e-mail carrying it) and show it"),
            cmd_request_file_show)
    p.add_argument("file", metavar="FILE")
    p.add_argument("--trust", action="append", metavar="CERT.pem", help=_("also trust this root certificate"))


def cmd_request_file_show(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        request = load_request_file(args, store, args.file)
    if args.json:
        print_json({**request.to_report(), "addressees": [{"id": i, "name": n} for i, n in request.addressees],
                    "issuer": request.issuer, "status": request.status, "signer": request.signer,
                    "problems": [p.render(args.lang) for p in request.problems]})
        return EXIT_OK
    print(_("Request {id}: letter {number} of {date} from {requester}; deadline {deadline}.").format(
        id=request.id, number=request.number, date=_vn(request.date), requester=request.requester,
        deadline=_vn(request.deadline)))
    print(request.content)
    for problem in request.problems:
        print("  ! " + problem.render(args.lang))
    return EXIT_OK
