"""Outlook .msg files read by our own reader (desktop/inbox/msgfile.py, on olefile): what each
property gives, the same as the extract-msg reader it replaced on one corpus (tests/inbox/
extract_msg_reader.py), and hostile compound files (random bytes, cut short, sizes and chains that
lie, loops in the directory, deep nesting) that give an error or what could be read, never a crash,
an endless walk or memory out of proportion to the file."""

from __future__ import annotations

import base64
import datetime as dt
import os
import struct
import tracemalloc
from dataclasses import dataclass

import pytest

from desktop.inbox.mailfile import MAX_DEPTH, MailFile, MailTooComplexError
from desktop.inbox.msgfile import MsgError, read_msg
from desktop.package.mail import PACKAGE_TYPE
from desktop.package.zipsafe import MAX_FILE_SIZE
from tests.inbox.extract_msg_reader import read_msg_with_extract_msg
from tests.inbox.msgwriter import MsgAttachment, MsgMessage, write_msg

ASICE = "/".join(PACKAGE_TYPE)
NOW = dt.datetime(2026, 11, 16, 3, 0, tzinfo=dt.UTC)
ARRIVED = dt.datetime(2026, 11, 15, 9, 30, tzinfo=dt.UTC)
SENDER = "Sở Công Thương Ninh Bình <sct@ninhbinh.gov.vn>"
FILETIME_1970 = 116444736000000000
FIRST = "__attach_version1.0_#00000000"


def _headers(*lines: str) -> str:
    return "\r\n".join(lines) + "\r\n\r\n"


def _signed_mime(parts: list[tuple[str | None, str, bytes]]) -> bytes:
    """What Outlook keeps of a clear-signed message: its whole MIME, multipart/signed."""
    inner = b"".join(b"--in\r\nContent-Type: " + mime.encode() + b"\r\nContent-Transfer-Encoding: base64\r\n"
                     + (b'Content-Disposition: attachment; filename="' + name.encode() + b'"\r\n' if name else b"")
                     + b"\r\n" + base64.encodebytes(data).replace(b"\n", b"\r\n") for name, mime, data in parts)
    content = (b'Content-Type: multipart/mixed; boundary="in"\r\n\r\n--in\r\nContent-Type: text/plain\r\n\r\n'
               b"Kinh gui.\r\n" + inner + b"--in--\r\n")
    return (b'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="ky"'
            b"\r\n\r\n--ky\r\n" + content + b"\r\n--ky\r\nContent-Type: application/pkcs7-signature; "
            b'name="smime.p7s"\r\nContent-Transfer-Encoding: base64\r\n\r\nMIIB\r\n--ky--\r\n')


def _signed(parts: list[tuple[str | None, str, bytes]], **more: object) -> MsgMessage:
    return MsgMessage(message_class="IPM.Note.SMIME.MultipartSigned", sender_name="Sở Công Thương",
                      sender_address="sct@ninhbinh.gov.vn", delivered=ARRIVED,
                      attachments=[MsgAttachment("smime.p7m", _signed_mime(parts), "multipart/signed")], **more)


def _nested(levels: int, inner: MsgMessage) -> MsgMessage:
    for _level in range(levels):
        inner = MsgMessage(subject="Fwd", attachments=[MsgAttachment(message=inner)])
    return inner


@dataclass
class Case:
    """A message and what is read from it."""

    message: MsgMessage
    packages: list[str]
    sender: str | None = None
    message_id: str | None = None
    subject: str | None = "Báo cáo"
    received: dt.datetime | None = None
    truncated: bool = False


CORPUS: dict[str, Case] = {
    "transport headers: received, sender and id from them": Case(MsgMessage(
        sender_name="Khác", sender_address="khac@x.vn", delivered=ARRIVED + dt.timedelta(minutes=2),
        submitted=ARRIVED - dt.timedelta(hours=1), message_id="<mapi@x>",
        headers=_headers("Received: from relay by mx.moit.gov.vn; Sun, 15 Nov 2026 16:30:00 +0700",
                         "Received: from pc by relay; Sun, 15 Nov 2026 15:30:00 +0700",
                         "From: =?utf-8?b?U+G7nyBDw7RuZyBUaMawxqFuZyBOaW5oIELDrG5o?= <sct@ninhbinh.gov.vn>",
                         "Message-ID: <hdr@ninhbinh.gov.vn>", "Subject: khac"),
        attachments=[MsgAttachment("BC-1.asice", b"PK one", ASICE), MsgAttachment("cv.pdf", b"%PDF", "application/pdf")]),
        ["BC-1.asice"], SENDER, "<hdr@ninhbinh.gov.vn>", received=ARRIVED),
    "headers with the 'Microsoft Mail Internet Headers' line, no From": Case(MsgMessage(
        sender_name="Sở Công Thương Ninh Bình", sender_address="sct@ninhbinh.gov.vn", message_id="<mapi@x>",
        headers="Microsoft Mail Internet Headers Version 2.0\r\n" + _headers(
            "Received: from relay by mx; Sun, 15 Nov 2026 16:30:00 +0700"),
        attachments=[MsgAttachment("BC-2.sce", b"PK two")]),
        ["BC-2.sce"], SENDER, "<mapi@x>", received=ARRIVED),
    "no headers: delivery time, MAPI sender": Case(MsgMessage(
        sender_name="Sở Công Thương Ninh Bình", sender_address="sct@ninhbinh.gov.vn",
        delivered=ARRIVED, submitted=ARRIVED - dt.timedelta(hours=1), message_id="<mapi@x>",
        attachments=[MsgAttachment("BC-3.asice", b"PK three")]),
        ["BC-3.asice"], SENDER, "<mapi@x>", received=ARRIVED),
    "no headers, submit time only, sender's address only": Case(MsgMessage(
        sender_address="sct@ninhbinh.gov.vn", submitted=ARRIVED, attachments=[MsgAttachment("a.asice", b"PK")]),
        ["a.asice"], "sct@ninhbinh.gov.vn", received=ARRIVED),
    "a time in the future, times before 1970 and the 'null' year 4500": Case(MsgMessage(
        delivered=NOW + dt.timedelta(days=2), raw_times={0x0039: FILETIME_1970 - 10_000_000 * 86400},
        attachments=[MsgAttachment("a.asice", b"PK")]), ["a.asice"]),
    "the 'null' year 4500": Case(MsgMessage(
        raw_times={0x0E06: 915151392000000000, 0x0039: 915046235400000000},
        attachments=[MsgAttachment("a.asice", b"PK")]), ["a.asice"]),
    "8-bit strings in the message's code page (Vietnamese, 1258)": Case(MsgMessage(
        subject="Báo cáo tháng", sender_name="Công Thương", sender_address="sct@ninhbinh.gov.vn", codepage=1258, body="Kinh gui.",
        attachments=[MsgAttachment("Báo-cáo.asice", b"PK vn")]),  # (precomposed letters of the code page only)
        ["Báo-cáo.asice"], "Công Thương <sct@ninhbinh.gov.vn>", subject="Báo cáo tháng"),
    "8-bit strings in Western European (1252)": Case(MsgMessage(
        subject="Café", codepage=1252, body="Kinh gui.", attachments=[MsgAttachment("Café.asice", b"PK fr")]),
        ["Café.asice"], subject="Café"),
    "names: long, short only, display only, none but typed, with folders": Case(MsgMessage(attachments=[
        MsgAttachment("", b"PK short", short_name="Báo cáo.asice", display_name="khac.pdf"),
        MsgAttachment("", b"PK 8.3", short_name="BC-NGAN.ASI", display_name="BC-ngan.asice"),  # the short name wins
        MsgAttachment("", b"PK display", "application/octet-stream", short_name="", display_name="hien.asice"),
        MsgAttachment("", b"PK typed", ASICE, short_name="", display_name=""),
        MsgAttachment("..\\..\\thu-muc\\BC-x.asice", b"PK folders"),
        MsgAttachment("ghi-chu.asice.txt", b"text", "text/plain"),
        MsgAttachment("rong.asice", b""),  # empty: nothing to take
        MsgAttachment("KIEU.ASICE", b"PK upper", "Application/VND.ETSI.ASIC-E+ZIP")]),
        ["Báo cáo.asice", "hien.asice", "package.asice", "BC-x.asice", "KIEU.ASICE"]),
    "a forwarded message inside a forwarded message": Case(MsgMessage(attachments=[
        MsgAttachment("ngoai.asice", b"PK outer"),
        MsgAttachment(message=MsgMessage(subject="Fwd", attachments=[
            MsgAttachment(message=MsgMessage(attachments=[MsgAttachment("trong.asice", b"PK inner")])),
            MsgAttachment("giua.asice", b"PK middle")]))]),
        ["ngoai.asice", "trong.asice", "giua.asice"]),
    "forwarded messages nested just within the limit": Case(  # the innermost at depth MAX_DEPTH - 1
        MsgMessage(attachments=[MsgAttachment(message=_nested(
            MAX_DEPTH - 2, MsgMessage(attachments=[MsgAttachment("sau.asice", b"PK deep")])))]),
        ["sau.asice"]),
    "forwarded messages nested one level too deep": Case(
        MsgMessage(attachments=[MsgAttachment("tren.asice", b"PK top"), MsgAttachment(message=_nested(
            MAX_DEPTH - 1, MsgMessage(attachments=[MsgAttachment("sau.asice", b"PK deep")])))]),
        ["tren.asice"], truncated=True),
    "more packages than are taken": Case(MsgMessage(
        attachments=[MsgAttachment(f"p{n:02d}.asice", b"PK %d" % n) for n in range(25)]),
        [f"p{n:02d}.asice" for n in range(20)], truncated=True),
    "S/MIME clear-signed: the packages inside its MIME": Case(_signed([
        ("BC-ky.asice", ASICE, b"PK signed"), ("cv.pdf", "application/pdf", b"%PDF"),
        ("BC-ky-2.sce", "application/octet-stream", b"PK signed 2")]),
        ["BC-ky.asice", "BC-ky-2.sce"], "Sở Công Thương <sct@ninhbinh.gov.vn>", received=ARRIVED),
    "S/MIME clear-signed with its headers": Case(_signed(
        [("BC-ky.asice", ASICE, b"PK signed")],
        headers=_headers("Received: from relay by mx; Sun, 15 Nov 2026 16:30:00 +0700", f"From: {SENDER}")),
        ["BC-ky.asice"], SENDER, received=ARRIVED),
    "S/MIME forwarded inside a plain message": Case(MsgMessage(attachments=[
        MsgAttachment(message=_signed([("BC-ky.asice", ASICE, b"PK signed")]))]), ["BC-ky.asice"]),
    "a message without attachments": Case(MsgMessage(subject="Hỏi đáp"), [], subject="Hỏi đáp"),
}


def _summary(read: MailFile) -> tuple[object, ...]:
    return ([name for name, _ in read.packages], read.sender, read.message_id, read.subject, read.received_at,
            read.truncated)


@pytest.mark.parametrize("name", list(CORPUS))
def test_each_property_is_read_as_outlook_wrote_it(name: str) -> None:
    case = CORPUS[name]
    read = read_msg(write_msg(case.message), NOW)
    assert _summary(read) == (case.packages, case.sender, case.message_id, case.subject, case.received,
                              case.truncated)
    assert read.oversized == []
    assert all(data.startswith(b"PK") for _, data in read.packages)


@pytest.mark.parametrize("name", list(CORPUS))
def test_the_same_as_the_extract_msg_reader(name: str) -> None:
    data = write_msg(CORPUS[name].message)
    ours, theirs = read_msg(data, NOW), read_msg_with_extract_msg(data, NOW)
    assert (ours.packages, ours.oversized, ours.sender, ours.message_id, ours.subject, ours.truncated) == (
        theirs.packages, theirs.oversized, theirs.sender, theirs.message_id, theirs.subject, theirs.truncated)
    # the same moment, written the same way (the MAPI times in the computer's time zone)
    assert (ours.received_at and ours.received_at.isoformat()) == (theirs.received_at and
                                                                   theirs.received_at.isoformat())


def test_the_package_bytes_are_the_attachments_own() -> None:
    payload = os.urandom(70_000)  # beyond the mini stream: in the file's own sectors
    read = read_msg(write_msg(MsgMessage(attachments=[MsgAttachment("lon.asice", payload),
                                                      MsgAttachment("nho.asice", b"PK small")])))
    assert read.packages == [("lon.asice", payload), ("nho.asice", b"PK small")]


def test_an_unknown_code_page_is_read_as_windows_1252() -> None:
    data = write_msg(MsgMessage(subject="Café", codepage=1252, body="Kinh gui.", attachments=[MsgAttachment("é.asice", b"PK")]))
    bogus = _patch_property(data, 0x3FFD0003, struct.pack("<I", 77_777))
    read = read_msg(bogus)
    assert (read.subject, [name for name, _ in read.packages]) == ("Café", ["é.asice"])


# --- hostile compound files -------------------------------------------------------------------


def _entry(data: bytes, path: str) -> int:
    """The offset in `data` of the 128-byte directory entry of `path` ("" for the root)."""
    import olefile

    ole = olefile.OleFileIO(data)
    sid = ole._find(path) if path else 0
    sector = ole.first_dir_sector
    for _step in range(sid // (ole.sectorsize // 128)):
        sector = ole.fat[sector]
    return ole.sectorsize * (sector + 1) + (sid % (ole.sectorsize // 128)) * 128


def _patch(data: bytes, at: int, value: bytes) -> bytes:
    return data[:at] + value + data[at + len(value):]


def _patch_property(data: bytes, tag: int, value: bytes) -> bytes:
    at = data.index(struct.pack("<I", tag))
    return _patch(data, at + 8, value.ljust(8, b"\0"))


def _read_bounded(data: bytes) -> MailFile | None:
    """read_msg's result or None for MsgError/MailTooComplexError; the memory it took stays within a
    small multiple of the file's size."""
    tracemalloc.start()
    try:
        try:
            return read_msg(data)
        except (MsgError, MailTooComplexError):
            return None
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < 4 * len(data) + 4_000_000, peak


def _sample(big: int = 70_000) -> bytes:
    return write_msg(MsgMessage(headers=_headers("From: a@b"), attachments=[
        MsgAttachment("BC-lon.asice", b"PK" + b"\x01" * big), MsgAttachment("BC-nho.asice", b"PK small"),
        MsgAttachment(message=MsgMessage(attachments=[MsgAttachment("trong.asice", b"PK inner")]))]))


def test_random_bytes_and_files_cut_short_are_refused_or_read_in_part() -> None:
    for size in (0, 8, 511, 512, 4096, 70_000):
        assert _read_bounded(os.urandom(size)) is None
    whole = _sample()
    assert _read_bounded(bytes.fromhex("D0CF11E0A1B11AE1") + os.urandom(5000)) is None
    for cut in range(0, len(whole), 997):
        read = _read_bounded(whole[:cut])
        assert read is None or all(data.startswith(b"PK") for _, data in read.packages)


def test_random_damage_anywhere_is_refused_or_read_in_part() -> None:
    import random

    whole = _sample(5000)
    chance = random.Random(16)
    for _ in range(300):
        damaged = bytearray(whole)
        for _hit in range(chance.randint(1, 8)):
            at = chance.randrange(len(damaged))
            damaged[at:at + 4] = chance.choice([b"\xff\xff\xff\xff", b"\0\0\0\0", b"\x01\0\0\0", os.urandom(4)])
        _read_bounded(bytes(damaged))


def test_a_stream_that_claims_a_huge_size_is_not_read() -> None:
    whole = _sample()
    at = _entry(whole, f"{FIRST}/__substg1.0_37010102")  # the first attachment's data (70 KB, in sectors)
    for claimed in (MAX_FILE_SIZE + 1, 0xFFFFFFFF):
        read = _read_bounded(_patch(whole, at + 120, struct.pack("<Q", claimed)))
        assert read is not None and [name for name, _ in read.packages] == ["BC-nho.asice", "trong.asice"]
        assert read.oversized == ["BC-lon.asice"]  # said too large, as a package of that size would be
    read = _read_bounded(_patch(whole, at + 120, struct.pack("<Q", 2**63)))  # a version 3 file's sizes are
    assert read is not None and [name for name, _ in read.packages] == ["BC-nho.asice", "trong.asice"]  # 32-bit
    for claimed in (10_000_000, 40_000_000):  # within the package limit, but far more than the file holds
        read = _read_bounded(_patch(whole, at + 120, struct.pack("<Q", claimed)))
        assert read is None or "BC-nho.asice" in [name for name, _ in read.packages]
    header = _entry(whole, "__substg1.0_007D001F")
    read = _read_bounded(_patch(whole, header + 120, struct.pack("<Q", 0xFFFFFFFF)))
    assert read is not None and read.sender is None  # the headers unread; the packages are still there
    root = _entry(whole, "")  # the mini stream, where every small stream lives
    assert _read_bounded(_patch(whole, root + 120, struct.pack("<Q", 0xFFFFFFF0))) is None


def test_a_sector_chain_that_loops_is_never_followed_for_ever() -> None:
    whole = _sample()
    sector_size = 512
    at = _entry(whole, f"{FIRST}/__substg1.0_37010102")
    start = struct.unpack_from("<I", whole, at + 116)[0]
    fat_sector = struct.unpack_from("<I", whole, 76)[0]  # the first FAT sector, from the header's DIFAT
    fat_at = sector_size * (fat_sector + 1)
    looped = _patch(whole, fat_at + 4 * start, struct.pack("<I", start))  # the data's first sector points to itself
    for claimed in (70_002, 40_000_000):
        read = _read_bounded(_patch(looped, at + 120, struct.pack("<Q", claimed)))
        assert read is None or all(len(data) <= len(whole) for _, data in read.packages)
    directory = struct.unpack_from("<I", whole, 48)[0]  # the directory's own chain, looped on itself
    _read_bounded(_patch(whole, fat_at + 4 * directory, struct.pack("<I", directory)))


def test_header_claims_that_would_have_olefile_loop_for_minutes_are_refused() -> None:
    whole = _sample()
    fat_sector = struct.unpack_from("<I", whole, 76)[0]
    fat_at = 512 * (fat_sector + 1)
    # the mini FAT claims 2^32 - 1 sectors and its chain loops on itself
    first_mini = struct.unpack_from("<I", whole, 60)[0]
    looped_mini = _patch(_patch(whole, 64, struct.pack("<I", 0xFFFFFFFF)), fat_at + 4 * first_mini,
                         struct.pack("<I", first_mini))
    # 2^31 FAT sectors, listed by one DIFAT sector (the FAT sector itself, reused) that is its own next one
    fat_sectors = 0x7FFFFFFF
    looped_difat = _patch(_patch(_patch(whole, 44, struct.pack("<I", fat_sectors)), 68, struct.pack("<I", fat_sector)),
                          72, struct.pack("<I", (fat_sectors - 109 + 126) // 127))
    looped_difat = _patch(looped_difat, fat_at, struct.pack("<128I", *([fat_sector] * 127), fat_sector))
    for hostile in (looped_mini, looped_difat, _patch(whole, 30, struct.pack("<H", 30))):  # (a 1 GB sector)
        with pytest.raises(MsgError):
            read_msg(hostile)


def test_loops_in_the_directory_tree_end() -> None:
    whole = _sample()
    root = _entry(whole, "")
    child = struct.unpack_from("<I", whole, root + 76)[0]
    child_at = root + 128 * child if child < 4 else None  # (in the directory's first sector)
    # an entry's left and right siblings are itself; a storage's child is the root; the root's child is itself
    attach = _entry(whole, "__attach_version1.0_#00000002")
    loops = [(attach, 76, 0), (root, 76, 0)]
    if child_at is not None:
        loops += [(child_at, 68, child), (child_at, 72, child)]
    for at, offset, sid in loops:
        _read_bounded(_patch(whole, at + offset, struct.pack("<I", sid)))


def test_storages_nested_far_deeper_than_any_message() -> None:
    with pytest.raises(MailTooComplexError):  # refused before the walk: over 500 attachments
        read_msg(write_msg(MsgMessage(attachments=[MsgAttachment(f"x{n}.txt", b"x") for n in range(501)])))
    deep = write_msg(_nested(60, MsgMessage(attachments=[MsgAttachment("sau.asice", b"PK deep")])))
    read = _read_bounded(deep)
    assert read is None or (read.packages == [] and read.truncated)


def test_a_file_that_is_no_outlook_message() -> None:
    from io import BytesIO

    from extract_msg.ole_writer import OleWriter

    writer = OleWriter()  # a real compound file with no message class (a Word 97 document, say)
    writer.addEntry("WordDocument", b"\x00" * 5000)
    out = BytesIO()
    writer.write(out)
    with pytest.raises(MsgError):
        read_msg(out.getvalue())


def test_an_opaque_signed_message_gives_the_packages_its_signed_data_holds() -> None:
    """IPM.Note.SMIME: Outlook keeps the application/pkcs7-mime blob (DER) as the one attachment;
    the extract-msg reader parsed it as MIME and found nothing."""
    from asn1crypto import cms

    mime = _signed_mime([("BC-kin.asice", ASICE, b"PK opaque")]).split(b"--ky\r\n", 2)[1].rsplit(b"\r\n", 1)[0]
    blob = cms.ContentInfo({"content_type": "signed_data", "content": cms.SignedData({
        "version": "v1", "digest_algorithms": [], "signer_infos": [],
        "encap_content_info": {"content_type": "data", "content": mime}})}).dump()
    message = MsgMessage(message_class="IPM.Note.SMIME", delivered=ARRIVED,
                         attachments=[MsgAttachment("smime.p7m", blob, "application/pkcs7-mime")])
    assert read_msg(write_msg(message), NOW).packages == [("BC-kin.asice", b"PK opaque")]
    assert read_msg_with_extract_msg(write_msg(message), NOW).packages == []


def test_a_message_forwarded_inside_the_signed_mime_is_looked_into() -> None:
    """message/rfc822 inside a clear-signed message's MIME is walked as an .eml's is (the extract-msg
    reader took only named parts of the top level and missed it)."""
    inner = (b"From: a@b\r\nContent-Type: multipart/mixed; boundary=\"f\"\r\n\r\n--f\r\n"
             b"Content-Type: " + ASICE.encode() + b"\r\nContent-Transfer-Encoding: base64\r\n"
             b'Content-Disposition: attachment; filename="BC-fwd.asice"\r\n\r\n'
             + base64.encodebytes(b"PK forwarded") + b"--f--\r\n")
    mime = _signed_mime([]).replace(b"Kinh gui.\r\n", b"Kinh gui.\r\n--in\r\nContent-Type: message/rfc822\r\n\r\n"
                                    + inner + b"\r\n")
    message = MsgMessage(message_class="IPM.Note.SMIME.MultipartSigned",
                         attachments=[MsgAttachment("smime.p7m", mime, "multipart/signed")])
    assert read_msg(write_msg(message)).packages == [("BC-fwd.asice", b"PK forwarded")]
    assert read_msg_with_extract_msg(write_msg(message)).packages == []


def _compound_file_with_directory_sectors(count: int) -> bytes:
    """A version 3 compound file ([MS-CFB] 2.2) whose directory is `count` sectors of empty entries."""
    fat_sectors = (count + 200) // 128 + 1
    assert fat_sectors <= 109  # all listed in the header
    fat = [0xFFFFFFFD] * fat_sectors + [fat_sectors + n + 1 for n in range(count - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (128 * fat_sectors - len(fat))
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + bytes(6) + struct.pack("<IIIIIIII", 0, fat_sectors, fat_sectors, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE)
              + struct.pack("<I", 0))
    header += struct.pack("<109I", *range(fat_sectors), *([0xFFFFFFFF] * (109 - fat_sectors)))
    return header + struct.pack(f"<{len(fat)}I", *fat) + bytes(512 * count)


def test_a_directory_far_larger_than_any_message_is_refused_unread() -> None:
    """olefile makes an object of every directory entry (seven times the file's size, seconds for
    a large file): a directory of more than MAX_DIRECTORY_ENTRIES is refused before it is loaded."""
    from desktop.inbox.msgfile import MAX_DIRECTORY_ENTRIES

    with pytest.raises(MailTooComplexError):
        read_msg(_compound_file_with_directory_sectors(MAX_DIRECTORY_ENTRIES // 4 + 1))
    with pytest.raises(MsgError):  # within the limit: read, and found to be no message (no root entry)
        read_msg(_compound_file_with_directory_sectors(MAX_DIRECTORY_ENTRIES // 4))
    assert read_msg(write_msg(MsgMessage(attachments=[MsgAttachment(f"x{n}.txt", b"x") for n in range(500)]))
                    ).packages == []  # 500 attachments: some 4,000 entries, read
