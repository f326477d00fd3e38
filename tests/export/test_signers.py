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
