"""Signed PDFs followed by many incremental revisions, as an attacker would send them: each
revision rewrites /Metadata with a distinct XMP packet (cheap to store compressed, costly to
parse), or changes nothing at all. Used by tests/package/test_pdf_revisions.py and by
bench/bench_pdf_revisions.py (which times the app's verification of them)."""

from __future__ import annotations

import io
import zlib

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

OPEN = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">'
CLOSE = b"</x:xmpmeta>"
ELEMENT = b"<a/>"
# as many elements as fit in pyHanko's (and the app's) 4 MiB bound on a decoded XMP packet
HOSTILE_ELEMENTS = (4 * 1024 * 1024 - 100) // len(ELEMENT)


def xmp_packet(number: int, elements: int = HOSTILE_ELEMENTS) -> bytes:
    """A well-formed x:xmpmeta of `elements` empty elements in all, distinct for each `number`
    (the verifier parses each distinct packet once)."""
    return OPEN + b"<!-- %d -->" % number + ELEMENT * (elements - 1) + CLOSE


def _append(writer: IncrementalPdfFileWriter) -> bytes:
    # pyHanko's writer would put its own XMP (and /ModDate) in place of ours when writing
    writer._update_meta = lambda: None  # type: ignore[method-assign]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _metadata_stream(packet: bytes) -> generic.StreamObject:
    return generic.StreamObject(
        {pdf_name("/Type"): pdf_name("/Metadata"), pdf_name("/Subtype"): pdf_name("/XML"),
         pdf_name("/Filter"): pdf_name("/FlateDecode")},
        encoded_data=zlib.compress(packet, 9),
    )


def pdf_name(name: str) -> generic.NameObject:
    return generic.NameObject(name)


def with_xmp_revisions(pdf: bytes, count: int, *, elements: int = HOSTILE_ELEMENTS) -> bytes:
    """`pdf` followed by `count` incremental updates, each pointing /Metadata at a new FlateDecode'd
    XMP packet of `elements` elements, distinct from all the others."""
    for number in range(count):
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        ref = writer.add_object(_metadata_stream(xmp_packet(number, elements)))
        writer.root[pdf_name("/Metadata")] = ref
        writer.update_root()
        pdf = _append(writer)
    return pdf


def with_trivial_revisions(pdf: bytes, count: int) -> bytes:
    """`pdf` followed by `count` incremental updates that change nothing: each an empty xref
    section and a trailer whose /Prev points at the one before (appended by hand, as writing them
    one by one through pyHanko's writer would re-read the growing file each time)."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    trailer = reader.trailer_view
    size = int(trailer["/Size"])
    root = trailer.raw_get("/Root")
    info = trailer.raw_get("/Info") if "/Info" in trailer else None
    ids = trailer.raw_get("/ID") if "/ID" in trailer else None
    prev = reader.last_startxref
    out = bytearray(pdf)
    if not out.endswith(b"\n"):
        out += b"\n"
    for _ in range(count):
        start = len(out)
        extra = b""
        if info is not None:
            extra += b" /Info %d %d R" % (info.idnum, info.generation)
        if ids is not None:
            written = io.BytesIO()
            ids.write_to_stream(written, None)
            extra += b" /ID " + written.getvalue()
        out += (b"xref\n0 0\ntrailer\n<< /Size %d /Root %d %d R /Prev %d%s >>\nstartxref\n%d\n%%%%EOF\n"
                % (size, root.idnum, root.generation, prev, extra, start))
        prev = start
    return bytes(out)
