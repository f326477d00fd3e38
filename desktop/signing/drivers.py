"""Token drivers (PKCS#11 libraries) this computer has, and the tokens plugged into one. Qt-free.

Vietnamese certificate authorities hand out tokens whose vendor installs a PKCS#11 DLL into
System32. The list below holds the usual places; only those present on disk are offered, and the
user can always pick another file. Several names (BkavCA, FPT-CA) are the best known ones and
should be confirmed on a machine with that vendor's software: a wrong guess only means the
driver is not pre-listed.
"""

from __future__ import annotations

import ntpath
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from desktop.i18n import N_, LocalizedError, Message

# %SystemRoot% is C:\Windows on almost every PC, but not all: installs on another drive exist.
_SYSTEM32 = ntpath.join(os.environ.get("SYSTEMROOT", "C:\\Windows"), "System32") + "\\"

WINDOWS_DRIVERS: tuple[tuple[str, str], ...] = (
    ("ePass2003 (VNPT-CA, Viettel-CA)", _SYSTEM32 + "eps2003csp11.dll"),
    ("ePass2003 64-bit", _SYSTEM32 + "eps2003csp1164.dll"),
    ("VNPT-CA", _SYSTEM32 + "vnptca_p11_v8.dll"),
    ("Shuttle (Viettel-CA, CA2)", _SYSTEM32 + "ShuttleCsp11_3003.dll"),
    ("Viettel-CA", _SYSTEM32 + "viettel-ca_v5.dll"),
    ("BkavCA", _SYSTEM32 + "BkavCA.dll"),
    ("BkavCA", _SYSTEM32 + "BkavCAv2S.dll"),
    ("FPT-CA", _SYSTEM32 + "fptca_csp11.dll"),
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


@dataclass(frozen=True)
class Driver:
    name: str  # the vendor or product, as people know it
    path: str


def known_drivers(candidates: tuple[tuple[str, str], ...] | None = None) -> list[Driver]:
    """The drivers of the usual vendors that exist on this computer, in the order listed."""
    if candidates is None:
        candidates = WINDOWS_DRIVERS if sys.platform == "win32" else POSIX_DRIVERS
    found, seen = [], set()
    for name, path in candidates:
        if path.lower() not in seen and Path(path).is_file():
            seen.add(path.lower())
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
