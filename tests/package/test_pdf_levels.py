"""`check_pdf_signature` on a PDF alone (what `ct20 verify file.pdf` reuses): B-T from the signature's
own timestamp, B-LT when the DSS carries the signer's revocation data, B-LTA when a valid document
timestamp follows; the DSS's CRL is used for revocation."""

from __future__ import annotations

import asyncio
import io

from asn1crypto import crl as asn1_crl
from asn1crypto import keys
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation.dss import DocumentSecurityStore
from pyhanko_certvalidator.registry import SimpleCertificateStore

from desktop.package.roots import make_trust
from desktop.package.sigcheck import SignatureCheck, check_pdf_signature
from desktop.signing.signers import to_asn1
from tests.export.helpers import report_pdf
from tests.package.helpers import stamper
from tests.pki import Identity, TestPki


def _signed(identity: Identity, pki: TestPki) -> bytes:
    signer = signers.SimpleSigner(
        signing_cert=to_asn1(identity.cert), signing_key=keys.PrivateKeyInfo.load(identity.key_der),
        cert_registry=SimpleCertificateStore.from_certs([to_asn1(c) for c in identity.chain]),
    )
    meta = signers.PdfSignatureMetadata(field_name="ChuKySo1", subfilter=fields.SigSeedSubFilter.PADES)
    out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(report_pdf(1))), meta, signer=signer,
                           timestamper=stamper(pki.tsa))
    return out.getvalue()


def _with_dss(pdf: bytes, crl: bytes) -> bytes:
    buffer = io.BytesIO(pdf)
    (signature,) = PdfFileReader(buffer).embedded_signatures
    DocumentSecurityStore.add_dss(buffer, bytes(signature.sig_object["/Contents"]), crls=[asn1_crl.CertificateList.load(crl)])
    return buffer.getvalue()


def _with_document_timestamp(pdf: bytes, pki: TestPki) -> bytes:
    out = signers.PdfTimeStamper(stamper(pki.tsa)).timestamp_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), "sha256")
    return out.getvalue()


def _check(pdf: bytes, pki: TestPki) -> SignatureCheck:
    reader = PdfFileReader(io.BytesIO(pdf))
    first = reader.embedded_signatures[0]
    return asyncio.run(check_pdf_signature(first, reader, trust=make_trust([pki.root.cert])))


def test_levels_of_a_pdf_signature(pki: TestPki) -> None:
    crl = x509.load_pem_x509_crl(pki.crl_pem.read_bytes()).public_bytes(Encoding.DER)
    b_t = _signed(pki.signer, pki)
    checked = _check(b_t, pki)
    assert checked.verdict == "valid" and checked.level == "B-T" and checked.timestamped, checked.problems
    assert checked.notes  # no revocation data yet
    b_lt = _with_dss(b_t, crl)
    checked = _check(b_lt, pki)
    assert checked.verdict == "valid" and checked.level == "B-LT" and checked.notes == [], checked.problems
    b_lta = _with_document_timestamp(b_lt, pki)
    assert _check(b_lta, pki).level == "B-LTA"


def test_the_dss_crl_is_used_for_revocation(pki: TestPki) -> None:
    crl = x509.load_pem_x509_crl(pki.crl_pem.read_bytes()).public_bytes(Encoding.DER)
    checked = _check(_with_dss(_signed(pki.revoked_signer, pki), crl), pki)
    assert checked.verdict == "invalid"
    assert checked.problems[-1].msgid.startswith("The signer's certificate was revoked on")
