"""Who signs a receipt and under which number: the officer's own settings.

- `Signatory`: the name and title under the signature; a deputy signs "KT. CỤC TRƯỞNG / PHÓ CỤC
  TRƯỞNG" (Decree 30/2020/NĐ-CP, ký thay). Kept per officer in the local settings.
- the receipt number: the Inbox's register (`store.take_receipt_number`), shared by the team;
  `configure_numbering` checks what the officer types and says what is wrong in plain words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from desktop.i18n import N_, LocalizedError, Message
from desktop.store.receipt_numbers import NUMBER_FIELD, ReceiptNumbering, ReceiptNumberTakenError, check_pattern

SETTING = "inbox.receipt_signatory"
HEAD_TITLE = "Cục trưởng"
DEPUTY_TITLE = "Phó Cục trưởng"


class NumberingError(LocalizedError):
    pass


@dataclass(frozen=True)
class Signatory:
    name: str = ""
    title: str = ""
    deputy: bool = False  # signs for the head: "KT. CỤC TRƯỞNG"

    def document(self) -> dict[str, str]:
        """The signature block's keys of the PDF layout (desktop.document.pdf_layout.signer_lines)."""
        title = self.title.strip() or (DEPUTY_TITLE if self.deputy else HEAD_TITLE)
        return {"authority": "kt" if self.deputy else "none", "head_title": HEAD_TITLE if self.deputy else "",
                "signer_title": title, "signer_name": self.name.strip()}

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name.strip(), "title": self.title.strip(), "deputy": bool(self.deputy)}


def saved_signatory(store: Any) -> Signatory:  # type: ignore[no-untyped-def]
    """The officer's saved signatory, else the name and title of the store's profile."""
    saved = store.get_setting(SETTING)
    if isinstance(saved, dict):
        return Signatory(str(saved.get("name") or ""), str(saved.get("title") or ""), bool(saved.get("deputy")))
    profile = store.get_profile()
    return Signatory(str(profile.get("signer_name") or ""), str(profile.get("signer_title") or ""), False)


def save_signatory(store: Any, signatory: Signatory) -> None:  # type: ignore[no-untyped-def]
    if store.get_setting(SETTING) != signatory.as_dict():
        store.set_setting(SETTING, signatory.as_dict())


def configure_numbering(store: Any, pattern: str, year: int, next_number: int,  # type: ignore[no-untyped-def]
                        by: dict[str, str] | None = None) -> ReceiptNumbering:
    """Set the numbering of receipts; NumberingError in plain words when it cannot be."""
    try:
        check_pattern(pattern)
    except ValueError:
        raise NumberingError(Message(N_("The number pattern must hold {field} once (where the number goes), e.g. "
                                        "{example}."), field=NUMBER_FIELD, example="{number}/ATMT-MT")) from None
    if next_number < 1:
        raise NumberingError(Message(N_("The next number must be 1 or more.")))
    try:
        return store.set_receipt_numbering(pattern=pattern, year=year, next_number=next_number, by=by)
    except ReceiptNumberTakenError as exc:
        raise NumberingError(exc.message) from None
