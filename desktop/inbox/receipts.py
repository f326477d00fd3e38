"""Receipts (package.md): the consolidator's signed answer to one package, and its import on the
reporter's side, where it is tied to the exact package it answers by that package's SHA-256.

A receipt is a package of the same layout: the one-page PDF "Phiếu tiếp nhận" (PAdES-signed, with
the data file inside) and `du-lieu.json` with `"format": "ct20.receipt"`, sealed in an ASiC-E
container signed by the consolidator.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from desktop import __version__
from desktop.forms import UnknownFormError, get_form
from desktop.i18n import N_, LocalizedError, Message
from desktop.inbox.board import build_board
from desktop.inbox.messages import messages_from_json
from desktop.inbox.pdf_doc import issuer
from desktop.inbox.plain_reasons import plain_reasons, what_to_do
from desktop.inbox.receipt_pdf import render_receipt_pdf
from desktop.inbox.receipt_signatory import Signatory, saved_signatory
from desktop.inbox.signed_file import sign_file
from desktop.package import asic
from desktop.package.datajson import encode_data_file
from desktop.package.roots import trust_context
from desktop.package.smallfile import read_at_most
from desktop.package.verify import verify_package
from desktop.package.zipsafe import MAX_FILE_SIZE, MB
from desktop.reporting.meta import read_meta, save_receipt
from desktop.signing.signers import VN_TZ
from desktop.signing.spec import SignerSpec
from desktop.store import InboxPackageRecord, Store

FORMAT = "ct20.receipt"
FORMAT_VERSION = 1
DECISIONS = ("received", "accepted", "correction_requested", "rejected")
DECISION_TEXTS = {"received": N_("received"), "accepted": N_("accepted"),
                  "correction_requested": N_("correction requested"), "rejected": N_("rejected")}
MAX_MESSAGE = 2000
_SAFE_STEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$")
_SHA = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
_TEXT = {"type": ["string", "null"], "maxLength": 500}
SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["format", "format_version", "package", "decision", "message", "verification", "generated"],
    "properties": {
        "format": {"const": FORMAT},
        "format_version": {"const": FORMAT_VERSION},
        "package": {"type": "object", "required": ["sha256"], "properties": {"sha256": _SHA}},
        "organization": {"type": ["object", "null"], "properties": {"id": _TEXT, "name": _TEXT}},
        "form": {"type": ["object", "null"], "properties": {"id": _TEXT, "version": _TEXT}},
        "period": _TEXT,
        "report": {"type": ["object", "null"], "properties": {"id": _TEXT,
                                                              "revision": {"type": ["integer", "null"]}}},
        "verification": {"type": "object", "required": ["status"],
                         "properties": {"status": {"enum": ["valid", "untrusted", "invalid"]}}},
        "decision": {"enum": list(DECISIONS)},
        "message": {"type": "string", "maxLength": MAX_MESSAGE},
        "number": {"type": ["object", "null"], "properties": {"text": _TEXT, "year": {"type": "integer"},
                                                              "seq": {"type": "integer"}}},
        "generated": {"type": "object", "required": ["at"], "properties": {"at": {"type": "string"}}},
    },
}


class ReceiptError(LocalizedError):
    """A receipt was not issued or not imported; `not_ok` when the receipt itself failed its check."""

    def __init__(self, message: Message, *, not_ok: bool = False) -> None:
        super().__init__(message)
        self.not_ok = not_ok


def decision_text(decision: str) -> Message:
    return Message(DECISION_TEXTS.get(decision, decision))


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(SCHEMA)


def check_receipt_data(data: Any) -> list[Message]:
    """The `schema_check` of a receipt's data file for `verify_package`."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return [Message(N_("The data file is not a CT20 receipt."))]
    return [Message(N_("The receipt's data file does not match its format at {path}: {error}"),
                    path="/".join(map(str, e.absolute_path)) or "/", error=e.message[:200])
            for e in list(_validator().iter_errors(data))[:5]]


# ---- the consolidator's side ------------------------------------------------------------------

@dataclass(frozen=True)
class IssuedReceipt:
    path: Path
    sha256: str
    decision: str
    receipt_id: int
    number: str = ""  # "123/ATMT-MT"

    def to_json(self) -> dict[str, Any]:
        return {"receipt": str(self.path), "sha256": self.sha256, "decision": self.decision, "number": self.number}


def _submission(store: Store, record: InboxPackageRecord) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """How the board counts this package today (on time or late, against which deadline)."""
    if not (record.form_id and record.period and record.status != "invalid"):
        return {}
    try:
        board = build_board(store, record.period, record.form_id)
    except LocalizedError:
        return {}
    for row in board.rows:
        for entry in row.history:
            if entry.inbox_id == record.id:
                return {"state": entry.state, "deadline": board.deadline.isoformat() if board.deadline else None}
    return {}


def organization_verified(record: InboxPackageRecord) -> bool:
    """Whether the organisation the package names is established: its signature chains to a trusted
    root and its signer belongs to it (`valid`), or the consolidator accepted it. Otherwise a
    receipt names no organisation: it answers the sender of the file."""
    return record.status == "valid" or record.decision == "accepted"


def _claimed(record: InboxPackageRecord) -> dict[str, Any] | None:
    """What an intact but unverified package says of its organisation (never for an invalid one)."""
    if organization_verified(record) or record.status == "invalid":
        return None
    return {"id": record.org_id, "name": record.details.get("org_name")}


def receipt_data(store: Store, record: InboxPackageRecord, decision: str, message: str,  # type: ignore[no-untyped-def]
                 at: dt.datetime, *, number: dict[str, Any] | None = None,
                 signatory: Signatory | None = None) -> dict[str, Any]:
    receiver = issuer(store)
    intact = record.status != "invalid"  # an invalid package's form, period and revision are only claims
    try:
        title = get_form(record.form_id or "", record.form_version).title["vi"] if record.form_id and intact else None
    except UnknownFormError:
        title = None
    problems = messages_from_json(record.problems)
    verified = organization_verified(record)
    rejection = None
    if decision == "rejected":
        reasons = plain_reasons(problems, rejected_by_decision=record.decision == "rejected")
        rejection = {"reasons": [r.both() for r in reasons], "what_to_do": what_to_do().both()}
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "number": number,
        "package": {"sha256": record.sha256, "file_name": record.file_name, "size": record.size},
        "organization": {"id": record.org_id, "name": record.details.get("org_name")} if verified else None,
        "claimed_organization": _claimed(record),
        "form": {"id": record.form_id, "version": record.form_version, "title": title} if intact else None,
        "period": record.period if intact else None,
        "report": {"id": record.report_id, "revision": record.revision} if intact else None,
        "rejection": rejection,
        # What an invalid package says it is, only so that its sender's CT20 can find the report it
        # answers when the bytes were damaged on the way (never printed, never addressed).
        "claims": None if intact else {"report_id": record.report_id, "revision": record.revision,
                                       "org_id": record.org_id, "form_id": record.form_id, "period": record.period},
        "signatory": signatory.as_dict() if signatory else None,
        "verification": {"status": record.status, "problems": [p.both() for p in problems],
                         "signer": record.signer, "signed_at": record.signed_at, "timestamped": record.timestamped,
                         "decision": record.decision},
        "submission": _submission(store, record),
        "imported_at": record.imported_at,
        "decision": decision, "message": message,
        "receiver": {"id": receiver.id, "name": receiver.name},
        "generated": {"app": f"ct20 {__version__}", "at": at.isoformat()},
    }


def receipt_file_name(record: InboxPackageRecord, taken: int) -> str:
    """`PTN-<FORM>-<ORG>-<PERIOD>-r<N>.asice` after the package's conventional name (ASCII), else
    `PTN-goi-<inbox id>.asice`; `-2`, `-3`… for further receipts of the same package."""
    stem = Path(record.file_name).stem.removeprefix("BC-")
    if not (record.file_name.startswith("BC-") and _SAFE_STEM.match(stem)):
        stem = f"goi-{record.id}"
    return f"PTN-{stem}" + (f"-{taken + 1}" if taken else "") + ".asice"


def check_decision(record: InboxPackageRecord, decision: str) -> None:
    if decision not in DECISIONS:
        raise ReceiptError(Message(N_("Unknown decision {decision}; use received, accepted, correction_requested "
                                      "or rejected."), decision=decision))
    if decision == "rejected" and not (record.status == "invalid" or record.decision == "rejected"):
        raise ReceiptError(Message(N_("Package {id} was not rejected: reject it on the board first (with a reason), "
                                      "or send another answer."), id=record.id))
    acceptable = (record.status == "valid" and record.decision != "rejected") or record.decision == "accepted"
    if decision == "accepted" and not acceptable:
        result = (Message(N_("its signer is not trusted yet")) if record.status == "untrusted"
                  else Message(N_("it did not pass the check")))
        raise ReceiptError(Message(N_("Package {id} cannot be accepted: {result}. Answer “{received}” or "
                                      "“{correction}” instead."), id=record.id, result=result,
                                   received=decision_text("received"),
                                   correction=decision_text("correction_requested")))


def issue_receipt(
    store,  # type: ignore[no-untyped-def]
    inbox_id: int | str,
    decision: str,
    out_dir: str | Path,
    signer_spec: SignerSpec,
    *,
    message: str = "",
    timestamp_url: str | None = None,
    now: dt.datetime | None = None,
    signatory: Signatory | None = None,
    by: dict[str, str] | None = None,
) -> IssuedReceipt:
    """Sign a receipt for one inbox package, write it to `out_dir` and keep it in the store.

    The receipt takes the next number of the Inbox's register (the officer's pattern, unique per
    year), given back if signing or writing fails; `signatory`: who signs and whether as a deputy
    ("KT. CỤC TRƯỞNG"), default the officer's saved one; `by`: who issues it, for the register."""
    record = store.get_inbox_package(inbox_id)
    check_decision(record, decision)
    message = unicodedata.normalize("NFC", (message or "").strip())
    if len(message) > MAX_MESSAGE:
        raise ReceiptError(Message(N_("The message is longer than {limit} characters."), limit=MAX_MESSAGE))
    moment = (now or dt.datetime.now(VN_TZ)).astimezone(VN_TZ).replace(microsecond=0)
    signatory = signatory or saved_signatory(store)
    number = store.take_receipt_number(year=moment.year, inbox_id=record.id, by=by)
    try:
        issued = _sign_and_keep(store, record, decision, message, moment, signatory, number, out_dir, signer_spec,
                                timestamp_url)
    except BaseException:
        store.release_receipt_number(year=number.year, seq=number.seq)
        raise
    store.bind_receipt_number(year=number.year, seq=number.seq, receipt_sha256=issued.sha256)
    return issued


def _sign_and_keep(store, record: InboxPackageRecord, decision: str, message: str,  # type: ignore[no-untyped-def]
                   moment: dt.datetime, signatory: Signatory, number, out_dir: str | Path,  # type: ignore[no-untyped-def]
                   signer_spec: SignerSpec, timestamp_url: str | None) -> IssuedReceipt:
    data = receipt_data(store, record, decision, message, moment, signatory=signatory,
                        number={"text": number.text, "year": number.year, "seq": number.seq})
    data_json = encode_data_file(data)
    receiver = issuer(store)
    addressee = (data["organization"] or {}).get("name") or "Đơn vị báo cáo"
    document = {
        "date": moment.date().isoformat(), "place": receiver.place or "Hà Nội", "number": number.text,
        **signatory.document(),
        "recipients": [{"name": addressee if data["organization"] else sender_text(record)},
                       {"name": "Lưu: VT, ATMT."}],
    }
    pdf, box = render_receipt_pdf(data, receiver, document)
    built = sign_file(pdf, box, data_json, signer_spec, moment=moment, location=receiver.place or None,
                      timestamp_url=timestamp_url)
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReceiptError(Message(N_("Cannot create the folder {folder}: {error}"), folder=str(folder),
                                   error=exc.strerror or str(exc))) from None
    taken = len(store.list_receipts(inbox_id=record.id))
    name = receipt_file_name(record, taken)
    while (folder / name).exists():
        taken += 1
        name = receipt_file_name(record, taken)
    try:
        path = asic.write_package(folder, name, built.data)  # atomic: temporary file, then rename
    except OSError as exc:  # disk full, read-only folder: say so, leave nothing behind
        raise ReceiptError(Message(N_("Cannot write {file}: {error}"), file=str(folder / name),
                                   error=exc.strerror or str(exc))) from None
    try:
        kept, _ = store.add_receipt(
            direction="issued", data=built.data, file_name=name, package_sha256=record.sha256, decision=decision,
            message=message, status="valid", signer=built.signer, signed_at=built.signed_at.isoformat(),
            inbox_id=record.id,
        )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return IssuedReceipt(path.resolve(), kept.sha256, decision, kept.id, number.text)


def sender_text(record: InboxPackageRecord) -> str:
    """Who a receipt answers when the package's organisation is not established: the sender of the file."""
    return f"Người gửi tệp {record.file_name}"


# ---- the reporter's side ----------------------------------------------------------------------

@dataclass(frozen=True)
class ImportedReceipt:
    report_id: str
    decision: str
    message: str
    status: str  # of the receipt's own check: "valid" or "untrusted"
    problems: list[Message] = field(default_factory=list)
    duplicate: bool = False

    def to_json(self, lang: str) -> dict[str, Any]:
        return {"report": self.report_id, "decision": self.decision, "message": self.message,
                "status": self.status, "duplicate": self.duplicate,
                "problems": [p.render(lang) for p in self.problems]}


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            data = read_at_most(handle, MAX_FILE_SIZE)
    except OSError as exc:
        raise ReceiptError(Message(N_("Cannot read {path}: {error}"), path=str(path),
                                   error=exc.strerror or str(exc))) from None
    if data is None:
        raise ReceiptError(Message(N_("The package is larger than {limit} MB"), limit=MAX_FILE_SIZE // MB))
    return data


def _mismatch(receipt: dict[str, Any], report) -> bool:  # type: ignore[no-untyped-def]
    said = ((receipt.get("organization") or {}).get("id"), (receipt.get("form") or {}).get("id"),
            receipt.get("period"), (receipt.get("report") or {}).get("revision"))
    kept = (report.org_id, report.form_id, report.period, report.revision)
    return any(a is not None and a != b for a, b in zip(said, kept, strict=True))


def import_receipt(store: Store, path: str | Path, *, trust_paths: tuple[str, ...] = (),  # type: ignore[no-untyped-def]
                   crl_paths: tuple[str, ...] = ()) -> ImportedReceipt:
    """Check a receipt and attach it to the report whose exported package it answers.

    Raises ReceiptError: `not_ok` when the receipt is invalid (damaged, forged, not a receipt);
    otherwise when it answers no package of this store or does not match the report. An untrusted
    receipt (the consolidator's certificate is not trusted here) is attached with that problem.
    Trust as for packages: the built-in and added roots, `trust_paths`, the stored CRLs and
    `crl_paths`, online checks when switched on.
    """
    path = Path(path)
    data = _read(path)
    result = verify_package(data, trust=trust_context(store, trust_paths, crl_paths), schema_check=check_receipt_data)
    if result.status == "invalid":
        raise ReceiptError(Message(N_("The receipt {file} is not valid: {problems}"), file=path.name,
                                   problems="; ".join(p.render() for p in result.problems)), not_ok=True)
    receipt = result.data
    package_sha = receipt["package"]["sha256"]
    package = store.find_package_by_sha256(package_sha) or _damaged_on_the_way(store, receipt)
    if package is None:
        raise ReceiptError(Message(N_("The receipt {file} answers the package {sha256}, which was not exported "
                                      "from this store."), file=path.name, sha256=package_sha[:16]))
    problems = list(result.problems)
    if package.sha256 != package_sha:
        problems.append(Message(N_("Cục ATMT received a package that differs from the one exported from this report "
                                   "(it was damaged on the way): send the package {file} again."),
                                file=package.file_name))
    report = store.get_report(package.report_id)
    if _mismatch(receipt, report):
        raise ReceiptError(Message(N_("The receipt {file} names another organisation, form, period or revision "
                                      "than report {id}."), file=path.name, id=report.id))
    signed_at = result.signed_at.isoformat() if result.signed_at else ""
    kept, created = store.add_receipt(
        direction="received", data=data, file_name=path.name, package_sha256=package_sha,
        decision=receipt["decision"], message=receipt["message"], status=result.status, signer=result.signer,
        signed_at=signed_at, report_id=report.id,
    )
    current = read_meta(store, report.id).receipt or {}
    if created and signed_at >= str(current.get("signed_at") or ""):
        save_receipt(store, report.id, {
            "decision": kept.decision, "message": kept.message, "signed_at": signed_at,
            "signer": result.signer.get("name") or "", "status": result.status, "sha256": kept.sha256,
            "package_sha256": package_sha, "receipt_id": kept.id,
        })
    return ImportedReceipt(report.id, kept.decision, kept.message, result.status, problems, duplicate=not created)


def _damaged_on_the_way(store, receipt: dict[str, Any]):  # type: ignore[no-untyped-def]
    """For a receipt answering a package that arrived damaged: our package of the report and
    revision the damaged one claimed, when its file name is the one Cục ATMT received."""
    claims = receipt.get("claims") if receipt.get("decision") in ("rejected", "correction_requested") else None
    if not isinstance(claims, dict) or not isinstance(claims.get("report_id"), str):
        return None
    try:
        ours = store.get_package(claims["report_id"], with_data=False)
    except Exception:  # not a report of this store
        return None
    received_name = (receipt.get("package") or {}).get("file_name")
    if ours is None or ours.file_name != received_name or ours.revision != claims.get("revision"):
        return None
    return ours
