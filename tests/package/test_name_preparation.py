"""Names compared as RFC 5280 says (RFC 4518 preparation: case and inner spaces folded) after the
preparation is remembered per process (desktop.package.trust), and the built-in certificates are
the same objects in every trust context."""

from __future__ import annotations

from asn1crypto import x509 as asn1_x509

import desktop.package.trust  # installs the remembered preparation
from desktop.package.roots import make_trust


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
