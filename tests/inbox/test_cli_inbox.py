"""`ct20 inbox …` and `ct20 receipt import` as cli.md promises them (JSON shapes, exit statuses)."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from desktop.cli import main
from desktop.store import Store
from tests.export.helpers import flip_byte, modify
from tests.inbox.conftest import pin_test_signers
from tests.inbox.scenario import FOREIGN, LATE, TAMPERED, Scenario
from tests.pki import TestPki


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def json(self) -> Any:
        return json.loads(self.out)


def ct20(db: Path, *args: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--db", str(db), "--lang", "en"])
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def atmt(imported: tuple[Path, Any], tmp_path: Path) -> Path:
    path = tmp_path / "atmt.sqlite3"
    shutil.copyfile(imported[0], path)
    return path


@pytest.fixture
def password_file(pki: TestPki, tmp_path: Path) -> Path:
    path = tmp_path / "mat-khau.txt"
    path.write_bytes(pki.second_signer.password + b"\n")
    return path


def test_import_prints_one_row_per_file_and_a_second_import_changes_nothing(tmp_path: Path, scenario: Scenario,
                                                                           pki: TestPki) -> None:
    db = tmp_path / "atmt.sqlite3"
    with Store.open(db) as store:
        pin_test_signers(store, pki, scenario.reporters)
    first = ct20(db, "inbox", "import", str(scenario.inbox), "--trust", str(pki.root_pem), "--json")
    assert first.code == 1, first.err  # not every package is valid: the checked thing is not OK
    rows = first.json
    assert len(rows) == 25 and {"file", "status", "inbox_id", "received"} <= set(rows[0])
    assert sorted(r["status"] for r in rows).count("valid") == 23
    assert [r["duplicate"] for r in rows].count(True) == 1
    second = ct20(db, "inbox", "import", str(scenario.inbox), "--trust", str(pki.root_pem), "--json")
    assert all(r["duplicate"] for r in second.json)
    assert [(r["file"], r["inbox_id"], r["status"]) for r in second.json] == [
        (r["file"], r["inbox_id"], r["status"]) for r in rows]
    text = ct20(db, "inbox", "import", str(scenario.duplicate))
    assert "Already in the inbox as package" in text.out and "1 file: 0 imported, 1 already in the inbox" in text.out
    missing = ct20(db, "inbox", "import", str(tmp_path / "khong-co"))
    assert missing.code == 2 and missing.err.count("\n") == 1 and "There is no file or folder" in missing.err


def test_status_is_the_board(atmt: Path, scenario: Scenario, tmp_path: Path) -> None:
    run = ct20(atmt, "inbox", "status", "--period", scenario.period, "--form", "ct20.province", "--json")
    assert run.code == 0
    rows = {row["org"]: row for row in run.json}
    assert len(rows) == 34 and {"org", "status", "submitted", "revision", "inbox_id"} <= set(next(iter(rows.values())))
    ids = scenario.province_ids()
    assert [rows[ids[i]]["status"] for i in (0, LATE, TAMPERED, FOREIGN)] == ["on_time", "late", "rejected",
                                                                              "untrusted"]
    assert rows["so-ct-an-giang"] == {**rows["so-ct-an-giang"], "status": "missing", "submitted": None,
                                      "revision": None, "inbox_id": None}
    late = ct20(atmt, "inbox", "status", "--period", scenario.period, "--form", "ct20.province", "--status", "late",
                "--json")
    assert [r["org"] for r in late.json] == [ids[LATE]]
    every = ct20(atmt, "inbox", "status", "--period", scenario.period, "--json").json
    assert {r["form"] for r in every} == {"ct20.province", "ct20.enterprise", "kh1375.unit"}
    text = ct20(atmt, "inbox", "status", "--period", scenario.period, "--form", "ct20.enterprise",
                "--xlsx", str(tmp_path / "bang.xlsx"))
    assert text.code == 0 and (tmp_path / "bang.xlsx").stat().st_size > 0
    assert "(from the corporations and companies)" in text.out and "ct20.enterprise" not in text.out  # its title
    assert "(received)" in text.out  # the proven time: the first receipt, no timestamp here


def test_list_decide_and_consolidate(atmt: Path, scenario: Scenario, tmp_path: Path) -> None:
    rejected = ct20(atmt, "inbox", "list", "--status", "invalid", "--json").json
    assert [(r["org"], r["problems"]) for r in rejected] == [
        (scenario.province_ids()[TAMPERED], ["The data file was changed after signing"])]
    untrusted = ct20(atmt, "inbox", "list", "--status", "untrusted", "--json").json[0]
    decided = ct20(atmt, "inbox", "decide", str(untrusted["inbox_id"]), "--accept", "--json")
    assert decided.json == {"inbox_id": untrusted["inbox_id"], "status": "untrusted", "decision": "accepted"}
    refused = ct20(atmt, "inbox", "decide", str(rejected[0]["inbox_id"]), "--accept")
    assert refused.code == 2 and "cannot be accepted" in refused.err
    run = ct20(atmt, "inbox", "consolidate", "--period", scenario.period, "--form", "ct20.province",
               "--out", str(tmp_path / "th"), "--json")
    assert run.code == 0 and set(run.json) == {"pdf", "xlsx", "docx"}
    assert all(Path(path).is_file() for path in run.json.values())
    unknown = ct20(atmt, "inbox", "consolidate", "--period", scenario.period, "--form", "ct20.nothing",
                   "--out", str(tmp_path / "th"))
    assert unknown.code == 2 and unknown.err.count("\n") == 1


def test_receipt_round_trip_through_the_command_line(atmt: Path, scenario: Scenario, pki: TestPki,
                                                     password_file: Path, tmp_path: Path) -> None:
    org = scenario.province_ids()[0]
    rows = ct20(atmt, "inbox", "status", "--period", scenario.period, "--form", "ct20.province", "--json").json
    inbox_id = next(r["inbox_id"] for r in rows if r["org"] == org)
    issued = ct20(atmt, "inbox", "receipt", str(inbox_id), "--decision", "correction_requested", "--message",
                  "Đề nghị bổ sung số liệu quan trắc tự động.", "--out", str(tmp_path / "ptn"),
                  "--p12", str(pki.second_signer.p12_path), "--p12-password-file", str(password_file), "--json")
    assert issued.code == 0, issued.err
    receipt = Path(issued.json["receipt"])
    assert receipt.is_file() and receipt.parent == tmp_path / "ptn"
    reporter = tmp_path / "reporter.sqlite3"
    shutil.copyfile(scenario.reporters[org], reporter)
    answered = ct20(reporter, "receipt", "import", str(receipt), "--trust", str(pki.root_pem), "--json")
    assert answered.code == 0, answered.err
    assert answered.json["report"] == scenario.report_ids[org]
    assert answered.json["decision"] == "correction_requested"
    listed = ct20(reporter, "receipt", "list", scenario.report_ids[org], "--json").json
    assert [(r["direction"], r["message"]) for r in listed] == [("received",
                                                                 "Đề nghị bổ sung số liệu quan trắc tự động.")]
    forged = tmp_path / "forged.asice"
    forged.write_bytes(modify(receipt.read_bytes(), lambda entries: [
        (n, flip_byte(c) if n == "du-lieu.json" else c) for n, c in entries]))
    bad = ct20(reporter, "receipt", "import", str(forged), "--trust", str(pki.root_pem))
    assert bad.code == 1 and bad.err.count("\n") == 1 and "is not valid" in bad.err
    nothing = ct20(atmt, "inbox", "receipt", "999", "--decision", "received", "--out", str(tmp_path),
                   "--p12", str(pki.second_signer.p12_path), "--p12-password-file", str(password_file))
    assert nothing.code == 2 and nothing.err.strip() == "There is no package 999 in the inbox."


def test_numbered_receipts_a_deputy_and_a_rejected_package_from_the_command_line(
        atmt: Path, scenario: Scenario, pki: TestPki, password_file: Path, tmp_path: Path) -> None:
    import subprocess
    import zipfile

    set_number = ct20(atmt, "inbox", "numbering", "--pattern", "{number}/ATMT-MT", "--next", "123", "--year", "2026",
                      "--json")
    assert set_number.code == 0, set_number.err
    assert (set_number.json["pattern"], set_number.json["next"]) == ("{number}/ATMT-MT", 123)
    bad = ct20(atmt, "inbox", "numbering", "--pattern", "ATMT-MT")
    assert bad.code == 2 and "{number}" in bad.err
    tampered = scenario.province_ids()[TAMPERED]
    rows = ct20(atmt, "inbox", "status", "--period", scenario.period, "--form", "ct20.province", "--json").json
    inbox_id = next(r["inbox_id"] for r in rows if r["org"] == tampered)
    signing = ("--out", str(tmp_path / "ptn"), "--p12", str(pki.second_signer.p12_path), "--p12-password-file",
               str(password_file), "--json")
    issued = ct20(atmt, "inbox", "receipt", str(inbox_id), "--decision", "rejected", "--message", "Gói bị hỏng.",
                  "--deputy", "--signatory-name", "Lê Văn Phó", *signing)
    assert issued.code == 0, issued.err
    seq = issued.json["number"].split("/")[0]
    assert issued.json["number"].endswith("/ATMT-MT") and issued.json["decision"] == "rejected"
    with zipfile.ZipFile(issued.json["receipt"]) as archive:
        pdf = next(archive.read(n) for n in archive.namelist() if n.endswith(".pdf"))
    text = " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
                    .stdout.decode().split())
    assert f"Số: {seq}/ATMT-MT" in text and "KT. CỤC TRƯỞNG" in text and "Không chấp nhận gói báo cáo" in text
    valid = next(r["inbox_id"] for r in rows if r["org"] == scenario.province_ids()[0])
    refused = ct20(atmt, "inbox", "receipt", str(valid), "--decision", "rejected", *signing)
    assert refused.code == 2 and "was not rejected" in refused.err
    decided = ct20(atmt, "inbox", "decide", str(valid), "--reject", "--reason", "Gửi nhầm kỳ", "--name", "Nguyễn Thị Lan")
    assert decided.code == 0, decided.err
    with Store.open(atmt) as store:
        entry = store.inbox_audit_log(inbox_id=valid)[0]
    assert entry["details"]["reason"] == "Gửi nhầm kỳ" and entry["details"]["by"]["name"] == "Nguyễn Thị Lan"
    assert ct20(atmt, "inbox", "receipt", str(valid), "--decision", "rejected", *signing).code == 0
    correction = next(r["inbox_id"] for r in rows if r["org"] == scenario.province_ids()[1])
    assert ct20(atmt, "inbox", "receipt", str(correction), "--decision", "correction_requested", "--message",
                "Bổ sung bảng 2.", *signing).code == 0
    marked = ct20(atmt, "inbox", "status", "--period", scenario.period, "--form", "ct20.province", "--status",
                  "correction_requested", "--json").json
    assert [r["org"] for r in marked] == [scenario.province_ids()[1]]
    assert marked[0]["correction"]["message"] == "Bổ sung bảng 2."
    listed = ct20(atmt, "inbox", "numbering", "--json").json
    assert len(listed["given"]) == 3


def test_status_shows_every_state_and_name_whole_in_vietnamese(atmt: Path, scenario: Scenario) -> None:
    """The real command, in its own process, in Vietnamese: no state text (“chưa xác thực được chữ ký,
    chờ quyết định”) and no organisation's name is cut; the columns stay aligned."""
    import os
    import subprocess
    import sys

    from desktop.i18n import gettext_in
    from desktop.inbox.board import STATE_TEXTS

    root = Path(__file__).resolve().parents[2]

    def command(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "desktop", "inbox", "status", "--period", scenario.period,
                               *args, "--db", str(atmt)], cwd=root, env={**os.environ, "PYTHONPATH": str(root)},
                              capture_output=True, text=True, timeout=120)

    states = {key: gettext_in("vi", text) for key, text in STATE_TEXTS.items()}
    assert len(states["untrusted"]) > 28  # the text that was cut
    seen = set()
    for form in ("ct20.province", "ct20.enterprise"):
        run = command("--form", form, "--lang", "vi")
        assert run.returncode == 0, run.stderr
        lines = run.stdout.splitlines()
        rows = json.loads(command("--form", form, "--lang", "vi", "--json").stdout)
        starts = set()
        for row in rows:
            line = next((line for line in lines if line.startswith(f"  {row['org_name']} ")), None)
            assert line is not None, row["org_name"]  # the whole name
            assert f" {states[row['status']]} " in line, (row["status"], line)  # the whole state
            starts.add(line.index(f" {states[row['status']]} ", len(row["org_name"]) + 1))
            seen.add(row["status"])
        assert len(starts) == 1, starts  # the state column is aligned
    assert {"untrusted", "rejected", "missing", "on_time", "late"} <= seen
