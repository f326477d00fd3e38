"""Hostile report PDFs, made on purpose (used by tests/package and the hostile corpus script):
a second `du-lieu.json` where viewers look for attachments, and odd /ByteRange values."""

from __future__ import annotations

import datetime as dt
import io
import re

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.embed import EmbeddedFileObject, EmbeddedFileParams, FileSpec, embed_file
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from desktop.signing.pdfsign import DATA_FILE_NAME, embed_data_file

WHEN = dt.datetime(2025, 11, 10, 9, 12, tzinfo=dt.timezone(dt.timedelta(hours=7)))
PLACES = ("name-tree", "associated", "page-associated", "annotation", "two-streams")


def file_spec(writer: IncrementalPdfFileWriter, content: bytes, name: str) -> generic.DictionaryObject:
    stream = EmbeddedFileObject.from_file_data(
        writer, content, mime_type="application/json",
        params=EmbeddedFileParams(creation_date=WHEN, modification_date=WHEN),
    )  # fmt: skip
    return FileSpec(file_spec_string=name, file_name=name, embedded_data=stream).as_pdf_object()


def pdf_carrying_two(pdf: bytes, honest: bytes, forged: bytes, place: str, name: str = DATA_FILE_NAME) -> bytes:
    """`pdf` with the honest data file embedded as the exporter does (name tree and /AF, first),
    and a second file `name` holding `forged` in `place`:

    - "name-tree": a second entry of the EmbeddedFiles name tree (viewers list both);
    - "associated": only in the document's /AF array (PDF/A-3 viewers show associated files);
    - "page-associated": in the first page's /AF array;
    - "annotation": a file-attachment annotation (a paper-clip) on the first page;
    - "two-streams": the honest file specification's /EF gets a /UF stream beside its /F one.
    """
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    embed_data_file(writer, honest, when=WHEN)
    if place == "name-tree":
        stream = EmbeddedFileObject.from_file_data(writer, forged, mime_type="application/json")
        embed_file(writer, FileSpec(file_spec_string=name, file_name=name, embedded_data=stream))
    elif place == "associated":
        associated = writer.root["/AF"]
        associated.append(writer.add_object(file_spec(writer, forged, name)))
        writer.update_container(associated)
    elif place == "page-associated":
        page_ref, _ = writer.find_page_for_modification(0)
        page = page_ref.get_object()
        page["/AF"] = generic.ArrayObject([writer.add_object(file_spec(writer, forged, name))])
        writer.update_container(page)
    elif place == "annotation":
        page_ref, _ = writer.find_page_for_modification(0)
        page = page_ref.get_object()
        annotation = generic.DictionaryObject({
            generic.pdf_name("/Type"): generic.pdf_name("/Annot"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/FileAttachment"),
            generic.pdf_name("/Rect"): generic.ArrayObject(generic.NumberObject(v) for v in (20, 20, 40, 40)),
            generic.pdf_name("/FS"): writer.add_object(file_spec(writer, forged, name)),
            generic.pdf_name("/Contents"): generic.pdf_string(name),
        })  # fmt: skip
        annotations = page.get("/Annots")
        if isinstance(annotations, generic.ArrayObject):
            annotations.append(writer.add_object(annotation))
        else:
            page["/Annots"] = generic.ArrayObject([writer.add_object(annotation)])
        writer.update_container(page)
    elif place == "two-streams":
        spec = writer.root["/Names"]["/EmbeddedFiles"]["/Names"][1]
        other = EmbeddedFileObject.from_file_data(writer, forged, mime_type="application/json")
        spec["/EF"]["/UF"] = writer.add_object(other)
        writer.update_container(spec)
    else:
        raise ValueError(place)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_BYTE_RANGE = re.compile(rb"/ByteRange ?\[([0-9 ]*)\] *")


def byte_range_of(pdf: bytes) -> tuple[int, int, int, int]:
    match = _BYTE_RANGE.search(pdf)
    assert match is not None
    a, b, c, d = (int(v) for v in match.group(1).split())
    return a, b, c, d


def with_byte_range(pdf: bytes, text: bytes) -> bytes:
    """The signed PDF with its /ByteRange array replaced by `text` in the same number of bytes
    (pyHanko leaves room after the array), so every offset stays where it was."""
    match = _BYTE_RANGE.search(pdf)
    assert match is not None
    replacement = b"/ByteRange " + text
    assert len(replacement) <= len(match.group(0)), replacement
    return pdf[: match.start()] + replacement.ljust(len(match.group(0))) + pdf[match.end() :]


def odd_byte_ranges(pdf: bytes) -> dict[str, bytes]:
    """Each odd /ByteRange variant of a signed PDF, by name."""
    _, a, b, c = byte_range_of(pdf)
    return {
        "negative": b"[0 -%d %d %d]" % (a, b, c),
        "overlapping": b"[0 %d %d %d]" % (b + 10, b, c),
        "not-from-zero": b"[1 %d %d %d]" % (a - 1, b, c),
        "past-the-end": b"[0 %d %d %d]" % (a, b, c + 40),
        "short-of-the-end": b"[0 %d %d %d]" % (a, b, c - 40),
        "not-integers": b"[0 %d.0 %d %d]" % (a, b, c),
        "gap-wider-than-contents": b"[0 %d %d %d]" % (a - 2, b, c),
        "gap-narrower-than-contents": b"[0 %d %d %d]" % (a, b - 2, c + 2),
        "three-numbers": b"[0 %d %d]" % (a, b),
        "names": b"[/A /B /C /D]",
    }
