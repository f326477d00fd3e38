"""`ct20 verify`, `ct20 trust add|list|remove|enable|disable`, `ct20 trust crl add|list` (cli.md)."""

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
    open_inbox_store,
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
        "proven_at": result.proven_at.isoformat() if result.proven_at else None,
        "timestamped": result.timestamped,
        "level": result.level,
        "notes": [note.render(lang) for note in result.notes],
        "sha256": result.sha256,
    }


def cmd_verify(args: argparse.Namespace) -> int:
    from desktop.package.authorization import authorized
    from desktop.package.datacheck import data_file_check
    from desktop.package.pdftext import file_lines, is_pdf_file, pdf_row
    from desktop.package.roots import trust_context
    from desktop.package.verify import verify_package

    for file in args.packages:
        if not Path(file).is_file():
            raise CliInputError(Message(N_("There is no file {file}."), file=file))
    store = verification_store(args)
    try:
        trust = trust_context(store, args.trust or (), args.crl or (), builtin=not args.no_builtin_roots)
        custom = store.custom_organizations() if store is not None else []
        pinned = store.pinned_signers() if store is not None else set()
    finally:
        if store is not None:
            store.close()
    check = data_file_check(custom)
    rows = [pdf_row(file, trust.roots, args.lang, crls=trust.crls, other_certs=trust.intermediates,
                    sha1_roots=trust.sha1_roots)
            if is_pdf_file(file)  # any signed PDF (package.md)
            else verification_row(file, authorized(verify_package(Path(file), trust=trust, schema_check=check),
                                                   pinned, custom), args.lang)
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
                print("  " + _("Signature level: {level}").format(level=row["level"]))
            for problem in row["problems"]:
                print(f"  - {problem}")
            for note in row["notes"]:
                print(f"  * {note}")
    return EXIT_OK if all(row["status"] == "valid" for row in rows) else EXIT_NOT_OK


def _signed_text(row: dict[str, Any]) -> str:
    from desktop.signing.signers import vn_time

    claimed = vn_time(dt.datetime.fromisoformat(row["signed_at"])) if row["signed_at"] else "-"
    who = {"name": row["signer"], "organization": row["signer_organization"] or "-"}
    if row["proven_at"]:
        proven = vn_time(dt.datetime.fromisoformat(row["proven_at"]))
        return _("Signed by {name} ({organization}) at {time}, proven by a trusted timestamp "
                 "(claimed: {claimed})").format(time=proven, claimed=claimed, **who)
    return _("Signed by {name} ({organization}) at {time}, as claimed by the signer's computer").format(
        time=claimed, **who)


def _print_roots(args, roots) -> None:  # type: ignore[no-untyped-def]
    if args.json:
        print_json([root.to_json() for root in roots])
    elif not roots:
        print(_("No certificate is trusted yet; add one with “ct20 trust add CERT.pem”."))
    else:
        for root in roots:
            if root.kind == "intermediate":
                from desktop.signing.signers import subject_name

                under = (_("under {root}").format(root=subject_name(root.validated_by)) if root.validated_by
                         else _("no trusted root validates it"))
                print(f"{root.id[:16]}  {root.not_after[:10]}  {root.subject}  [{_('built-in intermediate')}, {under}]")
            elif root.builtin:
                mark = _("built-in") if root.enabled else _("built-in, switched off")
                print(f"{root.id[:16]}  {root.not_after[:10]}  {root.subject}  [{mark}]")
            else:
                print(f"{root.id[:16]}  {root.not_after[:10]}  {root.subject}")


def cmd_trust_add(args: argparse.Namespace) -> int:
    from cryptography.hazmat.primitives import serialization

    from desktop.package.roots import add_trust_root, list_trust_roots, read_certificates

    certs = read_certificates(args.cert)
    data = b"".join(cert.public_bytes(serialization.Encoding.PEM) for cert in certs)
    with open_inbox_store(args) as store:
        added = add_trust_root(store, data, source=args.cert)
        roots = list_trust_roots(store)
    if not args.json:
        for root in added:
            template = _("Now trusted: {subject}") if root.added else _("Already trusted: {subject}")
            sys.stderr.write(template.format(subject=root.subject) + "\n")
    _print_roots(args, roots)
    return EXIT_OK


def cmd_trust_list(args: argparse.Namespace) -> int:
    from desktop.package.roots import list_trust_roots

    store = verification_store(args)
    if store is None:
        roots = list_trust_roots(None, intermediates=True)
    else:
        with store:
            roots = list_trust_roots(store, intermediates=True)
    _print_roots(args, roots)
    return EXIT_OK


def _cmd_trust_switch(args, enabled: bool) -> int:  # type: ignore[no-untyped-def]
    from desktop.package.roots import list_trust_roots, set_builtin_root_enabled

    with open_inbox_store(args) as store:
        switched = set_builtin_root_enabled(store, args.id, enabled)
        roots = list_trust_roots(store)
    if not args.json:
        template = _("Built-in root switched on: {subject}") if enabled else _("Built-in root switched off: {subject}")
        sys.stderr.write(template.format(subject=switched.subject) + "\n")
    _print_roots(args, roots)
    return EXIT_OK


def cmd_trust_enable(args) -> int:  # type: ignore[no-untyped-def]
    return _cmd_trust_switch(args, True)


def cmd_trust_disable(args) -> int:  # type: ignore[no-untyped-def]
    return _cmd_trust_switch(args, False)


def _print_crls(args, crls) -> None:  # type: ignore[no-untyped-def]
    if args.json:
        print_json([crl.to_json() for crl in crls])
    elif not crls:
        print(_("No revocation list is kept; add one with “ct20 trust crl add FILE”."))
    else:
        for crl in crls:
            print(_("{issuer}: issued {this_update}, next update {next_update}, {revoked} revoked").format(
                issuer=crl.issuer, this_update=crl.this_update[:10], next_update=(crl.next_update or "-")[:10],
                revoked=crl.revoked))


def cmd_trust_crl_add(args) -> int:  # type: ignore[no-untyped-def]
    from desktop.package.revocation import add_crl, list_crls, read_crl_files

    ders = read_crl_files([args.file])
    with open_inbox_store(args) as store:
        added = [info for der in ders for info in add_crl(store, der, source=args.file)]
        crls = list_crls(store)
    if not args.json:
        for info in added:
            template = _("Revocation list kept: {issuer}") if info.added else _("Already kept: {issuer}")
            sys.stderr.write(template.format(issuer=info.issuer) + "\n")
    _print_crls(args, crls)
    return EXIT_OK


def cmd_trust_crl_list(args) -> int:  # type: ignore[no-untyped-def]
    from desktop.package.revocation import list_crls

    store = verification_store(args)
    if store is None:
        crls = []
    else:
        with store:
            crls = list_crls(store)
    _print_crls(args, crls)
    return EXIT_OK


def cmd_trust_remove(args: argparse.Namespace) -> int:
    from desktop.package.roots import list_trust_roots, remove_trust_root

    with open_inbox_store(args, must_exist=True) as store:
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
    p.add_argument("--crl", action="append", metavar="CRL", help=_("also use this certificate revocation list"))
    p.add_argument("--no-builtin-roots", action="store_true",
                   help=_("do not trust the built-in Vietnamese root certificates"))

    trust_parser = commands.add_parser("trust", help=_("trusted root certificates"))
    trust = trust_parser.add_subparsers(dest="action", required=True, parser_class=type(trust_parser))
    p = sub(trust, "add", _("trust a root certificate (PEM or DER)"), cmd_trust_add)
    p.add_argument("cert", metavar="CERT.pem")
    sub(trust, "list", _("list the trusted root certificates"), cmd_trust_list)
    p = sub(trust, "remove", _("stop trusting a root certificate"), cmd_trust_remove)
    p.add_argument("id", metavar="ID")
    p = sub(trust, "disable", _("switch off a built-in root certificate"), cmd_trust_disable)
    p.add_argument("id", metavar="ID")
    p = sub(trust, "enable", _("switch a built-in root certificate back on"), cmd_trust_enable)
    p.add_argument("id", metavar="ID")
    crl_parser = trust.add_parser("crl", help=_("certificate revocation lists kept for offline checks"))
    crl = crl_parser.add_subparsers(dest="crl_action", required=True, parser_class=type(crl_parser))
    p = sub(crl, "add", _("keep a certificate revocation list (PEM or DER)"), cmd_trust_crl_add)
    p.add_argument("file", metavar="FILE")
    sub(crl, "list", _("list the kept certificate revocation lists"), cmd_trust_crl_list)
