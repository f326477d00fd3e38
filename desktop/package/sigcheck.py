"""One CMS signature judged against a trust context: the building block of every verification.

`check_signature` is shared by the package's container signature, the PDF inside it and any
signed PDF (`ct20 verify file.pdf`). It decides, in this order:
- the signature's own algorithms (never SHA-1/MD5 on the signature itself);
- whether the signer's certificate may sign documents (key usage, extended key usage);
- the time the certificate is judged at (package.md "Submission time"): a timestamp token's time
  when the token is intact, from a trusted timestamp authority (timeStamping EKU, path to a trust
  anchor), its imprint over this signature's value, not in the future and not before the claimed
  signing time by more than a few minutes; else the caller's proof of existence (`proven_time`,
  e.g. the Inbox's first receipt); else now. The claimed signing time never decides;
- cryptographic validity (pyHanko), path to an anchor (SHA-1 allowed only under the G1 roots of
  the trust context), revocation at the judged time from every source we have;
- the level reached (B-B, B-T, B-LT, B-LTA).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from pyhanko.sign.validation.generic_cms import extract_certificate_info
from pyhanko_certvalidator import ValidationContext

from desktop.i18n import N_, Message
from desktop.package.revocation import RevocationData, embedded_in_cms, embedded_in_pdf, speaks_about
from desktop.package.trust import (
    SHA1_CHAIN_POLICY,
    SIGNER_KEY_USAGE,
    STRICT_CMS_POLICY,
    STRICT_POLICY,
    WEAK_DIGESTS,
    TrustContext,
    cert_fingerprint,
    classify_trust_problem,
    path_ends_at,
    purpose_problem,
)
from desktop.signing.signers import vn_time

log = logging.getLogger(__name__)

# A timestamp may precede the claimed signing time by this much (clocks of honest PCs drift)...
EARLIER_TOLERANCE = dt.timedelta(minutes=10)
# ... and be ahead of this computer's clock by this much.
FUTURE_TOLERANCE = dt.timedelta(minutes=5)
LOCAL_AS_UTC = dt.timedelta(hours=7)  # Vietnam (UTC+7) has no daylight saving time
ARCHIVE_TIMESTAMPS = {"1.2.840.113549.1.9.16.2.27", "1.2.840.113549.1.9.16.2.48", "0.4.0.1733.2.4"}

# (signer context, timestamp context) -> a pyHanko signature status
Validate = Callable[[ValidationContext, ValidationContext], Awaitable[Any]]


@dataclass
class SignatureCheck:
    """The verdict on one signature. `intact`/`valid` False: the caller words the failure for
    what the signature covers (a manifest, a PDF); `problems` hold everything else."""

    verdict: str = "valid"  # "valid" | "untrusted" | "invalid"
    intact: bool = True
    valid: bool = True
    problems: list[Message] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)
    signer_cert: asn1_x509.Certificate | None = None
    claimed_at: dt.datetime | None = None  # what the signer's computer says
    proven_at: dt.datetime | None = None  # a valid, trusted timestamp's time
    judged_at: dt.datetime | None = None  # the moment the certificate was judged at
    level: str = "B-B"
    status: Any = None  # pyHanko's status object, for callers that need more (coverage ...)

    @property
    def timestamped(self) -> bool:
        return self.proven_at is not None

    def refuse(self, message: Message) -> SignatureCheck:
        self.verdict = "invalid"
        self.problems.append(message)
        return self

    def distrust(self, message: Message) -> None:
        if self.verdict == "valid":
            self.verdict = "untrusted"
        self.problems.append(message)


def claimed_signing_time(signer_info: cms.SignerInfo) -> dt.datetime | None:
    try:
        for attribute in signer_info["signed_attrs"] or []:
            if attribute["type"].native == "signing_time":
                value = attribute["values"][0].native
                return value if isinstance(value, dt.datetime) else None
    except (ValueError, TypeError, KeyError, IndexError):
        return None
    return None


def _timestamp_tokens(signer_info: cms.SignerInfo) -> list[cms.ContentInfo]:
    try:
        return [value for attribute in signer_info["unsigned_attrs"] or []
                if attribute["type"].native == "signature_time_stamp_token" for value in attribute["values"]]
    except (ValueError, TypeError, KeyError):
        return []


def _carries_timestamps(signer_info: cms.SignerInfo) -> bool:
    """Whether pyHanko will validate a timestamp token of this signature: a signature timestamp
    (unsigned attribute) or a content timestamp (signed attribute). True when unsure."""
    try:
        return any(attribute["type"].native == "signature_time_stamp_token"
                   for attribute in signer_info["unsigned_attrs"] or []) or any(
            attribute["type"].native == "content_time_stamp" for attribute in signer_info["signed_attrs"] or [])
    except Exception:
        return True


def _token_time(token: cms.ContentInfo) -> dt.datetime | None:
    try:
        value = token["content"]["encap_content_info"]["content"].parsed["gen_time"].native
        return value if isinstance(value, dt.datetime) else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _signer_certificate(
    signed_data: cms.SignedData,
) -> tuple[asn1_x509.Certificate, list[asn1_x509.Certificate]] | None:
    """The signer's certificate and the others carried. Issuer names are compared as encoded
    first (fast, and what a conforming signer writes), then as pyHanko compares them."""
    try:
        certs = [choice.chosen for choice in signed_data["certificates"] or [] if choice.name == "certificate"]
        sid = signed_data["signer_infos"][0]["sid"]
        if sid.name == "issuer_and_serial_number":
            issuer, serial = sid.chosen["issuer"].dump(), sid.chosen["serial_number"].native
            match = [c for c in certs if c.serial_number == serial and c.issuer.dump() == issuer]
        else:
            match = [c for c in certs if c.key_identifier == sid.chosen.native]
        if match:
            return match[0], [c for c in certs if c is not match[0]]
        info = extract_certificate_info(signed_data)
        return info.signer_cert, list(info.other_certs)
    except Exception:
        return None


def _has_archive_timestamp(signer_info: cms.SignerInfo) -> bool:
    return any(attribute["type"].dotted in ARCHIVE_TIMESTAMPS for attribute in signer_info["unsigned_attrs"] or [])


def validation_context(
    cert: asn1_x509.Certificate,
    trust: TrustContext,
    revocation: RevocationData,
    moment: dt.datetime,
    *,
    carried: Sequence[asn1_x509.Certificate] = (),
) -> ValidationContext:
    """A pyHanko context for validating `cert` at `moment`. When the names above `cert` lead to a
    root of `trust.sha1_roots` (the G1 Government CA), that root alone is the anchor and SHA-1
    certificate signatures are accepted; otherwise every anchor, SHA-1 refused."""
    known = [*trust.intermediates, *carried]
    sha1_roots = [root for root in path_ends_at(cert, trust.roots, known)
                  if cert_fingerprint(root) in trust.sha1_roots]
    return ValidationContext(
        trust_manager=trust.trust_manager(sha1_roots or trust.roots),
        other_certs=known,
        crls=revocation.crls,
        ocsps=revocation.ocsps,
        moment=moment,
        allow_fetching=trust.online,
        revocation_mode="soft-fail",
        # A CRL issued after the judged moment still tells whether the certificate was revoked
        # by then (a revoked serial stays listed), which is what the Inbox needs years later.
        retroactive_revinfo=True,
        algorithm_usage_policy=SHA1_CHAIN_POLICY if sha1_roots else STRICT_POLICY,
    )


async def check_signature(
    signed_data: cms.SignedData,
    validate: Validate,
    *,
    trust: TrustContext,
    proven_time: dt.datetime | None = None,
    claimed_time: dt.datetime | None = None,
    extra_revocation: RevocationData | None = None,
    archive_timestamped: bool = False,
    now: dt.datetime | None = None,
) -> SignatureCheck:
    """Judge one signature. `validate` runs pyHanko's validation (detached CMS or PDF) with the
    contexts given; `claimed_time` stands in when the signature has no signing-time attribute
    (a PDF's /M); `extra_revocation` adds data found beside the signature (a PDF's DSS);
    `archive_timestamped`: a later document timestamp covers the signature (PAdES B-LTA).
    Never raises on hostile input that pyHanko parses; the caller catches the rest."""
    now = now or dt.datetime.now(dt.UTC)
    check = SignatureCheck()
    signer_info = signed_data["signer_infos"][0]
    check.claimed_at = claimed_signing_time(signer_info) or claimed_time
    digest = signer_info["digest_algorithm"]["algorithm"].native
    mechanism = str(signer_info["signature_algorithm"]["algorithm"].native)
    if digest in WEAK_DIGESTS or any(mechanism.startswith(weak + "_") for weak in WEAK_DIGESTS):
        return check.refuse(Message(N_("The signature is made with a weak algorithm ({algorithm}); "
                                       "only SHA-2 and newer are accepted"), algorithm=digest.upper()))
    found = _signer_certificate(signed_data)
    if found is None:
        return check.refuse(Message(N_("The signer's certificate is missing from the signature")))
    cert, carried = found
    check.signer_cert = cert
    if (problem := purpose_problem(cert)) is not None:
        return check.refuse(problem)

    revocation = RevocationData(crls=list(trust.crls))
    embedded = embedded_in_cms(signed_data)
    if extra_revocation:
        embedded.add(extra_revocation)
    revocation.add(embedded)

    tokens = _timestamp_tokens(signer_info)
    token_time = _token_time(tokens[0]) if tokens else None
    fallback = proven_time or now
    window_problem = _window_problem(token_time, check.claimed_at, now) if token_time else None
    moment = token_time if token_time is not None and window_problem is None else fallback

    contexts: list[ValidationContext] = []

    timestamps = _carries_timestamps(signer_info)

    async def run(at: dt.datetime) -> Any:
        signer_vc = validation_context(cert, trust, revocation, at, carried=carried)
        contexts.append(signer_vc)
        # pyHanko reads the timestamp context only for the tokens a signature carries: without
        # one it is never looked at, so none is built (what pyHanko does when given None)
        ts_vc = _timestamp_context(tokens, trust, token_time or at) if timestamps else signer_vc
        return await validate(signer_vc, ts_vc)

    status = await run(moment)
    if tokens:
        tsv = getattr(status, "timestamp_validity", None)
        if tsv is None or not (tsv.intact and tsv.valid):
            check.status = status
            check.intact, check.valid = bool(status.intact), bool(status.valid)
            return check.refuse(Message(N_("The timestamp of the signature is broken or does not belong to it")))
        if not tsv.trusted:
            check.problems.append(Message(
                N_("The timestamp was not issued by a trusted timestamp authority; the signing time "
                   "is only claimed by the signer's computer")))
        elif window_problem is not None:
            check.problems.append(window_problem)
        else:
            check.proven_at = token_time
            if token_time is not None and check.claimed_at and _local_time_as_utc(token_time, check.claimed_at):
                check.notes.append(Message(
                    N_("The claimed signing time ({claimed}) looks like Vietnam local time written as UTC; "
                       "the timestamp's time ({time}) is the one that counts"),
                    claimed=vn_time(check.claimed_at), time=vn_time(token_time)))
        if check.proven_at is None and moment != fallback:
            moment = fallback
            status = await run(moment)
    check.status = status
    check.judged_at = moment
    check.intact, check.valid = bool(status.intact), bool(status.valid)
    if not (check.intact and check.valid):
        check.verdict = "invalid"
        return check
    if not status.trusted:
        basis = "timestamp" if check.proven_at else "receipt" if proven_time else "now"
        verdict, message = classify_trust_problem(status, moment, basis=basis, claimed=check.claimed_at)
        if verdict == "invalid":
            return check.refuse(message)
        check.distrust(message)
    # what the last validation had: ours, the signature's and (online) what pyHanko fetched
    known_crls = [crl.dump() for crl in contexts[-1].crls]
    known_ocsps = [response.dump() for response in contexts[-1].ocsps]
    if not speaks_about(cert, known_crls, known_ocsps, moment):
        check.notes.append(Message(
            N_("No revocation information (CRL or OCSP) was available for the signer's certificate: "
               "whether it was revoked could not be checked")))
    check.level = _level(check, cert, embedded, archive_timestamped or _has_archive_timestamp(signer_info))
    log.debug("signature judged at %s: %s", vn_time(moment), check.verdict)
    return check


def _local_time_as_utc(token_time: dt.datetime, claimed: dt.datetime | None) -> bool:
    """A claimed time 7 hours ahead of the timestamp: Vietnam's local time written as UTC, a
    known fault of some signing tools (the timestamp, not the claim, is what counts)."""
    return claimed is not None and abs((claimed - token_time) - LOCAL_AS_UTC) <= EARLIER_TOLERANCE


def _window_problem(token_time: dt.datetime, claimed: dt.datetime | None, now: dt.datetime) -> Message | None:
    if token_time > now + FUTURE_TOLERANCE:
        return Message(N_("The timestamp ({time}) is in the future; the signing time is only claimed"),
                       time=vn_time(token_time))
    if claimed is not None and token_time < claimed - EARLIER_TOLERANCE and not _local_time_as_utc(token_time, claimed):
        return Message(
            N_("The timestamp ({time}) is earlier than the claimed signing time ({claimed}); "
               "the signing time is only claimed"),
            time=vn_time(token_time), claimed=vn_time(claimed))
    return None


def _timestamp_context(tokens: list[cms.ContentInfo], trust: TrustContext, at: dt.datetime) -> ValidationContext:
    """The context for the timestamp authority's certificate, judged at the token's time; SHA-1
    on its chain follows the same G1 rule as a signer's."""
    tsa_cert = None
    if tokens:
        try:
            tsa_cert = extract_certificate_info(tokens[0]["content"]).signer_cert
        except Exception:
            tsa_cert = None
    if tsa_cert is None:
        return ValidationContext(trust_manager=trust.trust_manager(trust.roots), moment=at,
                                 algorithm_usage_policy=STRICT_POLICY)
    return validation_context(tsa_cert, trust, RevocationData(crls=list(trust.crls)), at)


def _level(check: SignatureCheck, cert: asn1_x509.Certificate, embedded: RevocationData, archived: bool) -> str:
    if check.proven_at is None:
        return "B-B"
    if not speaks_about(cert, embedded.crls, embedded.ocsps):
        return "B-T"
    return "B-LTA" if archived else "B-LT"


async def check_detached_cms(
    content: bytes,
    signed_data: cms.SignedData,
    *,
    trust: TrustContext,
    proven_time: dt.datetime | None = None,
) -> SignatureCheck:
    """`check_signature` for a detached CMS/CAdES signature over `content` (the container's)."""
    from pyhanko.sign.validation import async_validate_detached_cms

    async def validate(signer_vc: ValidationContext, ts_vc: ValidationContext) -> Any:
        return await async_validate_detached_cms(
            content, signed_data, signer_validation_context=signer_vc, ts_validation_context=ts_vc,
            key_usage_settings=SIGNER_KEY_USAGE, algorithm_policy=STRICT_CMS_POLICY,
        )

    return await check_signature(signed_data, validate, trust=trust, proven_time=proven_time)


async def check_pdf_signature(
    signature: Any,
    reader: Any,
    *,
    trust: TrustContext,
    proven_time: dt.datetime | None = None,
    signatures: Sequence[Any] | None = None,
) -> SignatureCheck:
    """`check_signature` for one signature of a PDF (`signature`: an EmbeddedPdfSignature of
    `reader`): its /M as the claimed time when the CMS has no signing-time, the DSS's CRLs/OCSP,
    and B-LTA when a later document timestamp of the file is valid and trusted (`signatures`: the
    reader's embedded signatures when the caller has them already; reading them is not free).
    `check.status` is pyHanko's PdfSignatureStatus (coverage, modification level)."""
    from pyhanko.sign.validation import async_validate_pdf_signature

    from desktop.package.diffpolicy import DIFF_POLICY

    async def validate(signer_vc: ValidationContext, ts_vc: ValidationContext) -> Any:
        return await async_validate_pdf_signature(
            signature, signer_validation_context=signer_vc, ts_validation_context=ts_vc,
            key_usage_settings=SIGNER_KEY_USAGE, algorithm_policy=STRICT_CMS_POLICY,
            diff_policy=DIFF_POLICY)  # pyHanko's, its XMP check without lxml

    try:
        claimed = signature.self_reported_timestamp
    except Exception:  # a malformed /M is no reason to stop
        claimed = None
    return await check_signature(
        signature.signed_data, validate, trust=trust, proven_time=proven_time, claimed_time=claimed,
        extra_revocation=embedded_in_pdf(reader),
        archive_timestamped=await _document_timestamp_after(signature, reader, trust, signatures),
    )


async def _document_timestamp_after(
    signature: Any, reader: Any, trust: TrustContext, signatures: Sequence[Any] | None
) -> bool:
    """Whether a valid, trusted document timestamp (PAdES B-LTA) was added after `signature`."""
    from pyhanko.sign.validation import async_validate_pdf_timestamp

    try:
        signatures = list(reader.embedded_signatures if signatures is None else signatures)
        later = signatures[signatures.index(signature) + 1:] if signature in signatures else []
        for candidate in later:
            if candidate.sig_object.get("/Type") != "/DocTimeStamp":
                continue
            context = ValidationContext(trust_roots=list(trust.roots), other_certs=list(trust.intermediates),
                                        algorithm_usage_policy=STRICT_POLICY)
            status = await async_validate_pdf_timestamp(candidate, validation_context=context, skip_diff=True)
            if status.intact and status.valid and status.trusted:
                return True
    except Exception:
        log.info("a document timestamp could not be checked", exc_info=True)
    return False
