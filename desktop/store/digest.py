"""The SHA-256 of a package's bytes, computed once however many layers ask.

An import hashes a package to find a duplicate, verification to tie receipts to it, and the store
to key its record (after the rest of its batch was verified): three passes over the same (up to
50 MB) bytes object. `sha256_hex` remembers the digest of the last bytes objects it was given
(up to `_KEPT` of them and `_MAX_BYTES` in all: a batch of the import), by identity, holding a
reference to each so that the identity cannot pass to other bytes meanwhile; bytes never change,
so the same object has the same digest. Any other object is hashed afresh. `forget()` when done.
"""

from __future__ import annotations

import threading

_KEPT = 32
_MAX_BYTES = 64 * 1024 * 1024
_recent: list[tuple[bytes, str]] = []
_lock = threading.Lock()


def sha256_hex(data: bytes) -> str:
    """hashlib.sha256(data).hexdigest(), remembered for the last bytes objects."""
    import hashlib  # not at the window's start: hashlib loads OpenSSL

    if type(data) is not bytes:  # a bytearray or memoryview can change: never remembered
        return hashlib.sha256(data).hexdigest()
    with _lock:
        for kept, digest in _recent:
            if kept is data:
                return digest
    digest = hashlib.sha256(data).hexdigest()
    if len(data) <= _MAX_BYTES:
        with _lock:
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
