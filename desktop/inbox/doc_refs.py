"""Documents named in free text, by their number and symbol ("số, ký hiệu"), counted once each.

Several reporters cite the same circular of the Ministry, and the same reporter cites it again
the next year: summing the counts they give counts it many times. Here every reference such as
"02/2022/TT-BCT", "1375/QĐ-TTg" or "215/SCT-KTATMT" is found in the texts, normalised (leading
zeros, letter case, spaces around the slashes), and kept once with everyone who cited it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# number / [year /] symbol of at least two parts joined by "-" (QĐ-TTg, TT-BCT, KH-UBND, SCT-KTATMT)
_PART = r"[^\W_]+"
REFERENCE = re.compile(rf"(?<![\w/])(\d{{1,6}})\s*/\s*(?:(\d{{4}})\s*/\s*)?({_PART}(?:-{_PART})+)(?![\w-])")


@dataclass
class Document:
    key: str  # normalised: "2/2022/TT-BCT"
    text: str  # as first written: "02/2022/TT-BCT"
    cited_by: list[str] = field(default_factory=list)  # reporters, in the order first seen


def _key(number: str, year: str | None, symbol: str) -> str:
    return f"{int(number)}/{year + '/' if year else ''}{symbol.upper()}"


def references(text: str) -> list[tuple[str, str]]:
    """(key, text as written) of every document reference in `text`, in order, each once."""
    found: dict[str, str] = {}
    for match in REFERENCE.finditer(text or ""):
        number, year, symbol = match.groups()
        if not any(c.isalpha() for c in symbol.split("-", 1)[0]):
            continue  # "12/2023/15-20" is not a document
        written = f"{number}/{year + '/' if year else ''}{symbol}"
        found.setdefault(_key(number, year, symbol), written)
    return list(found.items())


class DocumentList:
    """The documents the reporters cite, each once."""

    def __init__(self) -> None:
        self._documents: dict[str, Document] = {}
        self.by_reporter: dict[str, set[str]] = {}

    def add(self, reporter: str, texts: Iterable[str]) -> None:
        mine = self.by_reporter.setdefault(reporter, set())
        for text in texts:
            for key, written in references(text):
                document = self._documents.setdefault(key, Document(key, written))
                if reporter not in document.cited_by:
                    document.cited_by.append(reporter)
                mine.add(key)

    @property
    def documents(self) -> list[Document]:
        return list(self._documents.values())

    def __len__(self) -> int:
        return len(self._documents)

    def citations(self) -> int:
        """How many times the reporters cite documents altogether (what a sum would count)."""
        return sum(len(d.cited_by) for d in self._documents.values())
