"""The signing writer finds a page in the second half of the document from the end (the signature
block is on a long report's last page), with exactly what pyHanko's own walk from the start finds:
the page, its parent and index there, and the resources it inherits."""

from __future__ import annotations

import datetime as dt
import io

import pypdf
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject
from reportlab.pdfgen import canvas

from desktop.signing.pdfa import PdfAWriter

MOMENT = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def _pages(count: int) -> bytes:
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer)
    for number in range(count):
        drawing.drawString(100, 700, f"page {number + 1}")
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def _nested(count: int) -> bytes:
    """The pages regrouped under intermediate /Pages nodes, two levels deep in places, one node
    giving its pages /Resources to inherit, one page with its own."""
    reader = pypdf.PdfReader(io.BytesIO(_pages(count)))
    writer = pypdf.PdfWriter(clone_from=reader)
    root_pages = writer.root_object["/Pages"]
    pages = [ref for ref in root_pages["/Kids"]]
    for ref in pages:
        del ref.get_object()["/Resources"]
    first = pages[-1].get_object()
    first[NameObject("/Resources")] = DictionaryObject({NameObject("/ProcSet"): ArrayObject([NameObject("/PDF")])})

    def node(kids: list, parent, resources: bool = False):  # type: ignore[no-untyped-def]
        made = DictionaryObject({NameObject("/Type"): NameObject("/Pages"), NameObject("/Kids"): ArrayObject(),
                                 NameObject("/Count"): NumberObject(0), NameObject("/Parent"): parent})
        if resources:
            made[NameObject("/Resources")] = DictionaryObject({NameObject("/ProcSet"): ArrayObject([NameObject("/Text")])})
        ref = writer._add_object(made)
        total = 0
        for kid in kids:
            kid.get_object()[NameObject("/Parent")] = ref
            made["/Kids"].append(kid)
            total += int(kid.get_object()["/Count"]) if kid.get_object()["/Type"] == "/Pages" else 1
        made[NameObject("/Count")] = NumberObject(total)
        return ref

    root_ref = writer.root_object.raw_get("/Pages")
    a = node(pages[0:3], root_ref)
    inner = node(pages[6:8], root_ref, resources=True)  # in the second half: walked from the end
    b = node([*pages[3:6], inner, pages[8]], root_ref)
    c = node(pages[9:], root_ref)
    root_pages[NameObject("/Kids")] = ArrayObject([a, b, c])
    root_pages[NameObject("/Count")] = NumberObject(count)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _same_walks(data: bytes, count: int) -> None:
    for index in [*range(count), *range(-count, 0)]:
        for parent in (False, True):
            theirs = IncrementalPdfFileWriter(io.BytesIO(data))._walk_page_tree(index, parent)
            ours = PdfAWriter(io.BytesIO(data), moment=MOMENT)._walk_page_tree(index, parent)
            assert ours[0].reference == theirs[0].reference, (index, parent)
            assert ours[1:] == theirs[1:], (index, parent)


def test_a_flat_page_tree_is_walked_from_the_end_to_the_same_page() -> None:
    _same_walks(_pages(41), 41)


def test_a_nested_page_tree_with_inherited_resources_gives_the_same_page_parent_and_resources() -> None:
    data = _nested(11)
    tree = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]["/Pages"]
    assert len(tree["/Kids"]) == 3 and tree["/Count"] == 11
    _same_walks(data, 11)
