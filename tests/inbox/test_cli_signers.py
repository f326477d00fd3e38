"""`ct20 signers list|pin|unpin` (cli.md) and step 7 in `ct20 verify` and `ct20 inbox import`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization

from desktop.signing.signers import VN_TZ, OpenedSigner, open_p12
from desktop.store import Store
from tests.inbox.helpers import signed_package
from tests.inbox.test_cli_inbox import ct20
from tests.pki import TestPki, issue_signer

PIN_KEYS = {"id", "org", "subject", "fingerprint", "since", "by", "reason"}


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory, pki: TestPki) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli-signers")
    today = dt.datetime.now(VN_TZ).date()
    period, deadline = f"adhoc-{today.isoformat()}", (today + dt.timedelta(days=3)).isoformat()
    moment = dt.datetime.now(VN_TZ).replace(microsecond=0) - dt.timedelta(hours=1)
    ninh_binh: OpenedSigner = open_p12(pki.signer.p12_path, pki.signer.password)
    hai_phong = issue_signer(pki, folder, "hai-phong", "Vũ Văn Hải", "Sở Công Thương thành phố Hải Phòng")
    return {
        "for-ha-noi": signed_package(ninh_binh, folder / "a", "so-ct-ha-noi", period, signed_at=moment,
                                     deadline=deadline),
        "for-hue": signed_package(ninh_binh, folder / "b", "so-ct-hue", period, signed_at=moment, deadline=deadline),
        "own": signed_package(open_p12(hai_phong.p12_path, hai_phong.password), folder / "c", "so-ct-hai-phong",
                              period, signed_at=moment, deadline=deadline),
    }


def test_verify_holds_a_package_signed_for_another_organisation(tmp_path: Path, pki: TestPki,
                                                                packages: dict[str, Path]) -> None:
    db = tmp_path / "atmt.sqlite3"
    run = ct20(db, "verify", str(packages["for-ha-noi"]), str(packages["own"]), "--trust", str(pki.root_pem), "--json")
    assert run.code == 1
    held, own = run.json
    assert held["status"] == "untrusted" and own["status"] == "valid" and own["problems"] == []
    assert held["problems"] == ["The signer does not belong to the reporting organisation: the certificate names "
                                "“Phòng Kỹ thuật an toàn - Môi trường, Sở Công Thương tỉnh Ninh Bình”, the report is "
                                "for “Sở Công Thương thành phố Hà Nội”."]
    vi = ct20(db, "verify", str(packages["for-ha-noi"]), "--trust", str(pki.root_pem), "--lang", "vi")
    assert "Người ký không thuộc đơn vị báo cáo" in vi.out or "người ký không thuộc đơn vị báo cáo" in vi.out.lower()


def test_pin_list_and_unpin_from_the_command_line(tmp_path: Path, pki: TestPki, packages: dict[str, Path]) -> None:
    db = tmp_path / "atmt.sqlite3"
    empty = ct20(db, "signers", "list", "--json")
    assert empty.code == 0 and empty.json == []
    imported = ct20(db, "inbox", "import", str(packages["for-ha-noi"]), str(packages["for-hue"]),
                    "--trust", str(pki.root_pem), "--json")
    assert [r["status"] for r in imported.json] == ["untrusted", "untrusted"] and imported.code == 1
    assert all(r["received"] for r in imported.json)
    held = ct20(db, "inbox", "list", "--status", "untrusted", "--json").json
    assert [r["held"] for r in held] == [True, True]

    by_id = ct20(db, "signers", "pin", str(imported.json[0]["inbox_id"]), "--org", "so-ct-ha-noi",
                 "--reason", "Sở Hà Nội cử ông An (Công văn 12/SCT)", "--json")
    assert by_id.code == 0, by_id.err
    (pin,) = by_id.json
    assert set(pin) >= PIN_KEYS and pin["org"] == "so-ct-ha-noi" and pin["reason"] == "Sở Hà Nội cử ông An (Công văn 12/SCT)"
    assert pin["fingerprint"] == pki.signer.cert.fingerprint(hashes.SHA256()).hex()
    assert pin["by"] and pin["since"] and "Nguyễn Văn An" in pin["subject"]
    listed = ct20(db, "inbox", "list", "--json").json
    assert [(r["status"], r["held"]) for r in listed] == [("valid", False), ("untrusted", True)]  # Hà Nội only
    period = listed[0]["period"]
    board = ct20(db, "inbox", "status", "--period", period, "--form", "ct20.province", "--lang", "vi")
    ha_noi = next(line for line in board.out.splitlines() if "Hà Nội" in line)
    assert "(thời điểm nhận)" in ha_noi and "tự khai:" in ha_noi  # proven time first, the claim beside it
    rows = {r["org"]: r for r in ct20(db, "inbox", "status", "--period", period, "--form", "ct20.province",
                                      "--json").json}
    assert rows["so-ct-ha-noi"]["submitted"].endswith("+07:00") and rows["so-ct-ha-noi"]["claimed"].endswith("+07:00")
    assert dt.datetime.fromisoformat(rows["so-ct-ha-noi"]["claimed"]) < dt.datetime.fromisoformat(
        rows["so-ct-ha-noi"]["submitted"])
    assert rows["so-ct-hue"]["status"] == "untrusted" and rows["so-ct-hue"]["held"] == [listed[1]["inbox_id"]]

    cert = tmp_path / "nguoi-ky.pem"
    cert.write_bytes(pki.signer.cert.public_bytes(serialization.Encoding.PEM))
    by_file = ct20(db, "signers", "pin", str(cert), "--org", "so-ct-hue", "--reason", "Danh sách người ký 2026")
    assert by_file.code == 0 and "may now sign for so-ct-hue" in by_file.err and "no longer held" in by_file.err
    both = ct20(db, "signers", "list", "--json").json
    assert [p["org"] for p in both] == ["so-ct-ha-noi", "so-ct-hue"]
    assert [p["org"] for p in ct20(db, "signers", "list", "--org", "so-ct-hue", "--json").json] == ["so-ct-hue"]
    assert ct20(db, "verify", str(packages["for-hue"]), "--trust", str(pki.root_pem), "--json").json[0]["status"] == "valid"

    text = ct20(db, "signers", "list")
    assert "so-ct-hue" in text.out and "Danh sách người ký 2026" in text.out
    gone = ct20(db, "signers", "unpin", str(both[1]["id"]), "--json")
    assert gone.code == 0 and [p["org"] for p in gone.json] == ["so-ct-ha-noi"]
    assert ct20(db, "verify", str(packages["for-hue"]), "--trust", str(pki.root_pem), "--json").json[0]["status"] == \
        "untrusted"
    with Store.open(db) as store:
        audit = [e["action"] for e in store.audit_log()]
    assert audit.count("signer.pin") == 2 and audit.count("signer.unpin") == 1


def test_signers_errors_are_one_clear_sentence(tmp_path: Path, pki: TestPki, packages: dict[str, Path]) -> None:
    db = tmp_path / "atmt.sqlite3"
    ct20(db, "inbox", "import", str(packages["for-ha-noi"]), "--trust", str(pki.root_pem))
    unknown = ct20(db, "signers", "unpin", "42")
    assert unknown.code == 2 and unknown.err.strip() == "There is no pinned signer 42."
    no_org = ct20(db, "signers", "pin", "1", "--org", "so-ct-khong-co", "--reason", "x")
    assert no_org.code == 2 and no_org.err.strip() == "There is no organisation so-ct-khong-co."
    blank = ct20(db, "signers", "pin", "1", "--org", "so-ct-ha-noi", "--reason", "   ")
    assert blank.code == 2 and blank.err.strip() == "Give the reason for accepting this signer."
    neither = ct20(db, "signers", "pin", "khong-phai-tep", "--org", "so-ct-ha-noi", "--reason", "x")
    assert neither.code == 2 and "neither a certificate file nor an inbox id" in neither.err
    missing = ct20(db, "signers", "pin", "99", "--org", "so-ct-ha-noi", "--reason", "x")
    assert missing.code == 2 and missing.err.strip() == "There is no package 99 in the inbox."
    not_a_cert = tmp_path / "rac.pem"
    not_a_cert.write_text("rác")
    bad = ct20(db, "signers", "pin", str(not_a_cert), "--org", "so-ct-ha-noi", "--reason", "x")
    assert bad.code == 2 and bad.err.count("\n") == 1
    assert ct20(db, "signers", "list", "--json").json == []
