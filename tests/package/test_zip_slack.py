"""ZIP slack (package.md, step 1: "a verdict must be the same for every reader of the same bytes"):
each kind of slack, made from the honest corpus package, is refused by our reader while Python's
zipfile, bsdtar or Info-ZIP unzip read something else (shown here with the tools themselves:
Debian's libarchive-tools and unzip); random mutations end in nothing but the reader's own
refusal, and what it accepts reads the same in zipfile."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.package import asic
from desktop.package.zipsafe import UnsafeArchive, read_zip
from tests.package import slack

EXTRA = "The entry {name} carries an extra field, which is not allowed"
LOCAL = "The entry {name} is described differently in its local header and in the central directory"
NOT_PLAIN = "The entry {name} is not a plain file (a link, a folder or a device)"

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
    "symlink": (lambda v: slack.as_symlink(v, "dinh-kem/ke-hoach.pdf", b"../../../../etc/passwd"), NOT_PLAIN),
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
    for name in names:
        unzipped = subprocess.run([_tool("unzip"), "-p", str(tmp_path / "package.zip"), name], capture_output=True,
                                  timeout=30)  # fmt: skip
        assert unzipped.returncode == 0 and unzipped.stdout == ours[name], name


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
    names = python_zipfile(data).namelist()
    if sys.version_info >= (3, 12):  # zipfile follows the field too since 3.12 (the Windows build's Python)
        assert names.count("bao-cao.pdf") == 2 and "dinh-kem/ke-hoach.pdf" not in names
    else:  # 3.11 (the local CI) ignores it: each reader saw another name before the field was refused
        assert "dinh-kem/ke-hoach.pdf" in names
    assert refusal(data) == EXTRA


def test_a_symlink_entry_is_a_link_for_bsdtar_and_unzip_and_a_file_for_a_byte_reader(tmp_path: Path) -> None:
    data = slack.as_symlink(VALID, "dinh-kem/ke-hoach.pdf", b"../../../../etc/passwd")
    path = tmp_path / "package.zip"
    path.write_bytes(data)
    listing = subprocess.run([_tool("bsdtar"), "-tvf", str(path)], capture_output=True, timeout=30).stdout
    assert b"dinh-kem/ke-hoach.pdf -> ../../../../etc/passwd" in listing  # bsdtar reading the directory
    streamed = subprocess.run([_tool("bsdtar"), "-tvf", "-"], input=data, capture_output=True, timeout=30).stdout
    assert b"-> ../../../../etc/passwd" not in streamed  # the same bsdtar reading a stream: a file
    unzip = subprocess.run([_tool("unzip"), "-Zl", str(path)], capture_output=True, timeout=30).stdout
    assert any(line.startswith(b"lrwx") for line in unzip.splitlines())
    assert python_zipfile(data).read("dinh-kem/ke-hoach.pdf") == b"../../../../etc/passwd"
    assert refusal(data) == NOT_PLAIN


def test_a_folder_attribute_on_a_file_is_refused() -> None:
    parts = slack.parts_of(VALID)
    parts[3].external_attr = 0x10
    assert refusal(slack.assemble(parts)) == NOT_PLAIN


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
    try:
        asic.read_package(data)  # the layout check on top raises nothing else either
    except UnsafeArchive as refused:
        assert refused.render("vi").strip()


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
