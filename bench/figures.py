"""The figures a benchmark reports, each beside the baseline measured in the same run.

Every `bench_*.py` prints its own text for a human and ends with `publish([...])`. When run by
`bench/run_all.py`, the environment variable CT20_BENCH_FIGURES names a file the figures are
also written to (JSON), from which run_all builds docs/performance.md.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Figure:
    name: str  # what was measured, e.g. "export of a 2,000-row report"
    value: float
    unit: str  # "s" | "ms" | ...
    baseline: str = ""  # what it is compared with, measured in the same run
    baseline_value: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.baseline_value:
            return None
        return self.value / self.baseline_value


def publish(figures: list[Figure], *, title: str, setup: str = "") -> None:
    """Print the figures as a small table; also write them for run_all when it asks."""
    print()
    print(f"{title}" + (f" ({setup})" if setup else ""))
    for figure in figures:
        line = f"  {figure.name:<46} {figure.value:10.3f} {figure.unit}"
        if figure.baseline_value is not None:
            line += f"   baseline {figure.baseline}: {figure.baseline_value:.3f} {figure.unit}"
            line += f"   ratio {figure.ratio:.2f}" if figure.ratio is not None else ""
        print(line)
    target = os.environ.get("CT20_BENCH_FIGURES")
    if target:
        with open(target, "w", encoding="utf-8") as out:
            json.dump({"title": title, "setup": setup, "figures": [asdict(f) for f in figures]}, out,
                      ensure_ascii=False, indent=1)


def compiled_bytecode_env(env: dict[str, str], cache: str) -> dict[str, str]:
    """`env` for a child Python that reads (and the first time writes) compiled bytecode.

    The environment may say not to write bytecode (PYTHONDONTWRITEBYTECODE, as CI and these
    machines do): then every start compiles every module from source again, which no installed
    or frozen app does. Start-up figures are measured with the .pyc files of every module the
    process imports (ours and the libraries'), kept under `cache` (PYTHONPYCACHEPREFIX) so that
    neither the checkout nor the shared environment is written to. Run the command once before
    timing it: that run compiles."""
    child = {key: value for key, value in env.items() if key != "PYTHONDONTWRITEBYTECODE"}
    child["PYTHONPYCACHEPREFIX"] = cache
    return child
