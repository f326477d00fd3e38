"""BER → DER for signatures that older Java/.NET signing tools write with indefinite lengths.

asn1crypto parses some indefinite-length structures but not all (a SET OF SignerInfo written
that way fails deep inside); CMS verifiers are expected to accept BER, so the signature is turned
into DER before it is read. Only lengths change (indefinite → definite, long forms → shortest,
constructed strings → one primitive string): the values, and so every signed byte, stay the same.
"""

from __future__ import annotations

MAX_DEPTH = 64


class BerError(ValueError):
    pass


def to_der(data: bytes) -> bytes:
    """The first element of `data` (trailing padding is ignored) re-encoded in DER lengths."""
    element, _ = _element(data, 0, 0)
    return element


def _header(data: bytes, pos: int) -> tuple[bytes, int, int | None]:
    """(identifier octets, position after the header, content length or None if indefinite)."""
    if pos >= len(data):
        raise BerError("truncated")
    start = pos
    pos += 1
    if data[start] & 0x1F == 0x1F:  # high tag number form
        while pos < len(data) and data[pos] & 0x80:
            pos += 1
        pos += 1
    identifier = data[start:pos]
    if pos >= len(data):
        raise BerError("truncated")
    first = data[pos]
    pos += 1
    if first < 0x80:
        return identifier, pos, first
    if first == 0x80:
        return identifier, pos, None
    count = first & 0x7F
    if count > 4 or pos + count > len(data):
        raise BerError("bad length")
    return identifier, pos + count, int.from_bytes(data[pos : pos + count], "big")


def _length(size: int) -> bytes:
    if size < 0x80:
        return bytes([size])
    raw = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def _element(data: bytes, pos: int, depth: int) -> tuple[bytes, int]:
    if depth > MAX_DEPTH:
        raise BerError("too deep")
    identifier, pos, length = _header(data, pos)
    constructed = bool(identifier[0] & 0x20)
    if not constructed:
        if length is None or pos + length > len(data):
            raise BerError("bad primitive")
        return identifier + _length(length) + data[pos : pos + length], pos + length
    children = []
    if length is None:
        while True:
            if data[pos : pos + 2] == b"\x00\x00":
                pos += 2
                break
            child, pos = _element(data, pos, depth + 1)
            children.append(child)
    else:
        end = pos + length
        if end > len(data):
            raise BerError("truncated")
        while pos < end:
            child, pos = _element(data, pos, depth + 1)
            children.append(child)
        if pos != end:
            raise BerError("overlong child")
    universal_string = identifier[0] & 0xC0 == 0 and identifier[0] & 0x1F in (4, 12, 19, 20, 22, 26, 30)
    if universal_string and len(identifier) == 1:
        # a constructed OCTET/character string: DER has one primitive string
        content = b"".join(_string_content(child) for child in children)
        primitive = bytes([identifier[0] & ~0x20 & 0xFF])
        return primitive + _length(len(content)) + content, pos
    content = b"".join(children)
    return identifier + _length(len(content)) + content, pos


def _string_content(child: bytes) -> bytes:
    _, start, length = _header(child, 0)
    return child[start : start + (length or 0)]
