"""The root certificates a verifier trusts: those the user added to the store, plus files given.

A root is kept as PEM with its SHA-256 fingerprint (of the DER) as id, so the same certificate
added twice is one entry, and `ct20 trust remove` takes that id or a unique prefix of it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from desktop.i18n import N_, LocalizedError, Message

MAX_CERTIFICATE_FILE = 1024 * 1024
_PEM_BLOCK = re.compile(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.DOTALL)


@dataclass(frozen=True)
class TrustRoot:
    id: str
    subject: str
    not_after: str
    added: bool = False  # by the call that returned it (False: it was trusted already)

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "subject": self.subject, "not_after": self.not_after}


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
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CERTIFICATE_FILE + 1)
    except OSError as exc:
        raise LocalizedError(
            Message(N_("Cannot read the file {file}: {reason}"), file=str(path), reason=exc.strerror or str(exc))
        ) from None
    if len(data) > MAX_CERTIFICATE_FILE:
        raise LocalizedError(Message(N_("{file} is not a certificate (PEM or DER)."), file=str(path)))
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


def list_trust_roots(store) -> list[TrustRoot]:
    return [TrustRoot(r.id, r.subject, r.not_after) for r in store.trust_roots()]


def remove_trust_root(store, root_id: str) -> TrustRoot:
    """Stop trusting a root given its id or a unique prefix of at least 8 characters."""
    record = store.remove_trust_root(root_id)
    return TrustRoot(record.id, record.subject, record.not_after)


def trusted_roots(store, extra_paths: Iterable[str | Path] = ()) -> list[x509.Certificate]:
    """The certificates to verify against: the store's (when a store is given) and the files'."""
    roots: list[x509.Certificate] = []
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

