"""Reading a small file the user names (a certificate, a CRL): bounded, with plain-words errors."""

from __future__ import annotations

from pathlib import Path

from desktop.i18n import N_, LocalizedError, Message


def read_small_file(path: str | Path, limit: int, too_large: Message) -> bytes:
    """The file's bytes; `too_large` is raised when it holds more than `limit` bytes (it is then
    not what it claims to be), a clear sentence when it cannot be read."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise LocalizedError(
            Message(N_("Cannot read the file {file}: {reason}"), file=str(path), reason=exc.strerror or str(exc))
        ) from None
    if len(data) > limit:
        raise LocalizedError(too_large)
    return data
