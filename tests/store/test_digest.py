"""The package digest computed once per import is the digest of exactly those bytes."""

from __future__ import annotations

import hashlib

from desktop.store import digest


def test_outside_an_import_nothing_is_remembered() -> None:
    """`ct20 verify` or the PDF check keep no reference to what they read."""
    digest.forget()
    data = b"package " * 1000
    assert digest.sha256_hex(data) == hashlib.sha256(data).hexdigest()
    assert digest._recent == []
    with digest.remembering():
        with digest.remembering():  # nested or parallel imports share the memory
            digest.sha256_hex(data)
        assert digest._recent[0][0] is data  # the outer import still runs
    assert digest._recent == []  # the last import ended: forgotten


def test_the_digest_of_the_bytes_remembered_by_identity() -> None:
    with digest.remembering():
        _remembered_by_identity()


def _remembered_by_identity() -> None:
    digest.forget()
    data = b"package " * 1000
    assert digest.sha256_hex(data) == hashlib.sha256(data).hexdigest()
    assert digest._recent[0][0] is data
    assert digest.sha256_hex(data) == hashlib.sha256(data).hexdigest()  # from memory
    other = bytes(bytearray(data[:-1]) + b"!")
    assert digest.sha256_hex(other) == hashlib.sha256(other).hexdigest() != digest.sha256_hex(data)
    digest.forget()
    assert digest._recent == []


def test_changeable_buffers_are_never_remembered() -> None:
    digest.forget()
    buffer = bytearray(b"abc")
    first = digest.sha256_hex(buffer)  # type: ignore[arg-type]
    buffer[0] = ord("x")
    assert digest.sha256_hex(buffer) == hashlib.sha256(b"xbc").hexdigest() != first  # type: ignore[arg-type]
    assert digest._recent == []


def test_memory_is_bounded(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    with digest.remembering():
        _bounded(monkeypatch)


def _bounded(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    digest.forget()
    monkeypatch.setattr(digest, "_MAX_BYTES", 10_000)
    blobs = [bytes([i]) * 4_000 for i in range(10)]
    for blob in blobs:
        assert digest.sha256_hex(blob) == hashlib.sha256(blob).hexdigest()
    assert sum(len(kept) for kept, _ in digest._recent) <= 10_000
    assert [kept for kept, _ in digest._recent] == blobs[::-1][:2]
    assert digest.sha256_hex(b"x" * 20_000) == hashlib.sha256(b"x" * 20_000).hexdigest()  # too big to keep
    assert len(digest._recent) == 2
    for index in range(digest._KEPT + 5):
        digest.sha256_hex(bytes([index % 256, index // 256]))
    assert len(digest._recent) == digest._KEPT
    digest.forget()
