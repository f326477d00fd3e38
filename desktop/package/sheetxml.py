"""The XML layer of the spreadsheet reader: expat fed piece by piece, no DOCTYPE, bounded runs.

`parse(chunks, handler, …)` feeds expat as the pieces come out of the ZIP. A document type
declaration is refused at its first byte (so no entity can be declared, let alone expanded), and
a run of more than `max_run` bytes without a "<" — a giant tag, attribute or text — is refused
before expat buffers it. Handlers raise `SheetError` themselves when a limit is passed while
streaming; `Stop` ends a parse early on purpose (the caller then counts what is left).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Protocol
from xml.parsers import expat

from desktop.i18n import N_, Message

from .sheetzip import MB, SheetError

MAX_RUN = 1 * MB  # far above the longest legal cell (32,767 characters, escaped)
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")


class Stop(Exception):
    """A handler has seen enough; the parse ends here."""


class Handler(Protocol):
    def start(self, name: str, attrs: dict[str, str]) -> None: ...
    def end(self, name: str) -> None: ...
    def text(self, data: str) -> None: ...


def local(name: str) -> str:
    """"x:c" → "c": names are compared without their prefix (namespace processing is off: it costs
    a third of the time, and transitional and strict OOXML name their elements alike)."""
    return name.rpartition(":")[2]


def attr(attrs: dict[str, str], name: str) -> str | None:
    """An attribute by local name, whatever its prefix ("r:id" → "id")."""
    if name in attrs:
        return attrs[name]
    for key, value in attrs.items():
        if key.endswith(":" + name):
            return value
    return None


def _refuse_doctype(file: str, part: str) -> Any:
    def refuse(*_args: Any) -> None:
        raise SheetError(Message(N_("The file {file} declares a document type in {part}; a spreadsheet "
                                    "never does (it is how entity bombs are built), so it is refused."),
                                 file=file, part=part))
    return refuse


def parse(chunks: Iterator[bytes], handler: Handler, file: str, part: str, *,
          max_run: int = MAX_RUN) -> Iterator[bytes] | None:
    """Feed `chunks` to `handler`. Returns None at the end, or the unparsed rest after a `Stop`
    (the current piece from where parsing stopped, then the pieces not yet read)."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = 64 * 1024
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse_doctype(file, part)
    parser.EntityDeclHandler = _refuse_doctype(file, part)
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.text
    gap = 0  # bytes since the last "<"
    fed = 0
    for chunk in chunks:
        first = chunk.find(b"<")
        if (gap + (first if first >= 0 else len(chunk))) > max_run:
            raise SheetError(Message(N_("The file {file} holds a piece of text or markup longer than {limit} MB "
                                        "in {part}; it is not a spreadsheet that can be imported."),
                                     file=file, part=part, limit=max_run // MB))
        gap = len(chunk) - chunk.rfind(b"<") - 1 if first >= 0 else gap + len(chunk)
        try:
            parser.Parse(chunk, False)
        except Stop:
            at = max(0, parser.CurrentByteIndex - fed)
            return _rest(chunk[at:], chunks)
        except expat.ExpatError as exc:
            raise SheetError(Message(N_("The file {file} is damaged: its part {part} is not well-formed XML "
                                        "(line {line})."), file=file, part=part, line=exc.lineno)) from None
        fed += len(chunk)
    try:
        parser.Parse(b"", True)
    except Stop:
        return iter(())
    except expat.ExpatError as exc:
        raise SheetError(Message(N_("The file {file} is damaged: its part {part} is not well-formed XML "
                                    "(line {line})."), file=file, part=part, line=exc.lineno)) from None
    return None


def _rest(current: bytes, chunks: Iterator[bytes]) -> Iterator[bytes]:
    yield current
    yield from chunks


def count_rows(chunks: Iterator[bytes]) -> int:
    """How many <row> elements the bytes hold, without parsing them (for "N rows; at most M")."""
    count = 0
    tail = b""
    for chunk in chunks:
        text = tail + chunk
        count += len(_ROW.findall(text))
        last = text.rfind(b"<")
        suffix = text[last:] if last >= 0 else b""
        tail = suffix if len(suffix) < 24 and not _ROW.match(suffix) else b""
    return count
