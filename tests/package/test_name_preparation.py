"""Names compared as RFC 5280 says (RFC 4518 preparation: case and inner spaces folded) after the
preparation is remembered per process (desktop.package.trust), and the built-in certificates are
the same objects in every trust context."""

from __future__ import annotations

from asn1crypto import x509 as asn1_x509

import desktop.package.trust  # installs the remembered preparation
from desktop.package.roots import make_trust
from tests.pki import TestPki


def _name(common_name: str, organization: str) -> asn1_x509.Name:
    return asn1_x509.Name.build({"common_name": common_name, "organization_name": organization})


def test_names_still_compare_by_rfc_4518() -> None:
    for _ in range(2):  # the second round answers from what was remembered
        assert _name("Nguyễn Văn An", "Sở Công Thương") == _name("NGUYỄN  VĂN AN", " sở công   thương ")
        assert _name("Nguyễn Văn An", "Sở Công Thương") != _name("Nguyễn Văn Ân", "Sở Công Thương")
        assert _name("CA", "VGCA").hashable == _name(" ca ", "vgca").hashable


def test_the_preparation_is_installed_once() -> None:
    import importlib

    prepare = asn1_x509.NameTypeAndValue._ldap_string_prep
    importlib.reload(desktop.package.trust)
    assert asn1_x509.NameTypeAndValue._ldap_string_prep is prepare


def test_every_trust_context_shares_the_built_in_intermediates() -> None:
    first, second = make_trust(), make_trust()
    assert first.intermediates and all(a is b for a, b in zip(first.intermediates, second.intermediates, strict=True))


def test_remembered_name_keys_are_the_keys_asn1crypto_computes() -> None:
    names = [_name("Nguyễn Văn An", "Sở Công Thương"), _name("NGUYỄN  VĂN AN", " sở công   thương "),
             _name("Nguyễn Văn Ân", "Sở Công Thương"), _name("CA", "VGCA")]
    for _ in range(2):  # the second round answers from what was remembered
        assert [n.hashable for n in names] == [n.chosen.hashable for n in names]  # computed afresh
    assert names[0].hashable == names[1].hashable != names[2].hashable


def test_trust_managers_are_shared_within_one_trust_context_only(pki: TestPki) -> None:
    from desktop.signing.signers import to_asn1

    root, foreign = to_asn1(pki.root.cert), to_asn1(pki.foreign_root.cert)
    first = make_trust([root, foreign])
    assert first.trust_manager(first.roots) is first.trust_manager(first.roots)
    assert first.trust_manager([root]) is not first.trust_manager(first.roots)
    assert first.trust_manager(first.roots).is_root(foreign) and not first.trust_manager([root]).is_root(foreign)
    second = make_trust([root])  # the next run, the foreign root no longer trusted
    assert not second.trust_manager(second.roots).is_root(foreign) and second.trust_manager(second.roots).is_root(root)
