"""`ct20 forms|orgs|report new|list|fill|show|validate`, `ct20 backup|restore` (cli.md)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.common import (
    EXIT_NOT_OK,
    EXIT_OK,
    CliError,
    CliInputError,
    Sub,
    load_request_file,
    open_store,
    print_json,
)
from desktop.i18n import N_, Message, _, count_text, ngettext


def cmd_forms_list(args: argparse.Namespace) -> int:
    from desktop.forms import list_forms

    forms = [f.summary(args.lang) for f in list_forms()]
    if args.json:
        print_json(forms)
    else:
        for f in forms:
            print(f"{f['id']}@{f['version']}  {f['title']}")
    return EXIT_OK


def cmd_forms_schema(args: argparse.Namespace) -> int:
    from desktop.forms import data_file_schema, get_form

    print_json(data_file_schema(get_form(args.form)))
    return EXIT_OK


def cmd_orgs_list(args: argparse.Namespace) -> int:
    from desktop.paths import default_store_path
    from desktop.registry import all_organizations

    path = Path(args.db) if args.db else default_store_path()
    custom: list[dict] = []
    if path.exists():
        with open_store(args, readonly=True) as store:
            custom = store.custom_organizations()
    orgs = [o for o in all_organizations(custom) if args.kind in (None, o.kind)]
    if args.json:
        print_json([o.to_json() for o in orgs])
    else:
        for o in orgs:
            print(f"{o.id:28} {o.kind:14} {o.name}")
    return EXIT_OK


def cmd_orgs_add(args: argparse.Namespace) -> int:
    from desktop.registry import organization_from_dict

    data = {"id": args.id, "kind": args.kind, "name": args.name, "parent_body": args.parent_body or "",
            "place": args.place or "", "short": args.short or ""}
    timeframes = list(args.timeframe or [])
    if len(timeframes) > len(args.task or []):
        raise CliError(Message(N_("There are more --timeframe than --task options.")))
    if args.task:  # the n-th --timeframe goes with the n-th --task
        data["tasks"] = [{"task": text, "timeframe": timeframes[i] if i < len(timeframes) else ""}
                         for i, text in enumerate(args.task)]
    org = organization_from_dict(data, custom=True)
    with open_store(args) as store:
        store.add_organization(org.as_dict())
    if args.json:
        print_json(org.to_json())
    else:
        print(_("Added the organisation {name} ({id}).").format(name=org.name, id=org.id))
    return EXIT_OK


def cmd_report_new(args: argparse.Namespace) -> int:
    from desktop.reporting.reports import DuplicateReportError

    try:
        return _report_new(args)
    except DuplicateReportError as exc:  # on the command line a report is named by its id
        raise CliInputError(Message(N_("{refusal} Its id: {id}."), refusal=exc.message, id=exc.report_id)) from None


def _report_new(args: argparse.Namespace) -> int:
    from desktop.reporting.reports import create_report

    with open_store(args) as store:
        if args.request:  # a report answering an ad hoc request: its period, reference and deadline
            from desktop.inbox.request_import import create_report_for_request

            if args.period or args.reference or args.deadline:
                raise CliInputError(Message(N_("--request gives the period, reference and deadline; "
                                               "do not give them too.")))
            request = load_request_file(args, store, args.request)
            report_id = create_report_for_request(store, request, form_id=args.form, org_id=args.org)
        elif not args.period:
            raise CliInputError(Message(N_("Give --period (or --request with a request file).")))
        else:
            request = None
            if args.requester:  # a request typed: printed "Thực hiện Công văn số <reference> … của <requester>"
                if not (args.reference and args.period.startswith("adhoc-")):
                    raise CliInputError(Message(N_("--requester goes with an ad hoc period and --reference.")))
                request = {"number": args.reference, "date": args.period.removeprefix("adhoc-"),
                           "requester": args.requester, "deadline": args.deadline or ""}
            report_id = create_report(
                store, form_id=args.form, org_id=args.org, period=args.period,
                reference=args.reference, deadline=args.deadline, request=request,
            )
    if args.json:
        print_json({"id": report_id})
    else:
        print(_("Created the draft report {id}.").format(id=report_id))
    return EXIT_OK


def cmd_report_list(args: argparse.Namespace) -> int:
    from desktop.reporting.rows import load_rows

    with open_store(args) as store:
        rows = [row.to_json() for row in load_rows(store, include_trashed=args.all)]
    if args.json:
        print_json(rows)
    elif not rows:
        print(_("There are no reports yet."))
    else:
        for r in rows:
            print(f"{r['id'][:8]}  {r['form']:20} {r['org']:24} {r['period']:18} {r['status']:10} {r['updated']}")
    return EXIT_OK


def cmd_report_fill(args: argparse.Namespace) -> int:
    from desktop.reporting.reports import fill_report, read_values_file

    data = read_values_file(args.from_file)
    with open_store(args, must_exist=True) as store:
        result = fill_report(store, args.report, data, lang=args.lang)
    if args.json:
        print_json({"id": result.report_id, "changed": result.changed})
    else:
        print(ngettext("{count} field changed.", "{count} fields changed.", result.changed).format(
            count=count_text(result.changed)))
    return EXIT_OK


def cmd_report_show(args: argparse.Namespace) -> int:
    with open_store(args, must_exist=True, readonly=True) as store:
        report = store.get_report(args.report)
        values = store.get_values(report.id)
    if args.xlsx:
        from desktop.forms import get_form
        from desktop.xlsx_values import write_values_xlsx

        Path(args.xlsx).write_bytes(write_values_xlsx(get_form(report.form_id, report.form_version), values))
        if not args.json:
            print(_("Wrote the values to {path}.").format(path=args.xlsx))
            return EXIT_OK
    print_json(values)
    return EXIT_OK


def cmd_report_validate(args: argparse.Namespace) -> int:
    from desktop.reporting.reports import validate_report

    with open_store(args, must_exist=True, readonly=True) as store:
        verdict = validate_report(store, args.report, lang=args.lang)
    if args.json:
        print_json(verdict.to_json(args.lang))
    else:
        for issue in verdict.errors:
            print(_("Error: {message}").format(message=issue.message.render(args.lang)))
        for issue in verdict.warnings:
            ack = verdict.acknowledgement(issue)
            text = issue.message.render(args.lang)
            print(_("Warning: {message}").format(message=text) if ack is None else
                  _("Warning (acknowledged: {reason}): {message}").format(reason=ack.get("text", ""), message=text))
        print(_("{errors}, {warnings}.").format(
            errors=ngettext("{n} error", "{n} errors", len(verdict.errors)).format(n=count_text(len(verdict.errors))),
            warnings=ngettext("{n} warning", "{n} warnings", len(verdict.warnings)).format(
                n=count_text(len(verdict.warnings)))))
    return EXIT_OK if verdict.ok else EXIT_NOT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    with open_store(args, must_exist=True) as store:
        dest = store.backup(args.out)
    if args.json:
        print_json({"backup": str(dest)})
    else:
        print(_("Backed up the store to {path}.").format(path=dest))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop.paths import default_store_path
    from desktop.store import restore_store

    target = Path(args.db) if args.db else default_store_path()
    kept = restore_store(args.file, target)
    if args.json:
        print_json({"restored": str(target), "previous": str(kept) if kept else None})
    else:
        print(_("Restored the store from {file}; the previous store was kept as {kept}.").format(
            file=args.file, kept=kept))
    return EXIT_OK



def register(commands, sub: Sub, group) -> Any:  # type: ignore[no-untyped-def]
    """Add these commands; returns the `report` group for the export commands."""
    forms = group(commands, "forms", _("report forms"))
    sub(forms, "list", _("list the forms and their versions"), cmd_forms_list)
    p = sub(forms, "schema", _("print the JSON Schema of a form's data file"), cmd_forms_schema)
    p.add_argument("form", metavar="ID[@VERSION]")

    orgs = group(commands, "orgs", _("reporting organisations"))
    p = sub(orgs, "list", _("list the organisations"), cmd_orgs_list)
    p.add_argument("--kind", choices=("province", "enterprise", "ministry-unit"))
    p = sub(orgs, "add", _("add an organisation that is missing from the registry"), cmd_orgs_add)
    p.add_argument("--id", required=True)
    p.add_argument("--kind", required=True, choices=("province", "enterprise", "ministry-unit"))
    p.add_argument("--name", required=True)
    p.add_argument("--short")
    p.add_argument("--parent-body")
    p.add_argument("--place")
    p.add_argument("--task", action="append", metavar="TEXT",
                   help=_("a task assigned to the organisation (repeat for several); its report lists them"))
    p.add_argument("--timeframe", action="append", metavar="TEXT",
                   help=_("the time frame of the task given in the same position, e.g. 2025-2030"))

    report = group(commands, "report", _("reports"))
    p = sub(report, "new", _("create a draft report"), cmd_report_new)
    p.add_argument("--form", required=True, metavar="ID")
    p.add_argument("--org", required=True, metavar="ORG")
    p.add_argument("--period", metavar="P", help="2025, 2026-H1, 2026-H2, adhoc-2026-03-15")
    p.add_argument("--reference", metavar="TEXT", help=_("ad hoc: the request (e.g. an official letter number)"))
    p.add_argument("--deadline", metavar="DATE", help=_("ad hoc: the deadline of the request"))
    p.add_argument("--request", metavar="FILE",
                   help=_("ad hoc: the signed request file (YC-….asice) or the e-mail (.eml) carrying it"))
    p.add_argument("--requester", metavar="TEXT", help=_("ad hoc: who asked (with --reference, the letter number)"))
    p.add_argument("--trust", action="append", metavar="CERT.pem", help=_("also trust this root certificate"))
    p = sub(report, "list", _("list the reports in the store"), cmd_report_list)
    p.add_argument("--all", action="store_true", help=_("include reports in the trash"))
    p = sub(report, "fill", _("merge values from a JSON values file or an .xlsx"), cmd_report_fill)
    p.add_argument("report", metavar="REPORT_ID")
    p.add_argument("--from", dest="from_file", required=True, metavar="FILE")
    p = sub(report, "show", _("print a report's current values"), cmd_report_show)
    p.add_argument("report", metavar="REPORT_ID")
    p.add_argument("--xlsx", metavar="FILE", help=_("also write the values to an Excel workbook that fill reads back"))
    p = sub(report, "validate", _("check a report against its form's rules"), cmd_report_validate)
    p.add_argument("report", metavar="REPORT_ID")
    p = sub(commands, "backup", _("back up the whole store"), cmd_backup)
    p.add_argument("--out", required=True, metavar="FILE")
    p = sub(commands, "restore", _("replace the store with a backup (the current one is kept aside)"), cmd_restore)
    p.add_argument("file", metavar="FILE")
    return report
