"""A small WordprocessingML (DOCX) writer on the standard library: the markup our two Word drafts
need (paragraphs, runs, fixed-width tables, sections with a page-number header), written as text.

It writes what python-docx wrote for the same calls, element for element (tests compare both,
part by part, after XML canonicalisation: tests/inbox/test_docx_writer.py), so Word and
LibreOffice open the very same documents; python-docx and lxml stay out of the bundle. The parts
no content changes (styles, theme, settings, numbering, fonts...) are python-docx's default
template with our styles, shipped in resources/docx/template-parts.zip (see its README). The core
properties (Word's File > Info) differ on purpose: the issuing body is the author, a report carries
its own date, and nothing says "python-docx".

Every text is taken as it comes from outside: what XML 1.0 cannot carry is dropped here, whatever
the caller did (python-docx raised an exception instead).
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from io import BytesIO

from desktop.paths import resources_dir

XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_NAMESPACES = {
    "wpc": "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "mo": "http://schemas.microsoft.com/office/mac/office/2008/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "mv": "urn:schemas-microsoft-com:mac:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "v": "urn:schemas-microsoft-com:vml",
    "wp14": "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "w10": "urn:schemas-microsoft-com:office:word",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "wpi": "http://schemas.microsoft.com/office/word/2010/wordprocessingInk",
    "wne": "http://schemas.microsoft.com/office/word/2006/wordml",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
}
# The root of the main part and of a header, with the namespaces of python-docx's template (the
# prefixes mc:Ignorable names must be declared, so they are all kept).
_DOCUMENT_ROOT = ("<w:document " + " ".join(f'xmlns:{p}="{u}"' for p, u in _NAMESPACES.items())
                  + ' mc:Ignorable="w14 wp14">')
_HEADER_ORDER = ("m", "mc", "mo", "mv", "o", "r", "v", "w10", "w14", "w", "wne", "wp14", "wp", "wpc", "wpg",
                 "wpi", "wps")
_HEADER_ROOT = ("<w:hdr " + " ".join(f'xmlns:{p}="{_NAMESPACES[p]}"' for p in _HEADER_ORDER)
                + ' mc:Ignorable="w14 wp14">')
# The template's own last section (its rsids kept, as python-docx kept them)
_FINAL_SECTION_ATTRIBUTES = ' w:rsidR="00FC693F" w:rsidRPr="0006063C" w:rsidSect="00034616"'

TEMPLATE = "template-parts.zip"
_CT = "application/vnd.openxmlformats-officedocument."
_CONTENT_TYPES = {
    "customXml/itemProps1.xml": _CT + "customXmlProperties+xml",
    "docProps/app.xml": _CT + "extended-properties+xml",
    "docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
    "word/document.xml": _CT + "wordprocessingml.document.main+xml",
    "word/fontTable.xml": _CT + "wordprocessingml.fontTable+xml",
    "word/numbering.xml": _CT + "wordprocessingml.numbering+xml",
    "word/settings.xml": _CT + "wordprocessingml.settings+xml",
    "word/styles.xml": _CT + "wordprocessingml.styles+xml",
    "word/stylesWithEffects.xml": "application/vnd.ms-word.stylesWithEffects+xml",
    "word/theme/theme1.xml": _CT + "theme+xml",
    "word/webSettings.xml": _CT + "wordprocessingml.webSettings+xml",
}
_HEADER_TYPE = _CT + "wordprocessingml.header+xml"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_DOCUMENT_RELATIONSHIPS = (
    ("rId3", _REL + "styles", "styles.xml"),
    ("rId4", "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects", "stylesWithEffects.xml"),
    ("rId5", _REL + "settings", "settings.xml"),
    ("rId6", _REL + "webSettings", "webSettings.xml"),
    ("rId7", _REL + "fontTable", "fontTable.xml"),
    ("rId8", _REL + "theme", "theme/theme1.xml"),
    ("rId1", _REL + "customXml", "../customXml/item1.xml"),
    ("rId2", _REL + "numbering", "numbering.xml"),
)
_FIRST_FREE_RELATIONSHIP = 9
# The order python-docx wrote the package in (its walk of the relationships)
_BEFORE_HEADERS = ("word/styles.xml", "word/stylesWithEffects.xml", "word/settings.xml", "word/webSettings.xml",
                   "word/fontTable.xml", "word/theme/theme1.xml", "customXml/item1.xml",
                   "customXml/_rels/item1.xml.rels", "customXml/itemProps1.xml", "word/numbering.xml")
_CORE = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
         'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
         'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
         "<dc:title>{title}</dc:title><dc:subject/><dc:creator>{creator}</dc:creator><cp:keywords/>"
         "<dc:description/><cp:lastModifiedBy>{creator}</cp:lastModifiedBy><cp:revision>1</cp:revision>"
         "{dates}<cp:category/>{language}</cp:coreProperties>")
# Until 2026-12-05 (python-docx) every draft said "generated by python-docx", was made on 2013-12-23
# (its template's date) and a letter's author was "python-docx": what Word's File > Info showed.
_DATES = ('<dcterms:created xsi:type="dcterms:W3CDTF">{0}</dcterms:created>'
          '<dcterms:modified xsi:type="dcterms:W3CDTF">{0}</dcterms:modified>')
CORE_PROPERTY_LIMIT = 255  # python-docx refused a longer title or author
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the same bytes for the same document

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPECIAL = re.compile("[&<>\"\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_RUN_PIECES = re.compile("([\t\r\n])")


# ---- units, as python-docx converted them ----------------------------------------------------------

def mm(value: float) -> int:
    """EMU of a length in millimetres."""
    return int(value * 36000)


def cm(value: float) -> int:
    return int(value * 360000)


def pt(value: float) -> int:
    return int(value * 12700)


def twips(emu: int) -> int:
    return round(emu / 635)


def half_points(emu: int) -> int:
    return int(emu / 12700 * 2)


# ---- text ------------------------------------------------------------------------------------------

def legal(text: str) -> str:
    """The text without what XML 1.0 cannot carry (C0 controls but tab and line breaks, U+FFFE,
    U+FFFF, lone surrogates)."""
    return _XML_ILLEGAL.sub("", text)


def escape(text: str) -> str:
    """Character data or an attribute value in double quotes, whatever `text` holds."""
    if _SPECIAL.search(text) is None:
        return text
    text = legal(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return text.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")


def _t(text: str, preserve: bool) -> str:
    text = escape(text)
    return f'<w:t xml:space="preserve">{text}</w:t>' if preserve else f"<w:t>{text}</w:t>"


def run_content(text: str) -> str:
    """A text as python-docx's `run.text` wrote it: a tab is <w:tab/>, a line feed or a carriage
    return <w:br/>, and xml:space="preserve" on a piece that starts or ends with white space."""
    text = legal(text)
    if "\t" not in text and "\n" not in text and "\r" not in text:
        return _t(text, len(text.strip()) < len(text)) if text else ""
    out = []
    for piece in _RUN_PIECES.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            out.append("<w:br/>")
        elif piece:
            out.append(_t(piece, len(piece.strip()) < len(piece)))
    return "".join(out)


def cell_content(text: str) -> str:
    """A table cell's text: lines split on line feeds, pieces on tabs, every piece preserved."""
    if _SPECIAL.search(text) is None:  # nearly every cell: nothing to escape, split or drop
        return f'<w:t xml:space="preserve">{text}</w:t>' if text else ""
    text = legal(text)
    if "\t" not in text and "\n" not in text:
        return _t(text, True) if text else ""
    return "<w:br/>".join("<w:tab/>".join(_t(piece, True) if piece else "" for piece in line.split("\t"))
                          for line in text.split("\n"))


def run(text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
        properties: bool = True) -> str:
    """A run; `properties=False` for a run with no <w:rPr> at all (a styled paragraph's text)."""
    if not properties:
        return f"<w:r>{run_content(text)}</w:r>"
    formats = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") \
        + (f'<w:sz w:val="{half_points(pt(size))}"/>' if size is not None else "")
    rpr = f"<w:rPr>{formats}</w:rPr>" if formats else "<w:rPr/>"
    return f"<w:r>{rpr}{run_content(text)}</w:r>"


# ---- paragraphs and tables ---------------------------------------------------------------------------

def _lengths(*named: tuple[str, int | None]) -> str:
    """` w:name="twips"` for each length given, in that order."""
    return "".join(f' w:{name}="{twips(value)}"' for name, value in named if value is not None)


def paragraph(*runs: str, style: str | None = None, align: str | None = None, space_before: int | None = None,
              space_after: int | None = None, line_exact: int | None = None, left: int | None = None,
              right: int | None = None, first_line: int | None = None, border_top: bool = False,
              section: str = "") -> str:
    """A <w:p>; lengths in EMU (`mm`, `cm`, `pt`), `align` as WordprocessingML's jc value."""
    props = []
    if style is not None:
        props.append(f'<w:pStyle w:val="{escape(style)}"/>')
    if border_top:  # CT_PPrBase's order: pStyle … pBdr … spacing, ind … jc
        props.append('<w:pBdr><w:top w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>')
    spacing = _lengths(("before", space_before), ("after", space_after), ("line", line_exact))
    if line_exact is not None:
        spacing += ' w:lineRule="exact"'
    if spacing:
        props.append(f"<w:spacing{spacing}/>")
    indent = _lengths(("left", left), ("right", right), ("firstLine", first_line))
    if indent:
        props.append(f"<w:ind{indent}/>")
    if align is not None:
        props.append(f'<w:jc w:val="{align}"/>')
    props.append(section)
    inner = "".join(runs)
    ppr = f"<w:pPr>{''.join(props)}</w:pPr>" if any(props) else ""
    return f"<w:p>{ppr}{inner}</w:p>" if ppr or inner else "<w:p/>"


def cell(width: int, *paragraphs: str) -> str:
    """A table cell `width` twips wide; an empty one still holds its paragraph."""
    return f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>{"".join(paragraphs) or "<w:p/>"}</w:tc>'


def row(cells: Iterable[str], *, heading: bool = False) -> str:
    """A table row; a `heading` row is repeated at the top of every page the table runs onto."""
    prefix = '<w:trPr><w:tblHeader w:val="true"/></w:trPr>' if heading else ""
    return f"<w:tr>{prefix}{''.join(cells)}</w:tr>"


_LOOK = ('<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
         'w:noVBand="1" w:val="04A0"/>')
_CELL_MARGINS = '<w:tblCellMar><w:left w:w="{p}" w:type="dxa"/><w:right w:w="{p}" w:type="dxa"/></w:tblCellMar>'


def table(widths: Sequence[int], rows: Iterable[str], *, grid_style: bool = False, centred: bool = False,
          fixed_padding: int | None = None) -> str:
    """A table of columns `widths` twips wide. With `fixed_padding` (twips) the layout is fixed at
    those widths and the cells have that padding left and right (kept by Word and LibreOffice);
    without, Word may fit the columns to their text."""
    props = '<w:tblStyle w:val="TableGrid"/>' if grid_style else ""
    if fixed_padding is None:
        props += '<w:tblW w:type="auto" w:w="0"/>' + ('<w:jc w:val="center"/>' if centred else "") + _LOOK
    else:
        props += (f'<w:tblW w:type="dxa" w:w="{sum(widths)}"/>' + ('<w:jc w:val="center"/>' if centred else "")
                  + '<w:tblLayout w:type="fixed"/>' + _CELL_MARGINS.format(p=fixed_padding) + _LOOK)
        # CT_TblPr's order: tblStyle, tblW, jc, tblLayout, tblCellMar, tblLook (python-docx's
        # renderer wrote a second tblLayout and tblCellMar after tblLook, out of the schema)
    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    return f"<w:tbl><w:tblPr>{props}</w:tblPr><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def page_break() -> str:
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


# ---- sections and the package ---------------------------------------------------------------------

@dataclass(frozen=True)
class Page:
    """A section's page, in EMU: size and margins."""

    width: int
    height: int
    top: int
    right: int
    bottom: int
    left: int
    landscape: bool = False

    @property
    def text_width(self) -> int:
        return self.width - self.left - self.right


def _section(page: Page, header: str, *, title_page: bool, attributes: str = "") -> str:
    reference = f'<w:headerReference w:type="default" r:id="{header}"/>' if header else ""
    orient = ' w:orient="landscape"' if page.landscape else ""
    return (f"<w:sectPr{attributes}>{reference}"
            f'<w:pgSz w:w="{twips(page.width)}" w:h="{twips(page.height)}"{orient}/>'
            f'<w:pgMar w:top="{twips(page.top)}" w:right="{twips(page.right)}" w:bottom="{twips(page.bottom)}" '
            f'w:left="{twips(page.left)}" w:header="720" w:footer="720" w:gutter="0"/><w:cols w:space="720"/>'
            f"{'<w:titlePg/>' if title_page else ''}<w:docGrid w:linePitch=\"360\"/></w:sectPr>")


PAGE_NUMBER_HEADER = ('<w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="center"/></w:pPr>'
                      '<w:fldSimple w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>')


class Document:
    """The body as text, its sections and their headers; `save` makes the package."""

    def __init__(self, page: Page) -> None:
        self.body: list[str] = []
        self.page = page
        self.header = ""  # the relationship id of the current section's header, if it has one
        self.title_page = False  # the current section's first page without the header
        self.headers: list[str] = []

    def add(self, *blocks: str) -> None:
        self.body.extend(blocks)

    @property
    def text_width(self) -> int:
        """The width between the current section's margins, in EMU."""
        return self.page.text_width

    def page_numbers(self, *, title_page: bool) -> None:
        """The current section's own header: the page number at the top centre; with `title_page`,
        none on its first page."""
        self.title_page = title_page
        self.headers.append(PAGE_NUMBER_HEADER)
        self.header = f"rId{_FIRST_FREE_RELATIONSHIP + len(self.headers) - 1}"

    def new_section(self, page: Page) -> None:
        """The next blocks on a new page of `page`'s size and margins (no header of its own yet)."""
        self.body.append(paragraph(section=_section(self.page, self.header, title_page=self.title_page)))
        self.page, self.header, self.title_page = page, "", False

    def save(self, *, title: str, creator: str, language: str = "", made: dt.date | None = None) -> bytes:
        """The package. `creator`: the author Word shows (the issuing body); `made`: the document's
        date, its creation and modification date (none without it: the same report gives the same
        bytes, whenever it is written)."""
        final = _section(self.page, self.header, title_page=self.title_page, attributes=_FINAL_SECTION_ATTRIBUTES)
        document = f"{XML_DECLARATION}{_DOCUMENT_ROOT}<w:body>{''.join(self.body)}{final}</w:body></w:document>"
        headers = {f"word/header{index}.xml": f"{XML_DECLARATION}{_HEADER_ROOT}{content}</w:hdr>"
                   for index, content in enumerate(self.headers, start=1)}
        parts = template_parts()
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
            def write(name: str, data: str | bytes) -> None:
                info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                package.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)

            write("[Content_Types].xml", _content_types(headers))
            write("_rels/.rels", parts["_rels/.rels"])
            write("docProps/core.xml", _core(title, creator, language, made))
            write("docProps/app.xml", parts["docProps/app.xml"])
            write("word/document.xml", document)
            write("word/_rels/document.xml.rels", _document_relationships(len(headers)))
            for name in _BEFORE_HEADERS:
                write(name, parts[name])
            for name, data in headers.items():
                write(name, data)
        return buffer.getvalue()


@cache
def template_parts() -> dict[str, bytes]:
    """The parts every document shares, as python-docx wrote them (resources/docx)."""
    with zipfile.ZipFile(resources_dir() / "docx" / TEMPLATE) as package:
        return {name: package.read(name) for name in package.namelist()}


def _content_types(headers: Iterable[str]) -> str:
    overrides = {**_CONTENT_TYPES, **dict.fromkeys(headers, _HEADER_TYPE)}
    return (f'{XML_DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="/{name}" ContentType="{kind}"/>'
                      for name, kind in sorted(overrides.items()))
            + "</Types>")


def _document_relationships(headers: int) -> str:
    relationships = [*_DOCUMENT_RELATIONSHIPS, *((f"rId{_FIRST_FREE_RELATIONSHIP + i}", _REL + "header",
                                                  f"header{i + 1}.xml") for i in range(headers))]
    return (f'{XML_DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>'
                      for rid, kind, target in relationships) + "</Relationships>")


def _core(title: str, creator: str, language: str, made: dt.date | None) -> str:
    title, creator = legal(title)[:CORE_PROPERTY_LIMIT], legal(creator)[:CORE_PROPERTY_LIMIT]
    language = f"<dc:language>{escape(language)}</dc:language>" if language else ""
    dates = _DATES.format(f"{made.isoformat()}T00:00:00Z") if made is not None else ""
    return XML_DECLARATION + _CORE.format(title=escape(title), creator=escape(creator), language=language,
                                          dates=dates)
