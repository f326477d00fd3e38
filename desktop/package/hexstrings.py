"""pyHanko's reader of PDF hexadecimal strings, at C speed for the strings it reads as they are.

pyHanko reads `<...>` one byte at a time in Python: a PDF signature's /Contents (the CMS blob,
10,000 hex digits and more) costs ~5 ms, a tenth of verifying a 2,000-row package. `install()`
puts in its place a reader that takes the whole string up to `>` at once when it holds only hex
digits and PDF whitespace - exactly what pyHanko's loop would join, so the same object comes out
and the stream ends at the same place - and hands anything else (a `%`, a stray byte, no `>`
before the end) to pyHanko's own reader from the very start, which then says what it always said.
So nothing pyHanko accepts or refuses changes; only the common case is faster.
"""

from __future__ import annotations

import binascii
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.misc import PDF_WHITESPACE

_HEX_DIGITS = generic.HEX_DIGITS
_CHUNK = 1 << 16
_ORIGINAL = generic.read_hex_string_from_stream


def read_hex_string_from_stream(stream: Any) -> Any:
    """What `pyhanko.pdf_utils.generic.read_hex_string_from_stream` returns for `stream`
    (positioned at `<`), leaving the stream where it would."""
    start = stream.tell()
    stream.read(1)  # the "<"
    parts = []
    while True:
        chunk = stream.read(_CHUNK)
        end = chunk.find(b">")
        if end >= 0:
            parts.append(chunk[:end])
            break
        parts.append(chunk)
        if len(chunk) < _CHUNK:  # the end of the stream before ">": pyHanko says what is wrong
            return _fallback(stream, start)
    body = b"".join(parts)
    if b"%" in body:  # pyHanko would skip a comment here; let it
        return _fallback(stream, start)
    digits = body.translate(None, PDF_WHITESPACE)
    if digits.translate(None, _HEX_DIGITS):  # a byte pyHanko refuses: let it refuse
        return _fallback(stream, start)
    stream.seek(start + 1 + len(body) + 1)  # right after ">", where pyHanko's loop stops
    if len(digits) % 2:
        digits += b"0"
    return generic.pdf_string(binascii.unhexlify(digits))


def _fallback(stream: Any, start: int) -> Any:
    stream.seek(start)
    return _ORIGINAL(stream)


def install() -> None:
    """Make pyHanko's object reader use `read_hex_string_from_stream` (idempotent)."""
    generic.read_hex_string_from_stream = read_hex_string_from_stream


def uninstall() -> None:
    """pyHanko's own reader again (for measuring bare pyHanko, and for the tests)."""
    generic.read_hex_string_from_stream = _ORIGINAL
