"""Verify a submission package: package.md's five steps, in order, stopping at the first failure.

1. container safety and layout; 2. the CAdES signature over the manifest (a missing trusted chain
makes the result `untrusted` but the checks go on), judged at the proven time with revocation
(`desktop.package.sigcheck.check_signature`); 3. the manifest lists exactly the data
entries and every SHA-256 matches; 4. the PDF's PAdES signature covers the whole file, is made by
the container's signer, and the data file inside the PDF equals `du-lieu.json`; 5. the JSON
parses and passes the caller's `schema_check`.

Hostile input never raises: every failure becomes a problem in plain words. Synchronous (pyHanko
runs its own event loop); call it from a worker thread.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from pyhanko.sign.validation.status import SignatureCoverageLevel

from desktop.i18n import N_, LocalizedError, Message
from desktop.package import asic, fastnames, hexstrings
from desktop.package.datajson import DataFileError, read_data_file
from desktop.package.manifest import SHA256_URI, ManifestError, parse_manifest
from desktop.package.pdfdigest import ByteRangeDigest, pdf_digests
from desktop.package.pdfrevisions import TooManyRevisions, read_pdf
from desktop.package.pdfsigcheck import approval_signatures, whole_but_augmentation
from desktop.package.roots import make_trust
from desktop.package.sigcheck import SignatureCheck, check_detached_cms, check_pdf_signature
from desktop.package.smallfile import read_at_most
from desktop.package.trust import SIGNER_KEY_USAGE, TrustContext
from desktop.package.zipsafe import MAX_FILE_SIZE, MB, UnsafeArchive
from desktop.signing.byterange import byte_range_problem
from desktop.signing.embedded import embedded_content, find_embedded_file, holds_deflated
from desktop.signing.signers import VN_TZ, certificate_info
from desktop.store.digest import sha256_hex

log = logging.getLogger(__name__)
# pyHanko logs every failed path building with a traceback; with no logging configured Python
# would print those on stderr. Records still reach the application's handlers if it has any.
logging.getLogger("pyhanko").addHandler(logging.NullHandler())
hexstrings.install()  # pyHanko reads a signature's /Contents at C speed, with the same result
fastnames.install()  # distinguished names compared once per pair of encodings, with the same result

SchemaCheck = Callable[[Any], Sequence[Message]]
KEY_USAGE = SIGNER_KEY_USAGE  # kept for callers of this module


@dataclass
class VerificationResult:
    status: str = "valid"  # "valid" | "untrusted" | "invalid"
    problems: list[Message] = field(default_factory=list)
    notes: list[Message] = field(default_factory=list)  # said plainly, not failures (no revocation data)
    signer: dict[str, str] = field(default_factory=dict)
    signed_at: dt.datetime | None = None  # the signing time the signer's computer claims
    proven_at: dt.datetime | None = None  # the time of a valid, trusted timestamp, else None
    timestamped: bool = False  # True only for a valid, trusted timestamp
    level: str = "B-B"  # "B-B" | "B-T" | "B-LT" | "B-LTA"
    data: Any = None
    sha256: str = ""  # of the package file, to tie receipts to the exact package
    attachments: list[str] = field(default_factory=list)
    signer_certificate: bytes | None = None  # DER of the container signer's certificate, for step 7

    def fail(self, message: Message) -> VerificationResult:
        self.status = "invalid"
        self.problems.append(message)
        return self

    def distrust(self, message: Message) -> None:
        if self.status == "valid":
            self.status = "untrusted"
        self.problems.append(message)


class _Stop(Exception):
    def __init__(self, message: Message) -> None:
        self.message = message


def verify_package(
    package: bytes | str | Path,
    *,
    trust_roots: Sequence[Any] = (),
    schema_check: SchemaCheck | None = None,
    crls: Sequence[bytes] = (),
    trust: TrustContext | None = None,
    proven_time: dt.datetime | None = None,
) -> VerificationResult:
    """Check a package against `trust` (see `desktop.package.roots.trust_context`), or else
    against `trust_roots` (certificates: cryptography, asn1crypto, PEM or DER) with `crls` (DER)
    and the bundled intermediates.

    `proven_time`: a moment the package is known to have existed (the Inbox's first receipt); the
    certificate is judged then when no trusted timestamp proves an earlier time, else now.
    Raises LocalizedError only when `package` is a path that cannot be read (a usage error,
    not a property of the package).
    """
    if isinstance(package, bytes):
        data = package
    else:
        limited = _read_limited(Path(package))
        if limited is None:
            return VerificationResult().fail(
                Message(N_("The package is larger than {limit} MB"), limit=MAX_FILE_SIZE // MB)
            )
        data = limited
    result = VerificationResult(sha256=sha256_hex(data))
    try:
        if trust is None:
            trust = make_trust(trust_roots, crls=crls)
        elif trust_roots or crls:
            trust = make_trust([*trust.roots, *trust_roots], crls=[*trust.crls, *crls],
                               intermediates=trust.intermediates, online=trust.online, sha1_roots=trust.sha1_roots)
        _verify(data, result, trust, proven_time, schema_check)
    except _Stop as stop:
        result.fail(stop.message)
    except Exception:  # the last net: hostile input must not end in a traceback
        log.exception("verification crashed")
        result.fail(Message(N_("The package could not be checked: it is malformed")))
    return result


def _read_limited(path: Path) -> bytes | None:
    try:
        with path.open("rb") as handle:
            return read_at_most(handle, MAX_FILE_SIZE)
    except OSError as exc:
        raise LocalizedError(
            Message(N_("Cannot read {path}: {error}"), path=str(path), error=exc.strerror or exc)
        ) from None


def _verify(
    data: bytes,
    result: VerificationResult,
    trust: TrustContext,
    proven_time: dt.datetime | None,
    schema_check: SchemaCheck | None,
) -> None:
    try:  # step 1
        package = asic.read_package(data)
    except UnsafeArchive as exc:
        raise _Stop(exc.message) from None
    result.attachments = [name for name, _ in package.attachments]
    asyncio.run(_verify_signatures(package, result, trust, proven_time))  # steps 2 and 4
    if result.status == "invalid":
        return
    _check_json(package, result, schema_check)  # step 5


async def _verify_signatures(
    package: asic.Package,
    result: VerificationResult,
    trust: TrustContext,
    proven_time: dt.datetime | None,
) -> None:
    check = await _check_container_signature(package, result, trust, proven_time)  # step 2
    signed_range = _check_manifest(package)  # step 3
    assert check.signer_cert is not None
    await _check_pdf(package, result, trust, check, check.signer_cert, signed_range)  # step 4


def _signed_data(signature: bytes) -> cms.SignedData:
    try:
        content_info = cms.ContentInfo.load(signature, strict=True)
        if content_info["content_type"].native != "signed_data":
            raise ValueError("not signed data")
        signed_data = content_info["content"]
        if len(signed_data["signer_infos"]) != 1:
            raise ValueError("not exactly one signer")
        if signed_data["encap_content_info"]["content"].native is not None:
            raise ValueError("not detached")
        _read_through(signed_data["signer_infos"][0]["signed_attrs"])  # parse it all now
        return signed_data
    except (ValueError, TypeError, KeyError, OverflowError):
        raise _Stop(Message(N_("The package signature is damaged or is not a CAdES signature"))) from None


# Signed attributes read through without error before: the same bytes read the same way again,
# so they are not read again. A signer's ESS signing-certificate attribute is the same bytes in
# every package it signs, and takes asn1crypto about a millisecond to read.
_READ_ATTRIBUTES: set[bytes] = set()
_MAX_READ_ATTRIBUTES = 512


def _read_through(attributes: Any) -> None:
    """Every value of the signed attributes parsed now (damage raises here, not in pyHanko)."""
    if not isinstance(attributes, cms.CMSAttributes):
        attributes.native  # noqa: B018 - absent (Void) or not attributes: as before
        return
    for attribute in attributes:
        encoded = attribute.dump()
        if encoded not in _READ_ATTRIBUTES:
            attribute.native  # noqa: B018 - parse it all
            if len(_READ_ATTRIBUTES) >= _MAX_READ_ATTRIBUTES:
                _READ_ATTRIBUTES.clear()
            _READ_ATTRIBUTES.add(encoded)


def _merge(result: VerificationResult, check: SignatureCheck) -> None:
    """A check that did not refuse: its problems make the result `untrusted` when it is."""
    result.problems.extend(check.problems)
    result.notes.extend(note for note in check.notes if note not in result.notes)
    if check.verdict == "untrusted" and result.status == "valid":
        result.status = "untrusted"


async def _check_container_signature(
    package: asic.Package,
    result: VerificationResult,
    trust: TrustContext,
    proven_time: dt.datetime | None,
) -> SignatureCheck:
    signed_data = _signed_data(package.signature)
    signer_info = signed_data["signer_infos"][0]
    if not any(a["type"].native == "signing_time" for a in signer_info["signed_attrs"]):
        raise _Stop(Message(N_("The package signature has no signing time")))

    try:
        check = await check_detached_cms(package.manifest, signed_data, trust=trust, proven_time=proven_time)
    except Exception:  # asn1crypto parses lazily: a damaged certificate inside raises only now
        log.info("the container signature could not be parsed", exc_info=True)
        raise _Stop(Message(N_("The package signature is damaged or is not a CAdES signature"))) from None
    if check.status is not None and not check.intact:
        raise _Stop(Message(N_("The list of files (manifest) was changed after signing")))
    if check.status is not None and not check.valid:
        raise _Stop(Message(N_("The package signature is not valid (broken or forged)")))
    if check.signer_cert is not None:
        result.signer = certificate_info(check.signer_cert).as_dict()
        result.signer_certificate = check.signer_cert.dump()
    if check.claimed_at is not None:
        result.signed_at = check.claimed_at.astimezone(VN_TZ)
    if check.proven_at is not None:
        result.proven_at = check.proven_at.astimezone(VN_TZ)
    result.timestamped = check.timestamped
    result.level = check.level
    if check.verdict == "invalid":  # the last problem is the refusal; those before it stand beside it
        result.problems.extend(check.problems[:-1])
        raise _Stop(check.problems[-1] if check.problems else
                    Message(N_("The package signature is not valid (broken or forged)")))
    _merge(result, check)
    return check


def _check_manifest(package: asic.Package) -> ByteRangeDigest | None:
    """Step 3; returns the digest of what the PDF's signature seems to cover, hashed in the same
    pass as the PDF's manifest digest (`pdfdigest`), for step 4."""
    try:
        manifest = parse_manifest(package.manifest)
    except ManifestError as exc:
        raise _Stop(exc.message) from None
    if manifest.signature_uri != asic.SIGNATURE_NAME:
        raise _Stop(Message(N_("The manifest names another signature file")))
    listed = [reference.uri for reference in manifest.references]
    present = [name for name, _ in package.data_objects()]
    if sorted(listed) != sorted(present):
        missing = sorted(set(present) - set(listed))
        extra = sorted(set(listed) - set(present))
        raise _Stop(
            Message(
                N_("The manifest does not list exactly the files in the package "
                "(not listed: {missing}; listed but absent or repeated: {extra})"),
                missing=", ".join(missing) or "-",
                extra=", ".join(extra) or ", ".join(sorted(listed)),
            )
        )
    by_name = dict(package.data_objects())
    signed_range = None
    for reference in manifest.references:
        if reference.digest_algorithm != SHA256_URI:
            raise _Stop(Message(N_("The manifest uses a digest other than SHA-256")))
        if reference.uri == asic.PDF_NAME:
            digests = pdf_digests(package.pdf)
            actual, signed_range = digests.whole, digests.byte_range
        else:
            actual = hashlib.sha256(by_name[reference.uri]).digest()
        if actual != reference.digest:
            raise _Stop(_changed(reference.uri))
    return signed_range


def _changed(name: str) -> Message:
    if name == asic.DATA_NAME:
        return Message(N_("The data file was changed after signing"))
    if name == asic.PDF_NAME:
        return Message(N_("The report PDF was changed after signing"))
    return Message(N_("The attachment {name} was changed after signing"), name=name)


async def _check_pdf(
    package: asic.Package,
    result: VerificationResult,
    trust: TrustContext,
    container: SignatureCheck,
    container_cert: asn1_x509.Certificate,
    signed_range: ByteRangeDigest | None = None,
) -> None:
    try:
        reader = read_pdf(package.pdf)  # refused beyond MAX_PDF_REVISIONS: pdfrevisions.py
        signatures = reader.embedded_signatures
    except TooManyRevisions as exc:
        raise _Stop(exc.message) from None
    except Exception:
        raise _Stop(Message(N_("The report PDF cannot be read"))) from None
    if not signatures:
        raise _Stop(Message(N_("The report PDF is not signed")))
    if len(approval_signatures(signatures)) > 1:  # document timestamps of an augmentation may follow
        raise _Stop(Message(N_("The report PDF carries more than one signature")))
    signature = signatures[0]
    if signature.sig_object.get("/SubFilter") != "/ETSI.CAdES.detached":
        raise _Stop(Message(N_("The report's signature is not a PAdES signature")))
    odd_range = byte_range_problem(signature.sig_object, package.pdf)
    if odd_range is not None:
        raise _Stop(odd_range)
    if signed_range is not None:  # only when it is this signature's range: pyHanko's own digest
        signed_range.for_signature(signature)

    # The container's proven time stands as proof of existence for the PDF signed just before it.
    try:
        check = await check_pdf_signature(signature, reader, trust=trust, signatures=signatures,
                                          proven_time=container.proven_at or container.judged_at)
    except Exception:  # a damaged signature dictionary or CMS blob inside a readable PDF
        log.info("the report's signature could not be parsed", exc_info=True)
        raise _Stop(Message(N_("The report's signature is damaged and cannot be checked"))) from None
    status = check.status
    if status is not None and not status.intact:
        raise _Stop(Message(N_("The report PDF was changed after signing")))
    if status is not None and not status.valid:
        raise _Stop(Message(N_("The report's signature is not valid (broken or forged)")))
    if check.verdict == "invalid":  # trust and time problems of the same certificate are said once
        raise _Stop(check.problems[-1])
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE and not whole_but_augmentation(status):
        raise _Stop(Message(N_("Something was added to the report PDF after it was signed")))
    if signature.signer_cert.dump() != container_cert.dump():
        raise _Stop(Message(N_("The report was signed with a different certificate than the package")))
    try:
        stream = find_embedded_file(reader, asic.DATA_NAME)
        if stream is None:
            raise _Stop(Message(N_("The report PDF does not carry the data file")))
        # The exporter embeds the very deflate data it zips: then the copy is known equal unread.
        if (package.data_json_deflated is not None and not reader.encrypted
                and holds_deflated(stream, package.data_json_deflated, package.data_json)):
            return
        embedded = embedded_content(stream, asic.DATA_NAME)
    except LocalizedError as exc:  # two files named du-lieu.json, or one that cannot be read
        raise _Stop(exc.message) from None
    if embedded != package.data_json:
        raise _Stop(Message(N_("The data inside the report PDF differs from the data file")))


def _check_json(
    package: asic.Package, result: VerificationResult, schema_check: SchemaCheck | None
) -> None:
    raw = package.data_json
    try:
        data = read_data_file(raw)
    except DataFileError as exc:
        result.fail(exc.message)
        return
    result.data = data
    if schema_check is None:
        return
    try:
        if getattr(schema_check, "takes_text", False):  # spares serializing the data again
            problems = list(schema_check(data, text=raw))  # type: ignore[call-arg]
        else:
            problems = list(schema_check(data))
    except Exception as exc:  # hostile data may upset a checker; say so instead of crashing
        log.exception("schema check crashed")
        problems = [Message(N_("The data file could not be checked: {error}"), error=str(exc)[:200])]
    for problem in problems:
        result.fail(problem)
