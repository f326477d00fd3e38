"""The instruction counts of the parts callgrind wrote for one run (`--dump-before=…`): shared by
export_instructions.py and inbox_instructions.py."""

from __future__ import annotations

import re
from pathlib import Path


def part_counts(folder: Path, pattern: str = "cg.*") -> list[int]:
    """Each dumped part's instruction count, in the order callgrind wrote them (cg.out.1, .2, …),
    leaving out the first file: the process's final (empty) dump."""
    files = sorted(folder.glob(pattern), key=lambda p: [int(k) for k in re.findall(r"\d+", p.name)])
    counts = []
    for path in files[1:]:
        found = re.search(r"^(?:summary|totals):\s+(\d+)", path.read_text(errors="replace"), re.MULTILINE)
        counts.append(int(found.group(1)) if found else 0)
    return counts
