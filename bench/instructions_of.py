"""Instructions of one piece of Python, after a set-up, counted by callgrind (deterministic):
`python bench/instructions_of.py SETUP CODE [--runs-in DIR]`.

    python bench/instructions_of.py "import PySide6.QtWidgets" "from PySide6.QtCore import Qt"
    118.0 M

A tool for deciding between two ways of doing something at start-up, where wall-clock figures of a
few milliseconds drown in the machine's noise: SETUP and CODE run in one fresh process (once
without valgrind first, so that every .pyc is compiled), and a marker (getppid) on each side of
CODE makes callgrind dump the stretch between them. Run it with the environment of the start-up
benchmarks (QT_QPA_PLATFORM=offscreen; bytecode written: figures.compiled_bytecode_env).
Prints a figure; passes or fails nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from figures import compiled_bytecode_env  # noqa: E402


def count(setup: str, code: str, env: dict[str, str]) -> int:
    program = f"import os\n{setup}\nos.getppid()\n{code}\nos.getppid()\n"
    with tempfile.TemporaryDirectory(prefix="ct20-instr-") as tmp:
        out = Path(tmp) / "cg.out"
        subprocess.run([sys.executable, "-c", program], cwd=REPO, env=env, check=True, capture_output=True)
        subprocess.run(["valgrind", "--tool=callgrind", "--dump-before=getppid", f"--callgrind-out-file={out}",
                        sys.executable, "-c", program], cwd=REPO, env=env, check=True, capture_output=True)
        part = (Path(tmp) / "cg.out.2").read_text(errors="replace")
    found = re.search(r"^summary:\s*(\d+)", part, re.M)
    return int(found.group(1)) if found else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("setup", help="Python run first, not counted")
    parser.add_argument("code", help="Python counted")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: nothing measured")
        return 0
    env = {**os.environ}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="ct20-pyc-") as cache:
        print(f"{count(args.setup, args.code, compiled_bytecode_env(env, cache)) / 1e6:.1f} M")
    return 0


if __name__ == "__main__":
    sys.exit(main())
