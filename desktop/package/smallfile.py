"""Reading bounded files: a small file the user names (a certificate, a CRL) with plain-words errors,
and `read_at_most` for every bounded read of a file or stream from outside."""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from desktop.i18n import N_, LocalizedError, Message

_CHUNK = 64 * 1024  # the first read when the size is unknown (a pipe), then doubling
_MAX_CHUNK = 16 << 20


def _remaining(stream: BinaryIO) -> int | None:
    """The bytes left in `stream` when it is a regular file, else None."""
    try:
        size = os.fstat(stream.fileno()).st_size
        return max(size - stream.tell(), 0)
    except (AttributeError, OSError, ValueError):  # not a file (io.UnsupportedOperation is an OSError)
        return None


def read_at_most(stream: BinaryIO, limit: int) -> bytes | None:
    """The rest of `stream` when it holds at most `limit` bytes, else None (not all read).

    `stream.read(limit + 1)` would do the same, but it allocates `limit + 1` bytes before reading
    (50 MB for a 800 KB package). This reads what the file's size says plus one byte, then reads
    on in growing chunks until the end, so a file that grew meanwhile, a pipe or a network
    response is still cut off after `limit` bytes."""
    if limit < 0:
        raise ValueError("limit must not be negative")
    remaining = _remaining(stream)
    want = min(limit, remaining if remaining is not None else _CHUNK) + 1
    step = _CHUNK  # after the size said: a small read finds the end (or a file that grew)
    parts: list[bytes] = []
    total = 0
    while True:
        chunk = stream.read(want)
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        if total > limit:
            return None
        want = min(limit + 1 - total, step)
        step = min(step * 2, _MAX_CHUNK)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def read_small_file(path: str | Path, limit: int, too_large: Message) -> bytes:
    """The file's bytes; `too_large` is raised when it holds more than `limit` bytes (it is then
    not what it claims to be), a clear sentence when it cannot be read."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = read_at_most(handle, limit)
    except OSError as exc:
        raise LocalizedError(
            Message(N_("Cannot read the file {file}: {reason}"), file=str(path), reason=exc.strerror or str(exc))
        ) from None
    if data is None:
        raise LocalizedError(too_large)
    return data
