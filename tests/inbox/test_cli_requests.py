"""`ct20 inbox request add|list|show|export|status`, `ct20 request show` and `ct20 report new --request`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.inbox.test_cli_inbox import ct20
from tests.pki import TestPki


@pytest.fixture
def password_file(tmp_path: Path, pki: TestPki) -> Path:
    path = tmp_path / "pw.txt"
    path.write_bytes(pki.signer.password)
    return path


def test_a_request_goes_from_the_inbox_to_a_report_through_the_command_line(tmp_path: Path, pki: TestPki,
                                                                            password_file: Path) -> None:
    atmt, reporter = tmp_path / "atmt.sqlite3", tmp_path / "reporter.sqlite3"
    today = dt.date.today()
    asked, due = (today - dt.timedelta(days=2)).strftime("%d/%m/%Y"), (today + dt.timedelta(days=9)).isoformat()
    added = ct20(atmt, "inbox", "request", "add", "--number", "45/ATMT-MT", "--date", asked, "--requester",
                 "Bộ Công Thương", "--content", "Báo cáo nhanh về sự cố môi trường", "--to",
                 "so-ct-ninh-binh,so-ct-ha-noi", "--to", "habeco", "--deadline", due, "--json")
    assert added.code == 0, added.err
    request_id = added.json["id"]
    assert request_id == f"yc-{(today - dt.timedelta(days=2)).isoformat()}-45-atmt-mt"
    assert added.json["addressees"] == ["so-ct-ninh-binh", "so-ct-ha-noi", "habeco"]
    again = ct20(atmt, "inbox", "request", "add", "--number", "45/ATMT-MT", "--date", asked, "--requester", "X",
                 "--content", "Y", "--to", "habeco", "--deadline", due)
    assert again.code == 2 and "already a request" in again.err and again.err.count("\n") == 1
    bad = ct20(atmt, "inbox", "request", "add", "--number", "1", "--date", "2024-05-01", "--requester", "X",
               "--content", "Y", "--to", "habeco", "--deadline", "2024-06-01")
    assert bad.code == 2 and "before the plan" in bad.err
    listed = ct20(atmt, "inbox", "request", "list", "--json")
    assert [r["id"] for r in listed.json] == [request_id]
    shown = ct20(atmt, "inbox", "request", "show", request_id)
    assert shown.code == 0 and "45/ATMT-MT" in shown.out and "habeco" in shown.out
    assert ct20(atmt, "inbox", "request", "show", "yc-none").code == 2
    exported = ct20(atmt, "inbox", "request", "export", request_id, "--out", str(tmp_path / "sent"), "--eml",
                    "--p12", str(pki.signer.p12_path), "--p12-password-file", str(password_file), "--json")
    assert exported.code == 0, exported.err
    file, eml = Path(exported.json["file"]), Path(exported.json["eml"])
    assert file.name == f"YC-{request_id}.asice" and eml.is_file()
    status = ct20(atmt, "inbox", "request", "status", request_id, "--json")
    assert {(r["form"], r["org"], r["status"]) for r in status.json} == {
        ("ct20.province", "so-ct-ninh-binh", "missing"), ("ct20.province", "so-ct-ha-noi", "missing"),
        ("ct20.enterprise", "habeco", "missing")}

    checked = ct20(reporter, "request", "show", str(eml), "--trust", str(pki.root_pem), "--json")
    assert checked.code == 0 and checked.json["id"] == request_id and checked.json["status"] == "valid"
    damaged = tmp_path / "damaged.asice"
    damaged.write_bytes(file.read_bytes()[:-10])
    assert ct20(reporter, "request", "show", str(damaged)).code == 1
    made = ct20(reporter, "report", "new", "--form", "ct20.province", "--org", "so-ct-ninh-binh", "--request",
                str(file), "--trust", str(pki.root_pem), "--json")
    assert made.code == 0, made.err
    shown = ct20(reporter, "report", "show", made.json["id"], "--json")
    assert shown.code == 0 and shown.json["document"]["data_to"] == (today - dt.timedelta(days=3)).isoformat()
    refused = ct20(reporter, "report", "new", "--form", "ct20.province", "--org", "so-ct-hai-phong", "--request",
                   str(file), "--trust", str(pki.root_pem))
    assert refused.code == 2 and "not addressed" in refused.err
    both = ct20(reporter, "report", "new", "--form", "ct20.province", "--org", "so-ct-ha-noi", "--request",
                str(file), "--period", "2025")
    assert both.code == 2
    early = ct20(reporter, "report", "new", "--form", "ct20.province", "--org", "so-ct-ha-noi", "--period", "2024")
    assert early.code == 2 and "before the plan" in early.err
    listed = json.loads(ct20(reporter, "report", "list", "--json").out)
    assert [r["period"] for r in listed] == [f"adhoc-{(today - dt.timedelta(days=2)).isoformat()}"]


def test_a_typed_request_with_its_requester(tmp_path: Path) -> None:
    reporter = tmp_path / "reporter.sqlite3"
    made = ct20(reporter, "report", "new", "--form", "ct20.province", "--org", "so-ct-ninh-binh", "--period",
                "adhoc-2026-03-15", "--reference", "12/UBND-KT", "--deadline", "2026-03-30", "--requester",
                "Ủy ban nhân dân tỉnh Ninh Bình", "--json")
    assert made.code == 0, made.err
    from desktop.reporting.meta import read_meta
    from desktop.store import Store

    with Store.open(reporter) as store:
        assert read_meta(store, made.json["id"]).request == {
            "number": "12/UBND-KT", "date": "2026-03-15", "requester": "Ủy ban nhân dân tỉnh Ninh Bình",
            "deadline": "2026-03-30"}
    alone = ct20(reporter, "report", "new", "--form", "ct20.province", "--org", "so-ct-ha-noi", "--period", "2026",
                 "--requester", "X")
    assert alone.code == 2 and "--requester" in alone.err
