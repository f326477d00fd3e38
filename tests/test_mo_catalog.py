"""desktop.i18n.mo_catalog reads a .mo lazily and answers exactly as gettext.GNUTranslations does:
on every id of the real catalogs (plain, plural, with a context), on ids it does not have, with
fallbacks, duplicates, a language of three plural forms, big-endian files and GNU msgfmt's output."""

from __future__ import annotations

import gettext
import shutil
import struct
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from desktop.i18n import LANGUAGES, compile_po, translations
from desktop.i18n.mo_catalog import MoCatalog

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
COUNTS = (0, 1, 2, 3, 4, 5, 11, 21, 22, 25, 101, 112, 1000)
ABSENT = ("", "no such message", "Đây không phải là một thông điệp", "{n} nothing", "\x04", "a\x00b")


def both(data: bytes) -> tuple[gettext.GNUTranslations, MoCatalog]:
    return gettext.GNUTranslations(BytesIO(data)), MoCatalog(BytesIO(data))


def original_ids(data: bytes) -> list[bytes]:
    """Every id in a .mo file as stored (with its context and plural), read with the format's own layout."""
    order = "<" if struct.unpack("<I", data[:4])[0] == 0x950412DE else ">"
    _version, count, masters, _translations = struct.unpack(order + "4I", data[4:20])
    pairs = struct.unpack_from(f"{order}{2 * count}I", data, masters)
    return [data[offset:offset + length] for length, offset in zip(pairs[::2], pairs[1::2], strict=True)]


def assert_same(data: bytes, extra: tuple[str, ...] = ()) -> int:
    """Every look-up of every id of `data` (and of `extra` and ABSENT) answers the same; the number of ids."""
    expected, lazy = both(data)
    assert lazy.info() == expected.info() and lazy.charset() == expected.charset()
    checked = 0
    for raw in original_ids(data):
        text = raw.decode(expected.charset() or "ascii")
        context, _eot, message = text.rpartition("\x04") if "\x04" in text else (None, "", text)
        singular, _nul, plural = message.partition("\x00")
        plural = plural or singular + "s"
        if context is None:
            assert lazy.gettext(singular) == expected.gettext(singular), singular
            for n in COUNTS:
                assert lazy.ngettext(singular, plural, n) == expected.ngettext(singular, plural, n), (singular, n)
        else:
            assert lazy.pgettext(context, singular) == expected.pgettext(context, singular), (context, singular)
            assert lazy.gettext(text) == expected.gettext(text)  # the raw key, as gettext would find it
            for n in COUNTS:
                assert (lazy.npgettext(context, singular, plural, n)
                        == expected.npgettext(context, singular, plural, n)), (context, singular, n)
        checked += 1
    for message in (*ABSENT, *extra):
        assert lazy.gettext(message) == expected.gettext(message)
        assert lazy.pgettext("menu", message) == expected.pgettext("menu", message)
        for n in COUNTS:
            assert lazy.ngettext(message, message + "s", n) == expected.ngettext(message, message + "s", n)
            assert lazy.npgettext("menu", message, "x", n) == expected.npgettext("menu", message, "x", n)
    return checked


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_real_catalogs_answer_as_gettext_does(lang: str) -> None:
    data = compile_po(I18N / f"{lang}.po")
    with (I18N / f"{lang}.po").open("rb") as fh:
        source = [m for m in read_po(fh) if m.id]
    # the ids the .mo holds (every translated one), and every id of the .po too (en.po translates few)
    ids = tuple(m.id[0] if isinstance(m.id, tuple) else m.id for m in source)
    checked = assert_same(data, extra=ids)
    assert len(source) > 1000 and checked == 1 + sum(1 for m in source if all(
        m.string if isinstance(m.string, tuple) else (m.string,)))
    if lang == "vi":
        assert checked > 1000  # Vietnamese translates every message
    # asked twice (the second answer comes from what was decoded), still the same
    expected, lazy = both(data)
    for raw in original_ids(data)[:50]:
        message = raw.decode("utf-8").partition("\x00")[0]
        assert lazy.gettext(message) == lazy.gettext(message) == expected.gettext(message)


def test_the_application_reads_its_catalogs_lazily() -> None:
    for lang in LANGUAGES:
        assert isinstance(translations(lang), MoCatalog)
    assert translations("vi").gettext("Draft") != "Draft"  # Vietnamese, from the .mo


def catalog_with_contexts_and_plurals() -> bytes:
    catalog = Catalog(locale="pl", charset="utf-8")
    catalog.plural_forms  # noqa: B018 (Babel reads Polish's three forms from its locale data)
    catalog.add("File", "Plik")
    catalog.add("File", "Zbiór", context="menu")
    catalog.add("Open", "Otwórz", context="toolbar")
    catalog.add(("{n} file", "{n} files"), ("{n} plik", "{n} pliki", "{n} plików"))
    catalog.add(("{n} row", "{n} rows"), ("{n} wiersz", "{n} wiersze", "{n} wierszy"), context="table")
    catalog.add(("Only one", "Only ones"), ("Tylko jeden", "", ""))  # a form left empty
    catalog.add("Zażółć gęślą jaźń", "Zażółć")
    buffer = BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def test_contexts_and_three_plural_forms() -> None:
    data = catalog_with_contexts_and_plurals()
    assert assert_same(data, extra=("File\x04", "menu\x04File")) == 8
    _expected, lazy = both(data)
    assert lazy.pgettext("menu", "File") == "Zbiór" and lazy.gettext("File") == "Plik"
    assert [lazy.ngettext("{n} file", "{n} files", n) for n in (1, 2, 5, 22)] == [
        "{n} plik", "{n} pliki", "{n} plików", "{n} pliki"]
    assert lazy.npgettext("table", "{n} row", "{n} rows", 5) == "{n} wierszy"


def mo_file(entries: list[tuple[bytes, bytes]], *, big_endian: bool = False,
            header: bytes = b"Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n") -> bytes:
    """A .mo written by hand: entries in the order given (duplicates kept), no hash table."""
    entries = [(b"", header), *entries]
    order = ">" if big_endian else "<"
    count = len(entries)
    masters = 28
    translations = masters + 8 * count
    data_start = translations + 8 * count
    ids, strs = b"", b""
    id_index, str_index = [], []
    for key, _value in entries:
        id_index.append((len(key), len(ids)))
        ids += key + b"\x00"
    strs_start = data_start + len(ids)
    for _key, value in entries:
        str_index.append((len(value), strs_start + len(strs)))
        strs += value + b"\x00"
    head = struct.pack(order + "7I", 0x950412DE, 0, count, masters, translations, 0, 0)
    table = b"".join(struct.pack(order + "2I", length, data_start + offset) for length, offset in id_index)
    table += b"".join(struct.pack(order + "2I", length, offset) for length, offset in str_index)
    return head + table + ids + strs


def test_duplicates_the_last_entry_wins_as_in_gettext() -> None:
    data = mo_file([(b"Save", b"first"), (b"Save", b"second"),
                    (b"{n} day\x00{n} days", b"one day\x00many days\x00third"),
                    (b"{n} day\x00{n} days", b"ONE\x00MANY"),
                    (b"Save\x00Saves", b"plural save\x00plural saves")])
    assert assert_same(data, extra=("Save", "{n} day")) == 6
    _expected, lazy = both(data)
    assert lazy.gettext("Save") == "second"
    assert lazy.ngettext("{n} day", "{n} days", 1) == "ONE"
    assert lazy.ngettext("Save", "Saves", 1) == "plural save"


def test_a_big_endian_file_reads_the_same() -> None:
    data = mo_file([(b"Open", b"M\xe1\xbb\x9f"), (b"{n} day\x00{n} days", b"{n} ng\xc3\xa0y")], big_endian=True)
    assert struct.unpack(">I", data[:4])[0] == 0x950412DE
    assert assert_same(data) == 3
    assert both(data)[1].gettext("Open") == "Mở"


def test_a_catalog_without_a_plural_rule_uses_gettexts_default() -> None:
    data = mo_file([(b"{n} day\x00{n} days", b"a day\x00days")], header=b"Content-Type: text/plain; charset=UTF-8\n")
    assert assert_same(data) == 2
    assert both(data)[1].ngettext("{n} day", "{n} days", 0) == "days"


def test_fallbacks_are_asked_for_what_the_catalog_lacks() -> None:
    data = catalog_with_contexts_and_plurals()
    fallback = mo_file([(b"Only in the fallback", b"found"), (b"x\x00y", b"fx\x00fy")])
    expected, lazy = both(data)
    expected.add_fallback(gettext.GNUTranslations(BytesIO(fallback)))
    lazy.add_fallback(MoCatalog(BytesIO(fallback)))
    for translations_ in (expected, lazy):
        assert translations_.gettext("Only in the fallback") == "found"
        assert translations_.ngettext("x", "y", 2) == "fy"
        assert translations_.pgettext("menu", "File") == "Zbiór"
    assert lazy.ngettext("x", "y", 1) == expected.ngettext("x", "y", 1)


@pytest.mark.parametrize("damage", ["magic", "version", "offset"])
def test_a_damaged_file_is_refused_when_opened_as_gettext_does(damage: str) -> None:
    data = bytearray(mo_file([(b"Open", b"Mo")]))
    if damage == "magic":
        data[:4] = b"\x00\x00\x00\x00"
    elif damage == "version":
        data[4:8] = struct.pack("<I", 7 << 16)
    else:  # a translation's offset beyond the end of the file
        translations = struct.unpack("<I", data[16:20])[0]
        data[translations + 12:translations + 16] = struct.pack("<I", len(data) + 10)
    with pytest.raises(OSError) as gnu:
        gettext.GNUTranslations(BytesIO(bytes(data)))
    with pytest.raises(OSError) as ours:
        MoCatalog(BytesIO(bytes(data)))
    assert ours.value.args == gnu.value.args


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_a_catalog_compiled_by_gnu_msgfmt_answers_as_gettext_does(tmp_path: Path) -> None:
    """msgfmt writes a hash table and orders ids its own way; the answers do not change."""
    out = tmp_path / "vi.mo"
    subprocess.run(["msgfmt", "-o", str(out), str(I18N / "vi.po")], check=True, capture_output=True)
    assert assert_same(out.read_bytes()) > 1000
