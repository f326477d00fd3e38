"""`ct20 report export|revise`, `ct20 verify`, `ct20 trust add|list|remove` (cli.md).

Registered into the parser by `desktop.cli.build_parser`; conventions as there: errors are a
LocalizedError (one sentence on stderr, exit 2), `--json` prints what cli.md lists, exit 1 when a
verified package is not `valid`. Never imports Qt.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.i18n import N_, LocalizedError, Message, _
from desktop.i18n.formatting import Formatted

EXIT_OK, EXIT_NOT_OK, EXIT_USAGE = 0, 1, 2
MAX_SECRET_FILE = 4096

Sub = Callable[..., argparse.ArgumentParser]


class CliExportError(LocalizedError):
    """A usage or input error of these commands (exit status 2)."""


def _cli():  # type: ignore[no-untyped-def]
    from desktop import cli

    return cli


def _read_secret(path: str, what: Message) -> bytes:
    """The content of a password or PIN file, without the line end an editor adds (and a BOM)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_SECRET_FILE + 1)
    except OSError as exc:
        raise CliExportError(
            Message(N_("Cannot read the {what} file {file}: {reason}"), what=what, file=path,
                    reason=exc.strerror or str(exc))
        ) from None
    if len(data) > MAX_SECRET_FILE:
        raise CliExportError(Message(N_("The {what} file {file} is too large."), what=what, file=path))
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.rstrip(b"\r\n")


def _signer_spec(args):  # type: ignore[no-untyped-def]
    from desktop.export.service import P12Signer, TokenSigner

    p12 = args.p12 is not None or args.p12_password_file is not None
    token = any(v is not None for v in (args.pkcs11_lib, args.token_label, args.pin_file, args.key_label,
                                        args.key_id))
    if p12 == token:
        raise CliExportError(
            Message(N_("Give exactly one signer: --p12 with --p12-password-file, or --pkcs11-lib with "
                       "--token-label and --pin-file."))
        )
    if p12:
        if args.p12 is None or args.p12_password_file is None:
            raise CliExportError(Message(N_("--p12 and --p12-password-file go together.")))
        return P12Signer(Path(args.p12), _read_secret(args.p12_password_file, Message(N_("password"))))
    if args.pkcs11_lib is None or args.token_label is None or args.pin_file is None:
        raise CliExportError(Message(N_("A token needs --pkcs11-lib, --token-label and --pin-file.")))
    pin = _read_secret(args.pin_file, Message(N_("PIN"))).decode("utf-8", "replace").strip()
    cert_id = None
    if args.key_id is not None:
        try:
            cert_id = bytes.fromhex(args.key_id.replace(":", ""))
        except ValueError:
            raise CliExportError(Message(N_("--key-id takes the key's id in hexadecimal."))) from None
    return TokenSigner(args.pkcs11_lib, args.token_label, pin, key_label=args.key_label, cert_id=cert_id)


def cmd_report_export(args) -> int:
    from desktop.export.service import export_report

    spec = _signer_spec(args)
    cli = _cli()
    with cli._store(args, must_exist=True) as store:
        result = export_report(store, args.report, args.out, spec, timestamp_url=args.timestamp_url,
                               attachments=args.attach or ())
    warnings = [w.render(args.lang) for w in result.warnings]
    if args.json:
        cli._print_json({**result.to_json(), "warnings": warnings})
    else:
        print(_("Exported {file} ({size} bytes); the report is now submitted.").format(
            file=result.package_path, size=Formatted(result.size).render(args.lang)))
        print(f"SHA-256: {result.sha256}")
    for warning in warnings:
        sys.stderr.write(_("Warning: {message}").format(message=warning) + "\n")
    return EXIT_OK


def cmd_report_revise(args) -> int:
    from desktop.reporting import revise_report

    cli = _cli()
    with cli._store(args, must_exist=True) as store:
        new_id, revision = revise_report(store, args.report)
    if args.json:
        cli._print_json({"id": new_id, "revision": revision})
    else:
        print(_("Created revision {revision} as the draft {id}.").format(revision=revision, id=new_id))
    return EXIT_OK


def _verification_store(args):  # type: ignore[no-untyped-def]
    """The store, read-only, for its trusted roots and organisations; None if there is none yet.

    A store of data format 1 had no trusted roots; verify changes nothing, so it is not upgraded.
    """
    from desktop.paths import default_store_path
    from desktop.store import Store, StoreNeedsUpgradeError

    path = Path(args.db) if args.db else default_store_path()
    if not path.exists():
        return None
    try:
        return Store.open(path, readonly=True)
    except StoreNeedsUpgradeError:
        return None


def verification_row(file: str, result, lang: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    from desktop.export.datacheck import describe

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
    from desktop.export.datacheck import data_file_check
    from desktop.export.roots import trusted_roots
    from desktop.export.verify import verify_package

    for file in args.packages:
        if not Path(file).is_file():
            raise CliExportError(Message(N_("There is no file {file}."), file=file))
    store = _verification_store(args)
    try:
        roots = trusted_roots(store, args.trust or ())
        custom = store.custom_organizations() if store is not None else []
    finally:
        if store is not None:
            store.close()
    check = data_file_check(custom)
    rows = [verification_row(file, verify_package(Path(file), trust_roots=roots, schema_check=check), args.lang)
            for file in args.packages]
    if args.json:
        _cli()._print_json(rows)
    else:
        for row in rows:
            print(f"{row['file']}: {_status_text(row['status'])}")
            if row["signer"]:
                print("  " + _signed_text(row))
            for problem in row["problems"]:
                print(f"  - {problem}")
    return EXIT_OK if all(row["status"] == "valid" for row in rows) else EXIT_NOT_OK


def _signed_text(row: dict[str, Any]) -> str:
    from desktop.export.signers import vn_time

    moment = vn_time(dt.datetime.fromisoformat(row["signed_at"])) if row["signed_at"] else "-"
    template = (_("Signed by {name} ({organization}) at {time}, timestamped") if row["timestamped"]
                else _("Signed by {name} ({organization}) at {time}, as claimed by the signer's computer"))
    return template.format(name=row["signer"], organization=row["signer_organization"] or "-", time=moment)


STATUS_TEXTS = {
    "valid": N_("valid"),
    "untrusted": N_("untrusted (intact, but the signer's certificate is not from a trusted root)"),
    "invalid": N_("invalid"),
}


def _status_text(status: str) -> str:
    return _(STATUS_TEXTS[status]) if status in STATUS_TEXTS else status


def _print_roots(args, roots) -> None:  # type: ignore[no-untyped-def]
    if args.json:
        _cli()._print_json([root.to_json() for root in roots])
    elif not roots:
        print(_("No certificate is trusted yet; add one with “ct20 trust add CERT.pem”."))
    else:
        for root in roots:
            print(f"{root.id[:16]}  {root.not_after[:10]}  {root.subject}")


def cmd_trust_add(args) -> int:
    from cryptography.hazmat.primitives import serialization

    from desktop.export.roots import add_trust_root, list_trust_roots, read_certificates

    certs = read_certificates(args.cert)
    data = b"".join(cert.public_bytes(serialization.Encoding.PEM) for cert in certs)
    with _cli()._store(args) as store:
        added = add_trust_root(store, data, source=args.cert)
        roots = list_trust_roots(store)
    if not args.json:
        for root in added:
            template = _("Now trusted: {subject}") if root.added else _("Already trusted: {subject}")
            sys.stderr.write(template.format(subject=root.subject) + "\n")
    _print_roots(args, roots)
    return EXIT_OK


def cmd_trust_list(args) -> int:
    from desktop.export.roots import list_trust_roots

    store = _verification_store(args)
    if store is None:
        roots = []
    else:
        with store:
            roots = list_trust_roots(store)
    _print_roots(args, roots)
    return EXIT_OK


def cmd_trust_remove(args) -> int:
    from desktop.export.roots import list_trust_roots, remove_trust_root

    with _cli()._store(args, must_exist=True) as store:
        removed = remove_trust_root(store, args.id)
        roots = list_trust_roots(store)
    if not args.json:
        sys.stderr.write(_("No longer trusted: {subject}").format(subject=removed.subject) + "\n")
    _print_roots(args, roots)
    return EXIT_OK


def add_signing_options(p) -> None:  # type: ignore[no-untyped-def]
    """The signer options of cli.md, shared by `report export` and `inbox receipt`."""
    group = p.add_argument_group(_("signer: a .p12/.pfx file"))
    group.add_argument("--p12", metavar="FILE")
    group.add_argument("--p12-password-file", metavar="FILE", help=_("a file holding the password"))
    group = p.add_argument_group(_("signer: a USB token (PKCS#11)"))
    group.add_argument("--pkcs11-lib", metavar="LIB", help=_("the token vendor's PKCS#11 library (DLL)"))
    group.add_argument("--token-label", metavar="LABEL")
    group.add_argument("--pin-file", metavar="FILE", help=_("a file holding the PIN"))
    group.add_argument("--key-label", metavar="LABEL")
    group.add_argument("--key-id", metavar="HEX", help=_("the key's id, when it has no label"))
    p.add_argument("--timestamp-url", metavar="URL", help=_("an RFC 3161 timestamp server (optional)"))


def register(commands, report, sub: Sub) -> None:  # type: ignore[no-untyped-def]
    """Add the commands to `ct20`'s parser: `commands` is the top-level group, `report` that of
    `ct20 report`, `sub(group, name, help, func)` makes a subcommand with the global options."""
    p = sub(report, "export", _("render, sign and package a report (it becomes submitted)"), cmd_report_export)
    p.add_argument("report", metavar="REPORT_ID")
    p.add_argument("--out", required=True, metavar="DIR", help=_("the folder to write the package to"))
    add_signing_options(p)
    p.add_argument("--attach", action="append", metavar="FILE", help=_("an evidence file to include (repeatable)"))

    p = sub(report, "revise", _("make the next revision of a submitted report, as a new draft"), cmd_report_revise)
    p.add_argument("report", metavar="REPORT_ID")

    p = sub(commands, "verify", _("check packages, changing nothing"), cmd_verify)
    p.add_argument("packages", nargs="+", metavar="PACKAGE")
    p.add_argument("--trust", action="append", metavar="CERT.pem", help=_("also trust this root certificate"))

    trust_parser = commands.add_parser("trust", help=_("trusted root certificates"))
    trust = trust_parser.add_subparsers(dest="action", required=True, parser_class=type(trust_parser))
    p = sub(trust, "add", _("trust a root certificate (PEM or DER)"), cmd_trust_add)
    p.add_argument("cert", metavar="CERT.pem")
    sub(trust, "list", _("list the trusted root certificates"), cmd_trust_list)
    p = sub(trust, "remove", _("stop trusting a root certificate"), cmd_trust_remove)
    p.add_argument("id", metavar="ID")
