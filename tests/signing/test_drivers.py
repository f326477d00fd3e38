"""Token drivers: the modules registered by installed crypto providers (Windows registry pairs),
p11-kit module files, and only files present are offered."""

from __future__ import annotations

from pathlib import Path

from desktop.signing import drivers
from desktop.signing.drivers import Driver, known_drivers, parse_p11kit_module, registered_module_candidates

SYSTEM32 = "C:\\Windows\\System32\\"


def test_registered_providers_become_module_candidates() -> None:
    pairs = [
        ("Microsoft Enhanced RSA and AES Cryptographic Provider", "%SystemRoot%\\system32\\rsaenh.dll"),
        ("Microsoft Smart Card Key Storage Provider", "scksp.dll"),
        ("ePass2003 CSP v1.0", "eps2003csp11_s.dll"),  # EnterSafe: CSP X_s.dll, PKCS#11 module X.dll
        ("VNPT-CA v2 CSP", "%SystemRoot%\\System32\\vnptca_p11_v10.dll"),
        ("Bit4id Universal Middleware Provider", "C:\\Program Files\\Bit4id\\bit4xpki.dll"),
        ("Broken", ""),
        ("Not a library", "C:\\tools\\provider.exe"),
    ]
    assert registered_module_candidates(pairs, SYSTEM32) == [
        ("ePass2003 CSP v1.0", "C:\\Windows\\System32\\eps2003csp11.dll"),
        ("ePass2003 CSP v1.0", "C:\\Windows\\System32\\eps2003csp11_s.dll"),
        ("VNPT-CA v2 CSP", "C:\\Windows\\System32\\vnptca_p11_v10.dll"),
        ("Bit4id Universal Middleware Provider", "C:\\Program Files\\Bit4id\\bit4xpki.dll"),
    ]


def test_p11kit_module_files_name_token_modules() -> None:
    assert parse_p11kit_module("# OpenSC\nmodule: opensc-pkcs11.so\ncritical: no\n") == "opensc-pkcs11.so"
    assert parse_p11kit_module("module: /usr/lib/x86_64-linux-gnu/pkcs11/p11-kit-trust.so\n") is None
    assert parse_p11kit_module("remote: |ssh host p11-kit remote\n") is None


def test_p11kit_modules_read_from_folders(tmp_path: Path) -> None:
    (tmp_path / "softhsm2.module").write_text("module: /usr/lib/softhsm/libsofthsm2.so\n", encoding="utf-8")
    (tmp_path / "p11-kit-trust.module").write_text("module: p11-kit-trust.so\n", encoding="utf-8")
    assert drivers.p11kit_modules([str(tmp_path)]) == [("softhsm2", "/usr/lib/softhsm/libsofthsm2.so")]


def test_the_vendor_list_holds_the_names_vendors_ship() -> None:
    names = {path.rsplit("\\", 1)[-1] for _, path in drivers.WINDOWS_DRIVERS}
    assert {"bit4xpki.dll", "vnptca_p11_v10.dll", "viettel-ca_v6.dll", "CA2_csp11.dll",
            "misaca_csp11_v2.dll"} <= names
    assert "fptca_csp11.dll" not in names  # a guess no vendor ships


def test_only_present_files_are_offered_once(tmp_path: Path) -> None:
    present = tmp_path / "bit4xpki.dll"
    present.write_bytes(b"MZ")
    candidates = (("VGCA", str(present)), ("VGCA again", str(present)), ("VNPT-CA", str(tmp_path / "no.dll")))
    assert known_drivers(candidates) == [Driver("VGCA", str(present))]
