"""`ct20 report export|revise` (cli.md)."""

from __future__ import annotations

import argparse
import sys

from desktop.cli.common import (
    EXIT_OK,
    Sub,
    add_signing_options,
    open_store,
    print_json,
    signer_spec,
)
from desktop.i18n import _
from desktop.i18n.formatting import Formatted


def cmd_report_export(args: argparse.Namespace) -> int:
    from desktop.export.service import export_report, revocation_source

    spec = signer_spec(args)
    with open_store(args, must_exist=True) as store:
        result = export_report(store, args.report, args.out, spec, timestamp_url=args.timestamp_url,
                               attachments=args.attach or (), revocation=revocation_source(store))
    warnings = [w.render(args.lang) for w in result.warnings]
    if args.json:
        print_json({**result.to_json(), "warnings": warnings})
    else:
        print(_("Exported {file} ({size} bytes); the report is signed, not sent: send the package by e-mail.").format(
            file=result.package_path, size=Formatted(result.size).render(args.lang)))
        print(f"SHA-256: {result.sha256}")
        print(_("The report's signature reaches level {level} (PAdES).").format(level=result.level))
    for warning in warnings:
        sys.stderr.write(_("Warning: {message}").format(message=warning) + "\n")
    return EXIT_OK


def cmd_report_revise(args: argparse.Namespace) -> int:
    from desktop.reporting.reports import revise_report
    with open_store(args, must_exist=True) as store:
        new_id, revision = revise_report(store, args.report)
    if args.json:
        print_json({"id": new_id, "revision": revision})
    else:
        print(_("Created revision {revision} as the draft {id}.").format(revision=revision, id=new_id))
    return EXIT_OK



def register(report, sub: Sub) -> None:  # type: ignore[no-untyped-def]
    p = sub(report, "export", _("render, sign and package a report (then read-only)"), cmd_report_export)
    p.add_argument("report", metavar="REPORT_ID")
    p.add_argument("--out", required=True, metavar="DIR", help=_("the folder to write the package to"))
    add_signing_options(p)
    p.add_argument("--attach", action="append", metavar="FILE", help=_("an evidence file to include (repeatable)"))

    p = sub(report, "revise", _("make the next revision of a submitted report, as a new draft"), cmd_report_revise)
    p.add_argument("report", metavar="REPORT_ID")

