"""The strict CSV reader (the table import): the encodings a Vietnamese office produces, streamed.

Encodings: UTF-8 with or without a BOM ("CSV UTF-8"), UTF-16 with a BOM (Excel's "Unicode text",
tab-separated) and Windows-1258 (Excel's "CSV" on a Vietnamese Windows). Text in the legacy
TCVN3 (ABC) or VNI font encodings decodes as *something* in any 8-bit code page, so it is
recognised by the letters it yields (Ö, «, ä… where Vietnamese has ệ, ô, ậ) and refused with advice
rather than imported as gibberish; bytes that no supported encoding reads are refused too.

Limits while streaming: the file's size, each line's length (read with a bounded readline, so a
45 MB line is never held), each cell's length (the csv module's own field limit stops a quoted
field spanning many lines), data beyond the last readable column, and rows holding data: beyond
the limit the rest is only counted, so the message says how many.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path

from desktop.i18n import N_, Message, PluralMessage
from desktop.i18n.formatting import Formatted

from .sheetcells import Sheet, SheetLimits, column_letters
from .sheetzip import MB, SheetCancelled, SheetError

MAX_LINE_CHARS = 2_000_000
SAMPLE_BYTES = 64 * 1024
_VIETNAMESE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"}
_USUAL_SYMBOLS = set("\u00a0–—‘’‚“”„…•€£¥°±²³µ·×÷§©®™«»¼½¾¹ªº¢¤¦¨¬¯´¸¿¡")
_LEGACY_SYMBOLS = set("ª«¬®¯¸µ¶·¹º»¼½¾¿¨©")  # where TCVN3 keeps its toned vowels


def _is_vietnamese_letter(char: str) -> bool:
    if char in "đĐ":
        return True
    decomposed = unicodedata.normalize("NFD", char)
    return decomposed[0].isascii() and decomposed[0].isalpha() and set(decomposed[1:]) <= _VIETNAMESE_MARKS


def looks_legacy(text: str) -> bool:
    """True when the letters look like TCVN3 or VNI text seen through a Unicode or 8-bit code page."""
    odd = usual = 0
    for char in unicodedata.normalize("NFC", text):
        if char.isascii():
            continue
        if _is_vietnamese_letter(char) or (char in _USUAL_SYMBOLS and char not in _LEGACY_SYMBOLS):
            usual += 1
        else:
            odd += 1
    return odd >= 3 and odd * 4 > odd + usual


def detect_encoding(sample: bytes, file: str) -> str:
    """The codec to read the file with, from its first bytes; refuses what it cannot read."""
    if sample.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif b"\x00" in sample:
        raise _unreadable(file)  # UTF-16 or -32 without a BOM, or not text at all
    else:
        try:
            codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = "cp1258"
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
    except UnicodeDecodeError:
        raise _unreadable(file) from None
    if looks_legacy(text):
        raise SheetError(Message(
            N_("The file {file} seems to be written in an old Vietnamese font encoding (TCVN3/ABC or VNI), which "
               "CT20 cannot read reliably. Convert it to Unicode (for example with Unikey's converter) and save it "
               "as “CSV UTF-8”."), file=file))
    return encoding


def _unreadable(file: str) -> SheetError:
    return SheetError(Message(
        N_("The file {file} is not text in an encoding CT20 can read (UTF-8, UTF-16 or Windows-1258). In Excel, "
           "save it as “CSV UTF-8”."), file=file))


def guess_delimiter(text: str) -> str:
    sample = text[:16384]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        counts = {sep: first.count(sep) for sep in (";", "\t", ",")}
        best = max(counts, key=lambda sep: counts[sep])
        return best if counts[best] else ","


def read_csv(path: str | Path, file: str = "", *, limits: SheetLimits | None = None,
             progress: Callable[[float], None] | None = None,
             cancelled: Callable[[], bool] | None = None) -> Sheet:
    """The rows of a CSV file that hold data (cells as text), with their record numbers."""
    limits = limits or SheetLimits()
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > limits.max_file_bytes:
            raise SheetError(Message(N_("The file {file} is larger than {limit} MB."),
                                     file=file, limit=limits.max_file_bytes // MB))
        raw = path.open("rb")
    except OSError as exc:
        raise SheetError(Message(N_("Cannot read the file {file}: {reason}"),
                                 file=file, reason=exc.strerror or str(exc))) from None
    with raw:
        sample = raw.read(SAMPLE_BYTES)
        encoding = detect_encoding(sample, file)
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
        lines = _Lines(text, raw, size, file, progress, cancelled)
        try:
            delimiter = guess_delimiter(sample.decode(encoding, "ignore"))
            return _records(csv.reader(lines, delimiter=delimiter), lines, file, limits)
        except UnicodeDecodeError:
            raise SheetError(Message(N_("The file {file} is not valid {encoding} text after line {line}."),
                                     file=file, encoding=_encoding_name(encoding), line=lines.number)) from None


def _encoding_name(encoding: str) -> str:
    return {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "utf-16": "UTF-16", "cp1258": "Windows-1258"}[encoding]


class _Lines:
    """The file's lines, each read with a bounded readline; progress and cancel on the way."""

    def __init__(self, text: io.TextIOWrapper, raw: io.BufferedReader, size: int, file: str,
                 progress: Callable[[float], None] | None, cancelled: Callable[[], bool] | None) -> None:
        self.text, self.raw, self.size, self.file = text, raw, max(size, 1), file
        self.progress, self.cancelled = progress, cancelled
        self.number = 0

    def __iter__(self) -> Iterator[str]:
        while True:
            line = self.text.readline(MAX_LINE_CHARS + 1)
            if not line:
                return
            self.number += 1
            if len(line) > MAX_LINE_CHARS:
                raise SheetError(Message(N_("Line {line} of {file} is longer than {max} characters."),
                                         line=self.number, file=self.file, max=MAX_LINE_CHARS))
            if self.number % 4096 == 0:
                if self.cancelled is not None and self.cancelled():
                    raise SheetCancelled
                if self.progress is not None:
                    self.progress(min(self.raw.tell() / self.size, 1.0))
            yield line


def _records(reader: Iterator[list[str]], lines: _Lines, file: str, limits: SheetLimits) -> Sheet:
    sheet = Sheet("")
    count = 0
    try:
        for record in reader:
            data = [i for i, cell in enumerate(record) if cell.strip()]
            if not data:
                continue
            count += 1
            if count > limits.max_rows:
                continue  # only counted, so that the message can say how many
            for index in data:
                if len(record[index]) > limits.max_cell_chars:
                    raise _cell_too_long(file, lines.number, limits.max_cell_chars)
            if data[-1] >= limits.max_columns:
                raise SheetError(Message(
                    N_("Line {line} of {file} has data in column {column}, beyond the {max} columns that can be read."),
                    line=lines.number, file=file, column=column_letters(data[-1]), max=limits.max_columns))
            sheet.rows.append(record[:data[-1] + 1])
            sheet.row_numbers.append(lines.number)
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise _cell_too_long(file, lines.number, limits.max_cell_chars) from None
        raise SheetError(Message(N_("The file {file} cannot be read as CSV at line {line} (an unclosed quote or a "
                                    "stray character)."), file=file, line=lines.number)) from None
    if count > limits.max_rows:
        raise SheetError(PluralMessage("The file {file} has {count} row; at most {max} can be read.",
                                       "The file {file} has {count} rows; at most {max} can be read.", count,
                                       file=file, count=Formatted(count), max=Formatted(limits.max_rows)))
    return sheet


def _cell_too_long(file: str, line: int, limit: int) -> SheetError:
    return SheetError(Message(N_("The file {file} has a cell longer than {max} characters ({cell})."),
                              file=file, max=limit, cell=Message(N_("line {line}"), line=line)))
