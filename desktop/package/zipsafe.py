"""A ZIP reader for files from strangers: package.md verification step 1, in memory only.

It parses the central directory itself (no `zipfile`: that one rewrites names on Windows,
cuts them at NUL bytes and trusts sizes) and checks every declared size, name and flag before a
single byte is decompressed; decompression is capped at the declared size. Nothing is written to
disk, so names from the archive never become paths.
"""

from __future__ import annotations

import re
import struct
import unicodedata
import zlib
from dataclasses import dataclass

from desktop.i18n import N_, LocalizedError, Message

MB = 1024 * 1024
MAX_FILE_SIZE = 50 * MB
MAX_ENTRIES = 64
MAX_TOTAL_SIZE = 200 * MB
MAX_RATIO = 100
STORED, DEFLATED = 0, 8

_EOCD = struct.Struct("<4sHHHHIIH")
_CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")
_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_ENCRYPTED_FLAGS = 0x0001 | 0x0040 | 0x2000  # traditional, strong, masked central directory
_DRIVE = re.compile(r"^[A-Za-z]:")


class UnsafeArchive(LocalizedError):
    """The file is not a ZIP we are willing to read; the message says why in plain words."""


@dataclass(frozen=True)
class ZipEntry:
    name: str
    data: bytes
    method: int
    has_extra: bool  # an extra field in the central or the local header
    offset: int  # of the local header; the first entry of a package starts at 0


@dataclass(frozen=True)
class _Declared:
    name: str
    flags: int
    method: int
    crc: int
    compressed_size: int
    size: int
    offset: int
    has_extra: bool


def _fail(msgid: str, **params: object) -> UnsafeArchive:
    return UnsafeArchive(Message(msgid, **params))


def _damaged() -> UnsafeArchive:
    return _fail(N_("The file is not a readable package (damaged or not a ZIP archive)"))


def read_zip(data: bytes) -> list[ZipEntry]:
    """Every entry of a ZIP held in `data`, in central-directory order, after all checks."""
    if len(data) > MAX_FILE_SIZE:
        raise _fail(N_("The package is larger than {limit} MB"), limit=MAX_FILE_SIZE // MB)
    declared = _central_directory(data)
    _check_declared(declared)
    return [_extract(data, entry, _data_end(declared, i, data)) for i, entry in enumerate(declared)]


def _central_directory(data: bytes) -> list[_Declared]:
    eocd = data.rfind(b"PK\x05\x06", max(0, len(data) - _EOCD.size - 0xFFFF))
    if eocd < 0 or len(data) - eocd < _EOCD.size:
        raise _damaged()
    _, disk, cd_disk, on_disk, count, cd_size, cd_offset, comment = _EOCD.unpack_from(data, eocd)
    if eocd + _EOCD.size + comment != len(data):
        raise _damaged()
    if disk or cd_disk or on_disk != count or count == 0xFFFF or cd_offset == 0xFFFFFFFF:
        raise _fail(N_("Split or ZIP64 archives are not accepted"))
    if count > MAX_ENTRIES:
        raise _fail(N_("The package has too many entries ({count}; at most {limit})"),
                    count=count, limit=MAX_ENTRIES)  # fmt: skip
    if cd_offset + cd_size > eocd:
        raise _damaged()
    entries = []
    position = cd_offset
    for _ in range(count):
        if position + _CENTRAL.size > cd_offset + cd_size:
            raise _damaged()
        fields = _CENTRAL.unpack_from(data, position)
        signature, flags, method, crc = fields[0], fields[3], fields[4], fields[7]
        compressed, size, name_len, extra_len, comment_len = fields[8:13]
        offset = fields[16]
        if signature != b"PK\x01\x02":
            raise _damaged()
        start = position + _CENTRAL.size
        raw_name = data[start : start + name_len]
        position = start + name_len + extra_len + comment_len
        if position > cd_offset + cd_size:
            raise _damaged()
        entries.append(
            _Declared(_name(raw_name), flags, method, crc, compressed, size, offset, extra_len > 0)
        )
    return entries


def _name(raw: bytes) -> str:
    if not raw or any(byte < 0x20 or byte > 0x7E for byte in raw):
        shown = raw.decode("utf-8", "replace").encode("ascii", "backslashreplace").decode()
        raise _fail(N_("The entry name {name} is not plain ASCII"), name=shown)
    return raw.decode("ascii")


def _check_declared(entries: list[_Declared]) -> None:
    total = 0
    seen: set[str] = set()
    for entry in entries:
        name = entry.name
        parts = name.split("/")
        if (
            "\\" in name
            or name.startswith("/")
            or _DRIVE.match(name)
            or any(part in ("..", ".") for part in parts)
            or any(part == "" for part in parts[:-1])
        ):
            raise _fail(N_("The entry name {name} is not allowed (absolute path, '..' or backslash)"),
                        name=name)  # fmt: skip
        key = unicodedata.normalize("NFC", name).casefold()
        if key in seen:
            raise _fail(N_("The package holds {name} twice"), name=name)
        seen.add(key)
        if entry.flags & _ENCRYPTED_FLAGS:
            raise _fail(N_("The entry {name} is encrypted"), name=name)
        if entry.method not in (STORED, DEFLATED):
            raise _fail(N_("The entry {name} uses a compression method that is not allowed"), name=name)
        if entry.method == STORED and entry.compressed_size != entry.size:
            raise _fail(N_("The entry {name} is damaged"), name=name)
        if entry.size > MAX_RATIO * max(entry.compressed_size, 1):
            raise _fail(N_("The entry {name} is compressed suspiciously well (more than {ratio}:1)"),
                        name=name, ratio=MAX_RATIO)  # fmt: skip
        total += entry.size
    if total > MAX_TOTAL_SIZE:
        raise _fail(N_("The package's entries would unpack to more than {limit} MB"),
                    limit=MAX_TOTAL_SIZE // MB)  # fmt: skip


def _data_end(entries: list[_Declared], index: int, data: bytes) -> int:
    """Where the next entry (or the central directory) starts: entries may not overlap."""
    if index + 1 < len(entries):
        return entries[index + 1].offset
    eocd = data.rfind(b"PK\x05\x06")
    return _EOCD.unpack_from(data, eocd)[6]


def _extract(data: bytes, entry: _Declared, limit: int) -> ZipEntry:
    limit = min(limit, len(data))  # a lying offset of the next entry may point past the end
    if entry.offset + _LOCAL.size > limit:
        raise _fail(N_("The entry {name} is damaged"), name=entry.name)
    fields = _LOCAL.unpack_from(data, entry.offset)
    signature, flags, method = fields[0], fields[2], fields[3]
    name_len, extra_len = fields[9], fields[10]
    start = entry.offset + _LOCAL.size
    local_name = data[start : start + name_len]
    begin = start + name_len + extra_len
    end = begin + entry.compressed_size
    if (
        signature != b"PK\x03\x04"
        or local_name != entry.name.encode("ascii")
        or method != entry.method
        or end > limit
    ):
        raise _fail(N_("The entry {name} is damaged"), name=entry.name)
    if flags & _ENCRYPTED_FLAGS:
        raise _fail(N_("The entry {name} is encrypted"), name=entry.name)
    raw = data[begin:end]
    if entry.method == STORED:
        content = raw
    else:
        inflater = zlib.decompressobj(-15)
        try:
            content = inflater.decompress(raw, entry.size + 1)
        except zlib.error:
            raise _fail(N_("The entry {name} is damaged"), name=entry.name) from None
        if not inflater.eof or inflater.unconsumed_tail:
            raise _fail(N_("The entry {name} is damaged"), name=entry.name)
    if len(content) != entry.size or zlib.crc32(content) != entry.crc:
        raise _fail(N_("The entry {name} is damaged"), name=entry.name)
    return ZipEntry(
        entry.name, content, entry.method, entry.has_extra or extra_len > 0, entry.offset
    )
