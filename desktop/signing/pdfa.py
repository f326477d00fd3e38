"""PDF/A-3b for the report (package.md, "One truth, two readings").

reportlab draws the pages with every font embedded; this module adds, in one incremental update,
what PDF/A-3b asks of the document as a whole: XMP metadata carrying the PDF/A identification
(part 3, conformance B) and the same title, author, subject, keywords, creator, producer and dates
as the document information dictionary, and an sRGB output intent. Every later incremental update
(embedding the data file, signing) goes through `PdfAWriter`, which writes one modification time
into both the information dictionary and the XMP, so they stay equal.
"""

from __future__ import annotations

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

    pyHanko refreshes both on every update, but reads the clock twice and appends its name to
    the Info dictionary's producer only; here one `moment` and one producer go to both.
    """

    def __init__(self, stream: io.BytesIO, *, moment: dt.datetime, **kwargs: object) -> None:
        super().__init__(stream, strict=False, **kwargs)  # type: ignore[arg-type]
        self.moment = moment.replace(microsecond=0)
        self.keywords: str | None = None  # set: written to the Info dictionary as in the XMP

    def _update_meta(self) -> None:
        super()._update_meta()
        if "/Metadata" not in self.root:
            return
        self._meta.last_modified = self.moment
        if self._info is not None:
            info = self._info.get_object()
            update_info_dict(self._meta, info, only_update_existing=True)
            info["/Producer"] = generic.TextStringObject(model.VENDOR)
            info.pop("/Trapped", None)  # no XMP twin is written for it
            if self.keywords is not None:
                info["/Keywords"] = generic.TextStringObject(self.keywords)
            self.mark_update(self._info)
        metadata = self.root["/Metadata"]
        self._meta.xmp_extra = []  # already in the stream: adding it again would repeat properties
        metadata.update_xmp_with_meta(self._meta)
        self.update_container(metadata)


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
    # The first update writes a fresh XMP stream from `meta` (pyHanko does this once /Metadata is
    # wanted); PdfAWriter then puts the same moment into it and the Info dictionary.
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
