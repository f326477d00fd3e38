"""The reporter's side of an ad hoc request: read the signed request file (or the e-mail that
carries it) and make the report that answers it. Qt-free; the CLI and the new-report dialog use it.

Every byte goes through the one strict reader of each kind: `desktop.inbox.mailfile.read_mail` for
an e-mail file, then `desktop.package.requestfile.read_request_file` (package rules, signatures,
closed schema) for the request itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.forms import get_form
from desktop.i18n import N_, LocalizedError, Message
from desktop.inbox.mailfile import MailTooComplexError, read_mail
from desktop.package.requestfile import RequestFile, RequestFileError, read_request_file
from desktop.package.roots import trust_context
from desktop.package.smallfile import read_at_most
from desktop.package.zipsafe import MAX_FILE_SIZE, MB
from desktop.reporting.reports import ReportingError, create_report, organization

MAX_MAIL_SIZE = 4 * MAX_FILE_SIZE  # base64 and the rest of an e-mail around one package


def _read(path: Path, limit: int) -> bytes:
    try:
        with path.open("rb") as handle:
            data = read_at_most(handle, limit)
    except OSError as exc:
        raise RequestFileError(Message(N_("Cannot read {path}: {error}"), path=str(path),
                                       error=exc.strerror or str(exc))) from None
    if data is None:
        raise RequestFileError(Message(N_("The file {file} is larger than {limit} MB."), file=path.name,
                                       limit=limit // MB))
    return data


def load_request(store: Any, path: str | Path, *, trust_paths: tuple[str, ...] = (),
                 crl_paths: tuple[str, ...] = ()) -> RequestFile:
    """The request in a signed request file (`YC-….asice`) or in the e-mail (.eml) that carries one."""
    return read_request_path(path, trust_context(store, trust_paths, crl_paths))


def read_request_path(path: str | Path, trust: Any) -> RequestFile:
    """`load_request` with the trust already gathered (the UI gathers it, then reads in a worker thread)."""
    path = Path(path)
    if path.suffix.lower() != ".eml":
        return read_request_file(_read(path, MAX_FILE_SIZE), trust=trust, name=path.name)
    try:
        mail = read_mail(_read(path, MAX_MAIL_SIZE))
    except MailTooComplexError:
        raise RequestFileError(Message(N_("The e-mail {file} is too complex to be read."), file=path.name)) from None
    problems: list[str] = []
    for name, data in mail.packages:
        try:
            return read_request_file(data, trust=trust, name=name)
        except RequestFileError as exc:
            problems.append(exc.message.render())
    raise RequestFileError(Message(N_("The e-mail {file} carries no valid CT20 request{problems}"), file=path.name,
                                   problems=(": " + "; ".join(problems[:3])) if problems else "."))


def create_report_for_request(store: Any, request: RequestFile, *, form_id: str, org_id: str,
                              source: str = "cli") -> str:
    """A new ad hoc report of `org_id` answering `request` (refused when the request is not addressed to it)."""
    org = organization(store, org_id)
    if not request.addressed_to(org.id):
        raise ReportingError(Message(N_("The request {number} is not addressed to {org}."), number=request.number,
                                     org=org.name))
    form = get_form(form_id)
    if "adhoc" not in form.periods:
        raise ReportingError(Message(N_("The form {form} has no ad hoc reports."), form=form.id))
    return create_report(store, form_id=form.id, org_id=org.id, period=f"adhoc-{request.date}",
                         request=request.to_report(), source=source)


__all__ = ["LocalizedError", "RequestFile", "RequestFileError", "create_report_for_request", "load_request",
           "read_request_path"]
