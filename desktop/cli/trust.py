"""`ct20 verify`, `ct20 trust add|list|remove` (cli.md)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from desktop.cli.common import (
    EXIT_NOT_OK,
    EXIT_OK,
    CliInputError,
    Sub,
    open_store,
    print_json,
    status_text,
    verification_store,
)
from desktop.i18n import N_, Message, _


def verification_row(file: str, result, lang: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from desktop.package.datacheck import describe

    described = describe(result.data)
    return {
        "file": file,
        "status": result.status,
        "signer": result.signer.get("name") or None,
        "org": described.org,
        "form": described.form,
        "period": described.period,
        "problems": [problem.render(lang) for problem in result.problems],
        "signer_organization": result.signer.get("organization") or None,
        "signed_at": result.signed_at.isoformat() if result.signed_at else None,
        "timestamped": result.timestamped,
        "sha256": result.sha256,
    }


def cmd_verify(args) -> int:
    from desktop.package.datacheck import data_file_check
    from desktop.package.pdftext import file_lines, is_pdf_file, pdf_row
    from desktop.package.roots import trusted_roots
    from desktop.package.verify import verify_package

    for file in args.packages:
        if not Path(file).is_file():
            raise CliInputError(Message(N_("There is no file {file}."), file=file))
    store = verification_store(args)
    try:
        roots = trusted_roots(store, args.trust or ())
        custom = store.custom_organizations() if store is not None else []
    finally:
        if store is not None:
            store.close()
    check = data_file_check(custom)
    rows = [pdf_row(file, roots, args.lang) if is_pdf_file(file)  # any signed PDF (package.md)
            else verification_row(file, verify_package(Path(file), trust_roots=roots, schema_check=check), args.lang)
            for file in args.packages]
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            if "signatures" in row:
                print("\n".join(file_lines(row, status_text)))
                continue
            print(f"{row['file']}: {status_text(row['status'])}")
            if row["signer"]:
                print("  " + _signed_text(row))
            for problem in row["problems"]:
                print(f"  - {problem}")
    return EXIT_OK if all(row["status"] == "valid" for row in rows) else EXIT_NOT_OK


def _signed_text(row: dict[str, Any]) -> str:
    from desktop.signing.signers import vn_time

    moment = vn_time(dt.datetime.fromisoformat(row["signed_at"])) if row["signed_at"] else "-"
    template = (_("Signed by {name} ({organization}) at {time}, timestamped") if row["timestamped"]
                else _("Signed by {name} ({organization}) at {time}, as claimed by the signer's computer"))
    return template.format(name=row["signer"], organization=row["signer_organization"] or "-", time=moment)


def _print_roots(args, roots) -> None:  # type: ignore[no-untyped-def]
    if args.json:
        print_json([root.to_json() for root in roots])
    elif not roots:
        print(_("No certificate is trusted yet; add one with “ct20 trust add CERT.pem”."))
    else:
        for root in roots:
            print(f"{root.id[:16]}  {root.not_after[:10]}  {root.subject}")


def cmd_trust_add(args) -> int:
    from cryptography.hazmat.primitives import serialization

    from desktop.package.roots import add_trust_root, list_trust_roots, read_certificates

    certs = read_certificates(args.cert)
    data = b"".join(cert.public_bytes(serialization.Encoding.PEM) for cert in certs)
    with open_store(args) as store:
        added = add_trust_root(store, data, source=args.cert)
        roots = list_trust_roots(store)
    if not args.json:
        for root in added:
            template = _("Now trusted: {subject}") if root.added else _("Already trusted: {subject}")
            sys.stderr.write(template.format(subject=root.subject) + "\n")
    _print_roots(args, roots)
    return EXIT_OK


def cmd_trust_list(args) -> int:
    from desktop.package.roots import list_trust_roots

    store = verification_store(args)
    if store is None:
        roots = []
    else:
        with store:
            roots = list_trust_roots(store)
    _print_roots(args, roots)
    return EXIT_OK


def cmd_trust_remove(args) -> int:
    from desktop.package.roots import list_trust_roots, remove_trust_root

    with open_store(args, must_exist=True) as store:
        removed = remove_trust_root(store, args.id)
        roots = list_trust_roots(store)
    if not args.json:
        sys.stderr.write(_("No longer trusted: {subject}").format(subject=removed.subject) + "\n")
    _print_roots(args, roots)
    return EXIT_OK



def register(commands, sub: Sub) -> None:  # type: ignore[no-untyped-def]
    p = sub(commands, "verify", _("check packages or signed PDF files, changing nothing"), cmd_verify)
    p.add_argument("packages", nargs="+", metavar="PACKAGE")
    p.add_argument("--trust", action="append", metavar="CERT.pem", help=_("also trust this root certificate"))

    trust_parser = commands.add_parser("trust", help=_("trusted root certificates"))
    trust = trust_parser.add_subparsers(dest="action", required=True, parser_class=type(trust_parser))
    p = sub(trust, "add", _("trust a root certificate (PEM or DER)"), cmd_trust_add)
    p.add_argument("cert", metavar="CERT.pem")
    sub(trust, "list", _("list the trusted root certificates"), cmd_trust_list)
    p = sub(trust, "remove", _("stop trusting a root certificate"), cmd_trust_remove)
    p.add_argument("id", metavar="ID")
