"""ZIP slack, made on purpose: each function takes the bytes of an honest archive (as the real
exporter writes it) and returns the same archive with one kind of slack that some ZIP reader
follows and another ignores. Used by tests/package/test_zipsafe.py and by the hostile corpus
script (tests/data/hostile/make_corpus.py).

The archive is taken apart into its raw pieces (compressed bytes untouched) and put together
again with `assemble`, so only the slack differs from the honest file.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

LOCAL = struct.Struct("<4sHHHHHIIIHH")
CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")
EOCD = struct.Struct("<4sHHHHIIH")
ZIP64_EOCD = struct.Struct("<4sQHHIIQQQQ")
ZIP64_LOCATOR = struct.Struct("<4sIQI")


@dataclass
class Part:
    """One entry: its name, stored bytes and header fields; `local` overrides local-header fields
    (keys: flags, method, crc, compressed_size, size, name), `after` is put after its data."""

    name: bytes
    raw: bytes
    method: int
    crc: int
    size: int
    flags: int = 0
    mtime: int = 0
    mdate: int = 0
    external_attr: int = 0
    made_by: int = 20
    local_extra: bytes = b""
    central_extra: bytes = b""
    local: dict[str, object] = field(default_factory=dict)
    after: bytes = b""
    in_directory: bool = True  # False: a local entry no central record points to


def parts_of(archive: bytes) -> list[Part]:
    """The entries of a well-formed archive (ours), in directory order."""
    end = archive.rfind(b"PK\x05\x06")
    _, _, _, _, count, _, cd_offset, _ = EOCD.unpack_from(archive, end)
    parts, position = [], cd_offset
    for _ in range(count):
        fields = CENTRAL.unpack_from(archive, position)
        name_len, extra_len, comment_len, offset = fields[10], fields[11], fields[12], fields[16]
        name = archive[position + CENTRAL.size : position + CENTRAL.size + name_len]
        local_fields = LOCAL.unpack_from(archive, offset)
        begin = offset + LOCAL.size + local_fields[9] + local_fields[10]
        parts.append(Part(name=name, raw=archive[begin : begin + fields[8]], method=fields[4], crc=fields[7],
                          size=fields[9], flags=fields[3], mtime=fields[5], mdate=fields[6],
                          external_attr=fields[15], made_by=fields[1]))  # fmt: skip
        position += CENTRAL.size + name_len + extra_len + comment_len
    return parts


def local_entry(part: Part) -> bytes:
    values: dict[str, object] = {"flags": part.flags, "method": part.method, "crc": part.crc,
                                 "compressed_size": len(part.raw), "size": part.size, "name": part.name}
    values.update(part.local)
    name = values["name"]
    assert isinstance(name, bytes)
    header = LOCAL.pack(b"PK\x03\x04", 20, values["flags"], values["method"], part.mtime, part.mdate, values["crc"],
                        values["compressed_size"], values["size"], len(name), len(part.local_extra))
    return header + name + part.local_extra + part.raw + part.after


def central_record(part: Part, offset: int) -> bytes:
    header = CENTRAL.pack(b"PK\x01\x02", part.made_by, 20, part.flags, part.method, part.mtime, part.mdate, part.crc,
                          len(part.raw), part.size, len(part.name), len(part.central_extra), 0, 0, 0,
                          part.external_attr, offset)  # fmt: skip
    return header + part.name + part.central_extra


@dataclass
class Layout:
    """The pieces of an archive before they become bytes."""

    locals: bytes
    directory: bytes
    count: int


def lay_out(parts: Sequence[Part], *, prefix: bytes = b"", adjust_offsets: bool = True) -> Layout:
    out = bytearray(prefix)
    directory = bytearray()
    count = 0
    for part in parts:
        offset = len(out) if adjust_offsets else len(out) - len(prefix)
        out += local_entry(part)
        if part.in_directory:
            directory += central_record(part, offset)
            count += 1
    return Layout(bytes(out), bytes(directory), count)


def end_record(count: int, cd_size: int, cd_offset: int, comment: bytes = b"") -> bytes:
    return EOCD.pack(b"PK\x05\x06", 0, 0, count, count, cd_size, cd_offset, len(comment)) + comment


def assemble(parts: Sequence[Part], *, prefix: bytes = b"", adjust_offsets: bool = True, comment: bytes = b"",
             suffix: bytes = b"") -> bytes:
    laid = lay_out(parts, prefix=prefix, adjust_offsets=adjust_offsets)
    cd_offset = len(laid.locals) - (0 if adjust_offsets else len(prefix))
    return laid.locals + laid.directory + end_record(laid.count, len(laid.directory), cd_offset, comment) + suffix


def _index(parts: Sequence[Part], name: str) -> int:
    return [part.name for part in parts].index(name.encode())


def _stored(name: str, content: bytes) -> Part:
    return Part(name=name.encode(), raw=content, method=0, crc=zlib.crc32(content), size=len(content))


def _deflated(name: str, content: bytes) -> Part:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return Part(name=name.encode(), raw=compressor.compress(content) + compressor.flush(), method=8,
                crc=zlib.crc32(content), size=len(content))  # fmt: skip


# -- the kinds of slack ----------------------------------------------------------------------------


def rebuilt(archive: bytes) -> bytes:
    """Taken apart and put together again: the same bytes (a check on the tools above)."""
    return assemble(parts_of(archive))


def hidden_zip64_directory(archive: bytes, name: str, content: bytes) -> bytes:
    """A second, ZIP64 directory in which `name` has other content. The classic end record still
    points to the honest directory; a reader that follows the ZIP64 locator right before it
    (Python's zipfile, Info-ZIP unzip) reads the other one."""
    parts = parts_of(archive)
    forged = _deflated(name, content)
    laid = lay_out([*parts, replace(forged, in_directory=False)])
    forged_offset = len(laid.locals) - len(local_entry(forged))
    honest_records = [central_record(part, offset) for part, offset in zip(parts, _offsets(parts), strict=True)]
    forged_records = list(honest_records)
    forged_records[_index(parts, name)] = central_record(forged, forged_offset)
    honest_cd, forged_cd = b"".join(honest_records), b"".join(forged_records)
    honest_offset = len(laid.locals)
    forged_cd_offset = honest_offset + len(honest_cd)
    zip64_at = forged_cd_offset + len(forged_cd)
    zip64 = ZIP64_EOCD.pack(b"PK\x06\x06", 44, 45, 45, 0, 0, len(parts), len(parts), len(forged_cd), forged_cd_offset)
    locator = ZIP64_LOCATOR.pack(b"PK\x06\x07", 0, zip64_at, 1)
    return (laid.locals + honest_cd + forged_cd + zip64 + locator
            + end_record(len(parts), len(honest_cd), honest_offset))  # fmt: skip


def _offsets(parts: Sequence[Part]) -> list[int]:
    offsets, position = [], 0
    for part in parts:
        offsets.append(position)
        position += len(local_entry(part))
    return offsets


def hidden_entry(archive: bytes, after: str, name: str, content: bytes) -> bytes:
    """A complete local entry `name` after the entry `after`, in no directory record: readers
    that walk the local headers (bsdtar reading a stream, some antivirus and mail filters)
    see one file more than those that read the directory."""
    parts = parts_of(archive)
    at = _index(parts, after) + 1
    return assemble([*parts[:at], replace(_deflated(name, content), in_directory=False), *parts[at:]])


def lying_local_header(archive: bytes, name: str) -> bytes:
    """The local header of `name` gives other sizes and CRC than its directory record."""
    parts = parts_of(archive)
    part = parts[_index(parts, name)]
    part.local = {"crc": part.crc ^ 0x5A5A5A5A, "size": part.size + 1000, "compressed_size": len(part.raw) - 1}
    return assemble(parts)


def data_descriptor(archive: bytes, name: str) -> bytes:
    """`name` with flag bit 3: zero CRC and sizes in its local header, a data descriptor after
    its data (a streaming writer's layout; a streaming reader must guess where the data ends)."""
    parts = parts_of(archive)
    part = parts[_index(parts, name)]
    part.flags |= 0x0008
    part.local = {"crc": 0, "size": 0, "compressed_size": 0}
    part.after = struct.pack("<4sIII", b"PK\x07\x08", part.crc, len(part.raw), part.size)
    return assemble(parts)


def bytes_after_deflate(archive: bytes, name: str, extra: bytes) -> bytes:
    """`extra` after the end of the deflate stream of `name`, inside its declared compressed size."""
    parts = parts_of(archive)
    part = parts[_index(parts, name)]
    assert part.method == 8
    part.raw += extra
    return assemble(parts)


def unicode_path_extra(archive: bytes, name: str, shown_as: str) -> bytes:
    """An Info-ZIP Unicode Path field (0x7075) on `name` in both headers: Info-ZIP unzip, 7-Zip
    and newer Pythons show and extract the entry as `shown_as`."""
    parts = parts_of(archive)
    part = parts[_index(parts, name)]
    utf8 = shown_as.encode()
    body = b"\x01" + struct.pack("<I", zlib.crc32(part.name)) + utf8
    part.local_extra = part.central_extra = struct.pack("<HH", 0x7075, len(body)) + body
    return assemble(parts)


def encrypted_flag_on_stored(archive: bytes, name: str) -> bytes:
    """`name` stored uncompressed but flagged as encrypted (bit 0): tools ask for a password and
    decrypt plain bytes into garbage, or refuse to show it."""
    parts = parts_of(archive)
    at = _index(parts, name)
    original = parts[at]
    content = original.raw if original.method == 0 else zlib.decompress(original.raw, -15)
    parts[at] = replace(_stored(name, content), flags=0x0001, mtime=original.mtime, mdate=original.mdate)
    return assemble(parts)


def prepended(archive: bytes, stub: bytes, *, adjust_offsets: bool = True) -> bytes:
    """`stub` in front (a self-extractor's program); with `adjust_offsets` every offset counts
    from the start of the file, as a self-extractor writes them, so Python's zipfile and unzip
    read the archive without a word."""
    return assemble(parts_of(archive), prefix=stub, adjust_offsets=adjust_offsets)


def appended(archive: bytes, tail: bytes) -> bytes:
    return archive + tail


def with_comment(archive: bytes, comment: bytes) -> bytes:
    return assemble(parts_of(archive), comment=comment)


def as_symlink(archive: bytes, name: str, target: bytes) -> bytes:
    """`name` made a Unix symbolic link to `target` (its stored content): unzip and bsdtar create
    a link where a reader of bytes sees a file holding the target's path."""
    parts = parts_of(archive)
    at = _index(parts, name)
    parts[at] = replace(_stored(name, target), made_by=0x0314, external_attr=0o120777 << 16,
                        mtime=parts[at].mtime, mdate=parts[at].mdate)
    return assemble(parts)
