"""CT20_IMPORT_LOG (packaging/entry.py): each run of the program appends the modules it imported,
which `packaging/smoke.py --imports` gathers from the frozen runs; without it nothing is written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENTRY = ROOT / "packaging" / "entry.py"


def _run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(ENTRY), "--version"], capture_output=True, text=True,
                          encoding="utf-8", timeout=120, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env})


def test_each_run_appends_the_modules_it_imported(tmp_path):
    log = tmp_path / "Mô-đun" / "imported.txt"
    log.parent.mkdir()
    first = _run({"CT20_IMPORT_LOG": str(log)})
    assert first.returncode == 0, first.stderr
    names = log.read_text(encoding="utf-8").splitlines()
    assert "desktop.cli" in names and "sys" in names
    assert names == sorted(names) and len(names) == len(set(names))
    _run({"CT20_IMPORT_LOG": str(log)})
    assert len(log.read_text(encoding="utf-8").splitlines()) > len(names)  # appended, not replaced


def test_without_the_variable_nothing_is_written(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "CT20_IMPORT_LOG"}
    proc = subprocess.run([sys.executable, str(ENTRY), "--version"], capture_output=True, text=True,
                          encoding="utf-8", timeout=120, cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_log_never_breaks_the_program(tmp_path):
    proc = _run({"CT20_IMPORT_LOG": str(tmp_path / "no such folder" / "imported.txt")})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("ct20 ")
