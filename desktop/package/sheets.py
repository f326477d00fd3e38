"""One strict reader for .xlsx workbooks from outside (the table import and `report fill`). Qt-free.

Every limit is checked while the file streams, before memory grows: the file's size; each part's
declared size before it is inflated and its real size while it is (`sheetzip`); no DOCTYPE and no
giant run of bytes in the XML (`sheetxml`); shared texts by count and length; cells by length;
rows holding data (beyond the limit the rest is only counted, so the message says how many);
data beyond the last readable column; cell elements per sheet. The declared dimension
(`<dimension ref="A1:XFD1048576"/>`) is never used to allocate anything: only cells that are
really there are kept, and empty rows are dropped.

A formula without a saved result or an error value (#VALUE!) is not dropped and not guessed: the
sheet is refused naming those cells, so nothing is silently lost.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from desktop.i18n import N_, Message

from .sheetcells import Sheet, SheetHandler, SheetLimits, StringsHandler
from .sheetxml import Stop, attr, count_rows, local, parse
from .sheetzip import MB, Part, SheetCancelled, SheetError, damaged_part, directory, not_a_workbook, stream, too_large

__all__ = ["Sheet", "SheetCancelled", "SheetError", "SheetLimits", "read_workbook"]

Progress = Callable[[float], None]


class _Budget:
    """Progress over the compressed bytes of the parts to read, and the cancel check."""

    def __init__(self, total: int, progress: Progress | None, cancelled: Callable[[], bool] | None) -> None:
        self.total, self.done = max(total, 1), 0
        self.progress, self.cancelled = progress, cancelled

    def tick(self, size: int) -> None:
        self.done += size
        if self.cancelled is not None and self.cancelled():
            raise SheetCancelled
        if self.progress is not None:
            self.progress(min(self.done / self.total, 1.0))


def read_workbook(source: bytes | str | Path, file: str = "", *, limits: SheetLimits | None = None,
                  progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> list[Sheet]:
    """Every sheet of a workbook, in the workbook's order with the active sheet first."""
    limits = limits or SheetLimits()
    data = _load(source, file, limits)
    parts = directory(data, file)
    book = _Book(data, parts, file, limits)
    return book.read(progress, cancelled)


def _load(source: bytes | str | Path, file: str, limits: SheetLimits) -> bytes:
    if isinstance(source, bytes):
        data = source
    else:
        path = Path(source)
        try:
            if path.stat().st_size > limits.max_file_bytes:
                raise SheetError(Message(N_("The file {file} is larger than {limit} MB."),
                                         file=file, limit=limits.max_file_bytes // MB))
            data = path.read_bytes()
        except OSError as exc:
            raise SheetError(Message(N_("Cannot read the file {file}: {reason}"),
                                     file=file, reason=exc.strerror or str(exc))) from None
    if len(data) > limits.max_file_bytes:
        raise SheetError(Message(N_("The file {file} is larger than {limit} MB."),
                                 file=file, limit=limits.max_file_bytes // MB))
    return data


class _Collector:
    """A handler that keeps the attributes of chosen elements (workbook, relationships, styles)."""

    def __init__(self, wanted: dict[str, int]) -> None:
        self.wanted = wanted  # local name → how many may come
        self.found: list[tuple[str, dict[str, str], str | None]] = []  # (name, attrs, parent)
        self.stack: list[str] = []
        self.overflow = ""

    def start(self, name: str, attrs: dict[str, str]) -> None:
        name = local(name)
        if name in self.wanted:
            if self.wanted[name] <= 0:
                self.overflow = name
                raise Stop
            self.wanted[name] -= 1
            self.found.append((name, attrs, self.stack[-1] if self.stack else None))
        self.stack.append(name)

    def end(self, name: str) -> None:
        self.stack.pop()

    def text(self, data: str) -> None:
        pass


class _Book:
    def __init__(self, data: bytes, parts: dict[str, Part], file: str, limits: SheetLimits) -> None:
        self.data, self.parts, self.file, self.limits = data, parts, file, limits
        self.budget = _Budget(0, None, None)

    def _chunks(self, name: str) -> Iterator[bytes]:
        return stream(self.data, self.parts[name], self.file, limit=self.limits.max_part_bytes,
                      tick=self.budget.tick)

    def _collect(self, name: str, wanted: dict[str, int]) -> list[tuple[str, dict[str, str], str | None]]:
        collector = _Collector(dict(wanted))
        if parse(self._chunks(name), collector, self.file, name) is not None:
            if "sheet" in wanted and collector.overflow == "sheet":
                raise SheetError(Message(N_("The file {file} has more than {max} sheets."),
                                         file=self.file, max=self.limits.max_sheets))
            raise damaged_part(self.file, name)  # more elements than any real workbook has
        return collector.found

    def _relationships(self, owner: str) -> dict[str, tuple[str, str]]:
        folder, _, base = owner.rpartition("/")
        rels = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if rels not in self.parts:
            return {}
        found = {}
        for _name, attrs, _parent in self._collect(rels, {"Relationship": 10_000}):
            target = attr(attrs, "Target") or ""
            if attr(attrs, "TargetMode") == "External":
                continue
            found[attr(attrs, "Id") or ""] = (attr(attrs, "Type") or "", _resolve(folder, target))
        return found

    def read(self, progress: Progress | None, cancelled: Callable[[], bool] | None) -> list[Sheet]:
        main = next((target for kind, target in self._relationships("").values()
                     if kind.endswith("/officeDocument")), "xl/workbook.xml")
        if main not in self.parts:
            raise not_a_workbook(self.file)
        found = self._collect(main, {"sheet": self.limits.max_sheets, "workbookPr": 1, "workbookView": 1})
        rels = self._relationships(main)
        sheets: list[tuple[str, str]] = []
        date1904, active = False, 0
        for name, attrs, _parent in found:
            if name == "sheet":
                target = rels.get(attr(attrs, "id") or "", ("", ""))[1]
                if target in self.parts:
                    sheets.append((attr(attrs, "name") or target, target))
            elif name == "workbookPr":
                date1904 = (attr(attrs, "date1904") or "").lower() in ("1", "true")
            else:
                active = _small_int(attr(attrs, "activeTab"))
        if not sheets:
            raise not_a_workbook(self.file)
        shared = next((t for kind, t in rels.values() if kind.endswith("/sharedStrings") and t in self.parts), None)
        styles = next((t for kind, t in rels.values() if kind.endswith("/styles") and t in self.parts), None)
        reading = [p for p in (shared, styles) if p] + [target for _, target in sheets]
        if sum(self.parts[p].size for p in reading) > self.limits.max_total_bytes:
            raise too_large(self.file, self.limits.max_total_bytes)
        self.budget = _Budget(sum(self.parts[p].compressed_size for p in reading), progress, cancelled)
        dates, percents = self._number_styles(styles) if styles else (set(), set())
        strings = self._shared_strings(shared) if shared else []
        result = []
        for title, target in sheets:
            handler = SheetHandler(title, self.file, self.limits, strings, dates, date1904, percents)
            rest = parse(self._chunks(target), handler, self.file, target)
            if rest is not None:
                handler.too_many_rows(handler.data_rows + count_rows(rest))
            handler.finish()
            result.append(handler.sheet)
        if 0 < active < len(result):
            result.insert(0, result.pop(active))
        return result

    def _number_styles(self, part: str) -> tuple[set[int], set[int]]:
        """The cell styles that show a number as a date, and those that show it as a percentage."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

        found = self._collect(part, {"numFmt": 10_000, "xf": 200_000})
        custom = {_small_int(attr(a, "numFmtId")): attr(a, "formatCode") or "" for n, a, _p in found if n == "numFmt"}
        dates, percents = set(), set()
        for index, (_name, attrs, _parent) in enumerate(a for a in found if a[0] == "xf" and a[2] == "cellXfs"):
            number = _small_int(attr(attrs, "numFmtId"))
            code = custom.get(number, BUILTIN_FORMATS.get(number, ""))
            if code and is_date_format(code):
                dates.add(index)
            elif code and is_percent_format(code):
                percents.add(index)
        return dates, percents

    def _shared_strings(self, part: str) -> list[str]:
        handler = StringsHandler(self.file, self.limits)
        if parse(self._chunks(part), handler, self.file, part) is not None:
            raise damaged_part(self.file, part)
        return handler.strings


def _resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = [p for p in folder.split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def is_percent_format(code: str) -> bool:
    """A number format that multiplies by 100 and shows "%" ("0%", "0.0%", "#,##0.00 %"); a "%"
    inside quotes or escaped is only text."""
    section = code.split(";", 1)[0]
    return "%" in _QUOTED.sub("", section)


def _small_int(text: str | None) -> int:
    return int(text) if text and text.isdigit() and len(text) < 10 else 0
