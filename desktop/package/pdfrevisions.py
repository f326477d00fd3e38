"""A bound on the incremental revisions of a PDF the verifier reads (`ct20 verify`, the PDF checker
and the report PDF of a package in the Inbox).

pyHanko reads every cross-reference section of a file when it opens it, and its difference
analysis then compares each revision after a signature with the signed one, for every signature:
the cost grows with the square of the number of revisions (measured: 1,000 empty revisions after a
signature take 2.3 s to verify, 2,000 take 9.5 s, 4,000 take 42 s), and a 100 MB file can hold
hundreds of thousands of them. Each revision may also rewrite the XMP metadata, which is parsed
(desktop/package/diffpolicy.py). A genuine signed report has a handful of revisions: the
signature, the validation data (DSS) of B-LT, a document timestamp, perhaps a second signature
or an incremental save by Acrobat. So `read_pdf` refuses a file with more than
`MAX_PDF_REVISIONS`, counting while pyHanko reads the sections (it stops at the first one over
the limit, without reading the rest), and the caller tells the user why (`too_many_revisions`).
Other readers of PDFs (signing the app's own reports) are not bounded.
"""

from __future__ import annotations

import contextvars
import functools
import io
from collections.abc import Callable
from typing import Any

from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.xref import XRefBuilder

from desktop.i18n import N_, Message

# Far above any genuine document (a handful), low enough that the worst file within it verifies in
# seconds: the difference analysis costs about signatures x revisions x signature fields, so one
# signature and 97 document timestamps (98 revisions) took 21.5 s, 40 timestamps and 58 XMP
# revisions 10 s; at 50 such files take 1-3 s (bench/bench_pdf_revisions.py). Each revision's XMP
# costs at most xmp.MAX_NODES Python calls to check, once per process.
MAX_PDF_REVISIONS = 50

_LIMIT: contextvars.ContextVar[int | None] = contextvars.ContextVar("pdf_revision_limit", default=None)


class TooManyRevisions(PdfReadError):
    """The PDF has more incremental revisions (cross-reference sections) than allowed."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit} revisions")
        self.limit = limit

    @property
    def message(self) -> Message:
        """What the user is told."""
        return too_many_revisions(self.limit)


def too_many_revisions(limit: int = MAX_PDF_REVISIONS) -> Message:
    return Message(N_("The PDF has more than {limit} revisions (incremental updates); a genuine signed "
                      "document has only a few, so it was not checked"), limit=limit)


def read_pdf(data: bytes, limit: int = MAX_PDF_REVISIONS) -> PdfFileReader:
    """pyHanko's reader of `data` (not strict), or TooManyRevisions when it has more than `limit`
    revisions; any other PdfReadError or exception as pyHanko raises it."""
    token = _LIMIT.set(limit)
    try:
        return PdfFileReader(io.BytesIO(data), strict=False)
    finally:
        _LIMIT.reset(token)


def _bounded(read_section: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(read_section)
    def read(self: XRefBuilder, *args: Any, **kwargs: Any) -> Any:
        limit = _LIMIT.get()
        if limit is not None and len(self.sections) >= limit:  # this would be section limit + 1
            raise TooManyRevisions(limit)
        return read_section(self, *args, **kwargs)

    read.bounded = True  # type: ignore[attr-defined]
    return read


def install() -> None:
    """Count the sections pyHanko reads (every cross-reference table or stream is one revision);
    without `read_pdf`'s limit set, nothing changes."""
    for name in ("_read_xref_table", "_read_xref_stream"):
        method = getattr(XRefBuilder, name)
        if not getattr(method, "bounded", False):
            setattr(XRefBuilder, name, _bounded(method))


install()
