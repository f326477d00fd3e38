"""Hostile mail never crashes the import and never stops the other files: too large, too many
parts or packages, nested too deep, broken MIME, files that only pretend to be Outlook messages."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from desktop.inbox.importer import import_packages
from desktop.inbox.mailfile import MAX_DEPTH, MAX_MAIL_SIZE, MailTooComplexError, read_mail
from desktop.inbox.msgfile import MsgError, read_msg
from desktop.store import Store
from tests.inbox.msgwriter import MsgAttachment, MsgMessage, write_msg

PACKAGE_HEADERS = (b"Content-Type: application/vnd.etsi.asic-e+zip\r\nContent-Transfer-Encoding: base64\r\n"
                   b"Content-Disposition: attachment; filename=\"%s\"\r\n\r\n")


def _part(name: bytes, data: bytes = b"PK\x03\x04 not really") -> bytes:
    return PACKAGE_HEADERS % name + base64.encodebytes(data).replace(b"\n", b"\r\n")


def _multipart(parts: list[bytes], boundary: bytes = b"ranh-gioi") -> bytes:
    body = b"".join(b"--" + boundary + b"\r\n" + part for part in parts) + b"--" + boundary + b"--\r\n"
    return (b"From: x@y\r\nDate: Fri, 14 Nov 2026 08:00:00 +0700\r\nMIME-Version: 1.0\r\n"
            b"Content-Type: multipart/mixed; boundary=\"" + boundary + b"\"\r\n\r\n" + body)


def _nested(depth: int) -> bytes:
    head = b"From: x@y\r\nMIME-Version: 1.0\r\n"
    for level in range(depth):
        head += b"Content-Type: multipart/mixed; boundary=\"b%d\"\r\n\r\n--b%d\r\n" % (level, level)
    return head + _part(b"sau.asice") + b"".join(b"--b%d--\r\n" % level for level in reversed(range(depth)))


def test_thousands_of_parts_give_at_most_the_first_packages_and_say_so() -> None:
    read = read_mail(_multipart([_part(b"p%d.asice" % n) for n in range(3000)]))
    assert [name for name, _ in read.packages] == [f"p{n}.asice" for n in range(20)] and read.truncated


def test_far_more_boundaries_or_levels_than_any_mail_are_refused_unparsed() -> None:
    with pytest.raises(MailTooComplexError):
        read_mail(_multipart([b"Content-Type: text/plain\r\n\r\nx\r\n"] * 20_000))
    with pytest.raises(MailTooComplexError):  # the parser would nest a frame per level
        read_mail(_nested(1000))


def test_nesting_is_looked_into_a_few_levels_only() -> None:
    shallow = read_mail(_nested(3))
    assert [name for name, _ in shallow.packages] == ["sau.asice"] and not shallow.truncated
    deep = read_mail(_nested(MAX_DEPTH + 5))
    assert deep.packages == [] and deep.truncated


def test_broken_mime_gives_what_can_be_read() -> None:
    broken_base64 = _multipart([PACKAGE_HEADERS % b"hong.asice" + b"!!!! not base64 @@@\r\n", _part(b"tot.asice")])
    assert [name for name, _ in read_mail(broken_base64).packages][-1] == "tot.asice"
    unterminated = _multipart([_part(b"cut.asice")])[:-30]  # the closing boundary never comes
    assert [name for name, _ in read_mail(unterminated).packages] == ["cut.asice"]
    bad_names = _multipart([_part(b"=?utf-8?b?QkMt4bqhLmFzaWNl?="),  # RFC 2047 inside the parameter
                            b"Content-Type: application/vnd.etsi.asic-e+zip; name*=utf-8''%ZZ%\r\n"
                            b"Content-Disposition: attachment; filename*=bogus''%E1%BA\r\n\r\nPK\r\n"])
    # decoded where it can be, kept byte for byte (Latin-1) where the charset is bogus; typed as ASiC-E: taken
    assert [name for name, _ in read_mail(bad_names).packages] == ["BC-ạ.asice", "áº"]
    assert read_mail(b"\x00\xff\xfe" * 1000).packages == []


def test_files_that_only_pretend_to_be_outlook_messages() -> None:
    with pytest.raises(MsgError):
        read_msg(os.urandom(4096))
    with pytest.raises(MsgError):
        read_msg(write_msg(MsgMessage())[:1500])  # cut short
    from io import BytesIO

    from extract_msg.ole_writer import OleWriter

    writer = OleWriter()  # a real compound file that is no message at all (a Word 97 document, say)
    writer.addEntry("WordDocument", b"\x00" * 5000)
    out = BytesIO()
    writer.write(out)
    try:
        result = read_msg(out.getvalue())
    except MsgError:
        pass
    else:
        assert result.packages == []


def test_an_outlook_message_nested_too_deep_is_cut_off() -> None:
    message = MsgMessage(attachments=[MsgAttachment("sau.asice", b"PK deep")])
    for _level in range(MAX_DEPTH + 2):
        message = MsgMessage(attachments=[MsgAttachment(message=message)])
    read = read_msg(write_msg(message))
    assert read.packages == [] and read.truncated
    many = read_msg(write_msg(MsgMessage(attachments=[MsgAttachment(f"p{n}.asice", b"PK %d" % n) for n in range(30)])))
    assert len(many.packages) == 20 and many.truncated
    with pytest.raises(MailTooComplexError):  # far more than any real message: refused before the walk
        read_msg(write_msg(MsgMessage(attachments=[MsgAttachment(f"x{n}.txt", b"x") for n in range(501)])))


def test_the_import_goes_on_past_every_hostile_file(tmp_path: Path) -> None:
    folder = tmp_path / "thu"
    folder.mkdir()
    (folder / "a-qua-lon.eml").write_bytes(b"")
    os.truncate(folder / "a-qua-lon.eml", MAX_MAIL_SIZE + 1)  # sparse: never read into memory
    (folder / "b-long-sau.eml").write_bytes(_nested(5000))
    (folder / "c-ranh-gioi.eml").write_bytes(_multipart([b"Content-Type: text/plain\r\n\r\nx\r\n"] * 20_000))
    (folder / "d-rac.msg").write_bytes(os.urandom(20_000))
    (folder / "e-rong.msg").write_bytes(b"")
    (folder / "f-nhieu-goi.eml").write_bytes(_multipart([_part(b"p%d.asice" % n, b"PK %d" % n) for n in range(25)]))
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        result = import_packages(store, [folder])
        kept = store.list_inbox_packages()
    texts = {}
    for item in result.items:
        texts.setdefault(Path(item.file.split(" › ")[0]).name, []).extend(p.render("en") for p in item.problems)
    assert texts["a-qua-lon.eml"] == ["The e-mail is larger than 150 MB; it was not read."]
    assert texts["b-long-sau.eml"] == [f"The e-mail {folder / 'b-long-sau.eml'} has far more parts than any real "
                                       "mail; it was not read."]
    assert texts["c-ranh-gioi.eml"] == [f"The e-mail {folder / 'c-ranh-gioi.eml'} has far more parts than any real "
                                        "mail; it was not read."]
    assert texts["d-rac.msg"] == [f"The e-mail file {folder / 'd-rac.msg'} cannot be read."]
    assert texts["e-rong.msg"] == [f"The file {folder / 'e-rong.msg'} is empty."]
    assert texts["f-nhieu-goi.eml"][-1].startswith(f"The e-mail {folder / 'f-nhieu-goi.eml'} has more parts or "
                                                   "packages than are read from one e-mail (at most 20)")
    assert len(kept) == 20 and {r.status for r in kept} == {"invalid"}  # kept as rejected, with their reasons
