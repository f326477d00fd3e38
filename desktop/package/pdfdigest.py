"""The report PDF hashed once for both digests verification needs (package.md, steps 3 and 4).

Step 3 compares the SHA-256 of the whole PDF with the manifest's; step 4 has pyHanko compare the
SHA-256 of the bytes its /ByteRange covers with the signature's message digest. For a PDF signed
last, the range is the whole file but the /Contents gap: `[0 a b c]` with `b + c` the file's
length. Hashing `[0, a)` once and forking the hash state there gives both digests for one pass
over the file (plus the short tail after the gap, hashed twice) instead of two.

The range is read here from the file's last `/ByteRange` only as a hint: `ByteRangeDigest.for_signature`
hands the digest to pyHanko only when the signature pyHanko found has exactly that range, all
integers, and the SHA-256 digest algorithm. Otherwise pyHanko hashes as it always did, so the
verdict is the same either way: the digest is over the same bytes with the same algorithm.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

# The last /ByteRange of the file, as pyHanko writes it: four plain integers in brackets.
_BYTE_RANGE = re.compile(rb"/ByteRange[\x00\t\n\x0c\r ]*\[[\x00\t\n\x0c\r ]*([0-9]{1,12})[\x00\t\n\x0c\r ]+"
                         rb"([0-9]{1,12})[\x00\t\n\x0c\r ]+([0-9]{1,12})[\x00\t\n\x0c\r ]+([0-9]{1,12})"
                         rb"[\x00\t\n\x0c\r ]*\]")
_SEARCH_TAIL = 64 * 1024  # our signature dictionary sits in the last revision, near the end
SHA256 = "sha256"


@dataclass(frozen=True)
class ByteRangeDigest:
    byte_range: tuple[int, int, int, int]
    digest: bytes

    def for_signature(self, signature: Any) -> bool:
        """Give pyHanko this digest for `signature` (an EmbeddedPdfSignature of the same bytes)
        when its /ByteRange and digest algorithm are exactly what it was computed for; True when given."""
        try:
            values = list(signature.byte_range)
            algorithm = signature.external_md_algorithm
            cache = signature.external_digests
        except Exception:  # a signature pyHanko itself cannot describe: let pyHanko say so
            return False
        if (len(values) != 4 or not all(type(v) is not bool and isinstance(v, int) for v in values)
                or tuple(int(v) for v in values) != self.byte_range or algorithm != SHA256
                or not isinstance(cache, dict) or SHA256 in cache):
            return False
        cache[SHA256] = self.digest
        return True


@dataclass(frozen=True)
class PdfDigests:
    whole: bytes  # SHA-256 of the whole file, for the manifest
    byte_range: ByteRangeDigest | None  # SHA-256 of what the last /ByteRange covers, when it fits


def _signed_range(pdf: bytes) -> tuple[int, int, int, int] | None:
    """`[0 a b c]` of the file's last /ByteRange when it covers the file but one gap to its end."""
    at = pdf.rfind(b"/ByteRange", max(0, len(pdf) - _SEARCH_TAIL))
    if at < 0:
        return None
    found = _BYTE_RANGE.match(pdf, at)
    if found is None:
        return None
    start, first, second, length = (int(part) for part in found.groups())
    if start != 0 or not 0 < first <= second or second + length != len(pdf):
        return None
    return start, first, second, length


def pdf_digests(pdf: bytes) -> PdfDigests:
    """Both SHA-256 digests of `pdf` in one pass (see the module's text); no copy of the file."""
    signed = _signed_range(pdf)
    view = memoryview(pdf)
    if signed is None:
        return PdfDigests(hashlib.sha256(pdf).digest(), None)
    _, first, second, _ = signed
    whole = hashlib.sha256(view[:first])
    ranged = whole.copy()
    whole.update(view[first:])
    ranged.update(view[second:])
    return PdfDigests(whole.digest(), ByteRangeDigest(signed, ranged.digest()))
