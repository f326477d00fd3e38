"""`ct20 verify --crl/--no-builtin-roots`, `ct20 trust list|disable|enable`, `ct20 trust crl add|list`,
`ct20 inbox import --crl` (cli.md), on real packages of the test PKI."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.package.roots import builtin_certificates
from tests.package.helpers import add_timestamp, exported, stamper
from tests.pki import TestPki

G1_ROOT = "f7bc89054cec7f12730d7b8cd3eb7955b163835087e5eb873edfb584763b3f90"


@pytest.fixture(scope="module")
def revoked_package(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return exported(pki.revoked_signer, tmp_path_factory.mktemp("revoked"))


@pytest.fixture(scope="module")
def honest_package(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = exported(pki.signer, tmp_path_factory.mktemp("honest"))
    path.write_bytes(add_timestamp(path.read_bytes(), stamper(pki.tsa)))
    return path


def test_verify_with_a_crl_file_refuses_a_revoked_certificate(ct20, pki: TestPki, revoked_package: Path) -> None:
    plain = ct20("--lang", "en", "verify", str(revoked_package), "--trust", str(pki.root_pem), "--json")
    assert plain.code == 0 and plain.json[0]["status"] == "valid"
    assert plain.json[0]["notes"] and "revocation" in plain.json[0]["notes"][0]
    run = ct20("--lang", "en", "verify", str(revoked_package), "--trust", str(pki.root_pem),
               "--crl", str(pki.crl_pem), "--json")
    assert run.code == 1
    (row,) = run.json
    assert row["status"] == "invalid" and "revoked" in row["problems"][0]


def test_a_kept_crl_is_used_by_verify_and_listed(ct20, pki: TestPki, revoked_package: Path) -> None:
    added = ct20("--lang", "en", "trust", "crl", "add", str(pki.crl_pem), "--json")
    assert added.code == 0
    (crl,) = added.json
    assert "CT20 Test Issuing CA" in crl["issuer"] and crl["revoked"] == 1 and crl["next_update"]
    again = ct20("--lang", "en", "trust", "crl", "add", str(pki.crl_pem))
    assert again.code == 0 and "Already kept" in again.err
    assert len(ct20("trust", "crl", "list", "--json").json) == 1
    run = ct20("--lang", "en", "verify", str(revoked_package), "--trust", str(pki.root_pem), "--json")
    assert run.code == 1 and run.json[0]["status"] == "invalid"


def test_a_file_that_is_not_a_crl_is_an_input_error(ct20, pki: TestPki, revoked_package: Path) -> None:
    run = ct20("--lang", "en", "trust", "crl", "add", str(pki.root_pem))
    assert run.code == 2 and "not a certificate revocation list" in run.err and "Traceback" not in run.err
    run = ct20("--lang", "en", "verify", str(revoked_package), "--crl", str(pki.root_pem))
    assert run.code == 2 and "not a certificate revocation list" in run.err


def test_verify_json_says_claimed_and_proven_times_and_the_level(ct20, pki: TestPki, honest_package: Path) -> None:
    run = ct20("--lang", "en", "verify", str(honest_package), "--trust", str(pki.root_pem), "--json")
    assert run.code == 0, run.out
    (row,) = run.json
    assert row["timestamped"] is True and row["level"] == "B-T"
    assert row["signed_at"] and row["proven_at"]
    text = ct20("--lang", "en", "verify", str(honest_package), "--trust", str(pki.root_pem))
    assert "proven by a trusted timestamp" in text.out and "B-T" in text.out


def test_trust_list_shows_the_builtin_roots_which_can_be_switched_off(ct20, db: Path) -> None:
    rows = ct20("trust", "list", "--json").json
    builtin = {row["id"]: row for row in rows if row["builtin"] and row["kind"] == "root"}
    assert len(builtin) == 4 and all(row["enabled"] for row in builtin.values())
    assert {row["kind"] for row in rows} == {"root", "intermediate"}
    off = ct20("--lang", "en", "trust", "disable", G1_ROOT[:12], "--json")
    assert off.code == 0
    assert {row["id"]: row["enabled"] for row in off.json}[G1_ROOT] is False
    assert {row["id"]: row["enabled"] for row in ct20("trust", "list", "--json").json}[G1_ROOT] is False
    from desktop.package.roots import trusted_roots
    from desktop.store import Store

    with Store.open(db) as store:
        assert G1_ROOT not in {_fp(cert) for cert in trusted_roots(store)}
        assert len(trusted_roots(store)) == 3
    on = ct20("trust", "enable", G1_ROOT, "--json")
    assert {row["id"]: row["enabled"] for row in on.json}[G1_ROOT] is True
    unknown = ct20("--lang", "en", "trust", "disable", "0000000000")
    assert unknown.code == 2 and "no built-in root" in unknown.err


def test_trust_list_shows_under_which_root_each_intermediate_validates(ct20) -> None:
    """Each bundled intermediate is validated by a built-in root as every signature is (the G1 one
    with its SHA-1 allowance); a root switched off leaves its intermediates without one."""
    def under() -> dict[str, str | None]:
        return {row["subject"].split(",")[0]: row["validated_by"]
                for row in ct20("trust", "list", "--json").json if row["kind"] == "intermediate"}

    g1_root = "CN=Co quan chung thuc so chuyen dung Chinh phu (RootCA),O=Ban Co yeu Chinh phu,C=VN"
    g2_root = "CN=RootCA chuyên dùng Chính phủ G2,O=Ban Cơ yếu Chính phủ,C=VN"
    assert under() == {
        "CN=Co quan chung thuc so Chinh phu": g1_root,
        "CN=CA phục vụ các cơ quan Nhà nước G2": g2_root,
        "CN=CA phục vụ các cơ quan Đảng G2": g2_root,
        "C=VN": "CN=Vietnam National Root CA,OU=National Centre of Digital Signature Authentication,"
                "O=Ministry of Information and Communications,C=VN",
    }
    (g2,) = [item for item in builtin_certificates() if item.file == "vgca-rootca-g2.crt"]
    assert ct20("trust", "disable", g2.id, "--json").code == 0
    now = under()
    assert now["CN=CA phục vụ các cơ quan Nhà nước G2"] is None and now["CN=CA phục vụ các cơ quan Đảng G2"] is None
    assert now["CN=Co quan chung thuc so Chinh phu"] == g1_root
    text = ct20("--lang", "en", "trust", "list").out
    assert "built-in intermediate, no trusted root validates it" in text
    assert "built-in intermediate, under Co quan chung thuc so chuyen dung Chinh phu (RootCA)" in text


def _fp(cert) -> str:  # type: ignore[no-untyped-def]
    import hashlib

    from cryptography.hazmat.primitives.serialization import Encoding

    return hashlib.sha256(cert.public_bytes(Encoding.DER)).hexdigest()


def test_no_builtin_roots_leaves_only_what_is_given(ct20, pki: TestPki, honest_package: Path) -> None:
    from desktop.package.roots import trust_context

    assert len(trust_context(None).roots) == len([i for i in builtin_certificates() if i.is_root])
    assert trust_context(None, builtin=False).roots == ()
    run = ct20("verify", str(honest_package), "--no-builtin-roots", "--json")
    assert run.json[0]["status"] == "untrusted"
    run = ct20("verify", str(honest_package), "--no-builtin-roots", "--trust", str(pki.root_pem), "--json")
    assert run.json[0]["status"] == "valid"


def test_inbox_import_takes_crl_files(ct20, pki: TestPki, revoked_package: Path) -> None:
    ct20("trust", "add", str(pki.root_pem))
    run = ct20("inbox", "import", str(revoked_package), "--crl", str(pki.crl_pem), "--json")
    (row,) = run.json
    assert row["status"] == "invalid", row
