"""Real Outlook .msg files for the tests: MAPI property streams as [MS-OXMSG] lays them out,
written into an OLE compound file ([MS-CFB]) by extract-msg's own `OleWriter` (extract-msg reads
.msg but has no message writer; its compound-file writer is complete and is what its `export` uses).

Only what a received message needs: class, subject, sender, transport headers, delivery and
submit times, Message-ID, a body, attachments by value and attached (forwarded) messages.
"""

from __future__ import annotations

import datetime as dt
import struct
from dataclasses import dataclass, field

from extract_msg.ole_writer import OleWriter

PT_LONG, PT_SYSTIME, PT_STRING8, PT_UNICODE, PT_BINARY, PT_OBJECT = 0x0003, 0x0040, 0x001E, 0x001F, 0x0102, 0x000D
ATTACH_BY_VALUE, ATTACH_EMBEDDED_MSG = 1, 5
_FILETIME_EPOCH = dt.datetime(1601, 1, 1, tzinfo=dt.UTC)


@dataclass
class MsgAttachment:
    name: str = ""
    data: bytes = b""
    mime: str = "application/octet-stream"
    message: MsgMessage | None = None  # an attached message instead of a file
    short_name: str | None = None  # PR_ATTACH_FILENAME (8.3); the long name's first 12 characters without
    display_name: str | None = None  # PR_DISPLAY_NAME; the long name without


@dataclass
class MsgMessage:
    subject: str = "Báo cáo"
    sender_name: str = ""
    sender_address: str = ""
    headers: str | None = None  # PR_TRANSPORT_MESSAGE_HEADERS
    delivered: dt.datetime | None = None  # PR_MESSAGE_DELIVERY_TIME
    submitted: dt.datetime | None = None  # PR_CLIENT_SUBMIT_TIME
    message_id: str | None = None
    body: str = "Kính gửi Cục ATMT."
    message_class: str = "IPM.Note"  # "IPM.Note.SMIME.MultipartSigned": one attachment, the signed MIME
    attachments: list[MsgAttachment] = field(default_factory=list)
    codepage: int | None = None  # PR_MESSAGE_CODEPAGE; with it, strings are written as PT_STRING8 in it
    raw_times: dict[int, int] = field(default_factory=dict)  # property id: a FILETIME as it is stored


def _filetime(moment: dt.datetime) -> int:
    return int((moment - _FILETIME_EPOCH).total_seconds() * 10_000_000)


class _Properties:
    """One property stream and the value streams beside it, under `prefix`."""

    def __init__(self, writer: OleWriter, prefix: str, codepage: int | None = None) -> None:
        self.writer, self.prefix, self.entries, self.codepage = writer, prefix, b"", codepage

    def fixed(self, prop_id: int, prop_type: int, value: bytes) -> None:
        self.entries += struct.pack("<IIQ", (prop_id << 16) | prop_type, 0x6, 0)[:8] + value.ljust(8, b"\0")

    def long(self, prop_id: int, value: int) -> None:
        self.fixed(prop_id, PT_LONG, struct.pack("<I", value))

    def time(self, prop_id: int, moment: dt.datetime | None) -> None:
        if moment is not None:
            self.fixed(prop_id, PT_SYSTIME, struct.pack("<Q", _filetime(moment)))

    def variable(self, prop_id: int, prop_type: int, data: bytes, size: int | None = None) -> None:
        self.entries += struct.pack("<IIII", (prop_id << 16) | prop_type, 0x6, len(data) if size is None else size, 0)
        if prop_type != PT_OBJECT:
            self.writer.addEntry(f"{self.prefix}__substg1.0_{prop_id:04X}{prop_type:04X}", data)

    def text(self, prop_id: int, value: str | None) -> None:
        if value and self.codepage is not None:
            encoded = value.encode(f"cp{self.codepage}")
            self.variable(prop_id, PT_STRING8, encoded, len(encoded) + 1)
        elif value:
            self.variable(prop_id, PT_UNICODE, value.encode("utf-16-le"), len(value.encode("utf-16-le")) + 2)

    def write(self, header: bytes) -> None:
        self.writer.addEntry(f"{self.prefix}__properties_version1.0", header + self.entries)


def _message(writer: OleWriter, message: MsgMessage, prefix: str, top: bool) -> None:
    props = _Properties(writer, prefix, message.codepage)
    if message.codepage is not None:
        props.long(0x3FFD, message.codepage)
    for prop_id, filetime in message.raw_times.items():
        props.fixed(prop_id, PT_SYSTIME, struct.pack("<Q", filetime))
    props.text(0x001A, message.message_class)
    props.text(0x0037, message.subject)
    props.text(0x0C1A, message.sender_name)
    props.text(0x0C1F, message.sender_address)
    props.text(0x5D01, message.sender_address)
    props.text(0x0042, message.sender_name)
    props.text(0x007D, message.headers)
    props.text(0x1035, message.message_id)
    props.text(0x1000, message.body)
    props.time(0x0E06, message.delivered)
    props.time(0x0039, message.submitted)
    props.long(0x0E07, 0x1 if message.submitted else 0x8)  # PR_MESSAGE_FLAGS: read, or unsent
    for number, attachment in enumerate(message.attachments):
        where = f"{prefix}__attach_version1.0_#{number:08X}/"
        writer.addEntry(where.rstrip("/"), storage=True)
        aprops = _Properties(writer, where, message.codepage)
        aprops.long(0x0E21, number)  # PR_ATTACH_NUM
        if attachment.message is not None:
            aprops.long(0x3705, ATTACH_EMBEDDED_MSG)
            aprops.text(0x3001, attachment.message.subject)
            aprops.variable(0x3701, PT_OBJECT, b"", 0xFFFFFFFF)
            inner = f"{where}__substg1.0_3701000D/"
            writer.addEntry(inner.rstrip("/"), storage=True)
            _message(writer, attachment.message, inner, top=False)
        else:
            aprops.long(0x3705, ATTACH_BY_VALUE)
            aprops.text(0x3707, attachment.name)  # PR_ATTACH_LONG_FILENAME
            aprops.text(0x3704, attachment.name[:12] if attachment.short_name is None else attachment.short_name)
            aprops.text(0x3001, attachment.name if attachment.display_name is None else attachment.display_name)
            aprops.text(0x370E, attachment.mime)
            aprops.variable(0x3701, PT_BINARY, attachment.data)
        aprops.write(b"\0" * 8)
    count = len(message.attachments)
    header = struct.pack("<8xIIII", 0, count, 0, count)
    props.write(header + (b"\0" * 8 if top else b""))


def write_msg(message: MsgMessage) -> bytes:
    """The bytes of a .msg file holding `message`."""
    import io

    writer = OleWriter()
    writer.addEntry("__nameid_version1.0", storage=True)
    for stream in ("00020102", "00030102", "00040102"):
        writer.addEntry(f"__nameid_version1.0/__substg1.0_{stream}", b"")
    _message(writer, message, "", top=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
