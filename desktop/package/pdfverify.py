"""Check the signatures of any signed PDF (package.md, the last paragraph of "Verification").

For each signature, in the order the document was signed: valid or not, who signed, when (a time
proven by a trusted timestamp, or only claimed by the signer's computer), whether the document is
whole after it (a standard PAdES augmentation — validation data in a DSS and document timestamps —
may follow; anything else means the signature covers only an earlier revision), the trust path
and the PAdES level reached. The file's status is that of the signature covering the whole
document (made worse when any other signature is broken).

Real government PDFs are odd: BER-encoded signatures, junk unsigned attributes, SHA-1 in old
chains, only the signer's certificate embedded, local times labelled UTC. None of that may crash
or mislead: every failure becomes a problem in plain words. Synchronous (pyHanko runs its own
event loop); call it from a worker thread.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.validation import async_validate_pdf_signature, async_validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from desktop.i18n import N_, LocalizedError, Message
from desktop.package.diffpolicy import DIFF_POLICY
from desktop.package.pdfresult import PdfVerification, SignatureReport, conclude
from desktop.package.pdfrevisions import TooManyRevisions, read_pdf
from desktop.package.pdfsigcheck import (
    LocalTimeCheck,
    claimed_time_problems,
    dictionary_time,
    path_subjects,
    prepare_signature,
    proven_time,
    trust_verdict,
    vri_keys,
)
from desktop.package.smallfile import read_at_most
from desktop.package.trust import (
    G1_ROOT_FINGERPRINT,
    SHA1_CHAIN_POLICY,
    STRICT_CMS_POLICY,
    STRICT_POLICY,
    cert_fingerprint,
    path_ends_at,
)
from desktop.package.verify import KEY_USAGE
from desktop.signing.signers import VN_TZ, certificate_info, to_asn1

log = logging.getLogger(__name__)
logging.getLogger("pyhanko").addHandler(logging.NullHandler())

MAX_PDF_SIZE = 100 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
PADES = "/ETSI.CAdES.detached"
SUPPORTED = {PADES, "/adbe.pkcs7.detached", "/ETSI.RFC3161"}
DOC_TIMESTAMP = "/DocTimeStamp"

_CHANGES = {
    ModificationLevel.NONE: "none",
    ModificationLevel.LTA_UPDATES: "augmentation",
    ModificationLevel.FORM_FILLING: "form_filling",
    ModificationLevel.ANNOTATIONS: "annotations",
    ModificationLevel.OTHER: "other",
}
_CHANGE_TEXT = {
    "form_filling": N_("later signatures were added or form fields were filled in"),
    "annotations": N_("comments or other annotations were added"),
    "other": N_("the content was changed"),
}


def is_pdf(data: bytes) -> bool:
    """Whether `data` starts like a PDF (the header may follow a little junk, as readers allow)."""
    return PDF_MAGIC in data[:1024]


def verify_pdf(
    pdf: bytes | str | Path,
    *,
    trust_roots: Sequence[Any],
    crls: Sequence[bytes] = (),
    other_certs: Sequence[Any] = (),
    now: dt.datetime | None = None,
    sha1_roots: Iterable[str] | None = None,
) -> PdfVerification:
    """Check every signature of `pdf`. `other_certs` complete paths (bundled intermediates).
    `sha1_roots`: fingerprints of the roots under which SHA-1 certificate signatures are accepted
    (the G1 Government CA's by default, as for packages: `TrustContext.sha1_roots`); never on a
    signature itself.

    Raises LocalizedError only when `pdf` is a path that cannot be read.
    """
    data = pdf if isinstance(pdf, bytes) else _read(Path(pdf))  # None: larger than MAX_PDF_SIZE
    result = PdfVerification(sha256=hashlib.sha256(data).hexdigest() if data is not None else "")
    if data is None or len(data) > MAX_PDF_SIZE:
        result.problems.append(Message(N_("The PDF is larger than {limit} MB"), limit=MAX_PDF_SIZE >> 20))
        return result
    try:
        checker = _Checker(data, [to_asn1(root) for root in trust_roots], list(crls),
                           [to_asn1(cert) for cert in other_certs], now or dt.datetime.now(dt.UTC))
        checker.sha1_roots = frozenset(s.lower() for s in sha1_roots) if sha1_roots is not None else frozenset(
            {G1_ROOT_FINGERPRINT})
        asyncio.run(checker.run(result))
    except _Unreadable as exc:
        result.problems.append(exc.message)
        result.status = "invalid"
        return result
    except Exception:  # the last net: a hostile PDF must not end in a traceback
        log.exception("PDF verification crashed")
        result.problems.append(Message(N_("The PDF could not be checked: it is malformed")))
        result.status = "invalid"
        return result
    conclude(result)
    return result


def _read(path: Path) -> bytes | None:
    try:
        with path.open("rb") as handle:
            return read_at_most(handle, MAX_PDF_SIZE)
    except OSError as exc:
        raise LocalizedError(
            Message(N_("Cannot read {path}: {error}"), path=str(path), error=exc.strerror or exc)
        ) from None


class _Unreadable(Exception):
    def __init__(self, message: Message) -> None:
        self.message = message


class _Checker:
    def __init__(
        self,
        data: bytes,
        roots: list[asn1_x509.Certificate],
        crls: list[bytes],
        other_certs: list[asn1_x509.Certificate],
        now: dt.datetime,
    ) -> None:
        self.data, self.roots, self.crls, self.other_certs, self.now = data, roots, crls, other_certs, now
        self.sha1_roots: frozenset[str] = frozenset({G1_ROOT_FINGERPRINT})
        if not is_pdf(data):
            raise _Unreadable(Message(N_("The file is not a PDF")))
        try:
            self.reader = read_pdf(data)  # refused beyond MAX_PDF_REVISIONS: pdfrevisions.py
            if self.reader.encrypted:
                self.reader.decrypt(b"")
            self.revisions = self.reader.total_revisions
            self.fields = list(enumerate_sig_fields(self.reader, filled_status=True))
        except Exception as exc:
            log.info("unreadable PDF", exc_info=True)
            raise _Unreadable(exc.message if isinstance(exc, TooManyRevisions)  # beyond MAX_PDF_REVISIONS
                              else Message(N_("The file cannot be read as a PDF"))) from None
        self.dss_certs: list[asn1_x509.Certificate] = []
        self.dss_crls: list[Any] = []
        self.dss_ocsps: list[Any] = []
        self.vri_keys: dict[str, set[str]] = {}
        self._read_dss()

    def _read_dss(self) -> None:
        try:
            dss = DocumentSecurityStore.read_dss(self.reader)
            self.dss_certs = list(dss.load_certs())
            self.dss_crls = [asn1_crl.CertificateList.load(ref.get_object().data) for ref in dss.crls]
            self.dss_ocsps = [asn1_ocsp.OCSPResponse.load(ref.get_object().data) for ref in dss.ocsps]
        except Exception:  # no DSS, or a damaged one: checks go on without its data
            self.dss_certs, self.dss_crls, self.dss_ocsps = [], [], []

    def _dss_at(self, revision: int) -> tuple[int, set[str]]:
        """(CRLs and OCSP answers, VRI keys) of the DSS as the file stood at `revision` (1-based)."""
        try:
            dss = self.reader.get_historical_root(revision - 1).get("/DSS")
            if dss is None:
                return 0, set()
            dss = dss.get_object()
            count = sum(len(dss[key]) for key in ("/CRLs", "/OCSPs") if key in dss)
            vri = dss.get("/VRI")
            keys = {str(key).lstrip("/").upper() for key in vri.get_object()} if vri is not None else set()
            return count, keys
        except Exception:
            return 0, set()

    def revocation_added_after(self, revision: int, vri_keys: set[str]) -> int | None:
        """The first revision after `revision` where validation data for its signature was added:
        the DSS holds more revocation data than when it was signed, or names the signature in its
        VRI (when the data was already there, for an earlier signature of the same CA)."""
        before, _ = self._dss_at(revision)
        for later in range(revision + 1, self.revisions + 1):
            count, keys = self._dss_at(later)
            if count > before or (count and vri_keys & keys):
                return later
        return None

    def _sha1_anchors(self, signature: EmbeddedPdfSignature | None) -> list[asn1_x509.Certificate]:
        """The G1 roots the signer's chain of names leads to (package.md step 2: SHA-1 is accepted
        on certificates under them only), as `sigcheck.validation_context` decides for packages."""
        if signature is None or not self.sha1_roots:
            return []
        try:
            known = [*self.other_certs, *self.dss_certs, *signature.other_embedded_certs]
            return [root for root in path_ends_at(signature.signer_cert, self.roots, known)
                    if cert_fingerprint(root) in self.sha1_roots]
        except Exception:  # a damaged certificate: no allowance; validation says the rest
            return []

    def context(self, moment: dt.datetime, signature: EmbeddedPdfSignature | None = None) -> ValidationContext:
        """For `signature`'s signer when given (the G1 SHA-1 allowance applies), else strict.
        Revocation data: CRLs handed over, plus those and the OCSP answers stored in the document."""
        sha1_anchors = self._sha1_anchors(signature)
        return ValidationContext(
            algorithm_usage_policy=SHA1_CHAIN_POLICY if sha1_anchors else STRICT_POLICY,
            trust_roots=sha1_anchors or self.roots,
            other_certs=[*self.other_certs, *self.dss_certs],
            crls=[*self.crls, *self.dss_crls],
            ocsps=self.dss_ocsps,
            allow_fetching=False,
            revocation_mode="soft-fail",
            moment=moment,
        )

    async def run(self, result: PdfVerification) -> None:
        embedded: list[tuple[EmbeddedPdfSignature | None, SignatureReport]] = []
        for fq_name, sig_object, sig_field in self.fields:
            report = SignatureReport(field=str(fq_name), revisions=self.revisions)
            embedded.append((self._load(report, sig_object, sig_field, fq_name), report))
        embedded.sort(key=lambda pair: pair[1].revision or self.revisions + 1)
        # Document timestamps first: a valid one proves that everything before it existed then.
        for signature, report in embedded:
            if signature is not None and report.kind == "timestamp":
                await self._check_timestamp(signature, report)
        for signature, report in embedded:
            if signature is not None and report.kind == "signature":
                proof = self._later_proof(report.revision, [r for _, r in embedded])
                await self._check_signature(signature, report, proof)
        for _, report in embedded:
            if report.kind == "signature" and report.status != "invalid":
                report.level = self._level(report, [r for _, r in embedded])
        result.signatures = [report for _, report in embedded]

    def _load(
        self, report: SignatureReport, sig_object: Any, sig_field: Any, fq_name: str
    ) -> EmbeddedPdfSignature | None:
        try:
            obj = sig_object.get_object()
            report.subfilter = str(obj.get("/SubFilter", ""))
            if obj.get("/Type") == DOC_TIMESTAMP or report.subfilter == "/ETSI.RFC3161":
                report.kind = "timestamp"
            if report.subfilter not in SUPPORTED:  # adbe.pkcs7.sha1, adbe.x509.rsa_sha1: obsolete
                report.worsen("invalid", Message(N_("This kind of signature ({kind}) is not supported"),
                                                 kind=report.subfilter.lstrip("/") or "-"))
                return None
            signature = EmbeddedPdfSignature(self.reader, sig_field, fq_name)
            report.problems.extend(prepare_signature(signature))
            report.revision = signature.signed_revision + 1
            self.vri_keys[report.field] = vri_keys(signature.pkcs7_content)
            report.algorithm = signature.md_algorithm
            return signature
        except Exception:
            log.info("unreadable signature %s", fq_name, exc_info=True)
            report.worsen("invalid", Message(N_("The signature is damaged and cannot be read")))
            return None

    def _later_proof(self, revision: int, reports: list[SignatureReport]) -> dt.datetime | None:
        times = [r.signed_at for r in reports if r.kind == "timestamp" and r.proven and r.revision > revision
                 and r.signed_at is not None]
        return min(times) if times else None

    async def _check_timestamp(self, signature: EmbeddedPdfSignature, report: SignatureReport) -> None:
        try:
            gen_time = signature.signed_data["encap_content_info"]["content"].parsed["gen_time"].native
            status = await async_validate_pdf_timestamp(signature, self.context(gen_time), diff_policy=DIFF_POLICY)
        except Exception:
            log.info("document timestamp could not be validated", exc_info=True)
            report.worsen("invalid", Message(N_("The document timestamp is damaged and cannot be checked")))
            return
        report.signer = certificate_info(status.signing_cert).as_dict()
        report.signed_at = status.timestamp.astimezone(VN_TZ)
        self._coverage(status, report)
        report.trust_path, report.trusted_anchor = path_subjects(status, signature, self.other_certs)
        if not (status.intact and status.valid):
            report.worsen("invalid", Message(N_("The document timestamp is not valid (broken or forged)")))
            return
        if not status.trusted:
            report.worsen("untrusted", Message(N_("The timestamp authority is not trusted")))
            return
        if status.timestamp > self.now + dt.timedelta(minutes=5):
            report.worsen("invalid", Message(N_("The document timestamp lies in the future")))
            return
        report.proven = True

    async def _check_signature(
        self, signature: EmbeddedPdfSignature, report: SignatureReport, later_proof: dt.datetime | None
    ) -> None:
        if report.subfilter not in ("/ETSI.CAdES.detached", "/adbe.pkcs7.detached"):
            report.worsen("invalid", Message(N_("This kind of signature ({kind}) is not supported"),
                                             kind=report.subfilter.lstrip("/") or "-"))
            return
        own = proven_time(signature.signer_info)
        moment = own or later_proof or self.now
        status = await self._validate(signature, report, moment)
        if status is None:
            return
        stamp = status.timestamp_validity
        stamp_ok = stamp is not None and stamp.intact and stamp.valid and stamp.trusted
        if own is not None and not stamp_ok:
            report.problems.append(Message(N_("The timestamp of this signature is not valid or not trusted; "
                                              "its time proves nothing")))
            moment = later_proof or self.now
            status = await self._validate(signature, report, moment)
            if status is None:
                return
        report.signer = certificate_info(status.signing_cert).as_dict()
        report.claimed_at = status.signer_reported_dt.astimezone(VN_TZ) if status.signer_reported_dt else None
        if stamp_ok and stamp is not None:
            report.signed_at, report.proven = stamp.timestamp.astimezone(VN_TZ), True
        elif later_proof is not None:
            report.signed_at, report.proven = later_proof.astimezone(VN_TZ), True
            report.problems.append(Message(N_("The time is that of a later document timestamp, which proves the "
                                              "signature existed then")))
        else:
            report.signed_at = report.claimed_at
        self._coverage(status, report)
        report.trust_path, report.trusted_anchor = path_subjects(status, signature, self.other_certs)
        check = LocalTimeCheck(claimed=report.claimed_at, dictionary_time=dictionary_time(signature),
                               proven=report.signed_at if report.proven else None, now=self.now,
                               own_stamp=stamp_ok)
        report.problems.extend(claimed_time_problems(check))
        if not status.intact:
            report.worsen("invalid", Message(N_("The document was changed after signing: the signed bytes do not "
                                                "match")))
            return
        if not status.valid:
            report.worsen("invalid", Message(N_("The signature is not valid (broken, forged, or made with a weak "
                                                "algorithm)")))
            return
        if not status.trusted:
            verdict, message = trust_verdict(status, moment)
            report.worsen(verdict, message)

    async def _validate(self, signature: EmbeddedPdfSignature, report: SignatureReport, moment: dt.datetime) -> Any:
        try:
            return await async_validate_pdf_signature(
                signature,
                signer_validation_context=self.context(moment, signature),
                ts_validation_context=self.context(moment),
                key_usage_settings=KEY_USAGE,
                algorithm_policy=STRICT_CMS_POLICY,  # never SHA-1 on the signature itself
                diff_policy=DIFF_POLICY)  # pyHanko's, its XMP check without lxml
        except Exception:  # asn1crypto parses lazily: damage deep inside surfaces only now
            log.info("signature could not be validated", exc_info=True)
            report.worsen("invalid", Message(N_("The signature is damaged and cannot be checked")))
            return None

    def _coverage(self, status: Any, report: SignatureReport) -> None:
        level = status.modification_level
        if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
            report.covers_whole, report.changes_after = True, "none"
            return
        if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
            report.covers_whole, report.changes_after = False, "other"
            report.worsen("invalid", Message(N_("The signature does not cover its whole revision of the document")))
            return
        report.changes_after = _CHANGES.get(level, "other")
        report.covers_whole = report.changes_after == "augmentation"
        if not report.covers_whole:
            report.problems.append(Message(
                N_("This signature covers only revision {revision} of {revisions}; afterwards {changes}"),
                revision=report.revision, revisions=report.revisions,
                # "none" here: bytes follow the signed revision that change nothing pyHanko can name
                changes=Message(_CHANGE_TEXT.get(report.changes_after, _CHANGE_TEXT["other"])),
            ))

    def _level(self, report: SignatureReport, reports: list[SignatureReport]) -> str | None:
        if report.subfilter != PADES:
            return None
        # only a valid, trusted document timestamp proves anything
        later_stamps = [r for r in reports if r.kind == "timestamp" and r.proven and r.revision > report.revision]
        if not (report.proven or later_stamps):
            return "B-B"
        added = self.revocation_added_after(report.revision, self.vri_keys.get(report.field, set()))
        if added is None:
            return "B-T"
        if any(r.revision >= added for r in later_stamps):  # a stamp over the validation data
            return "B-LTA"
        return "B-LT"
