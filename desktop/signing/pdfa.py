"""PDF/A-3b for the report (package.md, "One truth, two readings").

reportlab draws the pages with every font embedded; this module adds, in one incremental update,
what PDF/A-3b asks of the document as a whole: XMP metadata carrying the PDF/A identification
(part 3, conformance B) and the same title, author, subject, keywords, creator, producer and dates
as the document information dictionary, and an sRGB output intent. Every later incremental update
(embedding the data file, signing) goes through `PdfAWriter`, which writes one modification time
into both the information dictionary and the XMP, so they stay equal.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from dataclasses import dataclass, field
from functools import cache

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.metadata import model
from pyhanko.pdf_utils.metadata.info import update_info_dict

from desktop.paths import resources_dir
from desktop.signing import xmp, xmpwrite

ICC_NAME = "sRGB-IEC61966-2.1.icc"
OUTPUT_CONDITION = "sRGB IEC61966-2.1"
PDFA_PART = "3"
PDFA_CONFORMANCE = "B"
PDFAID = model.NS["pdfaid"]


@cache
def srgb_profile() -> bytes:
    """The bundled sRGB ICC profile (resources/icc/README.md says where it comes from)."""
    return (resources_dir() / "icc" / ICC_NAME).read_bytes()


@dataclass(frozen=True)
class DocumentFacts:
    """The document information that must read the same in the Info dictionary and the XMP."""

    title: str
    author: str
    subject: str
    creator: str
    keywords: list[str] = field(default_factory=list)
    created: dt.datetime | None = None


class PdfAWriter(IncrementalPdfFileWriter):
    """An incremental writer that keeps the Info dictionary and the XMP metadata equal.

    pyHanko's writer updates the XMP only when lxml is importable (the bundle has no lxml), reads
    the clock twice and appends its name to the Info dictionary's producer only. Here the XMP is
    written with the standard library (desktop/signing/xmp.py, xmpwrite.py), and one `moment` and one
    producer go to both. A PDF without XMP (and none asked for) gets its Info dictionary
    updated as pyHanko updates it, at `moment`.
    """

    def __init__(self, stream: io.BytesIO, *, moment: dt.datetime, **kwargs: object) -> None:
        super().__init__(stream, strict=False, **kwargs)  # type: ignore[arg-type]
        self.moment = moment.replace(microsecond=0)
        self.keywords: str | None = None  # set: written to the Info dictionary as in the XMP
        self._xmp_written = False

    def _walk_page_tree(self, page_ix: int, retrieve_parent: bool):  # type: ignore[no-untyped-def]
        """pyHanko finds a page by reading every page before it; the signature block is on the last
        page of a long report (226 page objects read: 30 ms). A page in the second half is found
        from the end instead (`walk_from_end`), with the same result."""
        found = walk_from_end(self.root, page_ix, retrieve_parent)
        return found if found is not None else super()._walk_page_tree(page_ix, retrieve_parent)

    def _update_meta(self) -> None:
        meta = self._meta
        meta.last_modified = self.moment
        if "/Metadata" not in self.root and not meta.xmp_extra:
            self._update_info_only()
            return
        if self._info is not None:
            info = self._info.get_object()
            update_info_dict(meta, info, only_update_existing=True)
            info["/Producer"] = generic.TextStringObject(model.VENDOR)
            info.pop("/Trapped", None)  # no XMP twin is written for it
            if self.keywords is not None:
                info["/Keywords"] = generic.TextStringObject(self.keywords)
            self.mark_update(self._info)
        if self._xmp_written:  # written already by an earlier write() of this writer, at the same moment
            return
        existing = self.root.get("/Metadata")
        roots = xmp.parse(existing.get_object().data) if existing is not None else []
        packet = xmpwrite.serialise(xmpwrite.update_with_meta(meta, roots))
        stream = generic.StreamObject({
            pdf_name("/Type"): pdf_name("/Metadata"), pdf_name("/Subtype"): pdf_name("/XML"),
        }, stream_data=packet)  # PDF/A: never compressed, readable as it is
        # A new object: the stream of the signed revision is left as it was (no override).
        self.root["/Metadata"] = self.add_object(stream)
        self.update_root()
        self._xmp_written = True

    def _update_info_only(self) -> None:
        """pyHanko's update of the metadata when it writes no XMP: the Info dictionary, created
        when the document has none."""
        if self._info is None:
            info = generic.DictionaryObject()
            update_info_dict(self._meta, info)
            self.set_info(info)
        elif update_info_dict(self._meta, self._info.get_object()):
            self.mark_update(self._info)


def walk_from_end(root: generic.DictionaryObject, page_ix: int, retrieve_parent: bool) -> tuple | None:
    """pyHanko's page tree walk (`PdfHandler._walk_page_tree`: the page's reference and its
    inherited resources, or with `retrieve_parent` its parent's reference, its index there and the
    resources) done from the last page backwards, for a page in the second half of the document.
    None for a page in the first half or a tree it does not expect (pyHanko's walk then runs, and
    says what is wrong)."""
    try:
        tree_ref = root.raw_get("/Pages")
        tree = tree_ref.get_object()
        count = int(tree["/Count"])
        try:
            resources = tree["/Resources"]
        except KeyError:
            resources = generic.DictionaryObject()
        from_end = count - 1 - (page_ix + count if page_ix < 0 else page_ix)
        if not (0 <= from_end < count - count // 2) or not isinstance(tree_ref, generic.IndirectObject):
            return None
        return _from_end(tree_ref, from_end, resources, retrieve_parent, {tree_ref.reference})
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _from_end(node_ref: generic.IndirectObject, from_end: int, resources: object, retrieve_parent: bool,
              seen: set) -> tuple | None:
    node = node_ref.get_object()
    kids = node["/Kids"]
    with contextlib.suppress(KeyError):
        resources = node.raw_get("/Resources")
    for kid_index in range(len(kids) - 1, -1, -1):
        kid_ref = kids.raw_get(kid_index)
        if not isinstance(kid_ref, generic.IndirectObject) or kid_ref.reference in seen:
            return None
        kid = kid_ref.get_object()
        if kid["/Type"] == "/Pages":
            below = int(kid["/Count"])
            if from_end < below:
                return _from_end(kid_ref, from_end, resources, retrieve_parent, seen | {kid_ref.reference})
            from_end -= below
        elif kid["/Type"] == "/Page":
            if from_end == 0:
                if retrieve_parent:
                    return node_ref, kid_index, resources
                with contextlib.suppress(KeyError):
                    resources = kid.raw_get("/Resources")
                return kid_ref, resources
            from_end -= 1
    return None


def _pdfa_identification(keywords: str | None) -> model.XmpStructure:
    fields = [
        (model.ExpandedName(ns=PDFAID, local_name="part"), model.XmpValue(PDFA_PART)),
        (model.ExpandedName(ns=PDFAID, local_name="conformance"), model.XmpValue(PDFA_CONFORMANCE)),
    ]
    if keywords:
        # pyHanko 0.38 names this property pdf:keywords, which no schema defines; PDF/A wants the
        # PDF schema's pdf:Keywords, equal to the Info dictionary's /Keywords.
        fields.append((model.ExpandedName(ns=model.NS["pdf"], local_name="Keywords"), model.XmpValue(keywords)))
    return model.XmpStructure.of(*fields)


def _output_intent(writer: IncrementalPdfFileWriter) -> generic.DictionaryObject:
    profile = generic.StreamObject(
        {pdf_name("/N"): generic.NumberObject(3)}, stream_data=srgb_profile()
    )
    profile.compress()
    return generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/OutputIntent"),
        pdf_name("/S"): pdf_name("/GTS_PDFA1"),
        pdf_name("/OutputConditionIdentifier"): generic.TextStringObject(OUTPUT_CONDITION),
        pdf_name("/Info"): generic.TextStringObject(OUTPUT_CONDITION),
        pdf_name("/RegistryName"): generic.TextStringObject("http://www.color.org"),
        pdf_name("/DestOutputProfile"): writer.add_object(profile),
    })


def _creation_date(writer: IncrementalPdfFileWriter) -> dt.datetime | None:
    try:
        return generic.parse_pdf_date(writer.prev.trailer["/Info"]["/CreationDate"], strict=False)
    except Exception:  # no Info dictionary or no readable date: the caller's moment is used
        return None


def make_pdfa(pdf: bytes, facts: DocumentFacts, *, moment: dt.datetime) -> bytes:
    """`pdf` (reportlab's, fonts embedded) with PDF/A-3b metadata and an sRGB output intent."""
    writer = PdfAWriter(io.BytesIO(pdf), moment=moment)
    meta = writer.document_meta
    meta.title, meta.author, meta.subject, meta.creator = facts.title, facts.author, facts.subject, facts.creator
    meta.created = facts.created or _creation_date(writer) or moment
    keywords = ", ".join(facts.keywords) or None
    meta.xmp_extra = [_pdfa_identification(keywords)]
    writer.keywords = keywords
    root = writer.root
    root["/OutputIntents"] = generic.ArrayObject([writer.add_object(_output_intent(writer))])
    writer.update_root()
    # The update writes the XMP from `meta` and its extra structure (PdfAWriter), with the same
    # moment as the Info dictionary.
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
