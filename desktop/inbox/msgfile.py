"""Outlook message files (.msg): what Outlook gives when a message is dragged out of it.

An .msg is an OLE compound file ([MS-CFB], read with olefile) of MAPI properties laid out as
[MS-OXMSG] says; only the few properties the Inbox keeps are read, nothing is run or rendered.
The receipt time is, as for an .eml, the topmost `Received:` header of the transport headers Outlook
kept (our own server's word), else the time the server delivered the message to the mailbox
(PR_MESSAGE_DELIVERY_TIME), else the `Date:` header or the time the sender's program submitted it.
Package attachments are taken as from an .eml, also from an S/MIME signed message (Outlook keeps
its MIME whole, as its one attachment); a message attached to the message is looked into, a few
levels deep. The header's sector counts and the directory's size are checked before olefile
loads them, every stream's size before it is read, and all streams together never exceed the
file's own size twice over: a file whose sizes or sector chains lie costs no more time or memory
than an honest one. A broken file gives what could be read or a plain "cannot be read".
"""

from __future__ import annotations

import base64
import codecs
import datetime as dt
import email.message
import email.policy
import struct
from typing import Any

from desktop.inbox.mailfile import (
    MAX_ATTACHMENTS,
    MAX_DEPTH,
    MAX_MAIL_SIZE,
    MAX_PARTS,
    PACKAGE_NAME_SUFFIXES,
    MailFile,
    MailTooComplexError,
    header_text,
    package_parts,
    parse_mime,
    receipt_time,
    safe_name,
)
from desktop.package.mail import PACKAGE_TYPE
from desktop.package.zipsafe import MAX_FILE_SIZE

_PACKAGE_MIME = "/".join(PACKAGE_TYPE)
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ATTACHMENT_ENTRY = "__attach_version1.0_#".encode("utf-16-le")  # a directory entry's name, as stored
MAX_ATTACHMENT_ENTRIES = 500  # in the whole file, attached messages included
MAX_DIRECTORY_ENTRIES = 50_000  # streams and storages (a message with 500 attachments has about 8,000)
_FREE_OR_END = 0xFFFFFFFE  # FREESECT and ENDOFCHAIN and their like, in a FAT or DIFAT list
MAX_HEADER_CHARS = 1_000_000  # of the transport headers, parsed
_MAX_HEADER_BYTES = 4 * MAX_HEADER_CHARS  # their stream (UTF-16, or up to 4 bytes a character in UTF-8)
_MAX_TEXT_BYTES = 64 * 1024  # any other string stream (a subject, a name: cut to 300 characters)
_MAX_PROPERTIES_BYTES = 16 * 8192  # a property stream of 8,192 properties: more than any message sets
# [MS-OXMSG] 2.4: the property stream's header before its 16-byte entries
_TOP_HEADER, _EMBEDDED_HEADER, _ATTACHMENT_HEADER = 32, 24, 8
_PROPERTIES = "__properties_version1.0"
_PT_LONG, _PT_SYSTIME, _PT_STRING8, _PT_UNICODE = 0x0003, 0x0040, "001E", "001F"
_PR_MESSAGE_CLASS, _PR_SUBJECT, _PR_HEADERS, _PR_MESSAGE_ID = 0x001A, 0x0037, 0x007D, 0x1035
_PR_SENDER_NAME, _PR_SENDER_SMTP_ADDRESS = 0x0C1A, 0x5D01
_PR_DELIVERY_TIME, _PR_SUBMIT_TIME = 0x0E06, 0x0039
_PR_MESSAGE_CODEPAGE, _PR_INTERNET_CPID = 0x3FFD, 0x3FDE
_PR_ATTACH_METHOD, _PR_ATTACH_DATA = 0x3705, 0x3701
_PR_ATTACH_LONG_FILENAME, _PR_ATTACH_FILENAME, _PR_DISPLAY_NAME, _PR_ATTACH_MIME_TAG = 0x3707, 0x3704, 0x3001, 0x370E
_ATTACH_EMBEDDED_MSG = 5
_FILETIME_1970 = 116_444_736_000_000_000  # 1970-01-01 in 100-ns steps since 1601
_FILETIME_NULL = 915_000_000_000_000_000  # from here on (the year 4500): "no time" for Outlook
# Windows code pages whose Python codec is not named "cp<number>"
_CODECS = {65001: "utf-8", 20127: "ascii", 1200: "utf-16-le", 1201: "utf-16-be", 20866: "koi8-r", 21866: "koi8-u",
           28591: "latin-1", 50220: "iso2022-jp", 50221: "iso2022-jp", 50222: "iso2022-jp", 51932: "euc-jp",
           51949: "euc-kr", 52936: "hz", 54936: "gb18030", 10000: "mac-roman", 20932: "euc-jp"}
_CODECS.update({28590 + n: f"iso8859-{n}" for n in range(2, 16)})


class MsgError(Exception):
    """The bytes are not an Outlook message that can be read."""


def _text(value: str | None, limit: int = 300) -> str | None:
    return " ".join(value.split())[:limit] or None if value else None


def _codec(codepage: int | None) -> str | None:
    """Python's codec of a Windows code page; None for one it does not know."""
    if not codepage:
        return None
    name = _CODECS.get(codepage, f"cp{codepage}")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _check_header(data: bytes) -> None:
    """MsgError for a compound file whose header claims more FAT or mini FAT sectors than its size
    allows ([MS-CFB] 2.2): olefile would follow such claims for minutes (a DIFAT or mini FAT chain
    that loops on itself is read again and again) where an honest file takes milliseconds."""
    shift = struct.unpack_from("<H", data, 30)[0]
    if shift not in (9, 12):
        raise MsgError("not an OLE compound file")
    sector_size = 1 << shift
    sectors = (len(data) + sector_size - 1) // sector_size - 1  # the header takes the first one
    fat_sectors, mini_fat_sectors = struct.unpack_from("<I", data, 44)[0], struct.unpack_from("<I", data, 64)[0]
    # each FAT sector maps sector_size / 4 sectors; 109 are listed in the header itself
    if fat_sectors > 2 * (sectors // (sector_size // 4) + 1) + 109 or mini_fat_sectors > sectors:
        raise MsgError("the header claims more sectors than the file holds")
    if _directory_sectors(data, sector_size) * (sector_size // 128) > MAX_DIRECTORY_ENTRIES:
        raise MailTooComplexError()  # olefile makes an object of each: 7 times the file's size, seconds


def _directory_sectors(data: bytes, sector_size: int) -> int:
    """The length of the directory's sector chain, followed through the FAT as olefile will load it
    (its FAT sectors listed in the header, then in the DIFAT sectors, each list up to its first
    free or end mark); a chain that loops or leaves the file ends the count."""
    per_sector = sector_size // 4
    listed: list[int] = []

    def take(entries: tuple[int, ...]) -> None:
        for sector in entries:
            if sector >= _FREE_OR_END:
                return
            listed.append(sector)

    take(struct.unpack_from("<109I", data, 76))
    difat, difat_count = struct.unpack_from("<II", data, 68)
    for _step in range(difat_count):  # bounded: the header's FAT count was checked
        at = (difat + 1) * sector_size
        if difat >= _FREE_OR_END or at + sector_size > len(data):
            break
        entries = struct.unpack_from(f"<{per_sector}I", data, at)
        take(entries[:-1])
        difat = entries[-1]
    sector, seen = struct.unpack_from("<I", data, 48)[0], set[int]()
    while sector < _FREE_OR_END and sector not in seen and len(seen) * 4 <= MAX_DIRECTORY_ENTRIES:
        seen.add(sector)
        index, slot = divmod(sector, per_sector)
        at = (listed[index] + 1) * sector_size + 4 * slot if index < len(listed) else len(data)
        if at + 4 > len(data):
            break
        sector = struct.unpack_from("<I", data, at)[0]
    return len(seen)


class _CompoundFile:
    """One OLE compound file; its streams read within the file's own size, twice over."""

    def __init__(self, data: bytes) -> None:
        import olefile

        if data[:8] != _OLE_MAGIC or len(data) < 512:
            raise MsgError("not an OLE compound file")
        _check_header(data)
        try:
            # DEFECT_FATAL: a chain cut short gives what it holds, as Outlook-made files sometimes need
            self.ole = olefile.OleFileIO(data, raise_defects=olefile.DEFECT_FATAL)
        except Exception as exc:  # any damage olefile cannot step over (RecursionError too)
            raise MsgError(str(exc) or type(exc).__name__) from None
        if self.ole.root.size > len(data):  # the mini stream, read whole at the first small stream
            self.ole.close()
            raise MsgError("the mini stream claims more than the file holds")
        self.budget = 2 * len(data)
        self.stream_type = olefile.STGTY_STREAM
        self.storage_type = olefile.STGTY_STORAGE

    def read(self, path: list[str], entry: Any, limit: int) -> bytes | None:
        """A stream's bytes; None when it claims more than `limit` or than is left to read, or
        cannot be read."""
        size = entry.size
        if size > limit or size > self.budget:
            return None
        self.budget -= size
        try:
            return bytes(self.ole.openstream(path).read(size))
        except Exception:  # a broken chain olefile refuses: this stream only is lost
            return None

    def close(self) -> None:
        self.ole.close()


class _Storage:
    """A message's or an attachment's storage: its fixed-length properties and its string streams."""

    def __init__(self, file: _CompoundFile, path: list[str], entry: Any, header: int, codec: str) -> None:
        self.file, self.path, self.entry = file, path, entry
        self.properties: dict[int, bytes] = {}
        raw = self._read(_PROPERTIES, _MAX_PROPERTIES_BYTES) or b""
        for offset in range(header, len(raw) - 15, 16):
            tag, _flags, value = struct.unpack_from("<II8s", raw, offset)
            self.properties.setdefault(tag, value)
        self.codec = _codec(self.long(_PR_MESSAGE_CODEPAGE)) or _codec(self.long(_PR_INTERNET_CPID)) or codec

    def child(self, name: str, kind: int) -> Any:
        found = self.entry.kids_dict.get(name.lower())
        return found if found is not None and found.entry_type == kind else None

    def _read(self, name: str, limit: int) -> bytes | None:
        entry = self.child(name, self.file.stream_type)
        return None if entry is None else self.file.read([*self.path, entry.name], entry, limit)

    def long(self, prop_id: int) -> int | None:
        value = self.properties.get(prop_id << 16 | _PT_LONG)
        return None if value is None else int(struct.unpack_from("<I", value)[0])

    def time(self, prop_id: int) -> dt.datetime | None:
        value = self.properties.get(prop_id << 16 | _PT_SYSTIME)
        if value is None:
            return None
        filetime = int(struct.unpack_from("<Q", value)[0])
        if not _FILETIME_1970 <= filetime <= _FILETIME_NULL:  # before 1970, no receipt; after, "no time"
            return None
        moment = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=(filetime - _FILETIME_1970) // 10)
        return moment.astimezone()  # in the computer's time zone, as the receipt is kept and shown

    def string(self, prop_id: int, limit: int = _MAX_TEXT_BYTES) -> str | None:
        """A PT_UNICODE (UTF-16) or PT_STRING8 (in the message's code page) property's text."""
        unicode = self._read(f"__substg1.0_{prop_id:04X}{_PT_UNICODE}", limit)
        if unicode is not None:
            return unicode.decode("utf-16-le", "replace").rstrip("\0")
        eight_bit = self._read(f"__substg1.0_{prop_id:04X}{_PT_STRING8}", limit)
        return None if eight_bit is None else eight_bit.decode(self.codec, "replace").rstrip("\0")

    def attachments(self) -> list[tuple[list[str], Any]]:
        return [([*self.path, kid.name], kid) for kid in self.entry.kids
                if kid.entry_type == self.file.storage_type and kid.name.lower().startswith("__attach")]


def _is_signed(message_class: str | None) -> bool:
    """An S/MIME message: Outlook keeps its whole MIME as the one attachment ([MS-OXOSMIME])."""
    kind = (message_class or "").lower()
    return (kind.startswith(("ipm.note", "report", "ipm.skypeteams.message"))
            and kind.endswith(("smime.multipartsigned", "smime")))


class _Collector:
    def __init__(self, file: _CompoundFile) -> None:
        self.file = file
        self.packages: list[tuple[str, bytes]] = []
        self.oversized: list[str] = []
        self.truncated = False
        self.seen = 0

    def collect(self, message: _Storage, depth: int) -> None:
        attachments = message.attachments()
        signed = _is_signed(message.string(_PR_MESSAGE_CLASS))
        for path, entry in attachments[:1] if signed else attachments:
            self.seen += 1
            if self.seen > MAX_PARTS:
                self.truncated = True
                return
            attachment = _Storage(self.file, path, entry, _ATTACHMENT_HEADER, message.codec)
            if signed:
                self._signed(attachment)
            else:
                self._one(attachment, depth)

    def _one(self, attachment: _Storage, depth: int) -> None:
        data = attachment.child(f"__substg1.0_{_PR_ATTACH_DATA:04X}0102", self.file.stream_type)
        if data is None:
            inner = attachment.child(f"__substg1.0_{_PR_ATTACH_DATA:04X}000D", self.file.storage_type)
            method = attachment.long(_PR_ATTACH_METHOD)
            if inner is None or not ((method is not None and method & 7 == _ATTACH_EMBEDDED_MSG)
                                     or (method is None and inner.kids_dict.get(_PROPERTIES.lower()))):
                return  # by reference, OLE object, web link: nothing the Inbox can take
            if depth + 1 >= MAX_DEPTH:  # a message attached (forwarded), too deep
                self.truncated = True
            else:
                self.collect(_Storage(self.file, [*attachment.path, inner.name], inner, _EMBEDDED_HEADER,
                                      attachment.codec), depth + 1)
            return
        if data.size == 0:
            return
        name = next((n for n in (attachment.string(_PR_ATTACH_LONG_FILENAME), attachment.string(_PR_ATTACH_FILENAME),
                                 attachment.string(_PR_DISPLAY_NAME)) if n and n.strip()), None)
        mime = (attachment.string(_PR_ATTACH_MIME_TAG) or "").strip().lower()
        if not ((name and name.lower().endswith(PACKAGE_NAME_SUFFIXES)) or mime == _PACKAGE_MIME):
            return
        shown = safe_name(name or "package.asice")
        if self._room(shown, data.size):
            payload = self.file.read([*attachment.path, data.name], data, MAX_FILE_SIZE)
            if payload:
                self.packages.append((shown, payload))

    def _room(self, shown: str, size: int) -> bool:
        """Whether a package of `size` bytes is taken (else it is said too large, or left over)."""
        if size > MAX_FILE_SIZE:
            self.oversized.append(shown)
            return False
        if len(self.packages) >= MAX_ATTACHMENTS:
            self.truncated = True
            return False
        return True

    def _signed(self, attachment: _Storage) -> None:
        """The packages inside a signed message's MIME: multipart/signed, or the opaque
        application/pkcs7-mime whose signed data holds the MIME."""
        entry = attachment.child(f"__substg1.0_{_PR_ATTACH_DATA:04X}0102", self.file.stream_type)
        data = None if entry is None else self.file.read([*attachment.path, entry.name], entry, MAX_MAIL_SIZE)
        if not data:
            return
        if (attachment.string(_PR_ATTACH_MIME_TAG) or "").strip().lower() in (
                "application/pkcs7-mime", "application/x-pkcs7-mime") and data[:1] == b"\x30":  # DER, not MIME
            data = (b"Content-Type: application/pkcs7-mime; smime-type=signed-data\r\n"
                    b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(data))
        parts, cut = package_parts(parse_mime(data))
        self.truncated = self.truncated or cut
        for shown, payload in parts:
            if self._room(shown, len(payload)):
                self.packages.append((shown, payload))
            elif len(payload) <= MAX_FILE_SIZE:
                return


def read_msg(data: bytes, now: dt.datetime | None = None) -> MailFile:
    """The receipt time, the sender and the package attachments of one Outlook .msg file's bytes."""
    if data.count(_ATTACHMENT_ENTRY) > MAX_ATTACHMENT_ENTRIES:  # far more than any real message
        raise MailTooComplexError()
    file = _CompoundFile(data)
    try:
        message = _Storage(file, [], file.ole.root, _TOP_HEADER, "cp1252")
        if not message.string(_PR_MESSAGE_CLASS):
            raise MsgError("a compound file, but no Outlook item")
        headers = _headers(message)
        collector = _Collector(file)
        collector.collect(message, 0)
        received = receipt_time(headers, now, delivered=message.time(_PR_DELIVERY_TIME),
                                sent=message.time(_PR_SUBMIT_TIME))
        return MailFile(received, collector.packages, collector.oversized, sender=_sender(message, headers),
                        message_id=header_text(headers, "Message-ID") or _text(message.string(_PR_MESSAGE_ID)),
                        subject=_text(message.string(_PR_SUBJECT)), truncated=collector.truncated)
    finally:
        file.close()


def _headers(message: _Storage) -> email.message.Message:
    """The transport headers Outlook kept (PR_TRANSPORT_MESSAGE_HEADERS), parsed; empty without."""
    text = message.string(_PR_HEADERS, _MAX_HEADER_BYTES) or ""
    if text.startswith("Microsoft Mail Internet Headers Version 2.0"):
        text = text[43:].lstrip()
    return email.message_from_string(text[:MAX_HEADER_CHARS], policy=email.policy.compat32)


def _sender(message: _Storage, headers: email.message.Message) -> str | None:
    """The headers' `From:`, else the sender's MAPI name and address as "Name <address>"."""
    if sender := header_text(headers, "From"):
        return sender
    name, address = message.string(_PR_SENDER_NAME), message.string(_PR_SENDER_SMTP_ADDRESS)
    return _text(f"{name} <{address}>" if name and address else name or address)
