"""Export a report: check it, write the data file, draw and sign the PDF, seal the package, keep it.

`export_report` is the one use case the CLI and the export dialog share. Synchronous and slow
(seconds, and a token may ask for its PIN): the desktop runs it in a worker thread, with
`progress` and `cancel` callbacks; pyHanko runs its own event loops inside the calls.

A PIN or password only lives in the signer spec the caller hands over: it is used once to open
the signer and is never stored, logged or put in a message.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.forms import Period, compute_derived
from desktop.forms.model import FormDefinition
from desktop.i18n import N_, LocalizedError, Message
from desktop.i18n.formatting import Formatted
from desktop.package import asic
from desktop.package.authorization import signer_warning
from desktop.package.zipsafe import MAX_FILE_SIZE, MB
from desktop.reporting.adhoc import CUTOFF_TO, request_for_data_file, with_cutoff
from desktop.reporting.clusters import assign_report_codes
from desktop.reporting.justifications import justifications as acknowledged_warnings
from desktop.reporting.meta import read_meta
from desktop.reporting.reports import form_of, organization, revise_report, validate_report
from desktop.signing import pdfsign
from desktop.signing.signers import VN_TZ, OpenedSigner
from desktop.signing.spec import P12Signer, SignerSpec, TokenSigner
from desktop.store import Store

WARN_SIZE = 20 * MB  # workflow.md: mail systems start refusing attachments around here
MAX_ATTACHMENT_FILE = 20 * MB

Progress = Callable[[float, Message], None]


class ExportError(LocalizedError):
    """The report was not exported; nothing was written or changed."""


class ExportCancelled(ExportError):
    def __init__(self) -> None:
        super().__init__(Message(N_("The export was cancelled; nothing was written.")))


@dataclass(frozen=True)
class ExportResult:
    package_path: Path
    sha256: str
    size: int
    warnings: list[Message]
    file_name: str = ""
    revision: int = 1
    signed_at: dt.datetime | None = None
    timestamped: bool = False
    signer: dict[str, str] = field(default_factory=dict)
    level: str = "B-B"  # the PAdES level of the report's signature: "B-B", "B-T" or "B-LT"

    def to_json(self) -> dict[str, Any]:
        return {"package": str(self.package_path), "sha256": self.sha256, "size": self.size, "level": self.level}


class _Steps:
    """Report progress and honour a cancel request between the steps (never inside a signature)."""

    TOTAL = 7

    def __init__(self, progress: Progress | None, cancel: Callable[[], bool] | None) -> None:
        self.progress, self.cancel, self.done = progress, cancel, 0

    def __call__(self, message: Message) -> None:
        if self.cancel is not None and self.cancel():
            raise ExportCancelled()
        if self.progress is not None:
            self.progress(self.done / self.TOTAL, message)
        self.done += 1

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(1.0, Message(N_("Exported.")))


def _refusal(reason: Message) -> ExportError:
    return ExportError(Message(N_("The report was not exported: {reason}"), reason=reason))


SAMPLE_REFUSAL = N_("this is a sample report, filled in with invented figures to show how the app works: it "
                    "cannot be signed or sent. Create a report for your organisation (File › New report) "
                    "and export that one; “Preview PDF” shows the sample marked “MẪU — KHÔNG CÓ GIÁ TRỊ”.")


def sample_refusal(store: Store, report_id: str) -> Message | None:
    """Why a sample report is never signed for real, or None for a real report."""
    return Message(SAMPLE_REFUSAL) if read_meta(store, report_id).sample else None


def _check_report(store: Store, report_id: str):  # type: ignore[no-untyped-def]
    """The report, the verdict on its values, and those values with their version: read once, so
    the values checked are the values signed."""
    report = store.get_report(report_id)
    sample = sample_refusal(store, report.id)
    if sample is not None:
        raise _refusal(sample)
    if report.trashed:
        raise _refusal(Message(N_("report {id} is in the trash."), id=report.id))
    if report.status == "submitted":
        kept = store.get_package(report.id, with_data=False)
        raise ExportError(
            Message(
                N_("Report {id} has already been submitted as {file}; to change it, make a new revision."),
                id=report.id, file=kept.file_name if kept else "-",
            )
        )
    values, seq = store.values_with_seq(report.id)
    verdict = validate_report(store, report.id, values=values)
    refusal = verdict.refusal()
    if refusal is not None:
        raise ExportError(Message(N_("{refusal} Run “report validate” to see them all."), refusal=refusal))
    return report, verdict, values, seq


def _supersedes(store: Store, report) -> tuple[dict[str, Any] | None, list[Message]]:  # type: ignore[no-untyped-def]
    """The package this revision replaces, as the data file names it."""
    if report.supersedes is None:
        return None, []
    kept = store.get_package(report.supersedes, with_data=False)
    if kept is None:
        return None, [Message(N_("The earlier revision has no kept package, so this one cannot name it."))]
    return {"package": kept.file_name, "sha256": kept.sha256, "revision": kept.revision}, []


def _read_attachments(attachments: Sequence[str | Path | tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """(safe name, content) pairs from file paths or (original name, content) pairs."""
    result = []
    for item in attachments:
        if isinstance(item, tuple):
            original, content = item
        else:
            path = Path(item)
            try:
                if path.stat().st_size > MAX_ATTACHMENT_FILE:
                    raise _refusal(Message(N_("the attachment {file} is larger than {limit} MB."),
                                           file=str(path), limit=MAX_ATTACHMENT_FILE // MB))
                original, content = path.name, path.read_bytes()
            except OSError as exc:
                raise _refusal(Message(N_("cannot read the attachment {file}: {error}"), file=str(path),
                                       error=exc.strerror or str(exc))) from None
        result.append((asic.attachment_name(original), content))
    return result


def _is_interrupted_export(path: Path, report_id: str, revision: int) -> bool:
    """A package of this very report revision, left in place by an export killed after the file
    was renamed but before the store recorded it (the report is still a draft)."""
    try:
        if path.stat().st_size > 50 * MB:
            return False
        data = json.loads(asic.read_package(path.read_bytes()).data_json)
        return data["report"]["id"] == report_id and data["report"]["revision"] == revision
    except Exception:  # anything unreadable is not ours: the caller refuses to touch it
        return False


def _target(out_dir: str | Path, file_name: str, report_id: str, revision: int) -> Path:
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _refusal(Message(N_("cannot create the folder {folder}: {error}"), folder=str(folder),
                               error=exc.strerror or str(exc))) from None
    target = folder / file_name
    if target.exists() and _is_interrupted_export(target, report_id, revision):
        # Kept aside, never deleted: the new export replaces it under the package's name.
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target.replace(target.with_name(f"{target.name}.interrupted-{stamp}"))
    if target.exists():
        raise _refusal(Message(N_("{file} already exists; move it away or choose another folder."),
                               file=str(target)))
    return target


_NO_SPACE = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}
_NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS}


def _write_failed(folder: Path, exc: OSError, size: int) -> ExportError:
    if exc.errno in _NO_SPACE:
        reason = Message(N_("there is not enough free space in {folder} for the package ({size} MB)."),
                         folder=str(folder), size=Formatted(round(size / MB, 1)))
    elif exc.errno in _NOT_WRITABLE:
        reason = Message(N_("the folder {folder} cannot be written to (it is read-only, or you may not write "
                            "there); choose another folder."), folder=str(folder))
    else:
        reason = Message(N_("the package could not be saved in {folder}: {error}"), folder=str(folder),
                         error=exc.strerror or str(exc))
    return _refusal(reason)


def _open_signer(spec: SignerSpec) -> tuple[OpenedSigner, bool]:
    """The opened signer and whether this call opened it (and so must close it)."""
    if isinstance(spec, OpenedSigner):
        return spec, False
    try:
        return spec.open(), True
    except LocalizedError as exc:
        raise _refusal(exc.message) from None


ONLINE_CHECKS_SETTING = "online_revocation"  # the trust settings' switch; off unless the user turns it on


def revocation_source(store) -> pdfsign.RevocationSource | None:  # type: ignore[no-untyped-def]
    """What B-LT embeds when the user switched online checks on: the chain up to a trusted root with
    the CRLs kept in the store and the CRL/OCSP answers fetched from the certificates' addresses.
    None when online checks are off: no network use at export (package.md)."""
    if not store.get_setting(ONLINE_CHECKS_SETTING, False):
        return None
    from desktop.package.roots import trusted_roots

    crls = [record.der for record in store.crls()] if hasattr(store, "crls") else []
    return pdfsign.RevocationSource(trusted_roots(store, ()), crls=crls, fetch=True)


def export_report(
    store,
    report_id: str,
    out_dir: str | Path,
    signer_spec: SignerSpec,
    *,
    timestamp_url: str | None = None,
    revocation: pdfsign.RevocationSource | None = None,
    attachments: Sequence[str | Path | tuple[str, bytes]] = (),
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    cancel: Callable[[], bool] | None = None,
    confirm: Callable[[Message], bool] | None = None,
) -> ExportResult:
    """Export a draft without errors as `out_dir/BC-<FORM>-<ORG>-<PERIOD>-r<N>.asice`.

    The report's signature is PAdES B-B, B-T with a timestamp server that answers, B-LT when it is
    also given `revocation` (the app passes one when online checks are on) and validation data
    could be had; `ExportResult.level` says which.

    The package's bytes are kept in the store and the report becomes submitted (read-only), in one
    transaction after the file is in place; if that fails the file is removed again, so either
    both happen or neither. Raises ExportError (a LocalizedError) with the reason otherwise.

    Before signing, a certificate whose organisation does not name the report's is a warning
    (Cục ATMT will hold the package); `confirm(warning)` may stop the export there (False).
    """
    step = _Steps(progress, cancel)
    step(Message(N_("Checking the report")))
    report, validation, stored, seq = _check_report(store, report_id)
    justified = acknowledged_warnings(validation)
    form, org = form_of(report), organization(store, report.org_id)
    period = Period.parse(report.period)
    supersedes, warnings = _supersedes(store, report)
    files = _read_attachments(attachments)
    file_name = asic.package_file_name(form.id, org.id, str(period), report.revision)
    target = _target(out_dir, file_name, report.id, report.revision)
    coded, codes_given = _with_row_codes(form, stored, seq)
    values = coded
    if form.field(f"document.{CUTOFF_TO}") is not None:  # every report states its data cut-off
        values = with_cutoff(values, period)
    request = request_for_data_file(read_meta(store, report.id).request)
    moment = (now or dt.datetime.now(VN_TZ)).astimezone(VN_TZ).replace(microsecond=0)

    step(Message(N_("Opening the signer's certificate")))
    opened, owned = _open_signer(signer_spec)
    try:
        concern = signer_warning(opened.certificate, org)
        if concern is not None:
            if confirm is not None and not confirm(concern):
                raise ExportCancelled()
            warnings.append(concern)
        step(Message(N_("Writing the data file")))
        derived = compute_derived(form, values)
        data_json = _data_file(form, values, org=org, period=period, report=report, supersedes=supersedes,
                               attachments=files, generated_at=moment, request=request,
                               justifications=justified, derived=derived)
        step(Message(N_("Drawing the report PDF")))
        drawn = _render_pdf(form, values, org=org, period=period, derived=derived, request=request,
                            justifications=justified)
        step(Message(N_("Signing the report PDF")))
        box = drawn.signature_box
        place = (values.get("document") or {}).get("place") if isinstance(values.get("document"), dict) else None
        signed = pdfsign.sign_pdf(
            drawn.data, opened, pdfsign.SignatureBox(box.page_index, (box.x1, box.y1, box.x2, box.y2)),
            data_json=data_json, timestamp_url=timestamp_url, signing_time=moment, location=place or None,
            revocation=revocation,
        )
        step(Message(N_("Sealing the package")))
        built = asic.build_package(signed.data, data_json, files, opened, signing_time=moment,
                                   timestamp_url=timestamp_url)
        signer_facts = opened.info.as_dict()
    except ExportError:
        raise
    except LocalizedError as exc:
        raise _refusal(exc.message) from None
    finally:
        if owned:
            opened.close()

    size = len(built.data)
    if size > MAX_FILE_SIZE:
        raise _refusal(Message(N_("the package would be {size} MB, more than the {limit} MB a receiver accepts."),
                               size=Formatted(round(size / MB, 1)), limit=MAX_FILE_SIZE // MB))
    if size > WARN_SIZE:
        warnings.append(Message(N_("The package is {size} MB; many mail systems refuse attachments above "
                                   "{limit} MB."), size=Formatted(round(size / MB, 1)), limit=WARN_SIZE // MB))
    timestamped = signed.timestamped and built.timestamped
    if timestamp_url and not timestamped:
        warnings.append(Message(N_("The timestamp server {url} did not answer: the package carries the time of "
                                   "this computer's clock instead."), url=timestamp_url))
    if revocation is not None and signed.revocation_missing:
        warnings.append(Message(N_("No revocation data for the signer's certificate could be had: the report's "
                                   "signature is {level}, not B-LT."), level=signed.level))
    elif revocation is not None and not signed.timestamped:
        warnings.append(Message(N_("The report's signature carries revocation data, but without a timestamp server "
                                   "it stays at level B-B (B-LT needs a timestamp).")))

    step(Message(N_("Saving the package")))
    try:
        path = asic.write_package(target.parent, file_name, built.data)
    except OSError as exc:  # a full disk, a read-only USB stick: the report stays a draft, no file is left
        raise _write_failed(target.parent, exc, size) from None
    try:
        with store.batch():  # one transaction, one disk sync: the codes, the package, its delivery, or none
            if codes_given is not None:  # kept in the report only now, so a failed export changes nothing
                _keep_row_codes(store, report.id, codes_given, coded, stored)
            kept = store.submit_package(
                report.id, file_name=file_name, data=built.data, signer=signer_facts,
                signed_at=built.signed_at.isoformat(),
                details={"timestamped": timestamped, "folder": str(path.parent), "attachments": len(files),
                         "level": signed.level},
            )
            store.record_delivery(report.id, package_sha256=kept.sha256, kind="saved", path=str(path.resolve()))
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    step.finish()
    return ExportResult(
        package_path=path.resolve(), sha256=kept.sha256, size=size, warnings=warnings, file_name=file_name,
        revision=report.revision, signed_at=built.signed_at, timestamped=timestamped, signer=signer_facts,
        level=signed.level,
    )


def _with_row_codes(form: FormDefinition, values: dict, seq: int) -> tuple[dict, int | None]:
    """The report's values, every row of a coded table (the industrial clusters) with its stable code,
    and the version they were read at when codes were given now (else None)."""
    coded, changed = assign_report_codes(form, values)
    return coded, (seq if changed else None)


def _keep_row_codes(store: Store, report_id: str, base_seq: int, coded: dict, base: dict) -> None:
    """Save the codes given at export in the report (`coded`: the values `base` of version `base_seq`
    with them) for the next period's copy; not the package's cut-off (the report keeps what was typed).
    Changed meanwhile (another window): nothing is saved (refused before any write), given again next time."""
    import contextlib

    from desktop.store import ReportChangedError

    with contextlib.suppress(ReportChangedError):
        store.save_values(report_id, coded, source="export", base_seq=base_seq, base_values=base)


def _data_file(form, values, *, org, period, report, supersedes, attachments, generated_at,  # type: ignore[no-untyped-def]
               request=None, justifications=(), derived=None) -> bytes:
    from desktop.export.datafile import build_data_file

    listed = [{"name": asic.ATTACHMENT_DIR + name, "sha256": hashlib.sha256(content).hexdigest(),
               "size": len(content)} for name, content in attachments]
    return build_data_file(
        form, values, org=org, period=period, report_id=report.id, revision=report.revision,
        supersedes=supersedes, attachments=listed, generated_at=generated_at,
        period_reference=report.reference, period_deadline=report.deadline, period_request=request,
        justifications=justifications, derived=derived,
    )


def _render_pdf(form, values, *, org, period, derived, request=None, justifications=()):  # type: ignore[no-untyped-def]
    from desktop.export.pdf import render_report_pdf

    return render_report_pdf(form, values, org=org, period=period, derived=derived, request=request,
                             justifications=list(justifications))


__all__ = [
    "ExportCancelled", "ExportError", "ExportResult", "P12Signer", "SignerSpec", "TokenSigner",
    "export_report", "revise_report", "revocation_source", "sample_refusal",
]
