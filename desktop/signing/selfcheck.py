"""The signature setup check: open the signer, read its certificate, sign a few bytes and verify
them with the certificate's public key. Qt-free and synchronous: the dialog runs it in a worker.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.x509.oid import NameOID
from pyhanko_certvalidator.sig_validate import DefaultSignatureValidator, SignatureValidationContext

from desktop.i18n import N_, LocalizedError, Message
from desktop.signing.signers import CertificateInfo, to_asn1

EXPIRY_WARNING_DAYS = 30
DIGEST = "sha256"


@dataclass(frozen=True)
class SetupCheck:
    info: CertificateInfo
    issuer_name: str
    days_left: int
    test_signature: bool  # made and verified
    certificate: x509.Certificate | None = None  # for the trust assessment (desktop.package.signer_trust)
    chain: list[x509.Certificate] = field(default_factory=list)

    @property
    def expires_soon(self) -> bool:
        return self.days_left < EXPIRY_WARNING_DAYS


def check_signer(spec, *, now: dt.datetime | None = None) -> SetupCheck:
    """Open `spec` (a P12Signer or TokenSigner), sign test bytes and verify them.

    Raises LocalizedError with the reason (wrong PIN, expired certificate, the signature did not
    verify). The PIN or password is used once, as in an export.
    """
    opened = spec.open()
    try:
        signed_data = b"CT20 test signature " + os.urandom(16)
        signature = _sign(opened.signer, signed_data)
        mechanism = opened.signer.get_signature_mechanism_for_digest(DIGEST)
        try:
            DefaultSignatureValidator().validate_signature(
                signature, signed_data, to_asn1(opened.certificate).public_key, mechanism,
                SignatureValidationContext(contextual_md_algorithm=DIGEST),
            )
        except Exception:
            raise LocalizedError(Message(N_(
                "The test signature does not match the certificate: the key on the token or in the file "
                "does not belong to this certificate."))) from None
        issuer = opened.certificate.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)
        at = now or dt.datetime.now(dt.UTC)
        return SetupCheck(
            info=opened.info,
            issuer_name=str(issuer[0].value) if issuer else opened.info.issuer,
            days_left=(opened.info.not_after - at).days,
            test_signature=True,
            certificate=opened.certificate,
            chain=list(opened.chain),
        )
    finally:
        opened.close()


def _sign(signer, data: bytes) -> bytes:
    try:
        return asyncio.run(signer.async_sign_raw(data, DIGEST))
    except LocalizedError:
        raise
    except Exception as exc:
        raise LocalizedError(
            Message(N_("The test signature failed: {error}"), error=str(exc) or type(exc).__name__)
        ) from None
