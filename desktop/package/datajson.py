"""The one byte form of a package's JSON data file (package.md): sorted keys, UTF-8 without BOM."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any


def encode_data_file(data: Mapping[str, Any]) -> bytes:
    """Sorted keys, two-space indent, UTF-8 without BOM, a final newline: one byte form only."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")
