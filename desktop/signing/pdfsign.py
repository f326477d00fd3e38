"""Put the data file inside the report PDF, then sign the PDF (PAdES, visible signature), last.

One incremental update holds both the embedded `du-lieu.json` and the signature, so the PAdES
signature covers the data too (package.md, "One truth, two readings"). Nothing may rewrite the
PDF after `sign_pdf`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.embed import EmbeddedFileObject, EmbeddedFileParams, FileSpec, embed_file
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.layout import AxisAlignment, BoxConstraints, Margins, SimpleBoxLayoutRule
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.validation.dss import DocumentSecurityStore, collect_validation_info
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext

from desktop.i18n import N_, LocalizedError, Message
from desktop.signing import embedded
from desktop.signing.pdfa import PdfAWriter
from desktop.signing.signers import VN_TZ, OpenedSigner, to_asn1
from desktop.signing.stamp import render_stamp, stamp_lines
from desktop.signing.tsa import reachable_timestamper

log = logging.getLogger(__name__)

DATA_FILE_NAME = "du-lieu.json"
SIGNATURE_FIELD = "ChuKySo1"


@dataclass(frozen=True)
class SignatureBox:
    """Where the visible signature goes: a page (0-based, negative counts from the end) and a
    rectangle (x1, y1, x2, y2) in PDF points from the page's bottom-left corner."""

    page: int
    rect: tuple[float, float, float, float]

    @property
    def width(self) -> float:
        return abs(self.rect[2] - self.rect[0])

    @property
    def height(self) -> float:
        return abs(self.rect[3] - self.rect[1])


@dataclass(frozen=True)
class SignedPdf:
    # Not in the repr: asyncio.run, run from the main thread, puts the finished task (whose result
    # this is) into a repr while it restores the Ctrl+C handler, and a 2,000-row report's bytes
    # cost milliseconds to spell out there, only to be cut short.
    data: bytes = field(repr=False)
    signed_at: dt.datetime  # the signer's clock, Vietnam time; shown on the stamp
    timestamped: bool
    level: str = "B-B"  # PAdES baseline level reached: "B-B", "B-T" or "B-LT"
    revocation_missing: bool = False  # revocation data was asked for but none could be had


@dataclass(frozen=True)
class RevocationSource:
    """What B-LT embeds: the validation data of the signer's chain, from the CRLs at hand and, when
    the user switched online checks on (`fetch`), CRL/OCSP answers fetched from the addresses the
    certificates name. `trust_roots` end the chain (certificates in any form `to_asn1` takes)."""

    trust_roots: Sequence[Any]
    crls: Sequence[bytes] = ()
    fetch: bool = False


def embed_data_file(
    writer: BasePdfFileWriter,
    data: bytes,
    *,
    name: str = DATA_FILE_NAME,
    when: dt.datetime | None = None,
    description: str = "Dữ liệu của báo cáo (máy đọc được)",
) -> None:
    """Attach `data` as a document-level embedded file associated with the document (PDF/A-3 AF,
    relationship /Data), without pyHanko's bump of the output version to PDF 2.0."""
    when = when or dt.datetime.now(VN_TZ)
    stream = EmbeddedFileObject.from_file_data(
        writer,
        data,
        mime_type="application/json",
        params=EmbeddedFileParams(creation_date=when, modification_date=when),
    )
    embed_file(
        writer,
        FileSpec(file_spec_string=name, file_name=name, embedded_data=stream, description=description),
    )
    names = writer.root["/Names"]["/EmbeddedFiles"]["/Names"]
    spec_ref = names[-1]
    spec_ref.get_object()["/AFRelationship"] = pdf_name("/Data")
    root = writer.root
    associated = root.get("/AF")
    if isinstance(associated, generic.ArrayObject):
        associated.append(spec_ref)
        writer.update_container(associated)
    else:
        root["/AF"] = generic.ArrayObject([spec_ref])
        writer.update_root()


def read_embedded_file(reader: PdfFileReader, name: str = DATA_FILE_NAME) -> bytes | None:
    """The content of the document's one embedded file `name`, or None when the PDF has none by
    that name. Raises EmbeddedFileError when it is there more than once or cannot be read."""
    return embedded.read_embedded_file(reader, name)


class _PdfPageBytes(PdfContent):
    """The first page of an in-memory PDF as a form XObject (pyHanko's ImportedPdfPage wants a
    file name)."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._data = data

    def render(self) -> bytes:
        reader = PdfFileReader(io.BytesIO(self._data))
        xobject = self._ensure_writer.import_page_as_xobject(reader, page_ix=0)
        self.resources.xobject["/Stamp"] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return b"/Stamp Do"


class _PdfSignerAt(signers.PdfSigner):
    """A PdfSigner whose signing time is fixed beforehand, so that the time drawn on the stamp and
    the time in the signature dictionary are the same second."""

    def __init__(self, *args: object, signing_time: dt.datetime, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out, existing_fields_only=False):  # type: ignore[no-untyped-def]
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._signing_time
        _remember_estimates(session)
        return session


# pyHanko sizes the space it reserves for the signature by building a whole trial signature
# (a third of the time of signing a 2,000-row report). Without a timestamp or revocation data the
# trial depends only on the signer (its certificates, mechanism and attributes) and the settings
# below, so the size found for one signer is the size it would find again: remembered per process.
_ESTIMATES: dict[tuple, int] = {}


def _estimate_key(session: Any, tight: bool) -> tuple | None:
    """What pyHanko's trial signature depends on, or None when it may vary (a timestamp server's
    token, revocation data, custom attribute providers)."""
    signer = session.pdf_signer.signer
    if (session.timestamper is not None or signer.signing_cert is None
            or signer.signed_attr_prov_spec is not None or signer.unsigned_attr_prov_spec is not None
            or session.pdf_signer.signature_meta.cades_signed_attr_spec is not None):
        return None
    md = session.md_algorithm
    return (type(signer), signer.signing_cert.dump(), tuple(sorted(c.dump() for c in signer.cert_registry)),
            signer.get_signature_mechanism_for_digest(md).dump(), signer.embed_roots,
            tuple(c.dump() for c in signer._attribute_certs), md, session.use_pades, tight,
            # the signing time is a signed attribute outside PAdES: UTCTime until 2049, then longer
            None if session.use_pades else session.system_time.year >= 2050)


def _remember_estimates(session: Any) -> None:
    estimate = session.estimate_signature_container_size

    async def remembered(validation_info: Any, tight: bool = False) -> int:
        key = None if validation_info is not None else _estimate_key(session, tight)
        if key is None:
            return int(await estimate(validation_info, tight=tight))
        found = _ESTIMATES.get(key)
        if found is None:
            if len(_ESTIMATES) > 32:  # a handful of signers per process; never a growing table
                _ESTIMATES.clear()
            found = _ESTIMATES[key] = int(await estimate(validation_info, tight=tight))
        return found

    session.estimate_signature_container_size = remembered


def sign_pdf(
    pdf: bytes,
    signer: OpenedSigner,
    box: SignatureBox,
    *,
    data_json: bytes | None = None,
    timestamp_url: str | None = None,
    timestamp_required: bool = False,
    signing_time: dt.datetime | None = None,
    reason: str | None = None,
    location: str | None = None,
    font_path: Path | None = None,
    revocation: RevocationSource | None = None,
) -> SignedPdf:
    """Embed `data_json` (when given) and sign: PAdES B-B, or B-T when the timestamp server
    answers, or B-LT when it does and `revocation` gives the validation data, which then goes in a
    DSS in an incremental update after the signature (the standard augmentation). Synchronous;
    run it in a worker thread."""
    signed_at = (signing_time or dt.datetime.now(VN_TZ)).astimezone(VN_TZ).replace(microsecond=0)
    x1, y1, x2, y2 = (round(value) for value in box.rect)
    box = SignatureBox(box.page, (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)))
    appearance = render_stamp(
        stamp_lines(signer.info, signed_at), box.width, box.height, font_path=font_path
    )
    try:
        # PdfAWriter: the Info dictionary and the XMP of a PDF/A report get the same ModDate
        writer = PdfAWriter(io.BytesIO(pdf), moment=signed_at)
    except Exception:
        raise LocalizedError(Message(N_("The report PDF could not be read for signing"))) from None
    if data_json is not None:
        embed_data_file(writer, data_json, when=signed_at)
    signed = asyncio.run(
        _sign(writer, signer, box, appearance, signed_at, timestamp_url, timestamp_required,
              reason, location)
    )  # fmt: skip
    if revocation is None:
        return signed
    return asyncio.run(_add_validation_data(signed, signer, revocation))


async def _add_validation_data(signed: SignedPdf, signer: OpenedSigner, source: RevocationSource) -> SignedPdf:
    """The signature's chain with its CRL/OCSP answers in the document's DSS (PAdES B-LT)."""
    context = ValidationContext(
        trust_roots=[to_asn1(root) for root in source.trust_roots],
        other_certs=[to_asn1(cert) for cert in signer.chain],
        crls=list(source.crls),
        allow_fetching=source.fetch,
        revocation_mode="soft-fail",
    )
    try:
        signature = PdfFileReader(io.BytesIO(signed.data), strict=False).embedded_signatures[-1]
        paths = await collect_validation_info(signature, context)
        writer = PdfAWriter(io.BytesIO(signed.data), moment=dt.datetime.now(VN_TZ))
        DocumentSecurityStore.supply_dss_in_writer(
            writer, signature.pkcs7_content.hex().encode("ascii"), validation_context=context, paths=paths
        )
        out = io.BytesIO()
        writer.write(out)
    except Exception:  # no path to a known root, a CRL server away: the signature stays as it is
        log.info("no validation data could be embedded", exc_info=True)
        return replace(signed, revocation_missing=True)
    data = out.getvalue()
    has_revocation = revocation_data_count(data) > 0
    level = "B-LT" if signed.timestamped and has_revocation else signed.level
    return replace(signed, data=data, level=level, revocation_missing=not has_revocation)


def revocation_data_count(pdf: bytes) -> int:
    """How many CRLs and OCSP answers the document's DSS holds."""
    try:
        dss = DocumentSecurityStore.read_dss(PdfFileReader(io.BytesIO(pdf), strict=False))
    except Exception:  # no DSS
        return 0
    return len(dss.crls) + len(dss.ocsps)


async def _sign(
    writer: IncrementalPdfFileWriter,
    signer: OpenedSigner,
    box: SignatureBox,
    appearance: bytes,
    signed_at: dt.datetime,
    timestamp_url: str | None,
    timestamp_required: bool,
    reason: str | None,
    location: str | None,
) -> SignedPdf:
    timestamper: TimeStamper | None = await reachable_timestamper(
        timestamp_url, required=timestamp_required
    )
    field_spec = fields.SigFieldSpec(
        SIGNATURE_FIELD, on_page=box.page, box=tuple(int(v) for v in box.rect)  # type: ignore[arg-type]
    )
    style = StaticStampStyle(
        background=_PdfPageBytes(appearance),
        border_width=0,
        background_opacity=1.0,
        background_layout=SimpleBoxLayoutRule(
            x_align=AxisAlignment.ALIGN_MID,
            y_align=AxisAlignment.ALIGN_MID,
            margins=Margins.uniform(0),
        ),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location,
        name=signer.info.common_name or None,
    )
    pdf_signer = _PdfSignerAt(
        meta,
        signer.signer,
        timestamper=timestamper,
        stamp_style=style,
        new_field_spec=field_spec,
        signing_time=signed_at,
    )
    try:
        output = await pdf_signer.async_sign_pdf(writer)
    except LocalizedError:
        raise
    except Exception as exc:
        raise LocalizedError(
            Message(N_("Signing the report failed: {error}"), error=str(exc) or type(exc).__name__)
        ) from exc
    return SignedPdf(output.getvalue(), signed_at, timestamper is not None,
                     level="B-T" if timestamper is not None else "B-B")
