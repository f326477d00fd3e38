"""What the caller says to sign with: a .p12 file, a token, or a signer already opened.

A PIN or password lives only here, is used once to open the signer, and is never stored, logged
or put in a message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop.signing.signers import OpenedSigner, open_p12, open_pkcs11


@dataclass(frozen=True)
class P12Signer:
    """A .p12/.pfx file and its password (bytes, used once, never shown)."""

    path: Path
    password: bytes = field(repr=False)

    def open(self) -> OpenedSigner:
        return open_p12(self.path, self.password)


@dataclass(frozen=True)
class TokenSigner:
    """A PKCS#11 token: the vendor's library, the token's label, its PIN, and optionally which key."""

    library: str
    token_label: str
    pin: str = field(repr=False)
    key_label: str | None = None
    cert_id: bytes | None = None

    def open(self) -> OpenedSigner:
        return open_pkcs11(self.library, self.token_label, self.pin, key_label=self.key_label,
                           cert_id=self.cert_id)


SignerSpec = P12Signer | TokenSigner | OpenedSigner
