"""Verify a submission package: package.md's five steps, in order, stopping at the first failure.

1. container safety and layout; 2. the CAdES signature over the manifest (a missing trusted chain
makes the result `untrusted` but the checks go on); 3. the manifest lists exactly the data
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
import io
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_detached_cms, async_validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from desktop.i18n import N_, LocalizedError, Message
from desktop.package import asic
from desktop.package.manifest import SHA256_URI, ManifestError, parse_manifest
from desktop.package.pdfsigcheck import approval_signatures, whole_but_augmentation
from desktop.package.trust import classify_trust_problem
from desktop.package.zipsafe import MAX_FILE_SIZE, MB, UnsafeArchive
from desktop.signing.pdfsign import read_embedded_file
from desktop.signing.signers import VN_TZ, certificate_info, to_asn1

log = logging.getLogger(__name__)
# pyHanko logs every failed path building with a traceback; with no logging configured Python
# would print those on stderr. Records still reach the application's handlers if it has any.
logging.getLogger("pyhanko").addHandler(logging.NullHandler())

SchemaCheck = Callable[[Any], Sequence[Message]]
KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature"})


@dataclass
class VerificationResult:
    status: str = "valid"  # "valid" | "untrusted" | "invalid"
    problems: list[Message] = field(default_factory=list)
    signer: dict[str, str] = field(default_factory=dict)
    signed_at: dt.datetime | None = None  # the timestamp's time, else the signer's claimed time
    timestamped: bool = False
    data: Any = None
    sha256: str = ""  # of the package file, to tie receipts to the exact package
    attachments: list[str] = field(default_factory=list)

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
    trust_roots: Sequence[Any],
    schema_check: SchemaCheck | None = None,
    crls: Sequence[bytes] = (),
) -> VerificationResult:
    """Check a package; `trust_roots` are certificates (cryptography, asn1crypto, PEM or DER).

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
    result = VerificationResult(sha256=hashlib.sha256(data).hexdigest())
    try:
        roots = [to_asn1(root) for root in trust_roots]
        _verify(data, result, roots, list(crls), schema_check)
    except _Stop as stop:
        result.fail(stop.message)
    except Exception:  # the last net: hostile input must not end in a traceback
        log.exception("verification crashed")
        result.fail(Message(N_("The package could not be checked: it is malformed")))
    return result


def _read_limited(path: Path) -> bytes | None:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_SIZE + 1)
    except OSError as exc:
        raise LocalizedError(
            Message(N_("Cannot read {path}: {error}"), path=str(path), error=exc.strerror or exc)
        ) from None
    return None if len(data) > MAX_FILE_SIZE else data


def _verify(
    data: bytes,
    result: VerificationResult,
    roots: list[asn1_x509.Certificate],
    crls: list[bytes],
    schema_check: SchemaCheck | None,
) -> None:
    try:  # step 1
        package = asic.read_package(data)
    except UnsafeArchive as exc:
        raise _Stop(exc.message) from None
    result.attachments = [name for name, _ in package.attachments]
    asyncio.run(_verify_signatures(package, result, roots, crls))  # steps 2 and 4
    if result.status == "invalid":
        return
    _check_json(package, result, schema_check)  # step 5


async def _verify_signatures(
    package: asic.Package,
    result: VerificationResult,
    roots: list[asn1_x509.Certificate],
    crls: list[bytes],
) -> None:
    signer_cert = await _check_container_signature(package, result, roots, crls)  # step 2
    _check_manifest(package)  # step 3
    await _check_pdf(package, result, roots, crls, signer_cert)  # step 4


def _context(roots: list[asn1_x509.Certificate], crls: list[bytes], moment: dt.datetime) -> ValidationContext:
    return ValidationContext(
        trust_roots=roots,
        crls=crls,
        allow_fetching=False,
        revocation_mode="soft-fail",
        moment=moment,
    )


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
        signed_data["signer_infos"][0]["signed_attrs"].native  # noqa: B018 - parse it all now
        return signed_data
    except (ValueError, TypeError, KeyError, OverflowError):
        raise _Stop(Message(N_("The package signature is damaged or is not a CAdES signature"))) from None


def _claimed_time(signer_info: cms.SignerInfo) -> dt.datetime | None:
    for attribute in signer_info["signed_attrs"]:
        if attribute["type"].native == "signing_time":
            return attribute["values"][0].native
    return None


def _timestamp_time(signer_info: cms.SignerInfo) -> dt.datetime | None:
    for attribute in signer_info["unsigned_attrs"] or []:
        if attribute["type"].native == "signature_time_stamp_token":
            token = attribute["values"][0]
            tst_info = token["content"]["encap_content_info"]["content"].parsed
            return tst_info["gen_time"].native
    return None


async def _check_container_signature(
    package: asic.Package,
    result: VerificationResult,
    roots: list[asn1_x509.Certificate],
    crls: list[bytes],
) -> asn1_x509.Certificate:
    signed_data = _signed_data(package.signature)
    signer_info = signed_data["signer_infos"][0]
    claimed = _claimed_time(signer_info)
    if claimed is None:
        raise _Stop(Message(N_("The package signature has no signing time")))
    stamped = _timestamp_time(signer_info)
    # No proof of time in B-B: the certificate is judged at the time the signer claims (a B-T
    # timestamp replaces the claim with a proof). Years later the package still verifies.
    moment = stamped or claimed
    try:
        status = await async_validate_detached_cms(
            package.manifest,
            signed_data,
            signer_validation_context=_context(roots, crls, moment),
            key_usage_settings=KEY_USAGE,
        )
    except Exception:  # asn1crypto parses lazily: a damaged certificate inside raises only now
        log.info("the container signature could not be parsed", exc_info=True)
        raise _Stop(Message(N_("The package signature is damaged or is not a CAdES signature"))) from None
    if not status.intact:
        raise _Stop(Message(N_("The list of files (manifest) was changed after signing")))
    if not status.valid:
        raise _Stop(Message(N_("The package signature is not valid (broken or forged)")))
    result.signer = certificate_info(status.signing_cert).as_dict()
    ts = status.timestamp_validity
    if stamped is not None and (ts is None or not (ts.intact and ts.valid)):
        raise _Stop(Message(N_("The timestamp of the package signature is not valid")))
    result.timestamped = stamped is not None
    signed_at = ts.timestamp if stamped is not None and ts is not None else claimed
    result.signed_at = signed_at.astimezone(VN_TZ)
    if not status.trusted:
        verdict, message = classify_trust_problem(status, moment)
        if verdict == "invalid":
            raise _Stop(message)
        result.distrust(message)
    return status.signing_cert


def _check_manifest(package: asic.Package) -> None:
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
    for reference in manifest.references:
        if reference.digest_algorithm != SHA256_URI:
            raise _Stop(Message(N_("The manifest uses a digest other than SHA-256")))
        if hashlib.sha256(by_name[reference.uri]).digest() != reference.digest:
            raise _Stop(_changed(reference.uri))


def _changed(name: str) -> Message:
    if name == asic.DATA_NAME:
        return Message(N_("The data file was changed after signing"))
    if name == asic.PDF_NAME:
        return Message(N_("The report PDF was changed after signing"))
    return Message(N_("The attachment {name} was changed after signing"), name=name)


async def _check_pdf(
    package: asic.Package,
    result: VerificationResult,
    roots: list[asn1_x509.Certificate],
    crls: list[bytes],
    container_cert: asn1_x509.Certificate,
) -> None:
    try:
        reader = PdfFileReader(io.BytesIO(package.pdf), strict=False)
        signatures = reader.embedded_signatures
    except Exception:
        raise _Stop(Message(N_("The report PDF cannot be read"))) from None
    if not signatures:
        raise _Stop(Message(N_("The report PDF is not signed")))
    if len(approval_signatures(signatures)) > 1:  # document timestamps of an augmentation may follow
        raise _Stop(Message(N_("The report PDF carries more than one signature")))
    signature = signatures[0]
    if signature.sig_object.get("/SubFilter") != "/ETSI.CAdES.detached":
        raise _Stop(Message(N_("The report's signature is not a PAdES signature")))
    moment = result.signed_at or dt.datetime.now(dt.UTC)
    status = await async_validate_pdf_signature(
        signature,
        signer_validation_context=_context(roots, crls, moment),
        key_usage_settings=KEY_USAGE,
    )
    if not status.intact:
        raise _Stop(Message(N_("The report PDF was changed after signing")))
    if not status.valid:
        raise _Stop(Message(N_("The report's signature is not valid (broken or forged)")))
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE and not whole_but_augmentation(status):
        raise _Stop(Message(N_("Something was added to the report PDF after it was signed")))
    if signature.signer_cert.dump() != container_cert.dump():
        raise _Stop(Message(N_("The report was signed with a different certificate than the package")))
    embedded = read_embedded_file(reader)
    if embedded is None:
        raise _Stop(Message(N_("The report PDF does not carry the data file")))
    if embedded != package.data_json:
        raise _Stop(Message(N_("The data inside the report PDF differs from the data file")))


def _check_json(
    package: asic.Package, result: VerificationResult, schema_check: SchemaCheck | None
) -> None:
    raw = package.data_json
    if raw.startswith(b"\xef\xbb\xbf"):
        result.fail(Message(N_("The data file starts with a byte order mark (BOM)")))
        return
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        result.fail(Message(N_("The data file is not UTF-8 text")))
        return
    except (ValueError, RecursionError) as exc:
        result.fail(Message(N_("The data file is not valid JSON: {error}"), error=str(exc)[:200]))
        return
    if not isinstance(data, dict):
        result.fail(Message(N_("The data file does not hold a JSON object")))
        return
    result.data = data
    if schema_check is None:
        return
    try:
        problems = list(schema_check(data))
    except Exception as exc:  # hostile data may upset a checker; say so instead of crashing
        log.exception("schema check crashed")
        problems = [Message(N_("The data file could not be checked: {error}"), error=str(exc)[:200])]
    for problem in problems:
        result.fail(problem)
