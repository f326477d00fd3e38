"""The ZIP reader (desktop/package/zipsafe.py, package.md step 1): hostile containers built by hand
with struct or bent from a real package, each refused with its reason; ZIP slack that other tools
read differently (shown with Python's zipfile, bsdtar and unzip); random mutations that never end
in anything but the reader's own refusal."""

from __future__ import annotations

import io
import os
import shutil
import struct
import subprocess
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.package import asic, zipnames
from desktop.package.verify import verify_package
from desktop.package.zipsafe import MB, UnsafeArchive, read_zip
from tests.export.helpers import Made, RawEntry, craft_zip, raw_entries
from tests.package import slack
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
    ],
    ids=[
        "mimetype-compressed", "mimetype-extra", "mimetype-not-first", "mimetype-wrong", "dotdot-inside",
        "dotdot", "absolute", "drive", "backslash", "empty-segment", "duplicate", "duplicate-casefold",
        "non-ascii", "nul", "encrypted", "strong-encryption", "aes-method", "bzip2", "garbage-deflate",
        "too-many", "con", "nul-txt", "com1-two-extensions", "lpt9", "prn-folder", "aux-space", "trailing-dot",
        "trailing-space", "folder-trailing-dot", "data-descriptor", "enhanced-deflate-flag", "masked-directory",
        "unicode-path", "empty-zip64-extra",
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


# -- slack: bytes some reader follows and another ignores (package.md: one reading for every tool) --

CORPUS = Path(__file__).resolve().parents[1] / "data" / "hostile"
VALID = (CORPUS / "valid.asice").read_bytes()  # made by the real exporter (make_corpus.py)
FORGED = b"%PDF-1.4\n% a forged report\n%%EOF\n"
GAP = "The package holds bytes that belong to no file (possibly hidden content)"
PREPENDED = "The package has extra bytes before its first entry"
ZIP64 = "Split or ZIP64 archives are not accepted"
SLACK: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "hidden-zip64-directory": (lambda v: slack.hidden_zip64_directory(v, "bao-cao.pdf", FORGED), ZIP64),
    "hidden-entry": (lambda v: slack.hidden_entry(v, "du-lieu.json", "dinh-kem/x.pdf", FORGED), GAP),
    "forged-pdf-after-mimetype": (lambda v: slack.hidden_entry(v, "mimetype", "bao-cao.pdf", FORGED), GAP),
    "hidden-entry-at-the-end": (lambda v: slack.hidden_entry(v, "META-INF/signature001.p7s", "x.pdf", FORGED), GAP),
    "lying-local-header": (lambda v: slack.lying_local_header(v, "du-lieu.json"), LOCAL),
    "data-descriptor": (lambda v: slack.data_descriptor(v, "du-lieu.json"),
                        "The entry {name} uses a data descriptor, which is not allowed"),
    "bytes-after-deflate": (lambda v: slack.bytes_after_deflate(v, "du-lieu.json", b"\x00"),
                            "The entry {name} has bytes after the end of its compressed data"),
    "second-deflate-stream": (lambda v: slack.bytes_after_deflate(v, "du-lieu.json", b"\x03\x00"),
                              "The entry {name} has bytes after the end of its compressed data"),
    "unicode-path": (lambda v: slack.unicode_path_extra(v, "dinh-kem/ke-hoach.pdf", "bao-cao.pdf"), EXTRA),
    "encrypted-stored": (lambda v: slack.encrypted_flag_on_stored(v, "du-lieu.json"), "The entry {name} is encrypted"),
    "encrypted-mimetype": (lambda v: slack.encrypted_flag_on_stored(v, "mimetype"), "The entry {name} is encrypted"),
    "prepended": (lambda v: slack.prepended(v, b"MZ" + b"\x00" * 62), PREPENDED),
    "prepended-offsets-unchanged": (lambda v: slack.prepended(v, b"MZ" + b"\x00" * 62, adjust_offsets=False),
                                    PREPENDED),
    "appended": (lambda v: slack.appended(v, FORGED), "The package has extra bytes after its end"),
    "appended-end-record": (lambda v: slack.appended(v, v[-22:]), GAP),  # the copy ends the file
    "comment": (lambda v: slack.with_comment(v, b"ok"), "The package carries a ZIP comment, which is not allowed"),
}  # fmt: skip


def refusal(data: bytes) -> str:
    with pytest.raises(UnsafeArchive) as refused:
        read_zip(data)
    assert refused.value.render("vi") != refused.value.render("en")  # translated
    return refused.value.message.msgid


def test_the_slack_tools_rebuild_the_honest_package_byte_for_byte() -> None:
    assert slack.rebuilt(VALID) == VALID
    assert read_zip(VALID)[0].name == "mimetype"


@pytest.mark.parametrize("kind", sorted(SLACK))
def test_every_kind_of_slack_is_refused(kind: str) -> None:
    make, reason = SLACK[kind]
    assert refusal(make(VALID)) == reason


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is needed for this test (Debian: apt-get install libarchive-tools unzip)"
    return path


def bsdtar_stream(data: bytes) -> list[str]:
    """What bsdtar lists when it reads the archive as a stream (a pipe, a mail filter): local
    headers one after the other, no central directory."""
    run = subprocess.run([_tool("bsdtar"), "-tf", "-"], input=data, capture_output=True, timeout=30)
    return run.stdout.decode().split()


def bsdtar_stream_read(data: bytes, name: str) -> bytes:
    run = subprocess.run([_tool("bsdtar"), "-xOf", "-", name], input=data, capture_output=True, timeout=30)
    return run.stdout


def unzip_names(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "package.zip"
    path.write_bytes(data)
    run = subprocess.run([_tool("unzip"), "-Z1", str(path)], capture_output=True, timeout=30)
    return run.stdout.decode().split()


def python_zipfile(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def test_the_honest_package_reads_the_same_with_every_tool(tmp_path: Path) -> None:
    ours = {entry.name: entry.data for entry in read_zip(VALID)}
    names = list(ours)
    assert python_zipfile(VALID).namelist() == names
    assert {n: python_zipfile(VALID).read(n) for n in names} == ours
    assert bsdtar_stream(VALID) == names
    assert bsdtar_stream_read(VALID, "bao-cao.pdf") == ours["bao-cao.pdf"]
    assert unzip_names(VALID, tmp_path) == names


def test_a_hidden_zip64_directory_shows_python_another_report() -> None:
    """Why a ZIP64 locator before the end record is refused: Python's zipfile follows it."""
    data = slack.hidden_zip64_directory(VALID, "bao-cao.pdf", FORGED)
    honest = dict((e.name, e.data) for e in read_zip(VALID))["bao-cao.pdf"]
    assert python_zipfile(data).read("bao-cao.pdf") == FORGED != honest
    assert refusal(data) == ZIP64


def test_hidden_entries_are_seen_by_a_streaming_reader_only() -> None:
    """Why gaps are refused: bsdtar reading a stream meets every local header; zipfile only
    what the central directory lists."""
    hidden = slack.hidden_entry(VALID, "du-lieu.json", "dinh-kem/x.pdf", FORGED)
    assert "dinh-kem/x.pdf" in bsdtar_stream(hidden)
    assert "dinh-kem/x.pdf" not in python_zipfile(hidden).namelist()
    after_mimetype = slack.hidden_entry(VALID, "mimetype", "bao-cao.pdf", FORGED)
    assert bsdtar_stream(after_mimetype).count("bao-cao.pdf") == 2
    assert bsdtar_stream_read(after_mimetype, "bao-cao.pdf").startswith(FORGED)  # met first
    assert python_zipfile(after_mimetype).read("bao-cao.pdf") != FORGED
    assert refusal(hidden) == refusal(after_mimetype) == GAP


def test_a_unicode_path_field_renames_an_entry_for_unzip_and_bsdtar(tmp_path: Path) -> None:
    data = slack.unicode_path_extra(VALID, "dinh-kem/ke-hoach.pdf", "bao-cao.pdf")
    assert unzip_names(data, tmp_path).count("bao-cao.pdf") == 2
    assert bsdtar_stream(data).count("bao-cao.pdf") == 2
    assert "dinh-kem/ke-hoach.pdf" in python_zipfile(data).namelist()  # Python 3.11 ignores the field
    assert refusal(data) == EXTRA


def test_an_encryption_flag_on_plain_bytes_stops_other_readers() -> None:
    data = slack.encrypted_flag_on_stored(VALID, "du-lieu.json")
    with pytest.raises(RuntimeError, match="encrypted"):
        python_zipfile(data).read("du-lieu.json")
    assert refusal(data) == "The entry {name} is encrypted"


def test_prepended_bytes_and_comments_pass_unnoticed_elsewhere() -> None:
    """Python's zipfile reads a self-extractor-like file and a commented one without a word:
    only our reader stands in the way."""
    for data in (slack.prepended(VALID, b"MZ" + b"\x00" * 62), slack.with_comment(VALID, b"ok")):
        assert python_zipfile(data).read("du-lieu.json") == python_zipfile(VALID).read("du-lieu.json")
        with pytest.raises(UnsafeArchive):
            read_zip(data)


def _records(data: bytes) -> list[int]:
    eocd = data.rfind(b"PK\x05\x06")
    start = struct.unpack_from("<I", data, eocd + 16)[0]
    found, at = [], start
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        found.append(at)
        at += 4
    return found


def test_two_records_for_one_local_entry_are_refused() -> None:
    data = bytearray(VALID)
    records = _records(VALID)
    first_offset = struct.unpack_from("<I", data, records[1] + 42)[0]
    struct.pack_into("<I", data, records[2] + 42, first_offset)  # du-lieu.json's record → the PDF
    with pytest.raises(UnsafeArchive):
        read_zip(bytes(data))


def test_zip64_marks_in_a_record_are_refused() -> None:
    data = bytearray(VALID)
    struct.pack_into("<I", data, _records(VALID)[2] + 42, 0xFFFFFFFF)
    assert refusal(bytes(data)) == ZIP64


def test_bytes_inside_the_central_directory_are_refused() -> None:
    eocd = VALID.rfind(b"PK\x05\x06")
    count, size, offset = struct.unpack_from("<HII", VALID, eocd + 10)
    data = VALID[:eocd] + b"PK\x01\x02hidden" + struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count,
                                                          size + 10, offset, 0)  # fmt: skip
    assert refusal(data) == GAP


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


# -- random mutations: only the reader's own refusal, never another exception ---------------------

MUTATIONS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def answers(data: bytes) -> None:
    try:
        entries = read_zip(data)
    except UnsafeArchive as refused:
        assert refused.render("vi").strip() and refused.render("en").strip()
        return
    # what is accepted reads the same in Python's zipfile: no slack left for it to differ in
    archive = python_zipfile(data)
    assert archive.namelist() == [entry.name for entry in entries]
    assert all(archive.read(entry.name) == entry.data for entry in entries)


@MUTATIONS
@given(changes=st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), min_size=1, max_size=6))
def test_random_byte_changes_end_in_the_readers_own_error(changes: list[tuple[int, int]]) -> None:
    data = bytearray(VALID)
    for position, value in changes:
        data[position] = value
    answers(bytes(data))


@MUTATIONS
@given(kind=st.sampled_from(sorted(SLACK)), at=st.integers(0, 2**20), cut=st.integers(0, 64),
       inserted=st.binary(max_size=64))
def test_slack_cut_and_padded_ends_in_the_readers_own_error(kind: str, at: int, cut: int, inserted: bytes) -> None:
    data = SLACK[kind][0](VALID)
    at %= len(data) + 1
    answers(data[:at] + inserted + data[at + cut :])
