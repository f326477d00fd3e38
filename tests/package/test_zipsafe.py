"""The ZIP reader (desktop/package/zipsafe.py, package.md step 1): hostile containers built by hand
with struct or bent from a real package, each refused with its reason; entry names. ZIP slack and
random mutations are in test_zip_slack.py."""

from __future__ import annotations

import os
import time
from collections.abc import Callable

import pytest

from desktop.package import asic, zipnames
from desktop.package.verify import verify_package
from desktop.package.zipsafe import MB, UnsafeArchive, read_zip
from tests.export.helpers import Made, RawEntry, craft_zip, raw_entries
from tests.pki import TestPki

Bend = Callable[[list[RawEntry]], list[RawEntry]]


def verdict(data: bytes, pki: TestPki) -> str:
    result = verify_package(data, trust_roots=[pki.root.cert])
    assert result.status == "invalid"
    assert len(result.problems) == 1
    return result.problems[0].msgid


def test_hand_made_copy_of_a_valid_package_is_valid(package: Made, pki: TestPki) -> None:
    """The crafting helper itself writes ZIPs the reader accepts, so refusals below are real."""
    rebuilt = craft_zip(raw_entries(package.package))
    assert verify_package(rebuilt, trust_roots=[pki.root.cert]).status == "valid"


def _set(index: int, **changes: object) -> Bend:
    def bend(entries: list[RawEntry]) -> list[RawEntry]:
        for key, value in changes.items():
            setattr(entries[index], key, value)
        return entries

    return bend


def _add(entry: RawEntry, at: int = -2) -> Bend:
    return lambda entries: [*entries[:at], entry, *entries[at:]]


FIRST = "The first entry must be 'mimetype', stored uncompressed, without extra field"
NOT_ALLOWED = "The entry name {name} is not allowed (absolute path, '..' or backslash)"
TWICE = "The package holds {name} twice"
EXTRA = "The entry {name} carries an extra field, which is not allowed"
LOCAL = "The entry {name} is described differently in its local header and in the central directory"
RESERVED = "The entry name {name} is a reserved device name on Windows"
FORBIDDEN = "The entry name {name} contains a character that Windows does not allow in file names"


@pytest.mark.parametrize(
    ("bend", "reason"),
    [
        (_set(0, method=8), FIRST),
        (_set(0, extra=b"\xfe\xca\x00\x00"), EXTRA),
        (lambda e: [e[1], e[0], *e[2:]], FIRST),
        (_set(0, data=b"application/zip"), "The mimetype entry says {value}, not an ASiC-E container"),
        (_add(RawEntry("dinh-kem/../../evil.txt", b"x")), NOT_ALLOWED),
        (_add(RawEntry("../evil.txt", b"x")), NOT_ALLOWED),
        (_add(RawEntry("/etc/cron.d/evil", b"x")), NOT_ALLOWED),
        (_add(RawEntry("C:/Windows/evil.dll", b"x")), NOT_ALLOWED),
        (_add(RawEntry("dinh-kem\\evil.txt", b"x")), NOT_ALLOWED),
        (_add(RawEntry("dinh-kem//evil.txt", b"x")), NOT_ALLOWED),
        (_add(RawEntry("du-lieu.json", b"{}")), TWICE),
        (_add(RawEntry("DU-LIEU.JSON", b"{}")), TWICE),
        (_add(RawEntry("dinh-kem/ảnh.jpg".encode(), b"x", flags=0x800)), "The entry name {name} is not plain ASCII"),
        (_add(RawEntry(b"dinh-kem/a\x00.exe", b"x")), "The entry name {name} is not plain ASCII"),
        (_set(2, flags=0x1), "The entry {name} is encrypted"),
        (_set(2, flags=0x41), "The entry {name} is encrypted"),
        (_set(2, method=99), "The entry {name} uses a compression method that is not allowed"),
        (_set(2, method=12), "The entry {name} uses a compression method that is not allowed"),
        (_set(2, raw=b"\x00" * 40, method=8), "The entry {name} is damaged"),
        (lambda e: e + [RawEntry(f"dinh-kem/f{i}.txt", b"x") for i in range(60)],
         "The package has too many entries ({count}; at most {limit})"),
        (_add(RawEntry("dinh-kem/CON", b"x")), RESERVED),
        (_add(RawEntry("dinh-kem/nul.txt", b"x")), RESERVED),
        (_add(RawEntry("dinh-kem/Com1.tar.gz", b"x")), RESERVED),
        (_add(RawEntry("dinh-kem/LPT9", b"x")), RESERVED),
        (_add(RawEntry("PRN/a.txt", b"x")), RESERVED),
        (_add(RawEntry("dinh-kem/aux .pdf", b"x")), RESERVED),
        (_add(RawEntry("dinh-kem/a.pdf.", b"x")), "The entry name {name} ends with a dot or a space"),
        (_add(RawEntry("dinh-kem/a.pdf ", b"x")), "The entry name {name} ends with a dot or a space"),
        (_add(RawEntry("dinh-kem./a.pdf", b"x")), "The entry name {name} ends with a dot or a space"),
        (_set(2, flags=0x8), "The entry {name} uses a data descriptor, which is not allowed"),
        (_set(2, flags=0x10), "The entry {name} uses ZIP features that are not allowed"),
        (_set(2, flags=0x2000), "The entry {name} is encrypted"),
        (_set(2, extra=b"\x75\x70\x05\x00\x01abcd"), EXTRA),
        (_set(2, extra=b"\x01\x00\x00\x00"), EXTRA),
        (_add(RawEntry("dinh-kem/a.pdf:Zone.Identifier", b"x")), FORBIDDEN),
        (_add(RawEntry("dinh-kem/a?.pdf", b"x")), FORBIDDEN),
        (_add(RawEntry('dinh-kem/"a".pdf', b"x")), FORBIDDEN),
        (_add(RawEntry("dinh-kem/a|b<c>*.pdf", b"x")), FORBIDDEN),
    ],
    ids=[
        "mimetype-compressed", "mimetype-extra", "mimetype-not-first", "mimetype-wrong", "dotdot-inside",
        "dotdot", "absolute", "drive", "backslash", "empty-segment", "duplicate", "duplicate-casefold",
        "non-ascii", "nul", "encrypted", "strong-encryption", "aes-method", "bzip2", "garbage-deflate",
        "too-many", "con", "nul-txt", "com1-two-extensions", "lpt9", "prn-folder", "aux-space", "trailing-dot",
        "trailing-space", "folder-trailing-dot", "data-descriptor", "enhanced-deflate-flag", "masked-directory",
        "unicode-path", "empty-zip64-extra", "alternate-data-stream", "question-mark", "quotes", "pipe-and-angles",
    ],
)  # fmt: skip
def test_hostile_layouts(package: Made, pki: TestPki, bend: Bend, reason: str) -> None:
    assert verdict(craft_zip(bend(raw_entries(package.package))), pki) == reason


def test_crc_mismatch_and_lying_local_header(package: Made, pki: TestPki) -> None:
    data = bytearray(craft_zip(raw_entries(package.package)))
    at = data.index(b"du-lieu.json") + len("du-lieu.json") + 5  # inside its stored bytes
    data[at] ^= 0xFF
    assert verdict(bytes(data), pki) == "The entry {name} is damaged"
    data = bytearray(craft_zip(raw_entries(package.package)))
    at = data.index(b"du-lieu.json")  # the local header's copy of the name
    data[at : at + 2] = b"DU"
    assert verdict(bytes(data), pki) == LOCAL


@pytest.mark.parametrize(
    "data",
    [b"", b"not a zip at all", b"PK\x03\x04" + os.urandom(200), b"PK\x05\x06" + b"\x00" * 10],
    ids=["empty", "text", "truncated", "short-eocd"],
)
def test_garbage_is_refused_in_words(data: bytes, pki: TestPki) -> None:
    assert verdict(data, pki) == "The file is not a readable package (damaged or not a ZIP archive)"


def test_trailing_garbage_is_refused(package: Made, pki: TestPki) -> None:
    assert verdict(package.package + b"\x00" * 10, pki) == "The package has extra bytes after its end"


def _timed(label: str, action: Callable[[], object]) -> object:
    start = time.perf_counter()
    outcome = action()
    print(f"[bench] {label}: {1000 * (time.perf_counter() - start):.1f} ms")
    return outcome


def _mimetype() -> RawEntry:
    return RawEntry("mimetype", b"application/vnd.etsi.asic-e+zip")


def test_declared_size_bombs_are_refused_before_decompressing(pki: TestPki) -> None:
    cases = {
        "declares 4 GB from 20 bytes": (
            [_mimetype(), RawEntry("bao-cao.pdf", b"x" * 20, method=8, declared_size=0xFFFFFFFE)],
            "The entry {name} is compressed suspiciously well (more than {ratio}:1)",
        ),
        "three entries declaring 90 MB each": (
            [_mimetype()]
            + [
                RawEntry(name, b"", method=8, raw=os.urandom(MB), declared_size=90 * MB)
                for name in ("bao-cao.pdf", "du-lieu.json", "dinh-kem/a.bin")
            ],
            "The package's entries would unpack to more than {limit} MB",
        ),
        "honest 200 MB of zeros (1000:1)": (
            [_mimetype(), RawEntry("bao-cao.pdf", b"\x00" * (200 * MB), method=8)],
            "The entry {name} is compressed suspiciously well (more than {ratio}:1)",
        ),
        "declares 1 kB, inflates to 20 MB": (
            [_mimetype(), RawEntry("bao-cao.pdf", b"\x00" * (20 * MB), method=8, declared_size=1000)],
            "The entry {name} is damaged",
        ),
    }
    for label, (entries, reason) in cases.items():
        data = craft_zip(entries)
        result = _timed(f"refuse zip bomb, {label} ({len(data) // 1024} kB file)",
                        lambda data=data: verify_package(data, trust_roots=[pki.root.cert]))  # fmt: skip
        assert result.status == "invalid"  # type: ignore[attr-defined]
        assert [p.msgid for p in result.problems] == [reason]  # type: ignore[attr-defined]


def test_oversized_file_is_refused_without_parsing(tmp_path, pki: TestPki) -> None:  # type: ignore[no-untyped-def]
    big = tmp_path / "big.asice"
    with big.open("wb") as handle:
        handle.truncate(50 * MB + 1)
    result = _timed("refuse a 50 MB + 1 byte file", lambda: verify_package(big, trust_roots=[]))
    assert [p.msgid for p in result.problems] == ["The package is larger than {limit} MB"]  # type: ignore[attr-defined]
    with pytest.raises(UnsafeArchive):
        read_zip(b"\x00" * (50 * MB + 1))


def test_an_offset_past_the_end_of_the_file_is_damage_not_a_crash(package: Made) -> None:
    """Found by hypothesis in CI: the next entry's declared offset pointed past the end of the data."""
    import struct

    data = bytearray(package.package)
    eocd = data.rfind(b"PK\x05\x06")
    cd_offset = struct.unpack_from("<I", data, eocd + 16)[0]
    first = data.find(b"PK\x01\x02", cd_offset)
    second = data.find(b"PK\x01\x02", first + 4)
    third = data.find(b"PK\x01\x02", second + 4)
    # relative offsets of the local headers: this entry's and the next one's both past the end
    struct.pack_into("<I", data, second + 42, len(data) + 1000)
    struct.pack_into("<I", data, third + 42, len(data) + 2000)
    with pytest.raises(UnsafeArchive):
        read_zip(bytes(data))


def test_reserved_names_and_lookalikes() -> None:
    for name in ("CON", "con.txt", "Nul.tar.gz", "COM1", "lpt9.pdf", "AUX ", "CONIN$"):
        assert zipnames.is_reserved_on_windows(name), name
    for name in ("CONSOLE", "con-1.txt", "COM10", "LPT", "nully.pdf", "xAUX"):
        assert not zipnames.is_reserved_on_windows(name), name
    assert not asic.is_safe_attachment_name("NUL.txt")
    assert asic.attachment_name("CON.txt") == "tep-CON.txt"
    assert asic.attachment_name("nul.tar.gz") == "tep-nul.tar.gz"


def test_names_that_normalise_to_one_are_duplicates() -> None:
    with pytest.raises(zipnames.BadName):
        zipnames.check_unique(["dinh-kem/ﬁle.txt", "dinh-kem/FILE.txt"])  # NFKC turns ﬁ into fi
    with pytest.raises(zipnames.BadName):
        zipnames.check_unique(["dinh-kem/Ǆ.txt", "dinh-kem/dž.txt"])
    zipnames.check_unique(["dinh-kem/a.txt", "dinh-kem/b.txt"])
