"""The hostile corpus through the real command line (`ct20 verify --json`, a process of its own)
and through the Inbox import: every ZIP-slack and two-readings case is `invalid` with its stated
reason, exit code 1 and no traceback; the honest package stays `valid`. The whole corpus also
goes through one `ct20 verify` process, so no case makes the command crash."""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.inbox.importer import Importer
from desktop.signing.signers import open_p12, open_pkcs11
from desktop.store import Store
from tests.hostile.test_corpus import RECEIVED
from tests.package.helpers import exported_by
from tests.pki import TestPki
from tests.softhsm import SoftHsm

CORPUS = Path(__file__).resolve().parents[1] / "data" / "hostile"
EXPECTED: dict[str, dict] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
ROOT = CORPUS / "pki" / "root.cert.pem"
GROUPS = ("zip-slack", "pdf-two-readings")
ONE_BY_ONE = sorted(name for name, case in EXPECTED.items() if case.get("group") in GROUPS)
COMMITTED = sorted(name for name, case in EXPECTED.items() if not case.get("made_at_test_time"))


def test_every_class_of_slack_is_in_the_corpus() -> None:
    expected_classes = {
        "zip64-hidden-directory", "hidden-entry-in-gap", "forged-pdf-after-mimetype", "local-header-lies-sizes",
        "data-descriptor", "bytes-after-deflate", "unicode-path-extra", "encrypted-flag-stored", "name-con",
        "name-nul-txt", "prepended-data", "appended-data", "comment", "pdf-two-data-files-name-tree",
        "pdf-byterange-negative", "pdf-byterange-overlapping", "pdf-byterange-not-from-zero",
        "pdf-byterange-short-of-the-end", "pdf-byterange-not-integers", "pdf-byterange-gap-wider-than-contents",
    }  # fmt: skip
    assert {name + ".asice" for name in expected_classes} <= set(ONE_BY_ONE)


def shape(msgid: str) -> re.Pattern[str]:
    """The English text of a message id, whatever its placeholders hold."""
    parts = re.split(r"\{[a-z_]+\}", msgid)
    return re.compile(".+".join(re.escape(part) for part in parts), re.DOTALL)


def ct20(*args: str, db: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CT20_DB": str(db)}
    env.pop("QT_QPA_PLATFORM", None)
    return subprocess.run([sys.executable, "-m", "desktop", *args], capture_output=True, text=True, env=env,
                          timeout=300, encoding="utf-8")  # fmt: skip


def check_row(row: dict, name: str) -> None:
    case = EXPECTED[name]
    assert row["status"] == case["status"], (name, row["problems"])
    if case["problem"] is None:
        assert row["problems"] == []
        return
    first = row["problems"][0]
    assert shape(case["problem"]).fullmatch(first), (name, first)
    assert case["says"] in first


@pytest.mark.parametrize("name", ["valid.asice", *ONE_BY_ONE])
def test_ct20_verify_refuses_each_case_in_words(name: str, tmp_path: Path) -> None:
    run = ct20("verify", "--json", "--lang", "en", "--trust", str(ROOT), str(CORPUS / name),
               db=tmp_path / "none.sqlite3")  # fmt: skip
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == (0 if EXPECTED[name]["status"] == "valid" else 1), run.stderr
    rows = json.loads(run.stdout)
    assert [row["file"] for row in rows] == [str(CORPUS / name)]
    check_row(rows[0], name)


def test_ct20_verify_answers_for_the_whole_corpus_in_one_run(tmp_path: Path) -> None:
    files = [str(CORPUS / name) for name in COMMITTED]
    run = ct20("verify", "--json", "--lang", "vi", "--trust", str(ROOT), "--trust", str(CORPUS / "pki" / "sha1-root.cert.pem"),
               "--crl", str(CORPUS / "pki" / "issuing-ca.crl.pem"), *files, db=tmp_path / "none.sqlite3")
    assert "Traceback" not in run.stderr, run.stderr
    assert run.returncode == 1
    rows = json.loads(run.stdout)
    assert [row["file"] for row in rows] == files
    for row, name in zip(rows, COMMITTED, strict=True):
        assert row["status"] == EXPECTED[name]["status"], (name, row["problems"])
        assert all(problem.strip() for problem in row["problems"])


@pytest.fixture(scope="module")
def importer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Importer]:
    with Store.open(tmp_path_factory.mktemp("inbox") / "atmt.sqlite3") as store:
        yield Importer(store, roots=[ROOT.read_bytes()])


@pytest.mark.parametrize("name", ["valid.asice", *ONE_BY_ONE])
def test_the_inbox_import_refuses_each_case_in_words(
    name: str, importer: Importer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    case = EXPECTED[name]
    item = importer.import_bytes(name, (CORPUS / name).read_bytes(), received_at=RECEIVED)  # a fixed receipt
    assert item.status == case["status"], [p.render("en") for p in item.problems]
    assert item.outcome == "imported" and item.inbox_id is not None  # kept, with its reasons
    if case["problem"] is None:
        assert list(item.problems) == []
    else:
        first = item.problems[0]
        assert first.msgid == case["problem"]
        assert case["says"] in first.render("en")
        assert first.render("vi").strip() and first.render("vi") != first.render("en")
    errors = [(r.name, r.getMessage()) for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors


def test_honest_packages_of_each_signer_kind_stay_valid(tmp_path: Path, pki: TestPki, softhsm: SoftHsm) -> None:
    """The strict reader refuses no honest package: a .p12 signer's and a token signer's, made by
    the real export of a full report (its PDF/A-3 report) with the session's test PKI, are `valid`
    for `ct20 verify` and for the Inbox."""
    with open_p12(pki.signer.p12_path, pki.signer.password) as signer:
        made = {"p12": exported_by(signer, tmp_path / "p12").read_bytes()}
    with open_pkcs11(softhsm.module, softhsm.labelled_token, softhsm.pin,
                     key_label=softhsm.signer_key_label) as token:  # fmt: skip
        made["token"] = exported_by(token, tmp_path / "token").read_bytes()
    files = []
    for kind, data in made.items():
        files.append(tmp_path / f"BC-ct20.province-so-ct-ninh-binh-2025-r1-{kind}.asice")
        files[-1].write_bytes(data)
    run = ct20("verify", "--json", "--lang", "en", "--trust", str(pki.root_pem), *map(str, files),
               db=tmp_path / "none.sqlite3")  # fmt: skip
    assert run.returncode == 0 and "Traceback" not in run.stderr, (run.stdout, run.stderr)
    assert [row["status"] for row in json.loads(run.stdout)] == ["valid", "valid"]
    with Store.open(tmp_path / "inbox.sqlite3") as store:
        importer = Importer(store, roots=[pki.root.cert])
        for kind, data in made.items():
            item = importer.import_bytes(f"{kind}.asice", data)
            assert item.status == "valid", [p.render("en") for p in item.problems]
