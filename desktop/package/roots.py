"""The root certificates a verifier trusts: the built-in Vietnamese roots, those the user added
to the store, plus files given.

A root is kept as PEM with its SHA-256 fingerprint (of the DER) as id, so the same certificate
added twice is one entry, and `ct20 trust remove` takes that id or a unique prefix of it.

Built in (`resources/pki/vn/`, package.md step 2): the roots of the Government CA (VGCA G1 and
G2), the Vietnam National Root CA (NEAC) and the first national root (MIC 2008), each of which the
user can switch off (`ct20 trust disable ID`); and the intermediates under them (VGCA "Chinh phu"
G1, the two G2 CAs, VNPT-CA SHA2), always offered for path building because real signatures
often embed only the signer's certificate. A self-signed file is a root, any other an
intermediate.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from desktop.i18n import N_, LocalizedError, Message
from desktop.package.smallfile import read_small_file
from desktop.package.trust import TrustContext
from desktop.paths import resources_dir

MAX_CERTIFICATE_FILE = 1024 * 1024
_PEM_BLOCK = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)


@dataclass(frozen=True)
class TrustRoot:
    id: str
    subject: str
    not_after: str
    added: bool = False  # by the call that returned it (False: it was trusted already)
    builtin: bool = False
    enabled: bool = True
    kind: str = "root"  # "root" | "intermediate" (built-in intermediates, listed for information)
    # intermediates only: the subject of the trusted root that validates it today ("" when none does)
    validated_by: str = ""

    def to_json(self) -> dict[str, str | bool | None]:
        data: dict[str, str | bool | None] = {
            "id": self.id, "subject": self.subject, "not_after": self.not_after,
            "builtin": self.builtin, "enabled": self.enabled, "kind": self.kind}
        if self.kind == "intermediate":
            data["validated_by"] = self.validated_by or None
        return data


@dataclass(frozen=True)
class BuiltinCertificate:
    file: str
    cert: x509.Certificate
    id: str
    is_root: bool


def builtin_folder() -> Path:
    return resources_dir() / "pki" / "vn"


_BUILTIN: list[BuiltinCertificate] | None = None


def builtin_certificates() -> list[BuiltinCertificate]:
    """Every certificate of `resources/pki/vn/`, sorted by file name (read once per process)."""
    global _BUILTIN
    if _BUILTIN is None:
        found = []
        for path in sorted(builtin_folder().glob("*.crt")):
            for cert in parse_certificates(path.read_bytes(), str(path)):
                found.append(BuiltinCertificate(path.name, cert, fingerprint(cert), cert.subject == cert.issuer))
        _BUILTIN = found
    return list(_BUILTIN)


def _disabled(store) -> set[str]:  # type: ignore[no-untyped-def]
    """The built-in roots the user switched off (none for a store that keeps no such choice)."""
    read = getattr(store, "disabled_builtin_roots", None)
    return set(read()) if read is not None else set()


def builtin_roots() -> list[x509.Certificate]:
    return [item.cert for item in builtin_certificates() if item.is_root]


def builtin_intermediates() -> list[x509.Certificate]:
    return [item.cert for item in builtin_certificates() if not item.is_root]


def fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def parse_certificates(data: bytes, source: str = "") -> list[x509.Certificate]:
    """Every certificate of a PEM bundle, or the one certificate of a DER file."""
    try:
        blocks = _PEM_BLOCK.findall(data)
        if blocks:
            return [x509.load_pem_x509_certificate(block) for block in blocks]
        return [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise LocalizedError(
            Message(N_("{file} is not a certificate (PEM or DER)."), file=source or "?")
        ) from None


def read_certificates(path: str | Path) -> list[x509.Certificate]:
    data = read_small_file(path, MAX_CERTIFICATE_FILE,
                           Message(N_("{file} is not a certificate (PEM or DER)."), file=str(path)))
    return parse_certificates(data, str(path))


def _not_after(cert: x509.Certificate) -> str:
    return cert.not_valid_after_utc.replace(microsecond=0).isoformat()


def add_trust_root(store, data: bytes, *, source: str = "") -> list[TrustRoot]:
    """Trust the certificate(s) of a PEM or DER file's content; returns them, `added` telling
    which were new. A certificate that is not a CA is refused: a signer's own certificate is
    not a root, and trusting it would hide a missing chain."""
    certs = parse_certificates(data, source)
    for cert in certs:
        try:
            is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        except x509.ExtensionNotFound:
            is_ca = False
        if not is_ca:
            raise LocalizedError(
                Message(
                    N_("{subject} is not a certificate authority; add the root certificate of its issuer."),
                    subject=cert.subject.rfc4514_string(),
                )
            )
    roots = []
    for cert in certs:
        root_id = fingerprint(cert)
        added = store.add_trust_root(
            root_id,
            subject=cert.subject.rfc4514_string(),
            not_after=_not_after(cert),
            pem=cert.public_bytes(serialization.Encoding.PEM).decode("ascii"),
        )
        roots.append(TrustRoot(root_id, cert.subject.rfc4514_string(), _not_after(cert), added))
    return roots


def list_trust_roots(store, *, builtin: bool = True, intermediates: bool = False) -> list[TrustRoot]:
    """The built-in roots (first, with their on/off state; with `intermediates`, the bundled
    intermediates after them), then those the user added."""
    roots = []
    if builtin:
        disabled = _disabled(store)
        for item in builtin_certificates():
            if item.is_root:
                roots.append(TrustRoot(item.id, item.cert.subject.rfc4514_string(), _not_after(item.cert),
                                       builtin=True, enabled=item.id not in disabled))
    if store is not None:
        roots.extend(TrustRoot(r.id, r.subject, r.not_after) for r in store.trust_roots())
    if builtin and intermediates:
        anchors = trusted_roots(store)
        at = len([root for root in roots if root.builtin])
        roots[at:at] = [TrustRoot(item.id, item.cert.subject.rfc4514_string(), _not_after(item.cert),
                                  builtin=True, kind="intermediate",
                                  validated_by=validated_by(item.cert, anchors))
                        for item in builtin_certificates() if not item.is_root]
    return roots


def validated_by(cert: x509.Certificate, anchors: Sequence[x509.Certificate]) -> str:
    """The subject of the anchor under which `cert` validates now, by the rules every signature
    is judged by (pyHanko's path validation; SHA-1 only under the G1 Government root); "" if none."""
    import asyncio
    import datetime as dt

    from pyhanko_certvalidator import CertificateValidator
    from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

    from desktop.package.revocation import RevocationData
    from desktop.package.sigcheck import validation_context
    from desktop.signing.signers import to_asn1

    if not anchors:
        return ""
    target = to_asn1(cert)
    context = validation_context(target, make_trust(anchors, intermediates=[]), RevocationData(),
                                 dt.datetime.now(dt.UTC))
    try:
        path = asyncio.run(CertificateValidator(target, validation_context=context).async_validate_usage(set()))
    except (PathBuildingError, PathValidationError):
        return ""
    name = path.trust_anchor.authority.name
    return next((anchor.subject.rfc4514_string() for anchor in anchors if to_asn1(anchor).subject == name), "")


def _builtin_root(root_id: str) -> BuiltinCertificate:
    wanted = str(root_id).strip().lower()
    matches = [item for item in builtin_certificates()
               if item.is_root and len(wanted) >= 8 and item.id.startswith(wanted)]
    if len(matches) != 1:
        raise LocalizedError(Message(N_("There is no built-in root certificate {id}."), id=root_id))
    return matches[0]


def set_builtin_root_enabled(store, root_id: str, enabled: bool) -> TrustRoot:
    """Switch a built-in root on or off, given its id or a unique prefix of at least 8 characters."""
    item = _builtin_root(root_id)
    subject = item.cert.subject.rfc4514_string()
    store.set_builtin_root_enabled(item.id, enabled, subject=subject)
    return TrustRoot(item.id, subject, _not_after(item.cert), builtin=True, enabled=enabled)


def remove_trust_root(store, root_id: str) -> TrustRoot:
    """Stop trusting a root given its id or a unique prefix of at least 8 characters."""
    record = store.remove_trust_root(root_id)
    return TrustRoot(record.id, record.subject, record.not_after)


def trusted_roots(
    store, extra_paths: Iterable[str | Path] = (), *, builtin: bool = True
) -> list[x509.Certificate]:
    """The certificates to verify against: the built-in roots the user did not switch off
    (unless `builtin` is False), the store's (when a store is given) and the files'."""
    roots: list[x509.Certificate] = []
    if builtin:
        disabled = _disabled(store)
        roots.extend(item.cert for item in builtin_certificates() if item.is_root and item.id not in disabled)
    if store is not None:
        for record in store.trust_roots():
            roots.extend(parse_certificates(record.pem.encode("ascii"), record.id))
    for path in extra_paths:
        roots.extend(read_certificates(path))
    seen: set[str] = set()
    unique = []
    for cert in roots:
        if fingerprint(cert) not in seen:
            seen.add(fingerprint(cert))
            unique.append(cert)
    return unique



_BUILTIN_ASN1: tuple[object, ...] | None = None


def builtin_intermediates_asn1() -> tuple[object, ...]:
    """The bundled intermediates as asn1crypto certificates, converted once per process: the same
    objects in every TrustContext, so what pyHanko derives from them (names prepared for
    comparison, hashes) is computed once."""
    global _BUILTIN_ASN1
    if _BUILTIN_ASN1 is None:
        from desktop.signing.signers import to_asn1

        _BUILTIN_ASN1 = tuple(to_asn1(cert) for cert in builtin_intermediates())
    return _BUILTIN_ASN1


def make_trust(
    roots: Iterable[object] = (),
    *,
    crls: Iterable[bytes] = (),
    intermediates: Iterable[object] | None = None,
    online: bool = False,
    sha1_roots: Iterable[str] | None = None,
) -> TrustContext:
    """A TrustContext from certificates in any form (cryptography, asn1crypto, PEM, DER); the
    bundled Vietnamese intermediates unless `intermediates` is given."""
    from desktop.signing.signers import to_asn1

    chosen = builtin_intermediates_asn1() if intermediates is None else list(intermediates)
    kwargs = {} if sha1_roots is None else {"sha1_roots": frozenset(s.lower() for s in sha1_roots)}
    return TrustContext(
        roots=tuple(_asn1_root(root) for root in roots),
        intermediates=tuple(to_asn1(cert) for cert in chosen),
        crls=tuple(crls),
        online=online,
        **kwargs,  # type: ignore[arg-type]
    )


_ROOTS_ASN1: dict[str, object] = {}


def _asn1_root(cert: object) -> object:
    """A root as asn1crypto; a built-in root (cryptography, from `builtin_certificates`) is
    converted once per process, like the intermediates."""
    from desktop.signing.signers import to_asn1

    if isinstance(cert, x509.Certificate) and any(item.cert is cert for item in builtin_certificates()):
        key = fingerprint(cert)
        if key not in _ROOTS_ASN1:
            _ROOTS_ASN1[key] = to_asn1(cert)
        return _ROOTS_ASN1[key]
    return to_asn1(cert)


def trust_context(
    store,  # type: ignore[no-untyped-def]
    extra_paths: Iterable[str | Path] = (),
    crl_paths: Iterable[str | Path] = (),
    *,
    builtin: bool = True,
) -> TrustContext:
    """What a verification on this computer trusts: `trusted_roots(...)`, the bundled
    intermediates, the store's CRLs and the CRL files given, and online checks when the user
    switched them on (store setting `online_revocation`). Raises LocalizedError for an
    unreadable certificate or CRL file."""
    from desktop.package.revocation import online_checks_enabled, read_crl_files, stored_crls

    return make_trust(
        trusted_roots(store, extra_paths, builtin=builtin),
        crls=[*stored_crls(store), *read_crl_files(crl_paths)],
        online=online_checks_enabled(store),
    )
