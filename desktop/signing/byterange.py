"""Check a PDF signature's /ByteRange before any validator reads it (package.md, step 5).

The byte range says which bytes a signature covers: `[0 a b c]`, the file from 0 to a, then from
b for c bytes, the gap a..b being exactly the hexadecimal /Contents string that holds the
signature. Odd values (negative, overlapping, not starting at 0, past the end of the file, not
integers, a gap wider or narrower than /Contents, an end that is not the end of a revision)
make validators raise or cover something else than they say; here they become one plain refusal.
"""

from __future__ import annotations

import re

from pyhanko.pdf_utils import generic

from desktop.i18n import N_, Message

_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


def _integer(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    return None


def byte_range_problem(signature: generic.DictionaryObject, pdf: bytes) -> Message | None:
    """None when the signature dictionary's /ByteRange is sound for `pdf`, else the reason.

    A range that ends before the end of the file is sound when it ends a revision (at %%EOF):
    whether what follows is allowed is the coverage check's question, not this one's."""
    problem = Message(N_("The report's signature is malformed: the part of the file it covers "
                         "(/ByteRange) does not match the file"))  # fmt: skip
    try:
        values = signature["/ByteRange"]
        contents = signature["/Contents"]
    except (KeyError, ValueError, TypeError, AttributeError):
        return problem
    if not isinstance(values, generic.ArrayObject) or len(values) != 4:
        return problem
    numbers = [_integer(value) for value in values]
    if any(number is None for number in numbers):
        return problem
    start, first_length, second_start, second_length = (int(n) for n in numbers if n is not None)
    if start != 0 or first_length <= 0 or second_start <= first_length or second_length < 0:
        return problem
    end = second_start + second_length
    if end > len(pdf) or (end < len(pdf) and not pdf[:end].rstrip(b"\r\n").endswith(b"%%EOF")):
        return problem
    gap = _HEX.fullmatch(pdf[first_length:second_start])
    if gap is None or len(gap.group(1)) % 2:
        return problem
    if not isinstance(contents, generic.ByteStringObject):
        return problem
    if bytes.fromhex(gap.group(1).decode("ascii")) != bytes(contents):
        return problem
    return None
