"""Issue 10, items 3-5: time you can prove, revocation, key purposes, SHA-1 only under G1.

Real signatures by a test PKI, timestamps from an in-process RFC 3161 authority (pyHanko's
DummyTimeStamper) with a trusted or a self-made certificate, added to the container signature the
way anyone can (no signer key needed).
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from desktop.package.roots import make_trust
from desktop.package.trust import G1_ROOT_FINGERPRINT
from desktop.package.verify import VerificationResult, verify_package
from tests.package.helpers import add_crl, add_timestamp, package_by, stamper
from tests.pki import TestPki

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
NO_REVOCATION_INFO = ("No revocation information (CRL or OCSP) was available for the signer's certificate: "
                      "whether it was revoked could not be checked")
UNTRUSTED_TSA = ("The timestamp was not issued by a trusted timestamp authority; the signing time is only "
                 "claimed by the signer's computer")


def ids(messages: list) -> list[str]:  # type: ignore[type-arg]
    return [message.msgid for message in messages]


def verify(package: bytes, pki: TestPki, **kwargs: object) -> VerificationResult:
    return verify_package(package, trust_roots=[pki.root.cert], **kwargs)  # type: ignore[arg-type]


def crl_der(pki: TestPki) -> bytes:
    return x509.load_pem_x509_crl(pki.crl_pem.read_bytes()).public_bytes(Encoding.DER)


@pytest.fixture(scope="module")
def honest(pki: TestPki) -> bytes:
    return package_by(pki.signer)


# ---- time you can prove ------------------------------------------------------------------------

def test_honest_b_b_package_is_valid_its_time_claimed_and_the_missing_revocation_data_said(
    honest: bytes, pki: TestPki
) -> None:
    result = verify(honest, pki)
    assert result.status == "valid", result.problems
    assert result.problems == []
    assert ids(result.notes) == [NO_REVOCATION_INFO]
    assert result.signed_at is not None and result.proven_at is None
    assert not result.timestamped and result.level == "B-B"


def test_a_genuine_timestamp_proves_the_time(honest: bytes, pki: TestPki) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    result = verify(add_timestamp(honest, stamper(pki.tsa)), pki)
    after = dt.datetime.now(dt.UTC)
    assert result.status == "valid", result.problems
    assert result.timestamped and result.level == "B-T"
    # the token's time is when the test TSA stamped it: inside this call, however loaded the machine
    assert result.proven_at is not None and before <= result.proven_at <= after
    assert result.signed_at is not None and result.signed_at != result.proven_at  # both kept, side by side


def test_a_self_made_timestamp_authority_proves_nothing(honest: bytes, pki: TestPki) -> None:
    forged = add_timestamp(honest, stamper(pki.rogue_tsa))
    result = verify(forged, pki)
    assert ids(result.problems) == [UNTRUSTED_TSA]
    assert not result.timestamped and result.proven_at is None and result.level == "B-B"
    assert result.status == "valid"  # the signature itself still holds; only its time is claimed
    # trusting the self-made authority's root makes the same token count
    trusted = verify_package(forged, trust_roots=[pki.root.cert, pki.rogue_tsa_root.cert])
    assert trusted.timestamped and trusted.proven_at is not None


def test_a_timestamp_by_a_certificate_without_the_timestamping_purpose_is_not_trusted(
    honest: bytes, pki: TestPki
) -> None:
    result = verify(add_timestamp(honest, stamper(pki.second_signer)), pki)  # trusted CA, no timeStamping EKU
    assert ids(result.problems) == [UNTRUSTED_TSA]
    assert not result.timestamped


def test_a_token_that_is_not_over_this_signature_is_refused(honest: bytes, pki: TestPki) -> None:
    result = verify(add_timestamp(honest, stamper(pki.tsa), over=b"another signature value"), pki)
    assert result.status == "invalid"
    assert ids(result.problems) == ["The timestamp of the signature is broken or does not belong to it"]


def test_a_token_in_the_future_or_long_before_the_claimed_time_proves_nothing(honest: bytes, pki: TestPki) -> None:
    # Every token's time is set against the package's own claimed signing time, read back from it,
    # never against the moment this module was imported: in a long run the `honest` fixture is
    # signed minutes after the import, and "3 minutes before" the import was then more than the
    # 10 minutes' tolerance before the claim (the test failed when the suite was slow).
    claimed = verify(honest, pki).signed_at
    assert claimed is not None
    future = verify(add_timestamp(honest, stamper(pki.tsa, at=claimed + dt.timedelta(days=1))), pki)
    assert ids(future.problems) == ["The timestamp ({time}) is in the future; the signing time is only claimed"]
    assert not future.timestamped
    earlier = "The timestamp ({time}) is earlier than the claimed signing time ({claimed}); the signing time is only claimed"
    for before in (dt.timedelta(days=3), dt.timedelta(minutes=11)):  # long before; just beyond the tolerance
        early = verify(add_timestamp(honest, stamper(pki.tsa, at=claimed - before)), pki)
        assert ids(early.problems) == [earlier], before
        assert not early.timestamped and early.proven_at is None
    for before in (dt.timedelta(minutes=3), dt.timedelta(minutes=9)):  # a PC clock a few minutes ahead is no forgery
        slightly = verify(add_timestamp(honest, stamper(pki.tsa, at=claimed - before)), pki)
        assert slightly.timestamped, (before, slightly.problems)
        assert slightly.proven_at == claimed - before


def test_an_expired_certificate_with_a_backdated_clock_is_invalid(pki: TestPki) -> None:
    backdated = NOW - dt.timedelta(days=10)  # the expired signer was still valid then
    package = package_by(pki.expired_signer, at=backdated)
    result = verify(package, pki)
    assert result.status == "invalid"
    assert ids(result.problems) == [
        "The signer's certificate is not valid now ({time}) and nothing proves the signature was made "
        "earlier: the signing time {claimed} is only claimed by the signer's computer"
    ]
    # a self-made timestamp saying the same does not help
    forged = add_timestamp(package, stamper(pki.rogue_tsa, at=backdated + dt.timedelta(minutes=1)))
    assert verify(forged, pki).status == "invalid"
    # a trusted timestamp from that day does: the certificate is judged then
    genuine = verify(add_timestamp(package, stamper(pki.tsa, at=backdated + dt.timedelta(minutes=1))), pki)
    assert genuine.status == "valid", genuine.problems
    assert genuine.proven_at is not None and genuine.proven_at < NOW - dt.timedelta(days=9)
    # so does the Inbox's own proof of existence (first receipt while the certificate was valid)
    received = verify(package, pki, proven_time=backdated + dt.timedelta(hours=1))
    assert received.status == "valid", received.problems
    late = verify(package, pki, proven_time=NOW)
    assert ids(late.problems) == [
        "The signer's certificate was not valid on {time}, when the package was first received "
        "(the signing time {claimed} is only claimed by the signer's computer)"
    ]


# ---- revocation ----------------------------------------------------------------------------------

def test_a_revoked_certificate_is_invalid_with_the_crl_and_valid_before_its_revocation(pki: TestPki) -> None:
    package = package_by(pki.revoked_signer)
    offline = verify(package, pki)
    assert offline.status == "valid" and ids(offline.notes) == [NO_REVOCATION_INFO]
    revoked = verify(package, pki, crls=[crl_der(pki)])
    assert revoked.status == "invalid"
    assert ids(revoked.problems) == [
        "The signer's certificate was revoked on {time}, before the time the signature is proven to exist ({moment})"
    ]
    # revoked two days ago; the Inbox received the package ten days ago: it counts
    earlier = verify(package, pki, crls=[crl_der(pki)], proven_time=NOW - dt.timedelta(days=10))
    assert earlier.status == "valid", earlier.problems
    assert earlier.notes == []  # the CRL spoke about the certificate


def test_a_crl_carried_inside_the_signature_is_used(pki: TestPki, honest: bytes) -> None:
    revoked = verify(add_crl(package_by(pki.revoked_signer), crl_der(pki)), pki)
    assert revoked.status == "invalid", revoked.problems
    carried = add_crl(add_timestamp(honest, stamper(pki.tsa)), crl_der(pki))
    result = verify(carried, pki)
    assert result.status == "valid" and result.notes == [], (result.problems, result.notes)
    assert result.level == "B-LT"


def test_an_unrelated_crl_still_leaves_the_note(honest: bytes, pki: TestPki) -> None:
    from tests.pki import _crl

    foreign_crl = _crl(pki.foreign_root, [], NOW).public_bytes(Encoding.DER)
    assert ids(verify(honest, pki, crls=[foreign_crl]).notes) == [NO_REVOCATION_INFO]


# ---- purposes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("who, purposes", [("server_auth_signer", "TLS client, TLS server"),
                                           ("server_auth_only_signer", "TLS server"),
                                           ("timestamping_signer", "timestamping")])
def test_certificates_for_other_purposes_may_not_sign(pki: TestPki, who: str, purposes: str) -> None:
    result = verify(package_by(getattr(pki, who)), pki)
    assert result.status == "invalid"
    assert ids(result.problems) == [
        "The signer's certificate is meant for other purposes ({purposes}), not for signing documents"
    ]
    assert purposes in result.problems[0].render("en")


def test_client_auth_with_email_protection_signs_as_vietnamese_certificates_do(pki: TestPki) -> None:
    result = verify(package_by(pki.client_email_signer), pki)
    assert result.status == "valid", result.problems


def test_key_usage_is_still_checked(pki: TestPki) -> None:
    result = verify(package_by(pki.no_digital_signature_signer), pki)
    assert result.status == "invalid"
    assert ids(result.problems) == ["The signer's certificate is not allowed to sign documents"]


# ---- SHA-1 only on the G1 chain --------------------------------------------------------------------

def _fingerprint(identity) -> str:  # type: ignore[no-untyped-def]
    return hashlib.sha256(identity.cert.public_bytes(Encoding.DER)).hexdigest()


def test_a_sha1_chain_is_accepted_only_under_a_g1_like_root(pki: TestPki) -> None:
    package = package_by(pki.sha1_signer)
    g1_like = make_trust([pki.sha1_root.cert, pki.root.cert], sha1_roots=[_fingerprint(pki.sha1_root)])
    accepted = verify_package(package, trust=g1_like)
    assert accepted.status == "valid", accepted.problems
    weak = ("The signer's certificate chain uses a weak algorithm (SHA-1 is accepted only under the "
            "Government CA G1 root)")
    # the same chain when its root is not the G1 one: refused
    plain = verify_package(package, trust=make_trust([pki.sha1_root.cert]))
    assert plain.status == "invalid" and ids(plain.problems) == [weak]
    # another SHA-1 chain does not ride on the G1 allowance
    other = verify_package(package_by(pki.sha1_other_signer),
                           trust=make_trust([pki.sha1_other_root.cert, pki.sha1_root.cert],
                                            sha1_roots=[_fingerprint(pki.sha1_root)]))
    assert other.status == "invalid" and ids(other.problems) == [weak]
    assert G1_ROOT_FINGERPRINT in make_trust().sha1_roots  # the real G1 root, by default


def test_a_sha1_signature_is_refused_even_under_g1(pki: TestPki) -> None:
    import asyncio

    from desktop.package import asic
    from tests.export.helpers import entries_of, repack
    from tests.package.helpers import forced_signer

    package = package_by(pki.sha1_signer)
    entries = entries_of(package)
    manifest = dict(entries)[asic.MANIFEST_NAME]
    signer = forced_signer(pki.sha1_signer).signer
    signature = asyncio.run(signer.async_sign_general_data(manifest, "sha1", detached=True, use_cades=True)).dump()
    resigned = repack([(n, signature if n == asic.SIGNATURE_NAME else c) for n, c in entries])
    g1_like = make_trust([pki.sha1_root.cert], sha1_roots=[_fingerprint(pki.sha1_root)])
    result = verify_package(resigned, trust=g1_like)
    assert result.status == "invalid"
    assert ids(result.problems) == [
        "The signature is made with a weak algorithm ({algorithm}); only SHA-2 and newer are accepted"
    ]


def test_cades_revocation_values_are_read(pki: TestPki, honest: bytes) -> None:
    from tests.package.helpers import add_revocation_values

    revoked = verify(add_revocation_values(package_by(pki.revoked_signer), crl_der(pki)), pki)
    assert revoked.status == "invalid", revoked.problems
    stamped = verify(add_revocation_values(add_timestamp(honest, stamper(pki.tsa)), crl_der(pki)), pki)
    assert stamped.status == "valid" and stamped.level == "B-LT" and stamped.notes == []


def test_online_checks_are_off_unless_the_user_switched_them_on(tmp_path, pki: TestPki) -> None:  # type: ignore[no-untyped-def]
    from desktop.package.revocation import ONLINE_SETTING, RevocationData
    from desktop.package.roots import trust_context
    from desktop.package.sigcheck import validation_context
    from desktop.signing.signers import to_asn1
    from desktop.store import Store

    cert = to_asn1(pki.signer.cert)
    with Store.open(tmp_path / "store.sqlite3") as store:
        assert trust_context(store).online is False
        assert not validation_context(cert, trust_context(store), RevocationData(), NOW).fetching_allowed
        store.set_setting(ONLINE_SETTING, True)
        assert trust_context(store).online is True
        assert validation_context(cert, trust_context(store), RevocationData(), NOW).fetching_allowed


def test_a_claimed_time_in_local_time_labelled_utc_does_not_void_a_genuine_timestamp(pki: TestPki) -> None:
    """Some signing tools write Vietnam's local time as UTC: the claim is then 7 hours ahead."""
    claimed = NOW + dt.timedelta(hours=7)
    package = package_by(pki.signer, at=claimed)
    # the token's time is NOW too, not the clock's when this test runs: a slow suite reaches it
    # more than the tolerance after NOW was read (seen: 11 minutes), and 7 hours would be 6h49
    result = verify(add_timestamp(package, stamper(pki.tsa, at=NOW)), pki)
    assert result.timestamped and result.status == "valid", result.problems
    assert "The claimed signing time ({claimed}) looks like Vietnam local time written as UTC; " \
           "the timestamp's time ({time}) is the one that counts" in ids(result.notes)
    # 5 hours is no such fault: the timestamp then proves nothing
    odd = verify(add_timestamp(package_by(pki.signer, at=NOW + dt.timedelta(hours=5)), stamper(pki.tsa, at=NOW)), pki)
    assert not odd.timestamped


def test_an_out_of_date_crl_leaves_the_note(honest: bytes, pki: TestPki) -> None:
    from tests.pki import _crl

    stale = _crl(pki.issuing_ca, [], NOW - dt.timedelta(days=60)).public_bytes(Encoding.DER)  # next update 30 days ago
    assert ids(verify(honest, pki, crls=[stale]).notes) == [NO_REVOCATION_INFO]
    assert verify(honest, pki, crls=[crl_der(pki)]).notes == []
