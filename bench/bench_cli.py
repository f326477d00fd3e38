"""`ct20 report fill` of a province report with 2,000 cluster rows, then `validate`: wall time of the
real commands (new processes, as a user or script runs them). Prints figures; asserts nothing.

    python bench/bench_cli.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from figures import Figure, compiled_bytecode_env, publish  # noqa: E402

from tests.forms.samples import province  # noqa: E402


def run(*args: str, env: dict) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True, env=env)
    return time.perf_counter() - start, proc


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = compiled_bytecode_env({**os.environ, "CT20_DB": str(Path(tmp) / "bench.sqlite3"),
                                     "PYTHONPATH": str(ROOT)}, str(Path(tmp) / "pycache"))
        run("report", "validate", "--help", env=env)  # compiles the .pyc of what the commands import
        baseline, _ = run("--version", env=env)
        fills, validates, baselines = [], [], [baseline]
        for i in range(args.rounds):
            _, created = run("report", "new", "--form", "ct20.province", "--org", "so-ct-ninh-binh",
                             "--period", str(2030 + i), "--json", env=env)
            report_id = json.loads(created.stdout)["id"]
            values = province(rows=args.rows)
            values["clusters"]["operating"] = values["clusters"]["established"] = args.rows
            values_file = Path(tmp) / f"values{i}.json"
            values_file.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
            seconds, proc = run("report", "fill", report_id, "--from", str(values_file), "--json", env=env)
            assert proc.returncode == 0, proc.stderr
            fills.append(seconds)
            seconds, proc = run("report", "validate", report_id, "--json", env=env)
            assert proc.returncode == 0, proc.stdout[:500]
            validates.append(seconds)
            baselines.append(run("--version", env=env)[0])
        size = values_file.stat().st_size
    print(f"rows per report: {args.rows}; values file {size / 1024:.0f} KiB; rounds: {args.rounds}")
    print(f"python -m desktop --version (interpreter start + import): median {statistics.median(baselines):.3f} s")
    for name, times in (("ct20 report fill:    ", fills), ("ct20 report validate:", validates)):
        print(f"{name} median {statistics.median(times):.3f} s  (min {min(times):.3f}, max {max(times):.3f})")
    bare = statistics.median(baselines)
    publish([Figure(f"ct20 report fill ({args.rows} rows)", statistics.median(fills), "s",
                    "python -m desktop --version", bare),
             Figure(f"ct20 report validate ({args.rows} rows)", statistics.median(validates), "s",
                    "python -m desktop --version", bare)],
            title="Command line",
            setup=f"new process each run, median of {args.rounds}, .pyc compiled, values file {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
