"""Signed PDFs as real government software makes them, built from real pyHanko signatures and
then bent: BER re-encoding, junk unsigned attributes, only the signer's certificate, clocks
that label local time as UTC, two signatures with a change between them, augmentations."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
from collections.abc import Callable

from asn1crypto import cms, core, keys
from pyhanko.pdf_utils.generic import pdf_name
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfTimeStamper
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from desktop.signing.signers import to_asn1
from tests.pki import Identity, TestPki

ADOBE = fields.SigSeedSubFilter.ADOBE_PKCS7_DETACHED
PADES = fields.SigSeedSubFilter.PADES


def test_timestamper(pki: TestPki, at: dt.datetime | None = None) -> DummyTimeStamper:
    return DummyTimeStamper(
        tsa_cert=to_asn1(pki.tsa.cert),
        tsa_key=keys.PrivateKeyInfo.load(pki.tsa.key_der),
        certs_to_embed=[to_asn1(pki.issuing_ca.cert)],
        fixed_dt=at,
    )


class _ShiftedClockSigner(signers.SimpleSigner):
    """Writes a CMS signing-time `shift` away from the time in /M, as software that puts the
    local time into a UTCTime (which means UTC) does."""

    shift = dt.timedelta(0)

    def _signed_attr_providers(self, data_digest, digest_algorithm, attr_settings, **kwargs):  # type: ignore[no-untyped-def]
        if attr_settings is not None and attr_settings.signing_time is not None:
            attr_settings = dataclasses.replace(attr_settings, signing_time=attr_settings.signing_time + self.shift)
        return super()._signed_attr_providers(data_digest, digest_algorithm, attr_settings, **kwargs)


def raw_signer(identity: Identity, *, chain: bool = True, clock_shift: dt.timedelta | None = None,
               pss: bool = False) -> signers.SimpleSigner:
    cls = _ShiftedClockSigner if clock_shift is not None else signers.SimpleSigner
    signer = cls(
        signing_cert=to_asn1(identity.cert),
        signing_key=keys.PrivateKeyInfo.load(identity.key_der),
        cert_registry=SimpleCertificateStore.from_certs([to_asn1(c) for c in identity.chain] if chain else []),
        prefer_pss=pss,
    )
    if clock_shift is not None:
        signer.shift = clock_shift  # type: ignore[attr-defined]
    return signer


def sign(
    pdf: bytes,
    signer: signers.Signer,
    *,
    field: str = "Signature1",
    subfilter: fields.SigSeedSubFilter = PADES,
    timestamper: DummyTimeStamper | None = None,
    at: dt.datetime | None = None,
) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    meta = signers.PdfSignatureMetadata(field_name=field, md_algorithm="sha256", subfilter=subfilter)
    pdf_signer = signers.PdfSigner(meta, signer, timestamper=timestamper,
                                   new_field_spec=fields.SigFieldSpec(field, box=(50, 50, 200, 100)))
    if at is not None:
        original = pdf_signer.init_signing_session

        def fixed(pdf_out, existing_fields_only=False):  # type: ignore[no-untyped-def]
            session = original(pdf_out, existing_fields_only=existing_fields_only)
            session.system_time = at
            return session

        pdf_signer.init_signing_session = fixed  # type: ignore[method-assign]
    return pdf_signer.sign_pdf(writer).getvalue()


def change_content(pdf: bytes, text: bytes = b"(Noi dung them sau khi ky) Tj") -> bytes:
    """An incremental update that draws something new on the first page."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    from pyhanko.pdf_utils import generic

    stream = writer.add_object(generic.StreamObject(stream_data=b"BT /F1 12 Tf 72 400 Td " + text + b" ET"))
    writer.add_stream_to_page(0, stream, prepend=False)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def validation_context(pki: TestPki, *, with_crl: bool = True) -> ValidationContext:
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509 import load_pem_x509_crl

    crl = load_pem_x509_crl(pki.crl_pem.read_bytes()).public_bytes(Encoding.DER)
    return ValidationContext(
        trust_roots=[to_asn1(pki.root.cert)],
        other_certs=[to_asn1(pki.issuing_ca.cert)],
        crls=[crl] if with_crl else [],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )


def add_dss(pdf: bytes, pki: TestPki) -> bytes:
    """B-LT: the validation data of the last signature in a DSS, in an incremental update."""
    from pyhanko.sign.validation import add_validation_info

    signature = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures[-1]
    return add_validation_info(signature, validation_context(pki), output=io.BytesIO()).getvalue()


def add_crl_to_dss(pdf: bytes, pki: TestPki) -> bytes:
    """A DSS holding the issuing CA's CRL as it is, whatever it says (pyHanko's own helper refuses
    to collect data for a revoked certificate)."""
    from asn1crypto import crl as asn1_crl
    from cryptography.hazmat.primitives.serialization import Encoding
    from cryptography.x509 import load_pem_x509_crl
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    crl = load_pem_x509_crl(pki.crl_pem.read_bytes()).public_bytes(Encoding.DER)
    out = io.BytesIO(pdf)
    DocumentSecurityStore.add_dss(out, None, certs=[to_asn1(pki.issuing_ca.cert)],
                                  crls=[asn1_crl.CertificateList.load(crl)])
    return out.getvalue()


def augment(pdf: bytes, pki: TestPki, *, at: dt.datetime | None = None) -> bytes:
    """The standard PAdES augmentation to B-LTA: a DSS with the signature's validation data, then a
    document timestamp (pyHanko adds the timestamp's own validation data after it)."""
    writer = IncrementalPdfFileWriter(io.BytesIO(add_dss(pdf, pki)), strict=False)
    stamper = PdfTimeStamper(test_timestamper(pki, at))
    return stamper.timestamp_pdf(writer, "sha256", validation_context=validation_context(pki)).getvalue()


def document_timestamp(pdf: bytes, pki: TestPki) -> bytes:
    """Only a document timestamp (no validation data): it gives an unstamped signature a proven time."""
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    return PdfTimeStamper(test_timestamper(pki)).timestamp_pdf(writer, "sha256").getvalue()


# ---- bending the CMS inside /Contents -------------------------------------------------------

def _contents_span(pdf: bytes, index: int = -1) -> tuple[int, int]:
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    signature = reader.embedded_signatures[index]
    byte_range = [int(v) for v in signature.sig_object.raw_get("/ByteRange")]
    return byte_range[1] + 1, byte_range[2] - 1  # inside the < >


def replace_cms(pdf: bytes, change: Callable[[bytes], bytes], index: int = -1) -> bytes:
    start, end = _contents_span(pdf, index)
    old = bytes.fromhex(pdf[start:end].decode())
    new = change(old).hex().encode()
    if len(new) > end - start:
        raise ValueError("the new signature does not fit in the space reserved for it")
    return pdf[:start] + new + b"0" * (end - start - len(new)) + pdf[end:]


def _tlv(data: bytes, pos: int) -> tuple[int, int, int]:
    """(header end, content end, element end) of the DER element at `pos`."""
    length_byte = data[pos + 1]
    if length_byte < 0x80:
        return pos + 2, pos + 2 + length_byte, pos + 2 + length_byte
    count = length_byte & 0x7F
    length = int.from_bytes(data[pos + 2 : pos + 2 + count], "big")
    start = pos + 2 + count
    return start, start + length, start + length


def _children(data: bytes) -> list[bytes]:
    start, end, _ = _tlv(data, 0)
    out, pos = [], start
    while pos < end:
        _, _, element_end = _tlv(data, pos)
        out.append(data[pos:element_end])
        pos = element_end
    return out


def _indefinite(data: bytes, keep: Callable[[bytes, tuple[int, ...]], bool], path: tuple[int, ...] = ()) -> bytes:
    tag = data[0]
    if not tag & 0x20 or keep(data, path):
        return data
    inner = b"".join(_indefinite(child, keep, (*path, i)) for i, child in enumerate(_children(data)))
    return bytes([tag, 0x80]) + inner + b"\x00\x00"


def der_to_ber(signature: bytes) -> bytes:
    """Every constructed element as BER indefinite length, as some Java and .NET signers write,
    except what is signed as DER (certificates, signed attributes) and the unsigned attributes."""
    der = signature[: _tlv(signature, 0)[2]]

    def keep(node: bytes, path: tuple[int, ...]) -> bool:
        # certificates inside SignedData [0]; signed [0] / unsigned [1] attributes of a SignerInfo
        if len(path) == 4 and path[:2] == (1, 0) and node[0] == 0x30 and _is_cert_set(der, path):
            return True
        return len(path) == 5 and node[0] in (0xA0, 0xA1)

    return _indefinite(der, keep)


def _is_cert_set(der: bytes, path: tuple[int, ...]) -> bool:
    signed_data = _children(_children(der)[1])[0]
    return _children(signed_data)[path[2]][0] == 0xA0


def add_unsigned_attribute(signature: bytes, attribute: cms.CMSAttribute) -> bytes:
    content = cms.ContentInfo.load(signature)
    signer_info = content["content"]["signer_infos"][0]
    present = list(signer_info["unsigned_attrs"]) if signer_info["unsigned_attrs"].native else []
    signer_info["unsigned_attrs"] = cms.CMSAttributes([*present, attribute])
    return content.dump(force=False)


def junk_attribute() -> cms.CMSAttribute:
    """An attribute holding a value that is not well-formed for its type: Microsoft's nested
    signature OID with a string where a signature should be, as old signing tools leave."""
    junk = core.OctetString(b"\x01junk-from-an-old-signing-tool\xff").dump()
    body = core.ObjectIdentifier("1.3.6.1.4.1.311.2.4.1").dump() + b"\x31" + bytes([len(junk)]) + junk
    return cms.CMSAttribute.load(b"\x30" + bytes([len(body)]) + body)


def damaged_timestamp_attribute() -> cms.CMSAttribute:
    """A signature-timestamp attribute whose token is garbage: parsing it as a token fails."""
    garbage = b"\x30\x05\x04\x03abc"
    body = core.ObjectIdentifier("1.2.840.113549.1.9.16.2.14").dump() + b"\x31" + bytes([len(garbage)]) + garbage
    return cms.CMSAttribute.load(b"\x30" + bytes([len(body)]) + body)


def set_annotation_flag_only(pdf: bytes) -> bytes:
    """An incremental update that only adds a comment (an annotation) to the first page."""
    from pyhanko.pdf_utils import generic

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    page_ref = writer.find_page_for_modification(0)[0]
    page = page_ref.get_object()
    annot = generic.DictionaryObject({
        pdf_name("/Type"): pdf_name("/Annot"), pdf_name("/Subtype"): pdf_name("/Text"),
        pdf_name("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (10, 10, 30, 30)]),
        pdf_name("/Contents"): generic.TextStringObject("Ghi chú"),
    })
    annots = page.get("/Annots")
    ref = writer.add_object(annot)
    if isinstance(annots, generic.ArrayObject):
        annots.append(ref)
    else:
        page["/Annots"] = generic.ArrayObject([ref])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
