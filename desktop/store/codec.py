"""How values are written: canonical JSON text, and history snapshots compressed when large."""

from __future__ import annotations

import json
import zlib
from typing import Any

COMPRESS_ABOVE = 4096  # bytes of JSON; smaller snapshots stay readable with the sqlite3 shell
ENCODING_JSON = "json"
ENCODING_ZLIB = "zlib+json"


def dumps(value: Any) -> str:
    """Canonical JSON: sorted keys, real UTF-8 (Vietnamese stays readable), no NaN/Infinity."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False,
                      separators=(",", ":"))


_EMPTY: dict[str | bytes, Any] = {"[]": list, "{}": dict, b"[]": list, b"{}": dict}


def loads(text: str | bytes) -> Any:
    empty = _EMPTY.get(text)  # most problem lists are empty: a fresh one without the parser
    return empty() if empty is not None else json.loads(text)


def pack_snapshot(text: str) -> tuple[str, bytes, int]:
    """(encoding, payload, size) of a history snapshot; size is of the uncompressed JSON."""
    raw = text.encode("utf-8")
    if len(raw) > COMPRESS_ABOVE:
        return ENCODING_ZLIB, zlib.compress(raw, 6), len(raw)
    return ENCODING_JSON, raw, len(raw)


def unpack_snapshot(encoding: str, payload: bytes | str) -> str:
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    if encoding == ENCODING_ZLIB:
        payload = zlib.decompress(payload)
    elif encoding != ENCODING_JSON:
        raise ValueError(f"unknown snapshot encoding {encoding!r}")
    return payload.decode("utf-8")


def changed_keys(old: dict[str, Any], new: dict[str, Any]) -> int:
    """How many top-level keys were added, removed or given another value."""
    return sum(
        1 for key in old.keys() | new.keys() if old.get(key, _MISSING) != new.get(key, _MISSING)
    )


_MISSING = object()
