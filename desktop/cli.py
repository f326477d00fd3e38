"""`ct20`: the headless command line (cli.md). Never imports Qt; without a command it opens the app."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desktop import __version__, cli_export, cli_inbox
from desktop.i18n import N_, LocalizedError, Message, _, normalize_language, pick, set_language

EXIT_OK, EXIT_NOT_OK, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    def __init__(self, message: Message, code: int = EXIT_USAGE) -> None:
        super().__init__(message.msgid)
        self.message = message
        self.code = code


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n")


def _store(args, *, must_exist: bool = False, readonly: bool = False):
    from desktop.paths import default_store_path
    from desktop.store import Store

    path = Path(args.db) if args.db else default_store_path()
    if must_exist and not path.exists():
        raise CliError(Message(N_("There is no store at {path}."), path=str(path)))
    return Store.open(path, readonly=readonly)


# ---- commands -------------------------------------------------------------------------------

def cmd_forms_list(args) -> int:
    from desktop.forms import list_forms

    forms = [f.summary(args.lang) for f in list_forms()]
    if args.json:
        _print_json(forms)
    else:
        for f in forms:
            print(f"{f['id']}@{f['version']}  {f['title']}")
    return EXIT_OK


def cmd_forms_schema(args) -> int:
    from desktop.forms import data_file_schema, get_form

    _print_json(data_file_schema(get_form(args.form)))
    return EXIT_OK


def cmd_orgs_list(args) -> int:
    from desktop.paths import default_store_path
    from desktop.registry import all_organizations

    path = Path(args.db) if args.db else default_store_path()
    custom: list[dict] = []
    if path.exists():
        with _store(args, readonly=True) as store:
            custom = store.custom_organizations()
    orgs = [o for o in all_organizations(custom) if args.kind in (None, o.kind)]
    if args.json:
        _print_json([o.to_json() for o in orgs])
    else:
        for o in orgs:
            print(f"{o.id:28} {o.kind:14} {o.name}")
    return EXIT_OK


def cmd_orgs_add(args) -> int:
    from desktop.registry import organization_from_dict

    data = {"id": args.id, "kind": args.kind, "name": args.name, "parent_body": args.parent_body or "",
            "place": args.place or "", "short": args.short or ""}
    org = organization_from_dict(data, custom=True)
    with _store(args) as store:
        store.add_organization(org.as_dict())
    if args.json:
        _print_json(org.to_json())
    else:
        print(_("Added the organisation {name} ({id}).").format(name=org.name, id=org.id))
    return EXIT_OK


def cmd_report_new(args) -> int:
    from desktop.reporting import create_report

    with _store(args) as store:
        report_id = create_report(
            store, form_id=args.form, org_id=args.org, period=args.period,
            reference=args.reference, deadline=args.deadline,
        )
    if args.json:
        _print_json({"id": report_id})
    else:
        print(_("Created the draft report {id}.").format(id=report_id))
    return EXIT_OK


def cmd_report_list(args) -> int:
    with _store(args) as store:
        reports = store.list_reports(include_trashed=args.all)
        receipts = {r.id: (store.report_meta(r.id).get("receipt") or {}).get("decision") for r in reports}
    rows = [{"id": r.id, "form": r.form_id, "org": r.org_id, "period": r.period,
             "status": r.status, "updated": r.updated_at, "receipt": receipts[r.id]} for r in reports]
    if args.json:
        _print_json(rows)
    elif not rows:
        print(_("There are no reports yet."))
    else:
        for r in rows:
            print(f"{r['id'][:8]}  {r['form']:20} {r['org']:24} {r['period']:18} {r['status']:10} {r['updated']}")
    return EXIT_OK


def cmd_report_fill(args) -> int:
    from desktop.reporting import fill_report, read_values_file

    data = read_values_file(args.from_file)
    with _store(args, must_exist=True) as store:
        result = fill_report(store, args.report, data, lang=args.lang)
    if args.json:
        _print_json({"id": result.report_id, "changed": result.changed})
    else:
        print(_("{count} fields changed.").format(count=result.changed))
    return EXIT_OK


def cmd_report_show(args) -> int:
    with _store(args, must_exist=True, readonly=True) as store:
        report = store.get_report(args.report)
        values = store.get_values(report.id)
    if args.xlsx:
        from desktop.forms import get_form
        from desktop.xlsx_values import write_values_xlsx

        Path(args.xlsx).write_bytes(write_values_xlsx(get_form(report.form_id, report.form_version), values))
        if not args.json:
            print(_("Wrote the values to {path}.").format(path=args.xlsx))
            return EXIT_OK
    _print_json(values)
    return EXIT_OK


def cmd_report_validate(args) -> int:
    from desktop.reporting import validate_report

    with _store(args, must_exist=True, readonly=True) as store:
        result = validate_report(store, args.report)
    if args.json:
        _print_json(result.to_json(args.lang))
    else:
        for label, issues in ((_("Error"), result.errors), (_("Warning"), result.warnings)):
            for issue in issues:
                print(f"{label}: {issue.path}: {issue.message.render(args.lang)}")
        print(_("{errors} errors, {warnings} warnings.").format(
            errors=len(result.errors), warnings=len(result.warnings)))
    return EXIT_OK if result.ok else EXIT_NOT_OK


def cmd_backup(args) -> int:
    with _store(args, must_exist=True) as store:
        dest = store.backup(args.out)
    if args.json:
        _print_json({"backup": str(dest)})
    else:
        print(_("Backed up the store to {path}.").format(path=dest))
    return EXIT_OK


def cmd_restore(args) -> int:
    from desktop.paths import default_store_path
    from desktop.store import restore_store

    target = Path(args.db) if args.db else default_store_path()
    kept = restore_store(args.file, target)
    if args.json:
        _print_json({"restored": str(target), "previous": str(kept) if kept else None})
    else:
        print(_("Restored the store from {file}; the previous store was kept as {kept}.").format(
            file=args.file, kept=kept))
    return EXIT_OK


def cmd_gui(args) -> int:
    from desktop.app import run_app

    return run_app(db=args.db, report=getattr(args, "report", None),
                   screenshot=getattr(args, "screenshot", None), lang=getattr(args, "explicit_lang", None),
                   open_files=getattr(args, "open_files", None) or ())


# ---- parser ---------------------------------------------------------------------------------

def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--db", metavar="PATH", default=default,
                        help=_("the SQLite store (default: CT20_DB or the per-user data folder)"))
    parser.add_argument("--lang", choices=("vi", "en"), default="vi" if top else argparse.SUPPRESS,
                        help=_("language of messages (default vi)"))
    parser.add_argument("--json", action="store_true", default=False if top else argparse.SUPPRESS,
                        help=_("print machine-readable JSON"))
    parser.add_argument("--debug", action="store_true", default=False if top else argparse.SUPPRESS,
                        help=_("show the full traceback of an unexpected error"))


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one sentence on stderr, exit 2
        raise CliError(Message(N_("{problem} (see --help)"), problem=message))


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ct20", description=_("CT20 Desktop: reports under Directive 20/CT-TTg."))
    parser.add_argument("--version", action="version", version=f"ct20 {__version__}")
    _global_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    def sub(group, name: str, help_text: str, func: Callable[[Any], int]) -> argparse.ArgumentParser:
        p = group.add_parser(name, help=help_text, description=help_text)
        _global_options(p, top=False)
        p.set_defaults(func=func)
        return p

    def group(parent, name: str, help_text: str):
        parser = parent.add_parser(name, help=help_text)
        return parser.add_subparsers(dest="action", required=True, parser_class=_Parser)

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

    report = group(commands, "report", _("reports"))
    p = sub(report, "new", _("create a draft report"), cmd_report_new)
    p.add_argument("--form", required=True, metavar="ID")
    p.add_argument("--org", required=True, metavar="ORG")
    p.add_argument("--period", required=True, metavar="P", help="2025, 2026-H1, 2026-H2, adhoc-2026-03-15")
    p.add_argument("--reference", metavar="TEXT", help=_("ad hoc: the request (e.g. an official letter number)"))
    p.add_argument("--deadline", metavar="DATE", help=_("ad hoc: the deadline of the request"))
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
    cli_export.register(commands, report, sub)
    cli_inbox.register(commands, sub)

    p = sub(commands, "backup", _("back up the whole store"), cmd_backup)
    p.add_argument("--out", required=True, metavar="FILE")
    p = sub(commands, "restore", _("replace the store with a backup (the current one is kept aside)"), cmd_restore)
    p.add_argument("file", metavar="FILE")
    p = sub(commands, "gui", _("open the desktop application"), cmd_gui)
    p.add_argument("--report", metavar="ID")
    p.add_argument("--screenshot", metavar="PNG")
    p.add_argument("--open", dest="open_files", action="append", metavar="FILE",
                   help=_("open a package (.asice): a report package in the Inbox, a receipt on its report"))
    return parser


_VALUED = ("--db", "--lang")  # the global options that take a value


def bare_packages(argv: Sequence[str]) -> list[str] | None:
    """`ct20 [global options] FILE.asice...` (what Windows runs for a double-clicked package) as
    `ct20 [global options] gui --open FILE...`; None when argv is anything else."""
    options: list[str] = []
    files: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _VALUED and i + 1 < len(argv):
            options += argv[i:i + 2]
            i += 2
            continue
        if arg.startswith(tuple(f"{o}=" for o in _VALUED)) or arg in ("--json", "--debug"):
            options.append(arg)
        elif arg.lower().endswith(".asice") and not arg.startswith("-"):
            files.append(arg)
        else:
            return None
        i += 1
    if not files:
        return None
    return [*options, "gui", *(item for f in files for item in ("--open", f))]


def _language_from(argv: Sequence[str]) -> str | None:
    """The language asked for with --lang or CT20_LANG; None when the user did not choose."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get("CT20_LANG") or None


def _utf8_streams() -> None:
    """JSON and Vietnamese text go out as UTF-8 even when Windows redirects stdout to a file."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _utf8_streams()
    explicit_lang = _language_from(argv)
    lang = set_language(normalize_language(explicit_lang))
    debug = "--debug" in argv
    argv = bare_packages(argv) or argv
    try:
        args = build_parser().parse_args(argv)
        args.explicit_lang = normalize_language(explicit_lang) if explicit_lang else None
        if not getattr(args, "func", None):
            if args.command is None:
                return cmd_gui(args)
            raise CliError(Message(N_("Missing command (see --help).")))
        args.lang = lang
        return args.func(args)
    except CliError as exc:
        _error(exc.message.render(lang))
        return exc.code
    except LocalizedError as exc:
        if debug:
            raise
        path = getattr(exc, "path", None)
        text = exc.render(lang)
        _error(f"{path}: {text}" if path else text)
        return EXIT_USAGE
    except KeyboardInterrupt:
        _error(_("Interrupted."))
        return 130
    except Exception as exc:  # the last line of defence: one sentence, not a traceback
        if debug:
            raise
        _error(_("Unexpected error: {error} (run again with --debug for details).").format(error=exc))
        return EXIT_USAGE


def _error(text: str) -> None:
    sys.stderr.write(text.rstrip() + "\n")


__all__ = ["build_parser", "main", "pick"]
