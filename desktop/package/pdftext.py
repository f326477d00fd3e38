"""A signed PDF's verification in words: one record per file, one paragraph per signature.

Shared by `ct20 verify` and the app's "Check the signatures of a PDF file" dialog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from desktop.i18n import N_, _

LEVEL_NOT_PADES = N_("not PAdES (PKCS#7 signature)")
_CHANGES = {
    "none": N_("the document is whole: nothing was added after it"),
    "augmentation": N_("the document is whole: only validation data and timestamps were added after it"),
    "form_filling": N_("covers revision {revision} of {revisions}: signatures or form fields were added after it"),
    "annotations": N_("covers revision {revision} of {revisions}: comments were added after it"),
    "other": N_("covers revision {revision} of {revisions}: the document was changed after it"),
}


def is_pdf_file(path: str | Path) -> bool:
    """Whether the file starts like a PDF (a package starts like a ZIP)."""
    from desktop.package.pdfverify import is_pdf

    try:
        with open(path, "rb") as handle:
            return is_pdf(handle.read(1024))
    except OSError:
        return False


def pdf_row(file: str, roots: Sequence[Any], lang: str, *, crls: Sequence[bytes] = (),
            other_certs: Sequence[Any] = (), sha1_roots: Iterable[str] | None = None) -> dict[str, Any]:
    from desktop.package.pdfverify import verify_pdf

    result = verify_pdf(Path(file), trust_roots=roots, crls=crls, other_certs=other_certs, sha1_roots=sha1_roots)
    return result.to_json(file, lang)


def _time(value: str | None) -> str:
    from desktop.signing.signers import vn_time

    return vn_time(dt.datetime.fromisoformat(value)) if value else "-"


def signature_lines(signature: dict[str, Any], status_text: Callable[[str], str]) -> list[str]:
    """The human-readable paragraph about one signature (a record of `PdfVerification.to_json`)."""
    kind = _("Document timestamp") if signature["kind"] == "timestamp" else _("Signature")
    lines = [f"{kind} {signature['field']}: {status_text(signature['status'])}"]
    who = signature["signer"] or "-"
    if signature["signer_organization"]:
        who += f" ({signature['signer_organization']})"
    lines.append(_("Signed by: {name}").format(name=who))
    if signature["time"] == "proven":
        lines.append(_("Time: {time} (proven by a trusted timestamp)").format(time=_time(signature["signed_at"])))
    else:
        lines.append(_("Time: {time} (claimed by the signer's computer, not proven)").format(
            time=_time(signature["signed_at"])))
    change = _CHANGES.get(signature["changes_after"], _CHANGES["other"])
    lines.append(_(change).format(revision=signature["revision"], revisions=signature["revisions"]))
    path = signature["trust_path"]
    if path:
        anchor = _("a trusted root") if signature["trusted_anchor"] else _("no trusted root")
        lines.append(_("Trust path ({anchor}):").format(anchor=anchor))
        lines += [f"  {'  ' * depth}{'└ ' if depth else ''}{subject}" for depth, subject in enumerate(path)]
    if signature["kind"] == "signature":
        lines.append(_("Level: {level}").format(level=signature["level"] or _(LEVEL_NOT_PADES)))
    lines += [f"- {problem}" for problem in signature["problems"]]
    return lines


def file_lines(row: dict[str, Any], status_text: Callable[[str], str]) -> list[str]:
    """The file's verdict, its own problems, then each signature indented."""
    lines = [f"{row['file']}: {status_text(row['status'])}"]
    told = {problem for signature in row["signatures"] for problem in signature["problems"]}
    lines += [f"  - {problem}" for problem in row["problems"] if problem not in told]
    for signature in row["signatures"]:
        lines += ["    " + line for line in signature_lines(signature, status_text)]
    return lines
