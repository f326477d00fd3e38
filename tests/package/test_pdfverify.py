"""`verify_pdf` on signed PDFs as real software makes them (package.md, last paragraph of
"Verification"): each case is a real pyHanko signature, bent the way government PDFs are."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from pyhanko.pdf_utils.reader import PdfFileReader

from desktop.package.ber import to_der
from desktop.package.pdfverify import verify_pdf
from tests.export.helpers import report_pdf
from tests.package import pdfs
from tests.pki import Identity, TestPki


@pytest.fixture(scope="module")
def base() -> bytes:
    return report_pdf(1)


@pytest.fixture(scope="module")
def signed(pki: TestPki, base: bytes) -> bytes:
    return pdfs.sign(base, pdfs.raw_signer(pki.signer))


def _only(result):  # type: ignore[no-untyped-def]
    (signature,) = result.signatures
    return signature


def _msgids(messages) -> list[str]:  # type: ignore[no-untyped-def]
    return [message.msgid for message in messages]


def test_a_plain_pades_signature_is_valid_whole_and_b_b(pki: TestPki, signed: bytes) -> None:
    result = verify_pdf(signed, trust_roots=[pki.root.cert])
    signature = _only(result)
    assert result.status == signature.status == "valid", result.problems
    assert signature.signer["name"] == "Nguyễn Văn An"
    assert signature.covers_whole and signature.changes_after == "none"
    assert not signature.proven and signature.signed_at == signature.claimed_at
    assert signature.level == "B-B"
    assert [s.split(",")[0] for s in signature.trust_path] == [
        "Common Name: Nguyễn Văn An", "Common Name: CT20 Test Issuing CA", "Common Name: CT20 Test Root CA"]
    assert signature.trusted_anchor
    record = result.to_json("a.pdf", "vi")
    assert set(record) >= {"file", "status", "signer", "signed_at", "problems", "signatures"}
    assert record["signer"] == "Nguyễn Văn An" and record["signatures"][0]["time"] == "claimed"


def test_a_pdf_without_signature_is_not_valid_and_says_so(pki: TestPki, base: bytes) -> None:
    result = verify_pdf(base, trust_roots=[pki.root.cert])
    assert result.status == "invalid" and result.signatures == []
    assert result.problems[0].render("vi") == "Tệp PDF không có chữ ký số"
    assert result.problems[0].render("en") == "The PDF carries no digital signature"


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 not a pdf", b"%PDF-1.7\n garbage \n%%EOF", b"%PDF-" + b"\x00" * 300])
def test_garbage_is_refused_in_words(pki: TestPki, data: bytes) -> None:
    result = verify_pdf(data, trust_roots=[pki.root.cert])
    assert result.status == "invalid" and result.problems


def test_a_flipped_byte_in_the_signed_content_is_invalid(pki: TestPki, signed: bytes) -> None:
    position = signed.index(b"/Contents", 0) - 40  # inside the first revision's objects
    tampered = signed[:position] + bytes([signed[position] ^ 0x20]) + signed[position + 1 :]
    result = verify_pdf(tampered, trust_roots=[pki.root.cert])
    assert result.status == "invalid"


def test_ber_encoded_signature_is_read_like_its_der_form(pki: TestPki, signed: bytes) -> None:
    bent = pdfs.replace_cms(signed, pdfs.der_to_ber)
    start, end = pdfs._contents_span(bent)
    raw = bytes.fromhex(bent[start:end].decode())
    assert raw[1] == 0x80  # indefinite length indeed
    assert to_der(raw) == to_der(bytes.fromhex(signed[start:end].decode()))
    result = verify_pdf(bent, trust_roots=[pki.root.cert])
    assert result.status == "valid", result.problems
    assert _only(result).signer["name"] == "Nguyễn Văn An"


@pytest.mark.parametrize("attribute", [pdfs.junk_attribute, pdfs.damaged_timestamp_attribute])
def test_junk_unsigned_attributes_are_set_aside_and_said(pki: TestPki, signed: bytes, attribute) -> None:  # type: ignore[no-untyped-def]
    bent = pdfs.replace_cms(signed, lambda cms: pdfs.add_unsigned_attribute(cms, attribute()))
    result = verify_pdf(bent, trust_roots=[pki.root.cert])
    signature = _only(result)
    assert result.status == "valid"
    assert not signature.proven  # a garbage timestamp proves nothing
    assert "Unreadable unsigned attributes of this signature were ignored ({count}); they are not part of what was signed" in _msgids(signature.problems)


def test_ber_and_junk_together_on_an_old_pkcs7_signature(pki: TestPki, base: bytes) -> None:
    old = pdfs.sign(base, pdfs.raw_signer(pki.signer), subfilter=pdfs.ADOBE)
    bent = pdfs.replace_cms(pdfs.replace_cms(old, lambda c: pdfs.add_unsigned_attribute(c, pdfs.junk_attribute())),
                            pdfs.der_to_ber)
    result = verify_pdf(bent, trust_roots=[pki.root.cert])
    signature = _only(result)
    assert result.status == "valid", result.problems
    assert signature.level is None and signature.subfilter == "/adbe.pkcs7.detached"


def test_only_the_signer_certificate_embedded_needs_the_bundled_intermediates(pki: TestPki, base: bytes) -> None:
    lonely = pdfs.sign(base, pdfs.raw_signer(pki.signer, chain=False))
    without = verify_pdf(lonely, trust_roots=[pki.root.cert])
    assert without.status == "untrusted"
    assert _only(without).trust_path[0].startswith("Common Name: Nguyễn Văn An") and not _only(without).trusted_anchor
    completed = verify_pdf(lonely, trust_roots=[pki.root.cert], other_certs=[pki.issuing_ca.cert])
    assert completed.status == "valid", completed.problems
    assert len(_only(completed).trust_path) == 3


def test_local_time_labelled_utc_is_shown_as_claimed_and_explained(pki: TestPki, base: bytes) -> None:
    skewed = pdfs.sign(base, pdfs.raw_signer(pki.signer, clock_shift=dt.timedelta(hours=7)), subfilter=pdfs.ADOBE)
    result = verify_pdf(skewed, trust_roots=[pki.root.cert])
    signature = _only(result)
    assert result.status == "valid"
    assert not signature.proven
    texts = [problem.render("en") for problem in signature.problems]
    assert any("7 hours apart" in text and "local time as UTC" in text for text in texts), texts


def test_a_trusted_timestamp_wins_over_a_wrong_clock(pki: TestPki, base: bytes) -> None:
    real = dt.datetime.now(dt.UTC).replace(microsecond=0)
    stamped = pdfs.sign(base, pdfs.raw_signer(pki.signer), timestamper=pdfs.test_timestamper(pki),
                        at=real + dt.timedelta(hours=7))
    result = verify_pdf(stamped, trust_roots=[pki.root.cert])
    signature = _only(result)
    assert result.status == "valid" and signature.proven and signature.level == "B-T"
    assert abs(signature.signed_at - real) < dt.timedelta(minutes=1)
    assert any("7 hours after the proven time" in p.render("en") for p in signature.problems)


def test_a_timestamp_from_an_untrusted_authority_proves_nothing(pki: TestPki, base: bytes) -> None:
    stamped = pdfs.sign(base, pdfs.raw_signer(pki.signer), timestamper=pdfs.test_timestamper(pki))
    # the signer's chain is trusted through the issuing CA alone; the TSA hangs off the same CA,
    # so distrust it by trusting only a foreign root plus the signer's chain given as anchors
    result = verify_pdf(stamped, trust_roots=[pki.foreign_root.cert])
    signature = _only(result)
    assert result.status == "untrusted" and not signature.proven


def test_second_signature_after_a_content_change_covers_the_document_the_first_only_a_revision(
    pki: TestPki, signed: bytes
) -> None:
    changed = pdfs.change_content(signed)
    both = pdfs.sign(changed, pdfs.raw_signer(pki.second_signer), field="Signature2")
    result = verify_pdf(both, trust_roots=[pki.root.cert])
    first, second = result.signatures
    assert (first.field, second.field) == ("Signature1", "Signature2")
    assert not first.covers_whole and first.changes_after == "other"
    assert first.revision == 2 and first.revisions == 4
    assert second.covers_whole and second.signer["name"] == "Trần Thị Bình"
    assert result.status == "valid"  # the status of the signature covering the whole document
    assert result.to_json("x.pdf", "en")["signer"] == "Trần Thị Bình"
    assert "The document was changed after the signature {field}" in _msgids(result.problems)


def test_a_change_after_the_last_signature_leaves_no_signature_covering_the_document(
    pki: TestPki, signed: bytes
) -> None:
    result = verify_pdf(pdfs.change_content(signed), trust_roots=[pki.root.cert])
    assert result.status == "invalid"
    assert _msgids(result.problems) == ["The document was changed after its last signature",
                                        "This signature covers only revision {revision} of {revisions}; afterwards {changes}"]
    assert _only(result).status == "valid"  # the signature itself is fine for what it signed


def test_document_timestamp_alone_proves_the_time_of_an_earlier_signature(pki: TestPki, signed: bytes) -> None:
    result = verify_pdf(pdfs.document_timestamp(signed, pki), trust_roots=[pki.root.cert])
    signature, stamp = result.signatures
    assert stamp.kind == "timestamp" and stamp.proven
    assert signature.proven and signature.covers_whole and signature.changes_after == "augmentation"
    assert signature.level == "B-T" and result.status == "valid"


def test_dss_after_a_timestamped_signature_is_b_lt(pki: TestPki, base: bytes) -> None:
    stamped = pdfs.sign(base, pdfs.raw_signer(pki.signer), timestamper=pdfs.test_timestamper(pki))
    result = verify_pdf(pdfs.add_dss(stamped, pki), trust_roots=[pki.root.cert])
    signature = _only(result)
    assert signature.level == "B-LT" and signature.covers_whole and result.status == "valid"


def test_dss_and_document_timestamp_make_b_lta_and_keep_the_document_whole(pki: TestPki, base: bytes) -> None:
    stamped = pdfs.sign(base, pdfs.raw_signer(pki.signer), timestamper=pdfs.test_timestamper(pki))
    result = verify_pdf(pdfs.augment(stamped, pki), trust_roots=[pki.root.cert])
    signature = result.signatures[0]
    assert [s.kind for s in result.signatures] == ["signature", "timestamp"]
    assert signature.level == "B-LTA" and signature.changes_after == "augmentation"
    assert result.status == "valid", result.problems
    assert result.covering is signature


def test_revoked_signer_is_invalid_with_the_crl_from_the_dss(pki: TestPki, base: bytes) -> None:
    revoked = pdfs.sign(base, pdfs.raw_signer(pki.revoked_signer))
    result = verify_pdf(pdfs.add_crl_to_dss(revoked, pki), trust_roots=[pki.root.cert])
    assert result.status == "invalid"
    assert "The signer's certificate was revoked on {time}, before the time the signature is proven to exist ({moment})" \
        in _msgids(result.problems)


def test_expired_certificate_without_proof_of_time_is_invalid(pki: TestPki, base: bytes) -> None:
    result = verify_pdf(pdfs.sign(base, pdfs.raw_signer(pki.expired_signer)), trust_roots=[pki.root.cert])
    assert result.status == "invalid"


def _sha1_chain(folder: Path) -> tuple[x509.Certificate, Identity]:
    from tests.pki import _certificate, _name, _usage

    now = dt.datetime.now(dt.UTC)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root_cert = _certificate(_name("Old Government Root"), root_key, None, ca=True,
                             usage=_usage(key_cert_sign=True, crl_sign=True), not_before=now - dt.timedelta(days=3000),
                             not_after=now + dt.timedelta(days=1000))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    builder = (x509.CertificateBuilder().subject_name(_name("Nguyễn Văn Cũ", "Sở Công Thương tỉnh Ninh Bình"))
               .issuer_name(root_cert.subject).public_key(key.public_key()).serial_number(7)
               .not_valid_before(now - dt.timedelta(days=30)).not_valid_after(now + dt.timedelta(days=300))
               .add_extension(_usage(digital_signature=True, content_commitment=True), critical=True))
    cert = _resign_sha1(builder.sign(root_key, hashes.SHA256()), root_key)  # the old G1 way
    return root_cert, Identity("old-signer", key, cert, [root_cert])


def _resign_sha1(cert: x509.Certificate, issuer_key: rsa.RSAPrivateKey) -> x509.Certificate:
    """cryptography no longer signs certificates with SHA-1; old CAs did, so sign the TBS by hand."""
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    parsed = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    tbs = parsed["tbs_certificate"]
    tbs["signature"] = {"algorithm": "sha1_rsa"}
    signature = issuer_key.sign(tbs.dump(force=True), padding.PKCS1v15(), hashes.SHA1())
    rebuilt = asn1_x509.Certificate({"tbs_certificate": tbs, "signature_algorithm": {"algorithm": "sha1_rsa"},
                                     "signature_value": signature})
    return x509.load_der_x509_certificate(rebuilt.dump(force=True))


def test_sha1_in_the_chain_is_named_not_crashed(pki: TestPki, base: bytes, tmp_path: Path) -> None:
    root, old_signer = _sha1_chain(tmp_path)
    result = verify_pdf(pdfs.sign(base, pdfs.raw_signer(old_signer)), trust_roots=[root])
    signature = _only(result)
    assert result.status in ("untrusted", "invalid")
    assert signature.signer["name"] == "Nguyễn Văn Cũ"
    assert result.problems and all(problem.render("vi") for problem in result.problems)


def test_rsa_pss_and_ecdsa_signatures_verify(pki: TestPki, base: bytes) -> None:
    pss = pdfs.sign(base, pdfs.raw_signer(pki.signer, pss=True))
    (embedded,) = PdfFileReader(io.BytesIO(pss)).embedded_signatures
    assert embedded.signer_info["signature_algorithm"]["algorithm"].native == "rsassa_pss"
    assert verify_pdf(pss, trust_roots=[pki.root.cert]).status == "valid"


def test_our_own_report_pdf_is_valid(pki: TestPki, signer) -> None:  # type: ignore[no-untyped-def]
    from desktop.signing import pdfsign
    from tests.export.helpers import SIGNATURE_BOX, data_json

    ours = pdfsign.sign_pdf(report_pdf(), signer, SIGNATURE_BOX, data_json=data_json()).data
    result = verify_pdf(ours, trust_roots=[pki.root.cert])
    assert result.status == "valid", result.problems
    assert _only(result).field == pdfsign.SIGNATURE_FIELD


def openssl_verifies(pdf: bytes, folder: Path, index: int = -1, root: Path | None = None) -> str:
    """`openssl cms -verify` over the signed byte ranges of a PDF signature; its message."""
    if shutil.which("openssl") is None:
        pytest.fail("openssl is needed")
    start, end = pdfs._contents_span(pdf, index)
    (folder / "sig.p7s").write_bytes(bytes.fromhex(pdf[start:end].decode()))
    (folder / "content.bin").write_bytes(pdf[: start - 1] + pdf[end + 1 :])
    trust = ["-CAfile", str(root), "-purpose", "any"] if root else ["-noverify"]
    done = subprocess.run(["openssl", "cms", "-verify", "-inform", "DER", "-in", str(folder / "sig.p7s"), "-binary",
                           "-content", str(folder / "content.bin"), "-out", "/dev/null", *trust],
                          capture_output=True, text=True)
    return done.stderr + done.stdout


def test_openssl_agrees_on_the_ber_signature(pki: TestPki, signed: bytes, tmp_path: Path) -> None:
    bent = pdfs.replace_cms(signed, pdfs.der_to_ber)
    assert "CMS Verification successful" in openssl_verifies(bent, tmp_path, root=pki.root_pem)
    position = bent.index(b"/Contents") - 40
    flipped = bent[:position] + bytes([bent[position] ^ 0x20]) + bent[position + 1 :]
    assert "CMS Verification successful" not in openssl_verifies(flipped, tmp_path)


def _foreign_tsa(pki: TestPki) -> pdfs.DummyTimeStamper:
    from asn1crypto import keys
    from cryptography.x509.oid import ExtendedKeyUsageOID

    from desktop.signing.signers import to_asn1
    from tests.pki import _end_entity

    tsa = _end_entity("self-made-tsa", "Self-made Time Stamping Authority", pki.foreign_root,
                      dt.datetime.now(dt.UTC), extended_usage=[ExtendedKeyUsageOID.TIME_STAMPING])
    return pdfs.DummyTimeStamper(tsa_cert=to_asn1(tsa.cert), tsa_key=keys.PrivateKeyInfo.load(tsa.key_der),
                                 certs_to_embed=[to_asn1(pki.foreign_root.cert)])


def test_a_document_timestamp_from_a_self_made_authority_proves_nothing(pki: TestPki, signed: bytes) -> None:
    import io as _io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers.pdf_signer import PdfTimeStamper

    writer = IncrementalPdfFileWriter(_io.BytesIO(signed), strict=False)
    stamped = PdfTimeStamper(_foreign_tsa(pki)).timestamp_pdf(writer, "sha256").getvalue()
    result = verify_pdf(stamped, trust_roots=[pki.root.cert])
    signature, stamp = result.signatures
    assert stamp.kind == "timestamp" and stamp.status == "untrusted" and not stamp.proven
    assert not signature.proven and signature.level == "B-B"
    assert result.status == "valid"  # the signature itself is untouched; the stamp just proves nothing


def test_validation_data_added_for_a_later_signature_makes_that_one_b_lt(pki: TestPki, base: bytes) -> None:
    first = pdfs.augment(pdfs.sign(base, pdfs.raw_signer(pki.signer), timestamper=pdfs.test_timestamper(pki)), pki)
    second = pdfs.sign(first, pdfs.raw_signer(pki.second_signer), field="Signature2",
                       timestamper=pdfs.test_timestamper(pki))
    before = verify_pdf(second, trust_roots=[pki.root.cert])
    assert [s.level for s in before.signatures if s.kind == "signature"] == ["B-LTA", "B-T"]
    after = verify_pdf(pdfs.add_dss(second, pki), trust_roots=[pki.root.cert])
    assert [s.level for s in after.signatures if s.kind == "signature"] == ["B-LTA", "B-LT"]
    assert after.status == "valid" and after.covering is not None and after.covering.field == "Signature2"


def test_an_obsolete_signature_kind_is_named(pki: TestPki, signed: bytes) -> None:
    bent = signed.replace(b"/ETSI.CAdES.detached", b"/adbe.pkcs7.sha1    ", 1)
    result = verify_pdf(bent, trust_roots=[pki.root.cert])
    assert result.status == "invalid"
    assert [p.render("en") for p in _only(result).problems] == [
        "This kind of signature (adbe.pkcs7.sha1) is not supported"]


@pytest.mark.parametrize("values", [b"-5", b"99999999", b"0 0 0", b"/Name", b"1.5"])
def test_odd_byte_ranges_are_refused_without_a_traceback(pki: TestPki, signed: bytes, values: bytes,
                                                         caplog: pytest.LogCaptureFixture) -> None:
    import re

    match = re.search(rb"/ByteRange\s*\[\s*0\s+(\d+)", signed)
    assert match is not None
    replacement = values.ljust(len(match.group(1)))
    bent = signed[: match.start(1)] + replacement + signed[match.end(1) :]
    with caplog.at_level("ERROR"):
        result = verify_pdf(bent, trust_roots=[pki.root.cert])
    assert result.status == "invalid" and result.problems
    assert not [r for r in caplog.records if r.name.startswith("desktop")]


def test_a_clock_seven_hours_behind_is_explained_beside_the_proven_time(pki: TestPki, base: bytes) -> None:
    real = dt.datetime.now(dt.UTC).replace(microsecond=0)
    stamped = pdfs.sign(base, pdfs.raw_signer(pki.signer), timestamper=pdfs.test_timestamper(pki),
                        at=real - dt.timedelta(hours=7))  # UTC written where local time belongs
    result = verify_pdf(stamped, trust_roots=[pki.root.cert])
    signature = _only(result)
    assert result.status == "valid" and signature.proven
    assert abs(signature.signed_at - real) < dt.timedelta(minutes=1)
    assert any("7 hours before the proven time" in p.render("en") for p in signature.problems)
    assert any("7 giờ" in p.render("vi") for p in signature.problems)


def test_a_lone_damaged_signature_is_named_not_called_a_change(pki: TestPki, signed: bytes) -> None:
    bent = pdfs.replace_cms(signed, lambda cms: b"\x30\x03\x02\x01\x01")  # not a CMS at all
    result = verify_pdf(bent, trust_roots=[pki.root.cert])
    assert result.status == "invalid"
    assert [p.msgid for p in result.problems] == ["The signature is damaged and cannot be read"]


def test_empty_signature_fields_waiting_for_a_second_signer_are_not_signatures(pki: TestPki, base: bytes) -> None:
    import io as _io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields

    writer = IncrementalPdfFileWriter(_io.BytesIO(base), strict=False)
    fields.append_signature_field(writer, fields.SigFieldSpec("ChoLanhDaoKy", box=(300, 50, 500, 100)))
    out = _io.BytesIO()
    writer.write(out)
    result = verify_pdf(pdfs.sign(out.getvalue(), pdfs.raw_signer(pki.signer)), trust_roots=[pki.root.cert])
    assert [s.field for s in result.signatures] == ["Signature1"] and result.status == "valid"


# ---- SHA-1 only on the G1 chain, as for packages (package.md step 2) -------------------------------

WEAK_CHAIN = "The signer's certificate chain uses a weak algorithm (such as SHA-1) that is not accepted here"


def _fingerprint(identity: Identity) -> str:
    import hashlib

    from cryptography.hazmat.primitives.serialization import Encoding

    return hashlib.sha256(identity.cert.public_bytes(Encoding.DER)).hexdigest()


def test_a_sha1_chain_in_a_plain_pdf_is_accepted_only_under_a_g1_like_root(pki: TestPki, base: bytes) -> None:
    assert pki.sha1_signer is not None and pki.sha1_root is not None
    pdf = pdfs.sign(base, pdfs.raw_signer(pki.sha1_signer))  # SHA-256 signature, SHA-1 certificates
    g1_like = verify_pdf(pdf, trust_roots=[pki.sha1_root.cert, pki.root.cert],
                         sha1_roots=[_fingerprint(pki.sha1_root)])
    assert g1_like.status == _only(g1_like).status == "valid", _only(g1_like).problems
    assert _only(g1_like).trusted_anchor
    assert _only(g1_like).trust_path[-1].startswith("Common Name: CT20 Test G1-like Root")
    # the same file when that root is not a G1 one (by default only the real G1 root is)
    plain = verify_pdf(pdf, trust_roots=[pki.sha1_root.cert])
    assert plain.status == "untrusted"
    assert _msgids(_only(plain).problems) == [WEAK_CHAIN]


def test_another_sha1_chain_does_not_ride_on_the_g1_allowance(pki: TestPki, base: bytes) -> None:
    assert pki.sha1_other_signer is not None and pki.sha1_other_root is not None and pki.sha1_root is not None
    pdf = pdfs.sign(base, pdfs.raw_signer(pki.sha1_other_signer))
    result = verify_pdf(pdf, trust_roots=[pki.sha1_other_root.cert, pki.sha1_root.cert],
                        sha1_roots=[_fingerprint(pki.sha1_root)])
    assert result.status == "untrusted"
    assert _msgids(_only(result).problems) == [WEAK_CHAIN]


def test_a_sha1_signature_in_a_pdf_is_refused_even_under_g1(pki: TestPki, base: bytes) -> None:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    assert pki.sha1_signer is not None and pki.sha1_root is not None
    writer = IncrementalPdfFileWriter(io.BytesIO(base), strict=False)
    meta = signers.PdfSignatureMetadata(field_name="Signature1", md_algorithm="sha1", subfilter=pdfs.PADES)
    pdf = signers.PdfSigner(meta, pdfs.raw_signer(pki.sha1_signer),
                            new_field_spec=fields.SigFieldSpec("Signature1", box=(50, 50, 200, 100))
                            ).sign_pdf(writer).getvalue()
    result = verify_pdf(pdf, trust_roots=[pki.sha1_root.cert], sha1_roots=[_fingerprint(pki.sha1_root)])
    assert result.status != "valid"  # the weak algorithm is said as for a chain outside G1
    assert _msgids(_only(result).problems) == [WEAK_CHAIN]
    accepted = verify_pdf(pdfs.sign(base, pdfs.raw_signer(pki.sha1_signer)), trust_roots=[pki.sha1_root.cert],
                          sha1_roots=[_fingerprint(pki.sha1_root)])
    assert accepted.status == "valid"  # the same signer and chain, with a SHA-256 signature


def test_ct20_verify_of_a_pdf_passes_the_trust_contexts_g1_roots(pki: TestPki, base: bytes, tmp_path: Path) -> None:
    """What `ct20 verify FILE.pdf` runs (pdf_row with the TrustContext's fields), and the command
    itself on the same file, whose G1 roots are the real ones: the test root is not among them."""
    import contextlib
    import json

    from cryptography.hazmat.primitives.serialization import Encoding

    from desktop.cli import main
    from desktop.package.pdftext import pdf_row
    from desktop.package.roots import make_trust

    assert pki.sha1_signer is not None and pki.sha1_root is not None
    file = tmp_path / "cong-van.pdf"
    file.write_bytes(pdfs.sign(base, pdfs.raw_signer(pki.sha1_signer)))
    trust = make_trust([pki.sha1_root.cert], sha1_roots=[_fingerprint(pki.sha1_root)])
    row = pdf_row(str(file), trust.roots, "en", crls=trust.crls, other_certs=trust.intermediates,
                  sha1_roots=trust.sha1_roots)
    assert row["status"] == "valid", row
    root_file = tmp_path / "g1-like.pem"
    root_file.write_bytes(pki.sha1_root.cert.public_bytes(Encoding.PEM))
    out = tmp_path / "out.json"
    with out.open("w") as handle, contextlib.redirect_stdout(handle):
        code = main(["--db", str(tmp_path / "s.sqlite3"), "verify", "--json", "--trust", str(root_file), str(file)])
    record = json.loads(out.read_text())[0]
    assert record["status"] == "untrusted", record
    assert code != 0
