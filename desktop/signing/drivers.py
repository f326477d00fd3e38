"""Token drivers (PKCS#11 libraries) this computer has, and the tokens plugged into one. Qt-free.

Vietnamese certificate authorities hand out tokens whose vendor installs a PKCS#11 DLL, mostly
into System32. Two sources are offered, only for files present on disk (the user can always pick
another file):
- WINDOWS_DRIVERS: the file names the vendors' installers are known to put there (each name below
  is one that vendor software in public use loads: VNPT-CA `vnptca_p11_v10.dll`/`_v8`, Viettel-CA
  `viettel-ca_v6.dll`/`_v5`, Nacencomm CA2 `CA2_csp11.dll`, MISA-CA `misaca_csp11_v2.dll`,
  BkavCA `BkavCA.dll`/`BkavCAv2S.dll`, FPT-CA `fptca_v4.dll`, Bit4id `bit4xpki.dll` (the newer
  Government CA tokens), Feitian ePass2003 `eps2003csp11.dll`/`eps2003csp1164.dll`, Shuttle,
  SafeNet eToken, OpenSC). Guessed names that no vendor ships were removed.
- modules that installed crypto providers register (Windows only): a token's CSP or KSP is
  registered under HKLM with the DLL that implements it; EnterSafe-style drivers register
  `X_s.dll` as the CSP and ship the PKCS#11 module as `X.dll` beside it, others register the
  PKCS#11 DLL itself. `registered_module_candidates` turns the registry's (provider, image)
  pairs into module paths; `windows_registered_providers` reads them (guarded by sys.platform).
On Linux, p11-kit's module files (`module: PATH`) name the installed modules.
"""

from __future__ import annotations

import ntpath
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop.i18n import N_, LocalizedError, Message

# %SystemRoot% is C:\Windows on almost every PC, but not all: installs on another drive exist.
_SYSTEM32 = ntpath.join(os.environ.get("SYSTEMROOT", "C:\\Windows"), "System32") + "\\"

WINDOWS_DRIVERS: tuple[tuple[str, str], ...] = (
    ("Ban Cơ yếu Chính phủ (VGCA, Bit4id)", _SYSTEM32 + "bit4xpki.dll"),
    ("VNPT-CA", _SYSTEM32 + "vnptca_p11_v10.dll"),
    ("VNPT-CA", _SYSTEM32 + "vnptca_p11_v8.dll"),
    ("Viettel-CA", _SYSTEM32 + "viettel-ca_v6.dll"),
    ("Viettel-CA", _SYSTEM32 + "viettel-ca_v5.dll"),
    ("CA2 (Nacencomm)", _SYSTEM32 + "CA2_csp11.dll"),
    ("MISA-CA", _SYSTEM32 + "misaca_csp11_v2.dll"),
    ("BkavCA", _SYSTEM32 + "BkavCA.dll"),
    ("BkavCA", _SYSTEM32 + "BkavCAv2S.dll"),
    ("FPT-CA", _SYSTEM32 + "fptca_v4.dll"),
    ("ePass2003", _SYSTEM32 + "eps2003csp11.dll"),
    ("ePass2003 64-bit", _SYSTEM32 + "eps2003csp1164.dll"),
    ("Shuttle", _SYSTEM32 + "ShuttleCsp11_3003.dll"),
    ("SafeNet eToken", _SYSTEM32 + "eTPKCS11.dll"),
    ("OpenSC", ntpath.join(os.environ.get("PROGRAMFILES", "C:\\Program Files"),
                           "OpenSC Project", "OpenSC", "pkcs11", "opensc-pkcs11.dll")),
)
POSIX_DRIVERS: tuple[tuple[str, str], ...] = (
    ("SoftHSM2", "/usr/lib/softhsm/libsofthsm2.so"),
    ("SoftHSM2", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
    ("OpenSC", "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so"),
    ("OpenSC", "/usr/lib/opensc-pkcs11.so"),
)
P11KIT_MODULE_DIRS = ("/usr/share/p11-kit/modules", "/etc/pkcs11/modules")
P11KIT_LIBRARY_DIRS = ("/usr/lib/x86_64-linux-gnu/pkcs11", "/usr/lib64/pkcs11", "/usr/lib/pkcs11")
# Providers of the operating system, never a token's PKCS#11 module.
_SYSTEM_PROVIDERS = ("Microsoft", "Windows")
_NOT_TOKENS = ("p11-kit-trust", "p11-kit-client")


@dataclass(frozen=True)
class Driver:
    name: str  # the vendor or product, as people know it
    path: str


def registered_module_candidates(
    providers: Iterable[tuple[str, str]], system32: str = _SYSTEM32
) -> list[tuple[str, str]]:
    """(name, module path) candidates from (provider name, registered DLL) pairs, in order.

    Relative DLL names are in System32, %SystemRoot% is expanded; the operating system's own
    providers are skipped; for a DLL named `X_s.dll` the module `X.dll` beside it comes first."""
    found: list[tuple[str, str]] = []
    root = ntpath.dirname(system32.rstrip("\\/"))
    for provider, image in providers:
        provider, image = provider.strip(), image.strip().strip('"')
        if not image or provider.startswith(_SYSTEM_PROVIDERS):
            continue
        for variable in ("%SystemRoot%", "%windir%"):
            if image.lower().startswith(variable.lower()):
                image = root + image[len(variable):]
        if not ntpath.isabs(image):
            image = ntpath.join(system32, image)
        folder, file = ntpath.split(image)
        stem, extension = ntpath.splitext(file)
        if extension.lower() != ".dll":
            continue
        if stem.lower().endswith("_s"):
            found.append((provider, ntpath.join(folder, stem[:-2] + extension)))
        found.append((provider, image))
    return found


def windows_registered_providers() -> Iterator[tuple[str, str]]:
    """(provider name, DLL) of every CSP and KSP registered on this Windows computer."""
    if sys.platform != "win32":
        return
    import winreg

    def subkeys(key: object) -> Iterator[str]:
        index = 0
        while True:
            try:
                yield winreg.EnumKey(key, index)  # type: ignore[arg-type]
            except OSError:
                return
            index += 1

    def value(path: str, name: str) -> str | None:
        try:
            with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, path) as key:
                found, _ = winreg.QueryValueEx(key, name)
                return str(found)
        except OSError:
            return None

    csp = r"SOFTWARE\Microsoft\Cryptography\Defaults\Provider"
    ksp = r"SYSTEM\CurrentControlSet\Control\Cryptography\Providers"
    try:
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, csp) as key:
            for provider in list(subkeys(key)):
                image = value(csp + "\\" + provider, "Image Path")
                if image:
                    yield provider, image
        with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, ksp) as key:
            for provider in list(subkeys(key)):
                try:
                    with winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, f"{ksp}\\{provider}\\UM") as um:
                        for entry in list(subkeys(um)):
                            image = value(f"{ksp}\\{provider}\\UM\\{entry}", "Image")
                            if image:
                                yield provider, image
                except OSError:
                    continue
    except OSError:
        return


def parse_p11kit_module(text: str) -> str | None:
    """The `module:` path of a p11-kit module file, or None (also for modules that hold no token)."""
    for line in text.splitlines():
        key, _, found = line.partition(":")
        if key.strip() == "module" and found.strip():
            path = found.strip()
            return None if any(name in path for name in _NOT_TOKENS) else path
    return None


def p11kit_modules(
    folders: Iterable[str] = P11KIT_MODULE_DIRS, libraries: Iterable[str] = P11KIT_LIBRARY_DIRS
) -> list[tuple[str, str]]:
    """(name, path) of the modules p11-kit's files register; a bare file name is looked up in
    p11-kit's module folders."""
    found = []
    for folder in folders:
        for file in sorted(Path(folder).glob("*.module")):
            try:
                path = parse_p11kit_module(file.read_text(encoding="utf-8", errors="replace"))
            except OSError:
                continue
            if path and not os.path.isabs(path):
                path = next((str(Path(d) / path) for d in libraries if (Path(d) / path).is_file()), path)
            if path:
                found.append((file.stem, path))
    return found


def _candidates() -> tuple[tuple[str, str], ...]:
    if sys.platform == "win32":
        return (*WINDOWS_DRIVERS, *registered_module_candidates(windows_registered_providers()))
    return (*POSIX_DRIVERS, *p11kit_modules())


def known_drivers(candidates: tuple[tuple[str, str], ...] | None = None) -> list[Driver]:
    """The drivers of the usual vendors, and those installed providers register, that exist on
    this computer, in the order listed."""
    if candidates is None:
        candidates = _candidates()
    found, seen = [], set()
    for name, path in candidates:
        real = os.path.realpath(path).lower()  # one driver behind several links is offered once
        if real not in seen and Path(path).is_file():
            seen.add(real)
            found.append(Driver(name, path))
    return found


def token_labels(library: str) -> list[str]:
    """Labels of the tokens plugged in, through the driver at `library` (slow: call off the UI thread).

    The driver is loaded once per process by the signing code, which keeps it for the signing
    that follows: loading a PKCS#11 module twice fails.
    """
    from pkcs11 import exceptions as p11_errors

    from desktop.signing.signers import _load_library  # the one loader of PKCS#11 modules

    lib = _load_library(library)
    try:
        labels = [slot.get_token().label.strip() for slot in lib.get_slots(token_present=True)]
    except p11_errors.PKCS11Error as exc:
        raise LocalizedError(
            Message(N_("The token driver cannot list the tokens: {error}"), error=type(exc).__name__)
        ) from None
    return sorted({label for label in labels if label})
