"""RSASSA-PSS where the key supports it (Thông tư 15/2025/TT-BKHCN): a .p12 always, a token when it
offers the mechanism; ECDSA keys as they come. Checked by us, by `openssl cms -verify` and pdfsig."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from pkcs11 import Mechanism
from pyhanko.pdf_utils.reader import PdfFileReader

from desktop.package import asic
from desktop.package.pdfverify import verify_pdf
from desktop.package.verify import verify_package
from desktop.signing import pdfsign
from desktop.signing.signers import OpenedSigner, open_p12, open_pkcs11, token_offers_pss
from tests.export.helpers import SIGNATURE_BOX, data_json, report_pdf
from tests.pki import ORG, TestPki, _certificate, _name, _usage
from tests.softhsm import SoftHsm


def _algorithm(pdf: bytes) -> str:
    (signature,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    return signature.signer_info["signature_algorithm"]["algorithm"].native


def _independent_checks(pdf: bytes, pki: TestPki, folder: Path) -> None:
    """openssl over the signed byte ranges, with the test root; pdfsig on the file."""
    if shutil.which("openssl") is None or shutil.which("pdfsig") is None:
        pytest.fail("openssl and poppler-utils are needed")
    (signature,) = PdfFileReader(io.BytesIO(pdf)).embedded_signatures
    byte_range = [int(v) for v in signature.sig_object.raw_get("/ByteRange")]
    start, end = byte_range[1], byte_range[2]
    (folder / "sig.p7s").write_bytes(bytes.fromhex(pdf[start + 1 : end - 1].decode()))
    (folder / "content.bin").write_bytes(pdf[:start] + pdf[end:])
    done = subprocess.run(
        ["openssl", "cms", "-verify", "-inform", "DER", "-in", str(folder / "sig.p7s"), "-binary",
         "-content", str(folder / "content.bin"), "-CAfile", str(pki.root_pem), "-purpose", "any",
         "-out", "/dev/null"], capture_output=True, text=True)  # fmt: skip
    assert "CMS Verification successful" in done.stderr, done.stderr
    (folder / "signed.pdf").write_bytes(pdf)
    out = subprocess.run(["pdfsig", "-nocert", str(folder / "signed.pdf")], capture_output=True, text=True).stdout
    assert "Signature is Valid." in out and "Total document signed" in out, out


def _sign(signer: OpenedSigner) -> bytes:
    return pdfsign.sign_pdf(report_pdf(1), signer, SIGNATURE_BOX, data_json=data_json()).data


def test_p12_signs_with_rsa_pss(pki: TestPki, tmp_path: Path) -> None:
    with open_p12(pki.signer.p12_path, pki.signer.password) as signer:
        pdf = _sign(signer)
        package = asic.build_package(pdf, data_json(), [], signer).data
    assert _algorithm(pdf) == "rsassa_pss"
    assert verify_pdf(pdf, trust_roots=[pki.root.cert]).status == "valid"
    _independent_checks(pdf, pki, tmp_path)
    container = asic.read_package(package)
    from asn1crypto import cms

    signer_info = cms.ContentInfo.load(container.signature)["content"]["signer_infos"][0]
    assert signer_info["signature_algorithm"]["algorithm"].native == "rsassa_pss"
    assert verify_package(package, trust_roots=[pki.root.cert]).status == "valid"


def test_softhsm_offers_pss_so_the_token_signs_with_it(softhsm: SoftHsm, pki: TestPki, tmp_path: Path) -> None:
    with open_pkcs11(softhsm.module, softhsm.labelled_token, softhsm.pin, key_label=softhsm.signer_key_label) as signer:
        assert signer.signer.prefer_pss
        pdf = _sign(signer)
    assert _algorithm(pdf) == "rsassa_pss"
    assert verify_pdf(pdf, trust_roots=[pki.root.cert]).status == "valid"
    _independent_checks(pdf, pki, tmp_path)


class _Slot:
    def __init__(self, mechanisms: set[Mechanism]) -> None:
        self.mechanisms = mechanisms

    def get_mechanisms(self) -> set[Mechanism]:
        return self.mechanisms


class _Token:
    """A vendor token as python-pkcs11 shows it: only its slot's mechanism list matters here."""

    def __init__(self, mechanisms: set[Mechanism]) -> None:
        self.slot = _Slot(mechanisms)


def test_a_token_without_the_pss_mechanism_keeps_pkcs1_v1_5() -> None:
    old = {Mechanism.RSA_PKCS, Mechanism.SHA256_RSA_PKCS}
    assert not token_offers_pss(_Token(old))
    assert not token_offers_pss(_Token({*old, Mechanism.RSA_PKCS_PSS}))  # cannot hash for itself
    assert token_offers_pss(_Token({*old, Mechanism.RSA_PKCS_PSS, Mechanism.SHA256_RSA_PKCS_PSS}))


def test_ecdsa_key_signs_as_it_comes(pki: TestPki, tmp_path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = _certificate(_name("Lê Thị Elip", ORG), key, pki.issuing_ca, ca=False,  # type: ignore[arg-type]
                        usage=_usage(digital_signature=True, content_commitment=True),
                        not_before=now - dt.timedelta(days=1), not_after=now + dt.timedelta(days=300))
    path = tmp_path / "ec.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"ec", key, cert, [pki.issuing_ca.cert], serialization.BestAvailableEncryption(b"pw")))
    with open_p12(path, b"pw") as signer:
        assert not signer.signer.prefer_pss
        pdf = _sign(signer)
    assert _algorithm(pdf) == "sha256_ecdsa"
    assert isinstance(x509.load_der_x509_certificate(cert.public_bytes(serialization.Encoding.DER)).public_key(),
                      ec.EllipticCurvePublicKey)
    assert verify_pdf(pdf, trust_roots=[pki.root.cert]).status == "valid"
    _independent_checks(pdf, pki, tmp_path)
