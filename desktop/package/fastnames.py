"""asn1crypto's comparison of X.509 names, remembered by encoding.

pyHanko compares distinguished names many times per signature (the signer among the CMS's
certificates, the ESS signing-certificate attribute, path building, revocation), and
asn1crypto's `Name.__eq__` prepares every attribute value by RFC 4518's string preparation on
each call, on freshly parsed objects: about 3 ms of a 2,000-row package's verification, the same
few names every time. The answer depends only on the two names' DER encodings, so `install()`
makes `Name.__eq__` look the pair of encodings up first and ask asn1crypto's own comparison only
for a pair not seen before; an error it raises (a value that string preparation refuses) is
raised again every time, never remembered. Nothing compares differently; only the repeats are
cheaper.
"""

from __future__ import annotations

from typing import Any

from asn1crypto import x509

_ORIGINAL_EQ = x509.Name.__eq__
_MAX_PAIRS = 4096
_known: dict[tuple[bytes, bytes], bool] = {}


def _name_eq(self: x509.Name, other: Any) -> bool:
    if not isinstance(other, x509.Name):
        return _ORIGINAL_EQ(self, other)  # type: ignore[no-any-return]
    try:
        key = (self.dump(), other.dump())
    except Exception:  # cannot be encoded: asn1crypto decides as it always did
        return _ORIGINAL_EQ(self, other)  # type: ignore[no-any-return]
    found = _known.get(key)
    if found is None:
        found = bool(_ORIGINAL_EQ(self, other))
        if len(_known) >= _MAX_PAIRS:
            _known.clear()
        _known[key] = found
    return found


def install() -> None:
    """Remember name comparisons by encoding (idempotent)."""
    x509.Name.__eq__ = _name_eq  # type: ignore[method-assign,assignment]


def uninstall() -> None:
    """asn1crypto's own comparison again (for measuring bare pyHanko, and for the tests)."""
    x509.Name.__eq__ = _ORIGINAL_EQ  # type: ignore[method-assign]
    _known.clear()
