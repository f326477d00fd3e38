"""The SHA-256 of a package's bytes, computed once however many layers ask.

An import hashes a package to find a duplicate, verification to tie receipts to it, and the store
to key its record (after the rest of its batch was verified): three passes over the same (up to
50 MB) bytes object. `sha256_hex` remembers the digest of the last bytes objects it was given
(up to `_KEPT` of them and `_MAX_BYTES` in all: a batch of the import), by identity, holding a
reference to each so that the identity cannot pass to other bytes meanwhile; bytes never change,
so the same object has the same digest. Any other object is hashed afresh. Digests are remembered
only inside `remembering()` (an import): `ct20 verify`, the PDF check or a lone verification keep no
reference to what they read. `forget()` drops what is remembered.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_KEPT = 32
_MAX_BYTES = 64 * 1024 * 1024
_recent: list[tuple[bytes, str]] = []
_lock = threading.Lock()
_scopes = 0  # imports under way (remembering() blocks, any thread)


def sha256_hex(data: bytes) -> str:
    """hashlib.sha256(data).hexdigest(), remembered for the last bytes objects."""
    import hashlib  # not at the window's start: hashlib loads OpenSSL

    if type(data) is not bytes or not _scopes:  # a bytearray or memoryview can change: never remembered
        return hashlib.sha256(data).hexdigest()
    with _lock:
        for kept, digest in _recent:
            if kept is data:
                return digest
    digest = hashlib.sha256(data).hexdigest()
    if len(data) <= _MAX_BYTES:
        with _lock:
            if not _scopes:  # the import ended meanwhile
                return digest
            _recent.insert(0, (data, digest))
            del _recent[_KEPT:]
            total = 0
            for index, (kept, _digest) in enumerate(_recent):
                total += len(kept)
                if total > _MAX_BYTES:
                    del _recent[index:]
                    break
    return digest


def forget() -> None:
    """Drop the remembered digests (and the references to their bytes)."""
    with _lock:
        _recent.clear()


@contextmanager
def remembering() -> Iterator[None]:
    """Remember digests while the block runs (an import); forgotten when the last such block ends."""
    global _scopes
    with _lock:
        _scopes += 1
    try:
        yield
    finally:
        with _lock:
            _scopes -= 1
            if not _scopes:
                _recent.clear()
