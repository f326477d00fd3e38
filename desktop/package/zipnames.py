"""The names a package entry may have (package.md, verification step 1), apart from the reader.

Names are plain ASCII; no absolute, drive, `..`, `.` or backslash names, no empty folder parts;
no characters Windows refuses in file names (`<>:"|?*`); no Windows reserved device names in any
part (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with or without an extension, in any case: Windows
opens the device instead of a file), no part ending in a dot or a space (Windows drops them, so
two names would become one); no duplicates, also after case-folding and Unicode normalisation.
"""

from __future__ import annotations

import re
import unicodedata

from desktop.i18n import N_, LocalizedError, Message

_DRIVE = re.compile(r"^[A-Za-z]:")
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*]')  # ':' would also name an NTFS alternate data stream
# COM¹²³ and LPT¹²³ are reserved too (Windows treats the superscript digits as 1, 2, 3)
_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|(COM|LPT)[0-9\u00b9\u00b2\u00b3])$",
                       re.IGNORECASE)  # fmt: skip


class BadName(LocalizedError):
    """An entry name that the package rules refuse; the message says why."""


def _fail(msgid: str, name: str) -> BadName:
    return BadName(Message(msgid, name=name))


def decode_name(raw: bytes) -> str:
    """The name of an entry from its raw bytes: printable ASCII only."""
    if not raw or any(byte < 0x20 or byte > 0x7E for byte in raw):
        shown = raw.decode("utf-8", "replace").encode("ascii", "backslashreplace").decode()
        raise _fail(N_("The entry name {name} is not plain ASCII"), shown)
    return raw.decode("ascii")


def is_reserved_on_windows(part: str) -> bool:
    """`CON`, `nul.txt`, `Com1.tar.gz`: a name Windows maps to a device (the stem before the
    first dot counts, trailing spaces ignored)."""
    stem = part.split(".", 1)[0].rstrip(" ")
    return bool(_RESERVED.match(stem))


def check_name(name: str) -> None:
    """Raise BadName when `name` is not allowed as an entry name."""
    parts = name.split("/")
    if (
        "\\" in name
        or name.startswith("/")
        or _DRIVE.match(name)
        or any(part in ("..", ".") for part in parts)
        or any(part == "" for part in parts[:-1])
    ):
        raise _fail(N_("The entry name {name} is not allowed (absolute path, '..' or backslash)"), name)
    if _WINDOWS_FORBIDDEN.search(name):
        raise _fail(N_("The entry name {name} contains a character that Windows does not allow in file names"),
                    name)  # fmt: skip
    if any(part.endswith((".", " ")) for part in parts if part):
        raise _fail(N_("The entry name {name} ends with a dot or a space"), name)
    if any(is_reserved_on_windows(part) for part in parts):
        raise _fail(N_("The entry name {name} is a reserved device name on Windows"), name)


def name_key(name: str) -> str:
    """Two names with the same key are the same file for some reader (case-insensitive file
    systems, Unicode normalising ones)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFC", name).casefold()).casefold()


def check_unique(names: list[str]) -> None:
    seen: set[str] = set()
    for name in names:
        key = name_key(name)
        if key in seen:
            raise _fail(N_("The package holds {name} twice"), name)
        seen.add(key)
