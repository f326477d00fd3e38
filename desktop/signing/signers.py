"""Open the signer's key: a PKCS#12 file or a PKCS#11 token, checked before anything is signed.

The result wraps a pyHanko signer plus the facts a person needs to see (who, which organisation,
until when). PINs and passwords are used once, never stored, logged or retried: a wrong PIN
raises at once, because tokens lock after a few attempts.

Everything here is synchronous; pyHanko's own event loops run inside the calls, so call these
from a worker thread, never from the Qt event-loop thread.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.sign.signers import SimpleSigner
from pyhanko.sign.signers.pdf_cms import Signer
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash, process_pss_params

from desktop.i18n import N_, LocalizedError, Message

VN_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")


@dataclass(frozen=True)
class CertificateInfo:
    """What the user and the verifier show about a signer certificate."""

    common_name: str
    organization: str
    serial: str  # upper-case hex, as certificate viewers print it
    not_before: dt.datetime
    not_after: dt.datetime
    issuer: str
    subject: str

    def as_dict(self) -> dict[str, str]:
        return {
            "name": self.common_name,
            "organization": self.organization,
            "serial": self.serial,
            "not_before": self.not_before.isoformat(),
            "not_after": self.not_after.isoformat(),
            "issuer": self.issuer,
            "subject": self.subject,
        }


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def certificate_info(cert: x509.Certificate | asn1_x509.Certificate) -> CertificateInfo:
    cert = to_cryptography(cert)
    return CertificateInfo(
        common_name=_attribute(cert.subject, NameOID.COMMON_NAME),
        organization=_attribute(cert.subject, NameOID.ORGANIZATION_NAME),
        serial=format(cert.serial_number, "X"),
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        issuer=cert.issuer.rfc4514_string(),
        subject=cert.subject.rfc4514_string(),
    )


def to_cryptography(cert: x509.Certificate | asn1_x509.Certificate | bytes) -> x509.Certificate:
    """Accept a certificate as cryptography or asn1crypto object, PEM or DER bytes."""
    if isinstance(cert, x509.Certificate):
        return cert
    if isinstance(cert, asn1_x509.Certificate):
        return x509.load_der_x509_certificate(cert.dump())
    if cert.lstrip().startswith(b"-----BEGIN"):
        return x509.load_pem_x509_certificate(cert)
    return x509.load_der_x509_certificate(cert)


def to_asn1(cert: x509.Certificate | asn1_x509.Certificate | bytes) -> asn1_x509.Certificate:
    if isinstance(cert, asn1_x509.Certificate):
        return cert
    der = to_cryptography(cert).public_bytes(serialization.Encoding.DER)
    return asn1_x509.Certificate.load(der)


def vn_time(moment: dt.datetime, date_separator: str = "/") -> str:
    """`dd/mm/yyyy HH:MM:SS +07:00` in Vietnam's time (no daylight saving, so a fixed offset)."""
    local = moment.astimezone(VN_TZ)
    return local.strftime(f"%d{date_separator}%m{date_separator}%Y %H:%M:%S") + " +07:00"


def check_signing_certificate(
    cert: x509.Certificate | asn1_x509.Certificate, at: dt.datetime | None = None
) -> None:
    """Refuse a certificate that may not sign documents, or is not valid at `at` (now)."""
    cert = to_cryptography(cert)
    at = at or dt.datetime.now(dt.UTC)
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        may_sign = usage.digital_signature
    except x509.ExtensionNotFound:
        may_sign = False
    if not may_sign:
        raise LocalizedError(
            Message(
                N_("The certificate is not allowed to sign documents "
                "(no digitalSignature key usage)")
            )
        )
    if at > cert.not_valid_after_utc:
        raise LocalizedError(
            Message(N_("The certificate has expired on {date}"), date=vn_time(cert.not_valid_after_utc))
        )
    if at < cert.not_valid_before_utc:
        raise LocalizedError(
            Message(
                N_("The certificate is not valid before {date}"),
                date=vn_time(cert.not_valid_before_utc),
            )
        )


@dataclass
class OpenedSigner:
    """A signer ready to sign. Close it (or use `with`) to log out of a token."""

    signer: Signer
    certificate: x509.Certificate
    info: CertificateInfo
    chain: list[x509.Certificate] = field(default_factory=list)
    _session: Any = None

    def close(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            # logging out of a token that went away is not worth an error
            with contextlib.suppress(Exception):
                session.close()

    def __enter__(self) -> OpenedSigner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _checked(
    signer: Signer,
    cert: x509.Certificate,
    chain: Sequence[x509.Certificate],
    session: Any = None,
) -> OpenedSigner:
    try:
        check_signing_certificate(cert)
    except LocalizedError:
        if session is not None:
            session.close()
        raise
    return OpenedSigner(signer, cert, certificate_info(cert), list(chain), session)


class KeptKeySigner(SimpleSigner):
    """pyHanko's SimpleSigner with the private key it was opened with kept as a key object.

    SimpleSigner turns its PKCS#8 bytes into a key again for every signature, and for RSA
    cryptography checks the key each time (about 75 ms for 2,048 bits, the signature itself
    taking 0.3 ms); an export signs three times (PDF, container, and the check that the key and
    certificate belong together). The mechanisms a key file can hold (RSA PKCS#1 v1.5 and PSS,
    ECDSA) are signed here exactly as SimpleSigner signs them; anything else goes to it."""

    def __init__(self, *, private_key: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._private_key = private_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism_info = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            mechanism = mechanism_info.signature_algo
        except ValueError:
            mechanism = mechanism_info["algorithm"].native
        key = self._private_key
        if mechanism == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
            return key.sign(data, PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        if mechanism == "rsassa_pss" and isinstance(key, rsa.RSAPrivateKey):
            padding, hash_algo = process_pss_params(mechanism_info["parameters"])
            return key.sign(data, padding, hash_algo)
        if mechanism == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(data, ec.ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
        return super().sign_raw(data, digest_algorithm)  # type: ignore[no-any-return]


def open_p12(path: Path | str, password: bytes) -> OpenedSigner:
    """Open a .p12/.pfx file. The password is used once and not kept."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise LocalizedError(
            Message(N_("Cannot read the certificate file {path}: {error}"), path=str(path), error=exc.strerror)
        ) from None
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password or None)
    except (ValueError, TypeError):
        raise LocalizedError(
            Message(N_("Wrong password, or the file is not a .p12/.pfx certificate file"))
        ) from None
    if key is None or cert is None:
        raise LocalizedError(Message(N_("The .p12/.pfx file holds no private key with its certificate")))
    key_der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    chain = [c for c in extra if c != cert]
    signer = KeptKeySigner(
        private_key=key,
        signing_cert=to_asn1(cert),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs([to_asn1(c) for c in chain]),
        # RSASSA-PSS, as Thông tư 15/2025/TT-BKHCN asks: a key in a file can always do it.
        prefer_pss=isinstance(key, rsa.RSAPrivateKey),
    )
    return _checked(signer, cert, chain)


def open_pkcs11(
    library: Path | str,
    token_label: str,
    pin: str,
    *,
    key_label: str | None = None,
    cert_id: bytes | None = None,
    extra_certs: Sequence[x509.Certificate] = (),
) -> OpenedSigner:
    """Open a key on a PKCS#11 token (the vendor's DLL/.so; SoftHSM2 in tests).

    Without `key_label` or `cert_id`, the one signing key whose certificate (same CKA_ID) may sign
    documents is chosen; Vietnamese tokens often carry keys and certificates without labels, so
    the CKA_ID pairing is what links them. The other certificates on the token form the chain.
    """
    from pkcs11 import Attribute, ObjectClass
    from pkcs11 import exceptions as p11_errors
    from pyhanko.sign.pkcs11 import PKCS11Signer

    lib = _load_library(str(library))
    try:
        token = lib.get_token(token_label=token_label)
    except (p11_errors.NoSuchToken, p11_errors.TokenNotPresent):
        raise LocalizedError(
            Message(N_("No token labelled {label} is plugged in"), label=token_label)
        ) from None
    except p11_errors.MultipleTokensReturned:
        raise LocalizedError(
            Message(N_("More than one token is labelled {label}; plug in only one"), label=token_label)
        ) from None
    try:
        session = token.open(user_pin=pin)
    except (p11_errors.PinIncorrect, p11_errors.PinInvalid, p11_errors.PinLenRange):
        raise LocalizedError(Message(N_("Wrong PIN"))) from None
    except p11_errors.PinLocked:
        raise LocalizedError(Message(N_("The token is locked: too many wrong PINs"))) from None
    except p11_errors.PKCS11Error as exc:
        raise LocalizedError(
            Message(N_("The token refused to open: {error}"), error=type(exc).__name__)
        ) from None
    try:
        cert, key_id = _find_signing_pair(session, key_label=key_label, cert_id=cert_id)
        chain = [
            x509.load_der_x509_certificate(obj[Attribute.VALUE])
            for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE})
        ]
        chain = [c for c in chain if c != cert] + [c for c in extra_certs if c != cert]
    except LocalizedError:
        session.close()
        raise
    except p11_errors.PKCS11Error as exc:
        session.close()
        raise LocalizedError(
            Message(N_("Cannot read the token: {error}"), error=type(exc).__name__)
        ) from None
    signer = PKCS11Signer(
        session,
        signing_cert=to_asn1(cert),
        key_id=key_id,
        ca_chain=[to_asn1(c) for c in chain],
        prefer_pss=isinstance(cert.public_key(), rsa.RSAPublicKey) and token_offers_pss(token),
    )
    return _checked(signer, cert, chain, session)


def token_offers_pss(token: Any) -> bool:
    """Whether the token can make RSASSA-PSS signatures over SHA-256 (pyHanko asks the token for
    CKM_SHA256_RSA_PKCS_PSS; a token that lists only CKM_RSA_PKCS_PSS hashes nothing itself)."""
    from pkcs11 import Mechanism
    from pkcs11 import exceptions as p11_errors

    try:
        mechanisms = set(token.slot.get_mechanisms())
    except (p11_errors.PKCS11Error, AttributeError):
        return False
    return Mechanism.RSA_PKCS_PSS in mechanisms and Mechanism.SHA256_RSA_PKCS_PSS in mechanisms


_libraries: dict[str, Any] = {}
_libraries_lock = threading.Lock()


def _load_library(path: str) -> Any:
    """Load a PKCS#11 module once per process.

    A second `pkcs11.lib` for the same module fails (C_Initialize twice), and a collected one calls
    C_Finalize, which would close every other session of that module.
    """
    import pkcs11

    with _libraries_lock:
        if path not in _libraries:
            try:
                _libraries[path] = pkcs11.lib(path)
            except Exception:
                raise LocalizedError(
                    Message(N_("Cannot load the token driver {path}"), path=path)
                ) from None
        return _libraries[path]


def _find_signing_pair(
    session: Any, *, key_label: str | None, cert_id: bytes | None
) -> tuple[x509.Certificate, bytes]:
    """The certificate to sign with and the CKA_ID of its private key."""
    from pkcs11 import Attribute, ObjectClass

    query: dict[Any, Any] = {Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.SIGN: True}
    if key_label is not None:
        query[Attribute.LABEL] = key_label
    if cert_id is not None:
        query[Attribute.ID] = cert_id
    key_ids = [bytes(key[Attribute.ID]) for key in session.get_objects(query)]
    certs: dict[bytes, x509.Certificate] = {}
    for obj in session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE}):
        certs.setdefault(bytes(obj[Attribute.ID]), x509.load_der_x509_certificate(obj[Attribute.VALUE]))
    pairs = [(certs[key_id], key_id) for key_id in key_ids if key_id in certs]
    if not pairs:
        raise LocalizedError(Message(N_("No signing key with its certificate was found on the token")))
    if len(pairs) > 1:
        usable = [pair for pair in pairs if _may_sign_now(pair[0])]
        if len(usable) != 1:
            raise LocalizedError(
                Message(N_("The token holds several signing keys; choose one by its label or id"))
            )
        pairs = usable
    return pairs[0]


def _may_sign_now(cert: x509.Certificate) -> bool:
    try:
        check_signing_certificate(cert)
    except LocalizedError:
        return False
    return True


def subject_name(subject: str) -> str:
    """A certificate's subject (or issuer) as people name it: its common name, else its organisation,
    not the RFC 4514 string "CN=…,O=…,C=VN" (which is given back when it cannot be read)."""
    try:
        name = x509.Name.from_rfc4514_string(subject)
    except ValueError:
        return subject
    for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME):
        found = name.get_attributes_for_oid(oid)
        if found:
            return str(found[0].value)
    return subject
