"""What every e-mail draft carrying a package shares (the report's and the receipt's).

A draft is an .eml with `X-Unsent: 1` that Outlook and Thunderbird open ready to send; its subject
is folded so that readers keep every space of a Vietnamese subject.
"""

from __future__ import annotations

from email.header import Header
from email.policy import EmailPolicy

from desktop.i18n import N_, Message, PluralMessage
from desktop.i18n.formatting import Formatted, format_number

MAIL_LANGUAGE = "vi"
PACKAGE_TYPE = ("application", "vnd.etsi.asic-e+zip")


class _DraftPolicy(EmailPolicy):
    """The SMTP policy, except that a non-ASCII Subject is folded by `email.header.Header`.

    Python 3.11's folder can split "Thủ tướng" over two encoded words with the space between them
    outside both, and readers rightly drop such a space (RFC 2047, 6.2): "Thủtướng".
    """

    def fold_binary(self, name, value):  # type: ignore[no-untyped-def]
        text = str(value)
        if name.lower() == "subject" and not text.isascii():
            encoded = Header(text, "utf-8", header_name=name).encode(linesep=self.linesep)
            return f"{name}: {encoded}{self.linesep}".encode("ascii")
        return super().fold_binary(name, value)


DRAFT_POLICY = _DraftPolicy(linesep="\r\n")


def size_text(size: int, lang: str) -> str:
    """1536 → "1,5 KB" (vi); sizes as people read them (1 MB = 1024 × 1024 bytes)."""
    if size < 1024:
        return PluralMessage("{size} byte", "{size} bytes", size, size=Formatted(size)).render(lang)
    if size < 1024 * 1024:
        return Message(N_("{size} KB"), size=format_number(size / 1024, lang, decimals=1)).render(lang)
    return Message(N_("{size} MB"), size=format_number(size / (1024 * 1024), lang, decimals=1)).render(lang)
