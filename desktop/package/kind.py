"""Which kind of CT20 package a file is (a report package or a receipt), before anything is imported."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.i18n import _, current_language
from desktop.package.smallfile import read_at_most
from desktop.package.zipsafe import MAX_FILE_SIZE, MB

SUBMISSION, RECEIPT = "ct20.submission", "ct20.receipt"


class NotAPackage(Exception):
    """The file is not a package CT20 can open; `text` says why, in the user's language."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def package_kind(path: str | Path) -> str:
    """SUBMISSION or RECEIPT, from the package's data file, after the container-safety checks of
    read_package (the signatures are checked by the import itself). Raises NotAPackage."""
    from desktop.package.asic import read_package  # loads pyHanko: not when the window starts

    path = Path(path)
    name = path.name
    try:
        with path.open("rb") as handle:
            data = read_at_most(handle, MAX_FILE_SIZE)
    except OSError as exc:
        raise NotAPackage(_("Cannot read {file}: {error}").format(file=str(path), error=exc.strerror or str(exc))) \
            from None
    if data is None:
        raise NotAPackage(_("{file} is larger than {limit} MB, too large for a CT20 package.").format(
            file=name, limit=MAX_FILE_SIZE // MB))
    try:
        package = read_package(data)
        content = json.loads(package.data_json.decode("utf-8"))
    except Exception as exc:  # damaged, not a zip, not an ASiC-E container, unreadable data file
        reason = exc.render(current_language()) if hasattr(exc, "render") else str(exc)
        raise NotAPackage(_("{file} is not a CT20 package that can be opened: {reason}").format(
            file=name, reason=reason)) from None
    kind = content.get("format") if isinstance(content, dict) else None
    if kind not in (SUBMISSION, RECEIPT):
        raise NotAPackage(_("{file} is neither a report package nor a receipt made with CT20.").format(file=name))
    return str(kind)
