"""The hostile package corpus (tests/data/hostile, made by make_corpus.py): every file gets the
result and the first reason that expected.json states for it, in plain words in both languages,
quickly, and without an exception.

Judged as the Inbox judges a package: at the moment it was first received (RECEIVED, a proof of
existence, fixed inside the test certificates' validity so the corpus keeps verifying after they
expire), against the corpus roots, with the corpus CRL given, and the signer's organisation
checked (package.md, step 7)."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from desktop.package.authorization import authorized
from desktop.package.datacheck import data_file_check
from desktop.package.revocation import read_crl_files
from desktop.package.roots import make_trust
from desktop.package.verify import verify_package
from desktop.package.zipsafe import MAX_FILE_SIZE
from desktop.signing.signers import VN_TZ

CORPUS = Path(__file__).resolve().parents[1] / "data" / "hostile"
EXPECTED: dict[str, dict] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
ROOT = (CORPUS / "pki" / "root.cert.pem").read_bytes()
TRUSTED = [(CORPUS / "pki" / f"{name}.cert.pem").read_bytes() for name in ("root", "sha1-root")]  # as make_corpus
CRL = CORPUS / "pki" / "issuing-ca.crl.pem"
RECEIVED = dt.datetime(2025, 11, 11, 8, 0, 0, tzinfo=VN_TZ)  # make_corpus.RECEIVED_AT
TRUST = make_trust(TRUSTED, crls=read_crl_files([CRL]))
# issue 10, items 3-6: each class is in the corpus
TRUST_CLASSES = {"forged-timestamp", "expired-signer-backdated", "revoked-signer", "server-auth-signer",
                 "timestamping-signer", "sha1-chain-not-g1", "other-org-signer"}
CONTROLS = {"valid", "valid-timestamped", "valid-client-email-signer"}
SECONDS = 2.0  # far above what any case takes; a parser that loops or inflates a bomb would not be


def test_the_corpus_is_complete() -> None:
    files = {path.name for path in CORPUS.glob("*.asice")}
    committed = {name for name, case in EXPECTED.items() if not case.get("made_at_test_time")}
    assert files == committed, "run tests/data/hostile/make_corpus.py and commit what it writes"
    assert len(EXPECTED) >= 30
    assert {case["status"] for case in EXPECTED.values()} == {"valid", "untrusted", "invalid"}


def test_the_script_makes_the_committed_corpus_again(tmp_path: Path) -> None:
    """The corpus is what make_corpus.py makes from today's exporter, byte for byte, and every
    case it makes is judged as written down (the script's own exit status)."""
    import os
    import subprocess
    import sys

    script = CORPUS / "make_corpus.py"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, str(script), str(tmp_path)], capture_output=True, text=True,
                          env=env, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    made = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    committed = {path.name: path.read_bytes() for path in CORPUS.iterdir() if path.is_file()
                 and (path.suffix == ".asice" or path.name == "expected.json")}
    assert sorted(made) == sorted(committed)
    stale = sorted(name for name in made if made[name] != committed[name])
    assert not stale, f"run tests/data/hostile/make_corpus.py and commit what it writes: {stale[:10]}"


def check(package: bytes | Path, name: str) -> None:
    case = EXPECTED[name]
    started = time.perf_counter()
    result = authorized(verify_package(package, trust=TRUST, schema_check=data_file_check(), proven_time=RECEIVED),
                        set())
    elapsed = time.perf_counter() - started
    if case.get("time"):
        assert ("proven" if result.timestamped else "claimed") == case["time"], (result.proven_at, result.signed_at)
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


def test_every_trust_class_is_in_the_corpus_and_refused_in_words() -> None:
    for name in TRUST_CLASSES:
        case = EXPECTED[name + ".asice"]
        assert case["problem"] and case["why"], name  # refused, or its time refused, with a stated reason
    assert {EXPECTED[n + ".asice"]["status"] for n in CONTROLS} == {"valid"}
    assert all(EXPECTED[n + ".asice"]["problem"] is None for n in CONTROLS)


def test_a_forged_timestamp_leaves_the_time_claimed_and_a_genuine_one_proves_it() -> None:
    forged = verify_package(CORPUS / "forged-timestamp.asice", trust=TRUST, proven_time=RECEIVED)
    assert forged.proven_at is None and forged.signed_at is not None and forged.level == "B-B"
    genuine = verify_package(CORPUS / "valid-timestamped.asice", trust=TRUST, proven_time=RECEIVED)
    assert genuine.proven_at is not None and genuine.level == "B-T"
    assert genuine.proven_at < RECEIVED and genuine.proven_at != genuine.signed_at


def test_the_revoked_signer_counts_only_without_its_crl() -> None:
    """The CRL is what refuses it: without revocation data the result says so and holds."""
    unknown = verify_package(CORPUS / "revoked-signer.asice", trust=make_trust(TRUSTED), proven_time=RECEIVED)
    assert unknown.status == "valid" and [n.msgid for n in unknown.notes] == [
        "No revocation information (CRL or OCSP) was available for the signer's certificate: "
        "whether it was revoked could not be checked"]
