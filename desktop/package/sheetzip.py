"""The ZIP layer of the spreadsheet reader: an .xlsx is a ZIP of XML parts.

Like `zipsafe`, it parses the central directory itself and checks every declared size before a
byte is inflated; unlike it, a part is never inflated whole: `stream` yields it in pieces of at
most `OUT_CHUNK` bytes, stops as soon as it passes its declared size or the caller's limit, and
checks the CRC at the end. So a 7 MB file that declares or really holds 3 GB costs no memory.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from desktop.i18n import N_, LocalizedError, Message

MB = 1024 * 1024
MAX_ENTRIES = 10_000
IN_CHUNK = 64 * 1024
OUT_CHUNK = 256 * 1024
STORED, DEFLATED = 0, 8

_EOCD = struct.Struct("<4sHHHHIIH")
_CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")
_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_ENCRYPTED = 0x0001 | 0x0040 | 0x2000


class SheetError(LocalizedError):
    """A spreadsheet or CSV file that cannot be read; the message says why in plain words."""


class SheetCancelled(Exception):
    """The user stopped the reading."""


@dataclass(frozen=True)
class Part:
    name: str
    flags: int
    method: int
    crc: int
    compressed_size: int
    size: int
    offset: int


def not_a_workbook(file: str) -> SheetError:
    return SheetError(Message(N_("The file {file} is not a readable Excel workbook (.xlsx): it is damaged "
                                 "or a file of another kind."), file=file))


def damaged_part(file: str, part: str) -> SheetError:
    return SheetError(Message(N_("The file {file} is damaged: its part {part} cannot be read."),
                              file=file, part=part))


def directory(data: bytes, file: str) -> dict[str, Part]:
    """The parts of the ZIP in `data` by name, with their declared sizes (nothing inflated)."""
    eocd = data.rfind(b"PK\x05\x06", max(0, len(data) - _EOCD.size - 0xFFFF))
    if eocd < 0 or len(data) - eocd < _EOCD.size:
        raise not_a_workbook(file)
    _, disk, cd_disk, on_disk, count, cd_size, cd_offset, _comment = _EOCD.unpack_from(data, eocd)
    if disk or cd_disk or on_disk != count or count == 0xFFFF or cd_offset == 0xFFFFFFFF:
        raise not_a_workbook(file)
    if count > MAX_ENTRIES or cd_offset + cd_size > eocd:
        raise not_a_workbook(file)
    parts: dict[str, Part] = {}
    position = cd_offset
    for _ in range(count):
        if position + _CENTRAL.size > cd_offset + cd_size:
            raise not_a_workbook(file)
        fields = _CENTRAL.unpack_from(data, position)
        if fields[0] != b"PK\x01\x02":
            raise not_a_workbook(file)
        flags, method, crc, compressed, size = fields[3], fields[4], fields[7], fields[8], fields[9]
        name_len, extra_len, comment_len, offset = fields[10], fields[11], fields[12], fields[16]
        start = position + _CENTRAL.size
        name = data[start:start + name_len].decode("utf-8", "replace").lstrip("/")
        position = start + name_len + extra_len + comment_len
        parts.setdefault(name, Part(name, flags, method, crc, compressed, size, offset))
    return parts


def stream(data: bytes, part: Part, file: str, *, limit: int,
           tick: Callable[[int], None] | None = None) -> Iterator[bytes]:
    """The inflated bytes of `part` in pieces; refuses before inflating when it declares more than
    `limit`, stops when it inflates to more than it declares, checks the CRC at the end.

    `tick(n)` is called with the compressed bytes consumed (progress and cancel live there).
    """
    if part.flags & _ENCRYPTED:
        raise SheetError(Message(N_("The file {file} is encrypted (protected with a password); save it "
                                    "without a password and try again."), file=file))
    if part.method not in (STORED, DEFLATED) or 0xFFFFFFFF in (part.size, part.compressed_size):
        raise damaged_part(file, part.name)
    if part.size > limit:
        raise too_large(file, limit)
    if part.offset + _LOCAL.size > len(data):
        raise damaged_part(file, part.name)
    local = _LOCAL.unpack_from(data, part.offset)
    if local[0] != b"PK\x03\x04":
        raise damaged_part(file, part.name)
    begin = part.offset + _LOCAL.size + local[9] + local[10]
    end = begin + part.compressed_size
    if end > len(data):
        raise damaged_part(file, part.name)
    crc, total = 0, 0
    view = memoryview(data)
    if part.method == STORED:
        for at in range(begin, end, OUT_CHUNK):
            piece = bytes(view[at:min(at + OUT_CHUNK, end)])
            crc = zlib.crc32(piece, crc)
            if tick:
                tick(len(piece))
            yield piece
        total = part.compressed_size
    else:
        inflater = zlib.decompressobj(-15)
        position = begin
        while not inflater.eof:
            if inflater.unconsumed_tail:
                source = inflater.unconsumed_tail
            elif position < end:
                source = bytes(view[position:min(position + IN_CHUNK, end)])
                position += len(source)
                if tick:
                    tick(len(source))
            else:
                break
            try:
                piece = inflater.decompress(source, OUT_CHUNK)
            except zlib.error:
                raise damaged_part(file, part.name) from None
            total += len(piece)
            if total > part.size:  # it lied about its size: stop before it grows any further
                raise damaged_part(file, part.name)
            crc = zlib.crc32(piece, crc)
            if piece:
                yield piece
        if not inflater.eof:
            raise damaged_part(file, part.name)
    if total != part.size or crc != part.crc:
        raise damaged_part(file, part.name)


def too_large(file: str, limit: int) -> SheetError:
    return SheetError(Message(N_("The file {file} would unpack to more than {limit} MB; it is not a "
                                 "spreadsheet that can be imported."), file=file, limit=limit // MB))
