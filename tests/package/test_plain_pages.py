"""The page walk of `read_embedded_file` skips pyHanko's parse of a page only when the page's
bytes are, exactly, a plain leaf page (no /Annots, /AF or /Kids): whatever those bytes say for
the shortcut, pyHanko reads the same object the same way, and a file hidden on any page of a long
report is still found."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from desktop.signing import embedded as module
from desktop.signing.embedded import EmbeddedFileError, read_embedded_file
from desktop.signing.pdfsign import embed_data_file
from tests.export.helpers import data_json
from tests.package import pdfslack

ALLOWED = {"/Contents", "/Parent", "/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/Rotate",
           "/Type", "/Resources", "/Trans"}
HONEST = data_json()
FORGED = data_json(period={"kind": "year", "year": 2024})


def long_report(pages: int = 40) -> bytes:
    """A report drawn by reportlab's platypus as the exporter draws one: many plain pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    buffer = io.BytesIO()
    style = getSampleStyleSheet()["Normal"]
    story = []
    for page in range(pages):
        story += [Paragraph(f"Trang {page + 1}", style), PageBreak()]
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


def _count_plain(pdf: bytes) -> int:
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    finder = module._Finder(reader, "du-lieu.json")
    kids = reader.root["/Pages"]["/Kids"]
    return sum(finder._plain_page(kids.raw_get(i)) for i in range(len(kids)))


def _with_file_on_page(pdf: bytes, index: int, how: str) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    embed_data_file(writer, HONEST, when=pdfslack.WHEN)
    page_ref, _ = writer.find_page_for_modification(index)
    page = page_ref.get_object()
    spec = writer.add_object(pdfslack.file_spec(writer, FORGED, "du-lieu.json"))
    if how == "page-associated":
        page["/AF"] = generic.ArrayObject([spec])
    else:
        page["/Annots"] = generic.ArrayObject([writer.add_object(generic.DictionaryObject({
            generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/FileAttachment"),
            generic.pdf_name("/Rect"): generic.ArrayObject(generic.NumberObject(v) for v in (20, 20, 40, 40)),
            generic.pdf_name("/FS"): spec,
        }))])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_long_reports_pages_take_the_shortcut() -> None:
    pdf = long_report()
    assert _count_plain(pdf) == 40


@pytest.mark.parametrize("how", ["annotation", "page-associated"])
@pytest.mark.parametrize("index", [0, 23, 39])
def test_a_second_data_file_on_any_page_of_a_long_report_is_found(how: str, index: int) -> None:
    pdf = _with_file_on_page(long_report(), index, how)
    assert _count_plain(pdf) == 39  # the page that was changed is read by pyHanko
    with pytest.raises(EmbeddedFileError):
        read_embedded_file(PdfFileReader(io.BytesIO(pdf), strict=False), "du-lieu.json")


def test_the_honest_long_report_carries_one_file() -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(long_report()), strict=False)
    embed_data_file(writer, HONEST, when=pdfslack.WHEN)
    out = io.BytesIO()
    writer.write(out)
    assert read_embedded_file(PdfFileReader(io.BytesIO(out.getvalue()), strict=False), "du-lieu.json") == HONEST


PLAIN = (b"7 0 obj\n<<\n/Contents 9 0 R /MediaBox [ 0 0 595.2756 841.8898 ] /Parent 3 0 R /Resources <<\n"
         b"/Font 1 0 R /ProcSet [ /PDF /Text /ImageB /ImageC /ImageI ]\n>> /Rotate 0 /Trans <<\n\n>> \n"
         b"  /Type /Page\n>>\nendobj\n")


@pytest.mark.parametrize("text", [
    PLAIN.replace(b"/Rotate 0", b"/Annots [5 0 R]"),
    PLAIN.replace(b"/Rotate 0", b"/Ann#6Fts [5 0 R]"),  # the same key, spelled with an escape
    PLAIN.replace(b"/Rotate 0", b"/AF [5 0 R]"),
    PLAIN.replace(b"/Rotate 0", b"/Kids [5 0 R]"),
    PLAIN.replace(b"/Rotate 0", b"/Rotate 0 % /Annots\n"),
    PLAIN.replace(b"/Type /Page", b"/Type /Pages"),
    PLAIN.replace(b"/Type /Page", b"/Type /Page#73"),
    PLAIN.replace(b"/Trans <<\n\n>>", b"/Trans << /Annots [5 0 R] >>"),
    PLAIN.replace(b"/Font 1 0 R", b"/Font << /F1 (x) >>"),
    PLAIN.replace(b"/Contents 9 0 R", b"/Contents 9 0 RR"),
    PLAIN.replace(b"endobj", b"endstream"),
    PLAIN.replace(b"7 0 obj", b"7 0 obj <<>>"),
])
def test_anything_but_a_plain_page_takes_the_long_way(text: bytes) -> None:
    assert module._PLAIN_PAGE.match(text) is None
    assert module._PLAIN_PAGE.match(PLAIN) is not None


TOKENS = [b"/Contents", b"/Parent", b"/MediaBox", b"/Rotate", b"/Type", b"/Resources", b"/Trans", b"/Page",
          b"/Pages", b"/Annots", b"/AF", b"/Kids", b"/Font", b"/ProcSet", b"/PDF", b"/Ann#6Fts", b"/Cont#65nts",
          b"9 0 R", b"0", b"12.5", b"-3", b"[", b"]", b"<<", b">>", b"(x)", b"<41>", b"%c\n", b" ", b"\n", b"\r",
          b"\x00", b"\x0c", b"/", b"R", b"obj", b"endobj"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=30), st.sampled_from([b" ", b"", b"\n"]))
def test_whenever_the_shortcut_matches_pyhanko_reads_a_page_without_annotations(parts: list[bytes], glue: bytes):
    body = glue.join(parts)
    text = b"7 0 obj\n<<" + body + b">>\nendobj"
    match = module._PLAIN_PAGE.match(text)
    if match is None:
        return
    stream = io.BytesIO(text)
    stream.seek(text.index(b"<<"))
    parsed = generic.read_object(stream, generic.Reference(7, 0, None))
    assert isinstance(parsed, generic.DictionaryObject)
    assert set(parsed.keys()) <= ALLOWED, body


def test_known_plain_page_variants_match() -> None:
    for text in (PLAIN, PLAIN.replace(b" ", b"\n"), PLAIN.replace(b"/Font 1 0 R", b"/Font << /F1 4 0 R /F2 5 0 R >>"),
                 b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents[4 0 R]>>endobj"):
        if b"Contents[" in text:
            assert module._PLAIN_PAGE.match(text) is None  # an array of contents is not in the template
        else:
            assert module._PLAIN_PAGE.match(text) is not None, text


# The page tree's root: its kids are read from its bytes when it is exactly /Count, /Type, /Kids.

PAGES = b"3 0 obj\n<<\n/Count 3 /Kids [ 4 0 R 5 0 R \n  6 0 R ] /Type /Pages\n>>\nendobj\n"


def _kids_ours(text: bytes) -> list[tuple[int, int]] | None:
    match = module._PLAIN_PAGES.match(text)
    return None if match is None else [(int(k[1]), int(k[2])) for k in module._KID.finditer(match[3])]


def _pyhanko(text: bytes) -> generic.DictionaryObject:
    stream = io.BytesIO(text)
    stream.seek(text.index(b"<<"))
    lenient = SimpleNamespace(strict=False)  # as the verifier's reader: a repeated key is not an error
    parsed = generic.read_object(stream, generic.Reference(3, 0, lenient))  # type: ignore[arg-type]
    assert isinstance(parsed, generic.DictionaryObject)
    return parsed


def test_a_long_reports_page_tree_root_takes_the_shortcut_with_the_same_kids() -> None:
    pdf = long_report()
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    match = module._Finder(reader, "du-lieu.json")._plain(reader.root.raw_get("/Pages"), module._PLAIN_PAGES,
                                                          module._PLAIN_PAGES_MAX)
    assert match is not None
    kids = PdfFileReader(io.BytesIO(pdf), strict=False).root["/Pages"]["/Kids"]
    assert [(int(k[1]), int(k[2])) for k in module._KID.finditer(match[3])] == [
        (kids.raw_get(i).idnum, kids.raw_get(i).generation) for i in range(len(kids))]
    assert _kids_ours(PAGES) == [(4, 0), (5, 0), (6, 0)]


@pytest.mark.parametrize("text", [
    PAGES.replace(b"/Type /Pages", b"/Type /Pages /AF [7 0 R]"),
    PAGES.replace(b"/Type /Pages", b"/Type /Pages /Annots [7 0 R]"),
    PAGES.replace(b"/Count 3", b"/Count 3 /Kids [ 7 0 R ]"),  # two /Kids: which one counts is pyHanko's say
    PAGES.replace(b"/Count 3", b"/Ki#64s [ 7 0 R ]"),
    PAGES.replace(b"6 0 R", b"6 0 R 7 0 obj"),
    PAGES.replace(b"6 0 R", b"6 0 R (x)"),
    PAGES.replace(b"6 0 R", b"6 0 R % 7 0 R\n"),
    PAGES.replace(b"6 0 R", b"<< /Type /Page >>"),
    PAGES.replace(b"/Type /Pages", b"/Type /Pages /Parent 2 0 R"),
    PAGES.replace(b"/Type /Pages", b"/Type /Page#73"),
    PAGES.replace(b"endobj", b"endstream"),
])
def test_anything_but_a_plain_page_tree_root_takes_the_long_way(text: bytes) -> None:
    assert _kids_ours(text) is None


PAGES_TOKENS = [b"/Count 3", b"/Count -1", b"/Type /Pages", b"/Type /Page", b"/Kids [ 4 0 R 5 0 R ]", b"/Kids []",
                b"/Kids [4 0 R]", b"/Kids[5 0 R 4 1 R]", b"/Kids [ 4 0 R", b"/Kids", b"/AF [7 0 R]", b"/Annots []",
                b"/Ki#64s [4 0 R]", b"/Parent 2 0 R", b"4 0 R", b"4 0", b"R", b"[", b"]", b"<<", b">>", b"(x)",
                b"%c\n", b" ", b"\n", b"\x00", b"/", b"obj", b"endobj"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PAGES_TOKENS), max_size=30), st.sampled_from([b" ", b"", b"\n"]))
def test_whenever_the_page_tree_shortcut_matches_pyhanko_reads_the_same_kids(parts: list[bytes], glue: bytes):
    text = b"3 0 obj\n<<" + glue.join(parts) + b">>\nendobj"
    ours = _kids_ours(text)
    if ours is None:
        return
    parsed = _pyhanko(text)
    assert set(parsed.keys()) <= {"/Count", "/Type", "/Kids"}, text
    kids = parsed.raw_get("/Kids")
    assert isinstance(kids, generic.ArrayObject)
    assert ours == [(kids.raw_get(i).idnum, kids.raw_get(i).generation) for i in range(len(kids))], text


def test_a_second_data_file_on_the_page_tree_root_is_found() -> None:
    writer = IncrementalPdfFileWriter(io.BytesIO(long_report()), strict=False)
    embed_data_file(writer, HONEST, when=pdfslack.WHEN)
    pages = writer.root["/Pages"]
    pages["/AF"] = generic.ArrayObject([writer.add_object(pdfslack.file_spec(writer, FORGED, "du-lieu.json"))])
    writer.update_container(pages)
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(EmbeddedFileError):
        read_embedded_file(PdfFileReader(io.BytesIO(out.getvalue()), strict=False), "du-lieu.json")
