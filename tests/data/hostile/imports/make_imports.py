"""The hostile spreadsheet and CSV corpus for the table import and `report fill`, made at test time.

Nothing here is committed but this script: some cases are hundreds of megabytes once inflated.
`build(folder)` writes every case and returns {name: path}; `CASES` says what each must give:
("rows", n) — a correct import of n data rows of the clusters table — or ("refused", words) —
a clear message holding those words (English). Run it by hand to look at the files:
`python tests/data/hostile/imports/make_imports.py OUT_FOLDER`.

Every .xlsx has the layout `report show --xlsx` writes — a "values" sheet and a table sheet
"clusters.wastewater" whose headings carry the column keys — with the table sheet active, so the
same file goes through the table import (first sheet shown) and through `report fill`.
"""

from __future__ import annotations

import os
import struct
import sys
import unicodedata
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

MB = 1024 * 1024
HEADINGS = ["Tên cụm công nghiệp [name]", "Xã/phường [commune]", "Diện tích (ha) [area_ha]"]
ROWS = [["CCN Gián Khẩu", "Xã Gia Trấn", 52.5], ["CCN Đồng Hướng", "Xã Kim Đông", 75],
        ["=HYPERLINK(\"http://x\",\"bấm\")", "+Xã Gia Sinh", 40.25]]
TABLE = "clusters.wastewater"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

# -- ZIP writing (by hand, so that sizes can lie and bombs never pass through memory)

Chunks = Callable[[], Iterator[bytes]]


def _deflate(chunks: Chunks) -> tuple[bytes, int, int]:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    out, size, crc = [], 0, 0
    for chunk in chunks():
        size += len(chunk)
        crc = zlib.crc32(chunk, crc)
        out.append(packer.compress(chunk))
    out.append(packer.flush())
    return b"".join(out), size, crc


def write_zip(path: Path, parts: list[tuple[str, bytes | Chunks]], *, lie: dict[str, int] | None = None) -> Path:
    """A ZIP of deflated parts; `lie` gives a part a declared (uncompressed) size that is false."""
    body, central = bytearray(), bytearray()
    for name, content in parts:
        packed, size, crc = _deflate((lambda c=content: iter([c])) if isinstance(content, bytes) else content)
        declared = (lie or {}).get(name, size)
        raw = name.encode()
        offset = len(body)
        body += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x5B6A, crc, len(packed), declared,
                            len(raw), 0) + raw + packed
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x5B6A, crc, len(packed),
                               declared, len(raw), 0, 0, 0, 0, 0, offset) + raw
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(central), len(body), 0)
    path.write_bytes(bytes(body + central + end))
    return path


# -- XML of a workbook

def cell(ref: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def letters(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def rows_xml(rows: list[list[object]], first: int = 1) -> str:
    return "".join(f'<row r="{first + r}">' + "".join(cell(f"{letters(c)}{first + r}", v) for c, v in enumerate(row))
                   + "</row>" for r, row in enumerate(rows))


def sheet_xml(body: str, head: str = "", prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}<worksheet xmlns="{MAIN}">'
            f"{head}<sheetData>{body}</sheetData></worksheet>").encode()


VALUES_SHEET = sheet_xml(rows_xml([["key", "label", "value"], ["clusters.established", "Số cụm", 12]]))
TABLE_SHEET = sheet_xml(rows_xml([HEADINGS, *ROWS]))


def workbook(path: Path, table: bytes | Chunks = TABLE_SHEET, *, shared: bytes | Chunks | None = None,
             extra: list[tuple[str, bytes | Chunks]] = (), lie: dict[str, int] | None = None) -> Path:  # type: ignore[assignment]
    rels = (f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/worksheet" Target="worksheets/sheet2.xml"/>'
            + (f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>' if shared else "")
            + "</Relationships>")
    parts: list[tuple[str, bytes | Chunks]] = [
        ("[Content_Types].xml", b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                                b'2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'),
        ("_rels/.rels", f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" '
                        'Target="xl/workbook.xml"/></Relationships>'.encode()),
        ("xl/workbook.xml", f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><bookViews><workbookView activeTab="1"/>'
                            f'</bookViews><sheets><sheet name="values" sheetId="1" r:id="rId1"/>'
                            f'<sheet name="{TABLE}" sheetId="2" r:id="rId2"/></sheets></workbook>'.encode()),
        ("xl/_rels/workbook.xml.rels", rels.encode()),
        ("xl/worksheets/sheet1.xml", VALUES_SHEET),
        ("xl/worksheets/sheet2.xml", table),
        *extra,
    ]
    if shared is not None:
        parts.append(("xl/sharedStrings.xml", shared))
    return write_zip(path, parts, lie=lie)


def repeated(head: bytes, unit: bytes, count: int, tail: bytes) -> Chunks:
    """Chunks of head + unit × count + tail, generated lazily (1 MB at a time)."""
    def chunks() -> Iterator[bytes]:
        yield head
        per = max(1, MB // len(unit))
        left = count
        block = unit * per
        while left >= per:
            yield block
            left -= per
        yield unit * left + tail
    return chunks


def numbered_rows(count: int) -> Chunks:
    """A sheet of `count` rows of one text cell each (the first row being the heading)."""
    def chunks() -> Iterator[bytes]:
        yield sheet_xml("").split(b"<sheetData>")[0] + b"<sheetData>"
        batch = []
        for number in range(1, count + 1):
            batch.append(f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>CCN {number}</t></is></c></row>')
            if len(batch) == 20_000:
                yield "".join(batch).encode()
                batch = []
        yield ("".join(batch) + "</sheetData></worksheet>").encode()
    return chunks


SHARED = (f'<sst xmlns="{MAIN}" count="4" uniqueCount="4"><si><t>{HEADINGS[0]}</t></si>'
          '<si><r><t>CCN Gián </t></r><r><rPr><b/></rPr><t>Khẩu</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>'
          f'<si><t>=SUM(A1:A3)</t></si><si><t>{HEADINGS[2]}</t></si></sst>').encode()
SHARED_SHEET = sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>3</v></c></row>'
                         '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="C2"><v>52.5</v></c></row>'
                         '<row r="3"><c r="A3" t="s"><v>2</v></c><c r="C3"><v>1</v></c></row>')
def many_strings(count: int) -> Chunks:
    """SHARED's four texts, then distinct Vietnamese texts up to `count` in all (the reader's limit is 500,000)."""
    def chunks() -> Iterator[bytes]:
        yield SHARED.split(b"</sst>")[0]
        batch = []
        for i in range(4, count):
            batch.append(f"<si><t>{i:07d} Cụm công nghiệp Đồng Hướng ạ</t></si>")
            if len(batch) == 20_000:
                yield "".join(batch).encode()
                batch = []
        yield ("".join(batch) + "</sst>").encode()
    return chunks


BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;'
        b'&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
        b'<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
        b'<sst xmlns="' + MAIN.encode() + b'"><si><t>&lol9;</t></si></sst>')


# -- the Vietnamese office's encodings

TCVN3 = dict(zip("àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵĐ",
                 bytes.fromhex("b5b6b7b8b9a8bbbcbdbec6a9c7c8c9cacbaecccecfd0d1aad2d3d4d5d6d7d8dcdddedfe1e2e3e4abe5e6e7e8"
                               "e9aceaebecedeeeff1f2f3f4adf5f6f7f8f9fafbfcfdfea7"), strict=True))
VNI = {"ê": b"e\xe2", "ệ": b"e\xe4", "ô": b"o\xe2", "ụ": b"u\xef", "á": b"a\xf9", "ã": b"a\xf5", "ấ": b"a\xe1",
       "Đ": b"\xd1", "đ": b"\xf1", "ồ": b"o\xe0", "ớ": b"\xf4\xf9", "ư": b"\xf6", "ộ": b"o\xe4", "ả": b"a\xfb",
       "ạ": b"a\xef", "ậ": b"a\xe4", "ầ": b"a\xe0", "ơ": b"\xf4", "ẩ": b"a\xe5", "ố": b"o\xe1", "à": b"a\xf8",
       "ế": b"e\xe1", "ổ": b"o\xe5"}


def legacy(text: str, table: dict[str, bytes | int]) -> bytes:
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        code = table.get(char)
        if code is None:
            out += char.encode("ascii", "replace")
        elif isinstance(code, int):
            out.append(code)
        else:
            out += code
    return bytes(out)


def cp1258(text: str) -> bytes:
    """What Excel's "CSV" writes on a Vietnamese Windows: ê, ô, ơ, ư, ă, â, đ precomposed, tones combining."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", char)
        shape = next((m for m in marks if m in "\u0302\u0306\u031b"), None)  # â ă ơ…: precomposed in cp1258
        if shape:
            marks.remove(shape)
            base = unicodedata.normalize("NFC", base + shape)
        out += (base + "".join(marks)).encode("cp1258")
    return bytes(out)


CSV_TEXT = "Tên cụm công nghiệp;Xã/phường;Diện tích (ha)\n" + "".join(
    f"{name};{commune};{str(area).replace('.', ',')}\n" for name, commune, area in
    [["CCN Gián Khẩu", "Xã Gia Trấn", 52.5], ["CCN Đồng Hướng", "Xã Kim Đông", 75], ["CCN Xích Thổ", "Xã Gia Sinh", 40.25]])


def _csv(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _lines(path: Path, head: bytes, line: bytes, count: int) -> Path:
    with path.open("wb") as out:
        out.write(head)
        for _ in range(count // 10_000):
            out.write(line * 10_000)
        out.write(line * (count % 10_000))
    return path


# -- the cases: name → (how to build it in a folder, what it must give)

Build = Callable[[Path], Path]
CASES: dict[str, tuple[Build, tuple[str, object]]] = {
    "ok-inline.xlsx": (lambda p: workbook(p), ("rows", 3)),
    "ok-shared-strings.xlsx": (lambda p: workbook(p, SHARED_SHEET, shared=SHARED), ("rows", 2)),
    "ok-shared-strings-at-limit.xlsx": (lambda p: workbook(p, SHARED_SHEET, shared=many_strings(500_000)),
                                        ("rows", 2)),
    "too-many-shared-strings.xlsx": (lambda p: workbook(p, SHARED_SHEET, shared=many_strings(500_001)),
                                     ("refused", "more than 500000 different texts")),
    "ok-wide-dimension.xlsx": (lambda p: workbook(p, sheet_xml(
        rows_xml([HEADINGS, *ROWS]) + '<row r="1048576"><c r="XFD1048576" s="1"/></row>',
        head='<dimension ref="A1:XFD1048576"/><cols><col min="1" max="16384" width="9"/></cols>')), ("rows", 3)),
    "entity-bomb.xlsx": (lambda p: workbook(p, SHARED_SHEET, shared=BOMB), ("refused", "document type")),
    "external-entity.xlsx": (lambda p: workbook(p, sheet_xml(
        "<row><c t=\"inlineStr\"><is><t>&xxe;</t></is></c></row>",
        prolog='<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')), ("refused", "document type")),
    "zip-bomb.xlsx": (lambda p: workbook(p, SHARED_SHEET, shared=repeated(
        f'<sst xmlns="{MAIN}">'.encode(), b"<si><t>" + b"A" * 100 + b"</t></si>", 1024 * MB // 113, b"</sst>")),
        ("refused", "would unpack to more than")),
    "lying-size.xlsx": (lambda p: workbook(p, repeated(sheet_xml("").split(b"<sheetData>")[0] + b"<sheetData>",
                                                       b'<row><c t="inlineStr"><is><t>x</t></is></c></row>',
                                                       1_000_000, b"</sheetData></worksheet>"),
                                           lie={"xl/worksheets/sheet2.xml": 100_000}), ("refused", "damaged")),
    "huge-cell.xlsx": (lambda p: workbook(p, repeated(
        sheet_xml("").split(b"<sheetData>")[0] + b'<sheetData><row><c t="inlineStr"><is><t>', b"A" * 1024,
        40 * 1024, b"</t></is></c></row></sheetData></worksheet>")), ("refused", "longer than 32767 characters")),
    "huge-attribute.xlsx": (lambda p: workbook(p, repeated(
        sheet_xml("").split(b"<sheetData>")[0] + b'<sheetData><row r="1" x="', b"1" * 1024, 40 * 1024,
        b'"/></sheetData></worksheet>')), ("refused", "longer than 1 MB")),
    "long-cell.xlsx": (lambda p: workbook(p, sheet_xml(rows_xml([HEADINGS, ["B" * 40_000]]))),
                       ("refused", "longer than 32767 characters")),
    "wide-row.xlsx": (lambda p: workbook(p, repeated(sheet_xml("").split(b"<sheetData>")[0] + b"<sheetData><row>",
                                                     b"<c/>", 20_000_000, b"</row></sheetData></worksheet>")),
                      ("refused", "malformed cell or row near row 1")),
    "many-empty-cells.xlsx": (lambda p: workbook(p, repeated(sheet_xml("").split(b"<sheetData>")[0] + b"<sheetData>",
                                                             b"<row>" + b"<c/>" * 200 + b"</row>", 6_000,
                                                             b"</sheetData></worksheet>")),
                              ("refused", "more than 1000000 cells")),
    "data-far-right.xlsx": (lambda p: workbook(p, sheet_xml(rows_xml([HEADINGS]) + '<row r="2"><c r="KN2"><v>1</v>'
                                                            "</c></row>")), ("refused", "beyond the 200 columns")),
    "million-rows.xlsx": (lambda p: workbook(p, numbered_rows(1_000_000)), ("refused", "has 1,000,000 rows")),
    "malformed.xlsx": (lambda p: workbook(p, TABLE_SHEET[:-40]), ("refused", "not well-formed XML")),
    "bad-shared-index.xlsx": (lambda p: workbook(p, sheet_xml('<row r="1"><c r="A1" t="s"><v>7</v></c></row>'),
                                                 shared=SHARED), ("refused", "refers to text number 7")),
    "formula-no-value.xlsx": (lambda p: workbook(p, sheet_xml(rows_xml([HEADINGS, ["CCN A"]]) +
                                                              '<row r="3"><c r="C3"><f>SUM(C1:C2)</f></c></row>')),
                              ("refused", "C3 (“Diện tích (ha) [area_ha]”)")),
    "error-value.xlsx": (lambda p: workbook(p, sheet_xml(rows_xml([HEADINGS, ["CCN A"]]) +
                                                         '<row r="3"><c r="A3" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
                                                         "</row>")), ("refused", "#DIV/0!")),
    "not-a-zip.xlsx": (lambda p: _csv(p, os.urandom(5000)), ("refused", "not a readable Excel workbook")),
    "ok-utf8.csv": (lambda p: _csv(p, CSV_TEXT.encode()), ("rows", 3)),
    "ok-utf8-bom.csv": (lambda p: _csv(p, b"\xef\xbb\xbf" + unicodedata.normalize("NFD", CSV_TEXT).encode()),
                        ("rows", 3)),
    "ok-utf16-unicode-text.txt": (lambda p: _csv(p, CSV_TEXT.replace(";", "\t").encode("utf-16")), ("rows", 3)),
    "ok-windows-1258.csv": (lambda p: _csv(p, cp1258(CSV_TEXT)), ("rows", 3)),
    "tcvn3.csv": (lambda p: _csv(p, legacy(CSV_TEXT, TCVN3)), ("refused", "old Vietnamese font encoding")),  # type: ignore[arg-type]
    "vni.csv": (lambda p: _csv(p, legacy(CSV_TEXT, VNI)), ("refused", "old Vietnamese font encoding")),  # type: ignore[arg-type]
    "binary.csv": (lambda p: _csv(p, bytes(range(256)) * 40), ("refused", "not text in an encoding")),
    "bad-utf8-late.csv": (lambda p: _csv(p, CSV_TEXT.encode() + b"CCN;x;1\n" * 20_000 + b"CCN \xff;x;1\n"),
                          ("refused", "not valid UTF-8 text after line")),
    "huge-field.csv": (lambda p: _lines(p, b'Ten;"', b"A" * 999 + b"\n", 45 * 1024), ("refused", "longer than 32767")),
    "huge-line.csv": (lambda p: _lines(p, b"Ten;", b"A" * 1024, 45 * 1024), ("refused", "longer than 2000000")),
    "million-lines.csv": (lambda p: _lines(p, b"Ten cum;Dien tich\n", b"CCN;1\n", 999_999),
                          ("refused", "has 1,000,000 rows")),
    "wide-row.csv": (lambda p: _csv(p, ";".join(["x"] * 300).encode() + b"\n"), ("refused", "beyond the 200 columns")),
}


def build(folder: Path, names: list[str] | None = None) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {name: CASES[name][0](folder / name) for name in (names or list(CASES))}


if __name__ == "__main__":
    for name, path in build(Path(sys.argv[1] if len(sys.argv) > 1 else "imports-corpus")).items():
        print(f"{path.stat().st_size:>12,}  {name}")
