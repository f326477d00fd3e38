"""The container signature's signed attributes are read through before pyHanko sees them, once
per distinct encoding: damage is refused every time, a known sound attribute is not read again."""

from __future__ import annotations

import datetime as dt

import pytest
from asn1crypto import cms

from desktop.package import verify


def _set_of(body: bytes) -> bytes:
    length = len(body)
    if length < 0x80:
        return b"\x31" + bytes([length]) + body
    size = (length.bit_length() + 7) // 8
    return b"\x31" + bytes([0x80 | size]) + length.to_bytes(size, "big") + body


def _signing_time(moment: dt.datetime) -> bytes:
    return cms.CMSAttribute({"type": "signing_time", "values": [cms.Time({"utc_time": moment})]}).dump()


GOOD = _signing_time(dt.datetime(2026, 3, 15, 2, 30, tzinfo=dt.UTC))
# the same attribute with month 13 in its UTCTime: the structure parses, the value does not
DAMAGED = GOOD.replace(b"260315", b"261315")


def test_damage_is_refused_every_time_even_beside_sound_attributes() -> None:
    verify._READ_ATTRIBUTES.clear()
    verify._read_through(cms.CMSAttributes.load(_set_of(GOOD)))
    assert GOOD in verify._READ_ATTRIBUTES
    for _ in range(3):
        with pytest.raises(ValueError):
            verify._read_through(cms.CMSAttributes.load(_set_of(GOOD + DAMAGED)))
    assert DAMAGED not in verify._READ_ATTRIBUTES


def test_a_sound_attribute_seen_before_is_not_read_again() -> None:
    verify._READ_ATTRIBUTES.clear()
    verify._read_through(cms.CMSAttributes.load(_set_of(GOOD)))
    again = cms.CMSAttributes.load(_set_of(GOOD))
    verify._read_through(again)
    assert again[0]._native is None  # not parsed to Python values this time
    verify._READ_ATTRIBUTES.clear()


def test_a_package_signature_with_a_damaged_attribute_is_refused_in_plain_words() -> None:
    verify._READ_ATTRIBUTES.clear()
    signer_info = cms.SignerInfo({
        "version": "v1", "sid": cms.SignerIdentifier({"subject_key_identifier": b"\x01" * 20}),
        "digest_algorithm": {"algorithm": "sha256"}, "signed_attrs": cms.CMSAttributes.load(_set_of(GOOD)),
        "signature_algorithm": {"algorithm": "rsassa_pkcs1v15"}, "signature": b"\x00" * 256,
    })
    signed_data = cms.SignedData({
        "version": "v1", "digest_algorithms": [{"algorithm": "sha256"}],
        "encap_content_info": {"content_type": "data"}, "signer_infos": [signer_info],
    })
    sound = cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()
    damaged = sound.replace(b"260315", b"261315")
    assert damaged != sound
    for _ in range(2):  # the sound one is remembered; the damaged one is read, and refused, each time
        assert verify._signed_data(sound)["signer_infos"][0]["signed_attrs"].dump()[1:] == _set_of(GOOD)[1:]
        with pytest.raises(verify._Stop):
            verify._signed_data(damaged)
    verify._READ_ATTRIBUTES.clear()
