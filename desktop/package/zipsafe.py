"""A ZIP reader for files from strangers, with no slack: package.md verification step 1, in memory.

A verdict must hold for every reader of the same bytes, so this reader accepts only archives in
which every ZIP tool sees the same content: every byte of the file belongs to exactly one local
entry (header, name, data), the central directory or the end record, in that order and without
gaps (no prepended or appended bytes, no comment, no hidden entry, no ZIP64 record); each local
header repeats its central record (name, flags, method, CRC, sizes); no extra fields, data
descriptors or encryption flags; every deflate stream ends exactly at its declared size with the
declared CRC; no entry is a link, folder or device by its attributes. Names follow `zipnames`.

It parses the structures itself (no `zipfile`: that one rewrites names on Windows, cuts them at
NUL bytes, trusts sizes and follows ZIP64 records) and checks every declared size, name and flag
before a single byte is decompressed; decompression is capped at the declared size. Nothing is
written to disk, so names from the archive never become paths.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from desktop.i18n import N_, LocalizedError, Message
from desktop.package import zipnames

MB = 1024 * 1024
MAX_FILE_SIZE = 50 * MB
MAX_ENTRIES = 64
MAX_TOTAL_SIZE = 200 * MB
MAX_RATIO = 100
STORED, DEFLATED = 0, 8

_EOCD = struct.Struct("<4sHHHHIIH")
_CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")
_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_EOCD_SIGNATURE = b"PK\x05\x06"
_CENTRAL_SIGNATURE = b"PK\x01\x02"
_LOCAL_SIGNATURE = b"PK\x03\x04"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ENCRYPTED_FLAGS = 0x0001 | 0x0040 | 0x2000  # traditional, strong, masked central directory
_DATA_DESCRIPTOR_FLAG = 0x0008
_HARMLESS_FLAGS = 0x0002 | 0x0004 | 0x0800  # deflate level hints, "names are UTF-8"
_ZIP64_MARK = 0xFFFFFFFF


class UnsafeArchive(LocalizedError):
    """The file is not a ZIP we are willing to read; the message says why in plain words."""


@dataclass(frozen=True)
class ZipEntry:
    name: str
    data: bytes
    method: int
    offset: int  # of the local header; the first entry starts at 0
    compressed: bytes = b""  # the entry's bytes as stored (raw deflate data, or `data` itself)


@dataclass(frozen=True)
class _Declared:
    """One central-directory record."""

    name: str
    raw_name: bytes
    flags: int
    method: int
    crc: int
    compressed_size: int
    size: int
    offset: int
    plain_file: bool  # not a link, folder or device by its external attributes


@dataclass(frozen=True)
class _End:
    position: int  # of the end record
    count: int
    cd_size: int
    cd_offset: int


def _fail(msgid: str, **params: object) -> UnsafeArchive:
    return UnsafeArchive(Message(msgid, **params))


def _damaged() -> UnsafeArchive:
    return _fail(N_("The file is not a readable package (damaged or not a ZIP archive)"))


def _entry_damaged(name: str) -> UnsafeArchive:
    return _fail(N_("The entry {name} is damaged"), name=name)


def _zip64() -> UnsafeArchive:
    return _fail(N_("Split or ZIP64 archives are not accepted"))


def _gap() -> UnsafeArchive:
    return _fail(N_("The package holds bytes that belong to no file (possibly hidden content)"))


def read_zip(data: bytes) -> list[ZipEntry]:
    """Every entry of a ZIP held in `data`, in file order, after all checks."""
    if len(data) > MAX_FILE_SIZE:
        raise _fail(N_("The package is larger than {limit} MB"), limit=MAX_FILE_SIZE // MB)
    end = _end_record(data)
    declared = _central_directory(data, end)
    _check_declared(declared)
    entries = []
    position = 0  # where the next local entry must start: right after the previous one
    for entry in declared:
        if entry.offset != position:
            if position == 0 and entry.offset < end.cd_offset:
                raise _fail(N_("The package has extra bytes before its first entry"))
            raise _gap() if entry.offset > position else _entry_damaged(entry.name)
        content, raw, position = _read_local(data, entry, end.cd_offset)
        entries.append(ZipEntry(entry.name, content, entry.method, entry.offset, raw))
    if position != end.cd_offset:
        raise _gap()
    return entries


def _end_record(data: bytes) -> _End:
    """The end record, which must be the last 22 bytes of the file, and the central directory
    it points to, which must end where the end record starts."""
    size = len(data)
    position = size - _EOCD.size
    if position < 0:
        raise _damaged()
    if data[position : position + 4] != _EOCD_SIGNATURE or data[-2:] != b"\x00\x00":
        found = data.rfind(_EOCD_SIGNATURE, max(0, position - 0xFFFF))
        if found < 0 or found > position:
            raise _damaged()
        comment = _EOCD.unpack_from(data, found)[7]
        if comment and found + _EOCD.size + comment == size:
            raise _fail(N_("The package carries a ZIP comment, which is not allowed"))
        if found + _EOCD.size + comment < size:
            raise _fail(N_("The package has extra bytes after its end"))
        raise _damaged()
    _, disk, cd_disk, on_disk, count, cd_size, cd_offset, _ = _EOCD.unpack_from(data, position)
    if disk or cd_disk or on_disk != count:
        raise _zip64()
    if count == 0xFFFF or cd_size == _ZIP64_MARK or cd_offset == _ZIP64_MARK:
        raise _zip64()
    # Readers that know ZIP64 look for its locator right before the end record and then follow
    # the ZIP64 end record to another directory; an honest archive under 4 GB has neither.
    if position >= 20 and data[position - 20 : position - 16] == _ZIP64_LOCATOR:
        raise _zip64()
    if count > MAX_ENTRIES:
        raise _fail(N_("The package has too many entries ({count}; at most {limit})"),
                    count=count, limit=MAX_ENTRIES)  # fmt: skip
    if cd_offset + cd_size > position:
        raise _damaged()
    if cd_offset + cd_size < position:
        real_start = position - cd_size
        if data[real_start : real_start + 4] == _CENTRAL_SIGNATURE and real_start > cd_offset:
            # a self-extractor's stub: every offset is off by the bytes put in front
            raise _fail(N_("The package has extra bytes before its first entry"))
        raise _gap()
    return _End(position, count, cd_size, cd_offset)


def _central_directory(data: bytes, end: _End) -> list[_Declared]:
    entries = []
    position, stop = end.cd_offset, end.cd_offset + end.cd_size
    for _ in range(end.count):
        if position + _CENTRAL.size > stop:
            raise _damaged()
        fields = _CENTRAL.unpack_from(data, position)
        if fields[0] != _CENTRAL_SIGNATURE:
            raise _damaged()
        made_by, flags, method, crc = fields[1], fields[3], fields[4], fields[7]
        compressed, size, external = fields[8], fields[9], fields[15]
        name_len, extra_len, comment_len, disk_start = fields[10:14]
        offset = fields[16]
        start = position + _CENTRAL.size
        raw_name = data[start : start + name_len]
        position = start + name_len + extra_len + comment_len
        if position > stop:
            raise _damaged()
        try:
            name = zipnames.decode_name(raw_name)
        except zipnames.BadName as exc:
            raise UnsafeArchive(exc.message) from None
        if disk_start or _ZIP64_MARK in (compressed, size, offset):
            raise _zip64()
        if extra_len:
            raise _fail(N_("The entry {name} carries an extra field, which is not allowed"), name=name)
        if comment_len:
            raise _fail(N_("The entry {name} carries a comment, which is not allowed"), name=name)
        plain = _plain_file(made_by, external, name)
        entries.append(_Declared(name, raw_name, flags, method, crc, compressed, size, offset, plain))
    if position != stop:
        raise _gap()  # bytes inside the directory that describe nothing
    return entries


def _plain_file(made_by: int, external: int, name: str) -> bool:
    """Unzip and bsdtar make a symbolic link (its content being the target), a folder or a
    device of an entry whose external attributes say so; we would read its bytes as a file."""
    if external & 0x10 and not name.endswith("/"):  # the MS-DOS folder attribute
        return False
    unix_type = (external >> 16) & 0o170000
    return made_by >> 8 != 3 or unix_type in (0, 0o100000)  # 3: Unix; 0o100000: a regular file


def _check_declared(entries: list[_Declared]) -> None:
    total = 0
    for entry in entries:
        name = entry.name
        try:
            zipnames.check_name(name)
        except zipnames.BadName as exc:
            raise UnsafeArchive(exc.message) from None
        if not entry.plain_file:
            raise _fail(N_("The entry {name} is not a plain file (a link, a folder or a device)"), name=name)
        if entry.flags & _ENCRYPTED_FLAGS:
            raise _fail(N_("The entry {name} is encrypted"), name=name)
        if entry.flags & _DATA_DESCRIPTOR_FLAG:
            raise _fail(N_("The entry {name} uses a data descriptor, which is not allowed"), name=name)
        if entry.flags & ~_HARMLESS_FLAGS:
            raise _fail(N_("The entry {name} uses ZIP features that are not allowed"), name=name)
        if entry.method not in (STORED, DEFLATED):
            raise _fail(N_("The entry {name} uses a compression method that is not allowed"), name=name)
        if entry.method == STORED and entry.compressed_size != entry.size:
            raise _entry_damaged(name)
        if entry.size > MAX_RATIO * max(entry.compressed_size, 1):
            raise _fail(N_("The entry {name} is compressed suspiciously well (more than {ratio}:1)"),
                        name=name, ratio=MAX_RATIO)  # fmt: skip
        total += entry.size
    try:
        zipnames.check_unique([entry.name for entry in entries])
    except zipnames.BadName as exc:
        raise UnsafeArchive(exc.message) from None
    if total > MAX_TOTAL_SIZE:
        raise _fail(N_("The package's entries would unpack to more than {limit} MB"),
                    limit=MAX_TOTAL_SIZE // MB)  # fmt: skip


def _read_local(data: bytes, entry: _Declared, limit: int) -> tuple[bytes, bytes, int]:
    """The content of `entry`, its bytes as stored, and where its local entry ends, which must be
    at or before `limit`."""
    if entry.offset + _LOCAL.size > limit:
        raise _entry_damaged(entry.name)
    fields = _LOCAL.unpack_from(data, entry.offset)
    if fields[0] != _LOCAL_SIGNATURE:
        raise _entry_damaged(entry.name)
    flags, method, crc, compressed, size, name_len, extra_len = (fields[2], fields[3], *fields[6:11])
    start = entry.offset + _LOCAL.size
    if (
        data[start : start + name_len] != entry.raw_name
        or (flags, method, crc, compressed, size)
        != (entry.flags, entry.method, entry.crc, entry.compressed_size, entry.size)
        or extra_len
    ):
        raise _fail(N_("The entry {name} is described differently in its local header and in "
                       "the central directory"), name=entry.name)  # fmt: skip
    begin = start + name_len
    end = begin + entry.compressed_size
    if end > limit:
        raise _entry_damaged(entry.name)
    raw = data[begin:end]
    if entry.method == STORED:
        content = raw
    else:
        inflater = zlib.decompressobj(-15)
        try:
            content = inflater.decompress(raw, entry.size + 1)
        except zlib.error:
            raise _entry_damaged(entry.name) from None
        if not inflater.eof or inflater.unconsumed_tail:
            raise _entry_damaged(entry.name)
        if inflater.unused_data:
            raise _fail(N_("The entry {name} has bytes after the end of its compressed data"),
                        name=entry.name)  # fmt: skip
    if len(content) != entry.size or zlib.crc32(content) != entry.crc:
        raise _entry_damaged(entry.name)
    return content, raw, end
