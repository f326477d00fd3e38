"""Hostile bytes through the package reader and the verifier: mutated and truncated real
containers, header fields set at random, archives assembled from random headers. Every case ends
in a VerificationResult (with its reasons when it is not valid), quickly, and never through the
verifier's last-resort net (which would mean some step raised instead of answering)."""

from __future__ import annotations

import json
import logging
import struct
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from desktop.i18n import LANGUAGES
from desktop.inbox.importer import Importer
from desktop.package.asic import read_package
from desktop.package.verify import VerificationResult, verify_package
from desktop.package.zipsafe import UnsafeArchive, read_zip
from desktop.store import Store
from tests.export.helpers import RawEntry, craft_zip, entries_of
from tests.hostile.strategies import hostile_text, junk

CORPUS = Path(__file__).resolve().parents[1] / "data" / "hostile"
VALID = (CORPUS / "valid.asice").read_bytes()
ROOT = (CORPUS / "pki" / "root.cert.pem").read_bytes()
SECONDS = 2.0
BOUNDED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HEADERS = {b"PK\x03\x04": 30, b"PK\x01\x02": 46, b"PK\x05\x06": 22}


def header_fields(data: bytes) -> list[int]:
    """Offsets of every byte of every ZIP header in `data`: where a lie does the most harm."""
    offsets = []
    for signature, size in HEADERS.items():
        start = 0
        while (start := data.find(signature, start)) >= 0:
            offsets.extend(range(start + 4, min(start + size, len(data))))
            start += 4
    return offsets


VALID_HEADER_BYTES = header_fields(VALID)


class _Crashes(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def no_crash_inside() -> Iterator[None]:
    handler = _Crashes()
    logger = logging.getLogger("desktop.package.verify")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    crashes = [(r.getMessage(), r.exc_info[1] if r.exc_info else None) for r in handler.records]
    assert not crashes, crashes


def verified(data: bytes) -> VerificationResult:
    started = time.perf_counter()
    with no_crash_inside():
        result = verify_package(data, trust_roots=[ROOT])
    elapsed = time.perf_counter() - started
    assert isinstance(result, VerificationResult)
    assert elapsed < SECONDS, f"{elapsed:.2f} s for {len(data)} bytes"
    assert result.status in ("valid", "untrusted", "invalid")
    if result.status != "valid":
        assert result.problems
    for problem in result.problems:
        for lang in LANGUAGES:
            assert problem.render(lang).strip()
    return result


def reader_answers(data: bytes) -> None:
    """The ZIP reader and the layout check either return entries or raise UnsafeArchive."""
    try:
        read_zip(data)
        read_package(data)
    except UnsafeArchive as refused:
        assert refused.render("vi").strip()


def test_the_unchanged_package_is_valid() -> None:
    assert verified(VALID).status == "valid"


@BOUNDED
@given(changes=st.lists(st.tuples(st.integers(0, len(VALID) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_bytes_changed_anywhere(changes: list[tuple[int, int]]) -> None:
    data = bytearray(VALID)
    for position, value in changes:
        data[position] = value
    reader_answers(bytes(data))
    verified(bytes(data))


@BOUNDED
@given(changes=st.lists(st.tuples(st.sampled_from(VALID_HEADER_BYTES),
                                  st.sampled_from([0, 1, 0x7F, 0x80, 0xFE, 0xFF]) | st.integers(0, 255)),
                        min_size=1, max_size=6))
def test_header_fields_lying(changes: list[tuple[int, int]]) -> None:
    data = bytearray(VALID)
    for position, value in changes:
        data[position] = value
    reader_answers(bytes(data))
    result = verified(bytes(data))
    if result.status == "valid":  # only a field nobody reads (a time, a version) can have changed
        assert len(data) == len(VALID)


@BOUNDED
@given(length=st.integers(0, len(VALID) - 1), tail=st.binary(max_size=64))
def test_truncated_and_padded(length: int, tail: bytes) -> None:
    data = VALID[:length] + tail
    assume(data != VALID)  # the last byte put back (a ZIP ends with its comment's length, 0): no change
    reader_answers(data)
    assert verified(data).status == "invalid"


@BOUNDED
@given(at=st.integers(0, len(VALID)), inserted=st.binary(min_size=1, max_size=300))
def test_bytes_inserted(at: int, inserted: bytes) -> None:
    data = VALID[:at] + inserted + VALID[at:]
    reader_answers(data)
    verified(data)


NAMES = st.one_of(
    st.sampled_from(["mimetype", "bao-cao.pdf", "du-lieu.json", "META-INF/ASiCManifest001.xml",
                     "META-INF/signature001.p7s", "dinh-kem/a.pdf", "../x", "/x", "C:x", "a\\b", "DU-LIEU.JSON"]),
    st.binary(min_size=0, max_size=20),
)
RAW_ENTRIES = st.builds(
    RawEntry,
    name=NAMES,
    data=st.binary(max_size=200) | st.sampled_from([b"application/vnd.etsi.asic-e+zip", b"\x00" * 5000]),
    method=st.sampled_from([0, 8, 12, 99]),
    flags=st.sampled_from([0, 1, 8, 0x40, 0x800, 0x2000]),
    declared_size=st.none() | st.integers(0, 2**32 - 1),
    extra=st.sampled_from([b"", b"\x01\x00\x08\x00" + b"\xff" * 8, b"\x55\x54\x01\x00\x00"]),
)


@BOUNDED
@given(entries=st.lists(RAW_ENTRIES, min_size=0, max_size=6), cut=st.none() | st.integers(0, 400))
def test_archives_built_from_random_headers(entries: list[RawEntry], cut: int | None) -> None:
    data = craft_zip(entries)
    if cut is not None:
        data = data[:cut]
    reader_answers(data)
    assert verified(data).status == "invalid"


@BOUNDED
@given(eocd=st.tuples(*(st.integers(0, 0xFFFF) for _ in range(4)), st.integers(0, 2**32 - 1),
                      st.integers(0, 2**32 - 1), st.integers(0, 0xFFFF)))
def test_random_end_of_central_directory(eocd: tuple[int, ...]) -> None:
    end = VALID.rfind(b"PK\x05\x06")
    data = VALID[:end] + struct.pack("<4sHHHHIIH", b"PK\x05\x06", *eocd)
    reader_answers(data)
    verified(data)


def _corpus_tools():  # type: ignore[no-untyped-def]
    """make_corpus.py, which knows the corpus PKI (its keys are committed test keys)."""
    import importlib.util
    import sys

    name = "tests_data_hostile_make_corpus"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, CORPUS / "make_corpus.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module  # dataclasses look their module up while it is being run
        spec.loader.exec_module(module)
    return sys.modules[name]


CORPUS_TOOLS = _corpus_tools()
CORPUS_SIGNER = CORPUS_TOOLS.signer_of(CORPUS_TOOLS.load_pki(), "signer")
VALID_ENTRIES = entries_of(VALID)
INNER = ["bao-cao.pdf", "du-lieu.json", "META-INF/ASiCManifest001.xml", "META-INF/signature001.p7s"]


def mutate(content: bytes, changes: list[tuple[int, int]], cut: int | None, inserted: bytes) -> bytes:
    data = bytearray(content)
    for position, value in changes:
        data[position % len(data)] = value
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    return bytes(data) + inserted


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(INNER), reseal=st.booleans(),
       changes=st.lists(st.tuples(st.integers(0, 2**20), st.integers(0, 255)), max_size=6),
       cut=st.none() | st.integers(0, 2**20), inserted=st.binary(max_size=40))
def test_entry_contents_mutated_with_a_valid_zip_around_them(
    name: str, reseal: bool, changes: list[tuple[int, int]], cut: int | None, inserted: bytes
) -> None:
    """The ZIP is sound, so the hostile bytes reach the CMS, XML, PDF and JSON parsers; with
    `reseal` an attacker holding a valid key signs a new manifest over them."""
    entries = [(n, mutate(c, changes, cut, inserted) if n == name else c) for n, c in VALID_ENTRIES]
    if reseal and name in ("bao-cao.pdf", "du-lieu.json"):
        entries = CORPUS_TOOLS.resign(entries, CORPUS_SIGNER)
    verified(CORPUS_TOOLS.zip_entries(entries))


@pytest.fixture(scope="module")
def inbox_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store.open(tmp_path_factory.mktemp("inbox") / "atmt.sqlite3") as store:
        yield store


def test_the_inbox_records_every_hostile_package_once_or_says_why_not(inbox_store: Store) -> None:
    """What the unverified data file of a hostile package claims (its org, period, revision…)
    is shown on the board, so reading those claims must never fail either."""
    importer = Importer(inbox_store, roots=[ROOT])

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(name=st.sampled_from(INNER), reseal=st.booleans(),
           changes=st.lists(st.tuples(st.integers(0, 2**20), st.integers(0, 255)), max_size=4),
           cut=st.none() | st.integers(0, 2**20), inserted=st.binary(max_size=40),
           file_name=st.sampled_from(["goi.asice", "BC-ct20.province-so-ct-ninh-binh-2025-r9999.asice",
                                      "BC-ct20.province--2025-r0.asice", "x" * 300 + ".asice"]))
    def check(name: str, reseal: bool, changes: list[tuple[int, int]], cut: int | None, inserted: bytes,
              file_name: str) -> None:
        entries = [(n, mutate(c, changes, cut, inserted) if n == name else c) for n, c in VALID_ENTRIES]
        if reseal and name in ("bao-cao.pdf", "du-lieu.json"):
            entries = CORPUS_TOOLS.resign(entries, CORPUS_SIGNER)
        data = CORPUS_TOOLS.zip_entries(entries)
        with no_crash_inside():
            item = importer.import_bytes(file_name, data)
            again = importer.import_bytes(file_name, data)
        assert item.outcome in ("imported", "duplicate") and again.outcome == "duplicate"
        record = inbox_store.get_inbox_package(item.inbox_id, with_data=True)
        assert record.data == data and record.status == item.status
        for problem in item.problems:
            problem.render("vi")

    check()


JSON_CLAIMS = st.fixed_dictionaries({}, optional={
    "format": st.sampled_from(["ct20.submission", 1, None]),
    "form": junk(3) | st.fixed_dictionaries({"id": hostile_text(), "version": hostile_text()}),
    "organization": junk(3) | st.fixed_dictionaries({"id": hostile_text(), "name": hostile_text()}),
    "period": junk(3) | st.fixed_dictionaries({"kind": st.sampled_from(["year", "half", "adhoc", "x"]),
                                               "year": junk(1), "half": junk(1), "requested": hostile_text(),
                                               "deadline": hostile_text(), "reference": hostile_text()}),
    "report": junk(3) | st.fixed_dictionaries({"id": junk(1), "revision": junk(1), "supersedes": junk(3)}),
})


def as_json(data: object) -> bytes:
    """JSON text of junk: what cannot be written as JSON is written as its repr."""
    try:
        return json.dumps(data, ensure_ascii=False, default=repr).encode("utf-8", "surrogatepass")
    except ValueError:  # an int too long to write
        return b'{"format": "ct20.submission"}'


def test_whatever_a_signed_data_file_claims_is_recorded_without_failing(inbox_store: Store) -> None:
    """A valid signer's package whose data file says anything at all (valid JSON, hostile content)."""
    importer = Importer(inbox_store, roots=[ROOT])
    entries = [(n, c) for n, c in VALID_ENTRIES if n != "bao-cao.pdf"]

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(claims=JSON_CLAIMS.map(as_json))
    def check(claims: bytes) -> None:
        replaced = [(n, claims if n == "du-lieu.json" else c) for n, c in entries]
        data = CORPUS_TOOLS.zip_entries(CORPUS_TOOLS.resign(replaced, CORPUS_SIGNER))
        with no_crash_inside():
            item = importer.import_bytes("goi.asice", data)
        assert item.status in ("invalid", "untrusted", "valid") and item.inbox_id is not None

    check()
