from __future__ import annotations

import asyncio
import logging
import threading

import pytest
from asn1crypto import cms

from desktop.i18n import LocalizedError
from desktop.signing import signers
from tests.pki import TestPki
from tests.softhsm import SoftHsm


def test_p12_signer_gives_certificate_facts(pki: TestPki) -> None:
    with signers.open_p12(pki.signer.p12_path, pki.signer.password) as opened:
        assert opened.info.common_name == "Nguyễn Văn An"
        assert opened.info.organization == "Sở Công Thương tỉnh Ninh Bình"
        assert opened.info.serial == format(pki.signer.cert.serial_number, "X")
        assert opened.info.not_after == pki.signer.cert.not_valid_after_utc
        assert pki.issuing_ca.cert in opened.chain


def test_wrong_p12_password_is_refused_in_words(pki: TestPki) -> None:
    with pytest.raises(LocalizedError) as caught:
        signers.open_p12(pki.signer.p12_path, b"wrong")
    assert caught.value.message.msgid.startswith("Wrong password")


def test_expired_certificate_is_refused_with_its_date(pki: TestPki) -> None:
    with pytest.raises(LocalizedError) as caught:
        signers.open_p12(pki.expired_signer.p12_path, pki.expired_signer.password)
    message = caught.value.message
    assert message.msgid == "The certificate has expired on {date}"
    expected = pki.expired_signer.cert.not_valid_after_utc.astimezone(signers.VN_TZ)
    assert message.params["date"] == expected.strftime("%d/%m/%Y %H:%M:%S") + " +07:00"


def test_certificate_without_digital_signature_is_refused(pki: TestPki) -> None:
    identity = pki.no_digital_signature_signer
    with pytest.raises(LocalizedError) as caught:
        signers.open_p12(identity.p12_path, identity.password)
    assert "no digitalSignature key usage" in caught.value.message.msgid


def _sign_something(opened: signers.OpenedSigner) -> cms.ContentInfo:
    return asyncio.run(opened.signer.async_sign_general_data(b"du lieu", "sha256", detached=True))


def test_pkcs11_token_with_labels(softhsm: SoftHsm, pki: TestPki) -> None:
    with signers.open_pkcs11(
        softhsm.module, softhsm.labelled_token, softhsm.pin, key_label=softhsm.signer_key_label
    ) as opened:
        assert opened.certificate == pki.signer.cert
        assert pki.issuing_ca.cert in opened.chain  # the CA certificate stored on the token
        signed = _sign_something(opened)
    assert signed["content"]["signer_infos"][0]["sid"].chosen["serial_number"].native == pki.signer.cert.serial_number


def test_pkcs11_key_without_label_found_by_id(softhsm: SoftHsm, pki: TestPki) -> None:
    with signers.open_pkcs11(
        softhsm.module, softhsm.unlabelled_token, softhsm.pin, cert_id=softhsm.unlabelled_id
    ) as opened:
        assert opened.certificate == pki.second_signer.cert
        _sign_something(opened)


def test_pkcs11_only_key_is_chosen_without_label_or_id(softhsm: SoftHsm, pki: TestPki) -> None:
    with signers.open_pkcs11(softhsm.module, softhsm.unlabelled_token, softhsm.pin) as opened:
        assert opened.certificate == pki.second_signer.cert


def test_pkcs11_wrong_pin_is_refused_once_and_not_logged(
    softhsm: SoftHsm, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(LocalizedError) as caught:
        signers.open_pkcs11(softhsm.module, softhsm.labelled_token, "999999")
    assert caught.value.message.msgid == "Wrong PIN"
    assert "999999" not in caplog.text and "999999" not in str(caught.value)
    # one wrong PIN did not lock the token: the right one still opens it
    with signers.open_pkcs11(softhsm.module, softhsm.labelled_token, softhsm.pin):
        pass


def test_pkcs11_unknown_token(softhsm: SoftHsm) -> None:
    with pytest.raises(LocalizedError) as caught:
        signers.open_pkcs11(softhsm.module, "Không có", softhsm.pin)
    assert caught.value.message.msgid == "No token labelled {label} is plugged in"


def test_pkcs11_signing_from_a_worker_thread(softhsm: SoftHsm) -> None:
    """The UI signs in a worker thread; pyHanko's event loop must run there."""
    outcome: list[object] = []

    def work() -> None:
        with signers.open_pkcs11(softhsm.module, softhsm.labelled_token, softhsm.pin) as opened:
            outcome.append(_sign_something(opened))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(30)
    assert len(outcome) == 1 and isinstance(outcome[0], cms.ContentInfo)


# ---- the key of a .p12 file is read once per export -----------------------------------------------

def _as_simple(opened: signers.OpenedSigner, *, pss: bool):  # type: ignore[no-untyped-def]
    """pyHanko's own SimpleSigner over the same key and certificate, for comparison."""
    from asn1crypto import keys as asn1_keys
    from cryptography.hazmat.primitives import serialization
    from pyhanko.sign.signers import SimpleSigner

    key = opened.signer._private_key  # type: ignore[attr-defined]
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    return SimpleSigner(signing_cert=opened.signer.signing_cert, signing_key=asn1_keys.PrivateKeyInfo.load(der),
                        cert_registry=opened.signer.cert_registry,
                        prefer_pss=pss)


def test_the_kept_key_signs_as_pyhanko_signs(pki: TestPki) -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    with signers.open_p12(pki.signer.p12_path, pki.signer.password) as opened:
        kept = opened.signer
        assert isinstance(kept, signers.KeptKeySigner)
        data = "Báo cáo số 215/BC-SCT".encode()
        kept.prefer_pss = False  # PKCS#1 v1.5 is deterministic: the very same bytes
        assert kept.sign_raw(data, "sha256") == _as_simple(opened, pss=False).sign_raw(data, "sha256")
        kept.prefer_pss = True  # PSS is randomised: it verifies with the certificate's key
        signature = kept.sign_raw(data, "sha256")
        mechanism = kept.get_signature_mechanism_for_digest("sha256")
        assert mechanism["algorithm"].native == "rsassa_pss"
        opened.certificate.public_key().verify(  # type: ignore[union-attr, call-arg]
            signature, data, padding.PSS(padding.MGF1(hashes.SHA256()), padding.PSS.AUTO), hashes.SHA256())


def test_an_export_reads_the_p12_key_once(pki: TestPki, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """pyHanko's SimpleSigner read the PKCS#8 key again for each of an export's signatures."""
    from cryptography.hazmat.primitives import serialization

    from desktop.export.service import P12Signer, export_report
    from desktop.reporting.reports import create_report, fill_report
    from desktop.store import Store
    from tests.export.reports import load_full

    reads: list[int] = []
    original = serialization.load_der_private_key

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        reads.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(serialization, "load_der_private_key", counted)
    with Store.open(tmp_path / "ct20.sqlite3") as store:
        report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
        fill_report(store, report_id, load_full("ct20.province"))
        result = export_report(store, report_id, tmp_path / "out", P12Signer(pki.signer.p12_path,
                                                                              pki.signer.password))
    assert result.package_path.exists()
    assert reads == []  # the key object from the .p12 file signed everything
