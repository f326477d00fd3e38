"""Name comparisons remembered by encoding say what asn1crypto's own comparison says - equal by
encoding, equal by RFC 5280's rules only, different, or an error - every time, and they are what
pyHanko uses once verification is imported."""

from __future__ import annotations

import itertools

import pytest
from asn1crypto import x509

from desktop.package import fastnames

ORIGINAL = fastnames._ORIGINAL_EQ


def _name(*pairs: tuple[str, str, str]) -> x509.Name:
    """A Name from (attribute, string type, value) triples, each its own RDN."""
    rdns = []
    for attribute, kind, value in pairs:
        ntv = x509.NameTypeAndValue({"type": attribute, "value": x509.DirectoryString(name=kind, value=value)})
        rdns.append(x509.RelativeDistinguishedName([ntv]))
    return x509.Name.load(x509.Name(name="", value=x509.RDNSequence(rdns)).dump())  # parsed, as in a CMS


NAMES = [
    _name(("country_name", "printable_string", "VN"), ("organization_name", "utf8_string", "Sở Công Thương")),
    _name(("country_name", "printable_string", "VN"), ("organization_name", "utf8_string", "Sở Công Thương")),
    _name(("country_name", "printable_string", "VN"), ("organization_name", "utf8_string", "sở  công   thương")),
    _name(("country_name", "printable_string", "VN"), ("organization_name", "printable_string", "So Cong Thuong")),
    _name(("country_name", "printable_string", "VN"), ("organization_name", "utf8_string", "So Cong Thuong")),
    _name(("country_name", "printable_string", "VN"), ("organization_name", "utf8_string", "Sở Công Thương Hà Nội")),
    _name(("organization_name", "utf8_string", "Sở Công Thương"), ("country_name", "printable_string", "VN")),
    _name(("country_name", "printable_string", "VN")),
    _name(("common_name", "utf8_string", "bad \ufffe value")),  # string preparation refuses U+FFFE
    _name(("common_name", "utf8_string", "bad \ufffe value")),
]


def _outcome(equal, a, b):  # type: ignore[no-untyped-def]
    try:
        return bool(equal(a, b))
    except Exception as exc:
        return ("error", type(exc))


@pytest.fixture
def installed():  # type: ignore[no-untyped-def]
    fastnames.install()
    yield
    fastnames.install()  # verification installs it on import; leave it so


def test_the_same_answer_as_asn1crypto_every_time(installed) -> None:  # type: ignore[no-untyped-def]
    outcomes = set()
    for _ in range(2):  # the second round answers from what was remembered
        for a, b in itertools.product(NAMES, repeat=2):
            ours = _outcome(lambda x, y: x == y, a, b)
            assert ours == _outcome(ORIGINAL, a, b), (a.human_friendly, b.human_friendly)
            assert _outcome(lambda x, y: x != y, a, b) == (not ours if isinstance(ours, bool) else ours)
            outcomes.add(ours if isinstance(ours, bool) else "error")
    assert outcomes == {True, False, "error"}
    assert NAMES[0] == NAMES[2] and NAMES[0].dump() != NAMES[2].dump()  # equal by the rules only
    assert NAMES[0] != 1 and NAMES[0] != "VN"


def test_the_errors_are_never_remembered(installed) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        with pytest.raises(ValueError):
            NAMES[8] == NAMES[9]  # noqa: B015 - the comparison is the test
    assert (NAMES[8].dump(), NAMES[9].dump()) not in fastnames._known


def test_uninstall_gives_asn1crypto_back() -> None:
    fastnames.uninstall()
    try:
        assert x509.Name.__eq__ is ORIGINAL
        assert fastnames._known == {}
    finally:
        fastnames.install()


def test_verification_installs_it() -> None:
    import desktop.package.verify  # noqa: F401

    assert x509.Name.__eq__ is fastnames._name_eq
