"""The hostile package corpus (tests/data/hostile, made by make_corpus.py): every file gets the
result and the first reason that expected.json states for it, in plain words in both languages,
quickly, and without an exception."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from desktop.package.datacheck import data_file_check
from desktop.package.verify import verify_package
from desktop.package.zipsafe import MAX_FILE_SIZE

CORPUS = Path(__file__).resolve().parents[1] / "data" / "hostile"
EXPECTED: dict[str, dict] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
ROOT = (CORPUS / "pki" / "root.cert.pem").read_bytes()
SECONDS = 2.0  # far above what any case takes; a parser that loops or inflates a bomb would not be


def test_the_corpus_is_complete() -> None:
    files = {path.name for path in CORPUS.glob("*.asice")}
    committed = {name for name, case in EXPECTED.items() if not case.get("made_at_test_time")}
    assert files == committed, "run tests/data/hostile/make_corpus.py and commit what it writes"
    assert len(EXPECTED) >= 30
    assert {case["status"] for case in EXPECTED.values()} == {"valid", "untrusted", "invalid"}


def check(package: bytes | Path, name: str) -> None:
    case = EXPECTED[name]
    started = time.perf_counter()
    result = verify_package(package, trust_roots=[ROOT], schema_check=data_file_check())
    elapsed = time.perf_counter() - started
    shown = [problem.render("en") for problem in result.problems]
    assert result.status == case["status"], shown
    assert elapsed < SECONDS, f"{name} took {elapsed:.2f} s"
    if case["problem"] is None:
        assert result.problems == []
        return
    first = result.problems[0]
    assert first.msgid == case["problem"], shown
    assert case["says"] in first.render("en"), shown
    vietnamese = first.render("vi")
    assert vietnamese.strip() and vietnamese != first.render("en"), "the reason has no Vietnamese"


@pytest.mark.parametrize("name", sorted(n for n, c in EXPECTED.items() if not c.get("made_at_test_time")))
def test_each_hostile_package_gets_its_stated_result(name: str) -> None:
    check((CORPUS / name).read_bytes(), name)


def test_a_package_over_50_mb_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "oversized.asice"
    with path.open("wb") as out:  # sparse: no 50 MB written to the disk
        out.truncate(MAX_FILE_SIZE + 1)
    check(path, "oversized.asice")
