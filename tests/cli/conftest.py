from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.cli import main


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def json(self):
        return json.loads(self.out)


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def ct20(db, capsys, monkeypatch):
    """Run `ct20 ...` in-process against a fresh store; returns code, stdout, stderr."""
    monkeypatch.delenv("CT20_DB", raising=False)

    def run(*args: str, use_db: bool = True) -> Run:
        argv = [*args, "--db", str(db)] if use_db else list(args)
        code = main(argv)
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


@pytest.fixture
def ct20_process(db):
    """Run the installed entry point as a real process (`python -m desktop`)."""

    def run(*args: str) -> Run:
        env = {**os.environ, "CT20_DB": str(db)}
        env.pop("QT_QPA_PLATFORM", None)
        proc = subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True,
                              env=env, timeout=60, encoding="utf-8")
        return Run(proc.returncode, proc.stdout, proc.stderr)

    return run


def write_json(path: Path, data) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path
