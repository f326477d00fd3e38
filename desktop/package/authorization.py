"""Step 7 of verification: is the signer authorised to report for the organisation the data names?

A signature proves who signed, not for whom. A package counts for organisation X only when its
signer's certificate is pinned for X (a consolidator's decision, or an imported list of signers),
or when the certificate's subject organisation (O, and OU where used) names X as the registry
spells it: today's name, the short name or a former name (the provinces merged on 1 July 2025).

Names are compared loosely where people and certificate software differ, and strictly
elsewhere: Unicode NFC, case, spacing and punctuation are ignored, and so is the placement of the
tone mark in "oa", "oe", "uy" (the old "Khánh Hoà" and the new "Khánh Hòa" are one name); every
letter and every diacritic still counts ("Hà Nam" is not "Hà Nội").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Collection, Iterable
from functools import lru_cache
from typing import TypeAlias

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from desktop.i18n import N_, Message
from desktop.registry import Organization
from desktop.signing.signers import to_cryptography

Certificate: TypeAlias = x509.Certificate | asn1_x509.Certificate | bytes
_TONES = ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # huyền, sắc, hỏi, ngã, nặng


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# Old-style tone placement on the second vowel of a syllable-final "oa", "oe", "uy" ("hoà",
# "thuỷ"), and the new style on the first ("hòa", "thủy"): both become the new style.
_NEW_STYLE = {
    _nfc(first + second + tone): _nfc(first + tone + second)
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")) for tone in _TONES
}
_OLD_STYLE = re.compile("(" + "|".join(_NEW_STYLE) + r")(?!\w)")
_NOT_NAME = re.compile(r"[\W_]+")


@lru_cache(maxsize=4096)
def name_key(text: str) -> str:
    """The form two spellings of one name share: NFC, case-folded, new-style tone marks, and
    nothing but letters and digits (spacing and punctuation ignored)."""
    folded = _nfc(_nfc(text).casefold())
    return _NOT_NAME.sub("", _OLD_STYLE.sub(lambda match: _NEW_STYLE[match[1]], folded))


def fingerprint(certificate: Certificate) -> str:
    """SHA-256 of the certificate's DER, lower-case hex: how a pinned signer is recorded."""
    return hashlib.sha256(to_cryptography(certificate).public_bytes(serialization.Encoding.DER)).hexdigest()


MAX_NAME_VALUES = 8  # of O and of OU looked at: a hostile subject with thousands must not cost millions of pairs
MAX_NAME_LENGTH = 1000


def _values(name: x509.Name, oid: x509.ObjectIdentifier) -> list[str]:
    values = [str(attribute.value)[:MAX_NAME_LENGTH] for attribute in name.get_attributes_for_oid(oid)]
    return [value for value in values if value.strip()][:MAX_NAME_VALUES]


def subject_organizations(certificate: Certificate) -> list[str]:
    """What the certificate's subject says its holder belongs to: each O, each OU, and each OU
    with its O (a certificate may say OU "Sở Công Thương", O "tỉnh Ninh Bình")."""
    subject = to_cryptography(certificate).subject
    organizations = _values(subject, NameOID.ORGANIZATION_NAME)
    units = _values(subject, NameOID.ORGANIZATIONAL_UNIT_NAME)
    combined = [f"{unit} {org}" for unit in units for org in organizations]
    combined += [f"{org} {unit}" for unit in units for org in organizations]
    return list(dict.fromkeys([*organizations, *units, *combined]))


def certificate_organization_text(certificate: Certificate) -> str:
    """The subject's O and OU as a person reads them ("-" when the certificate names none)."""
    subject = to_cryptography(certificate).subject
    parts = _values(subject, NameOID.ORGANIZATIONAL_UNIT_NAME) + _values(subject, NameOID.ORGANIZATION_NAME)
    return ", ".join(parts) or "-"


def names_organization(certificate: Certificate, org: Organization) -> bool:
    """Whether the certificate's subject organisation names `org` (any of its names)."""
    wanted = {name_key(name) for name in org.names}
    wanted.discard("")
    return any(name_key(candidate) in wanted for candidate in subject_organizations(certificate))


def find_organization(org_id: str | None, registry: Iterable[Organization]) -> Organization | None:
    return next((org for org in registry if org.id == org_id), None) if org_id else None


def not_authorised(certificate: Certificate, org: Organization | None, org_id: str | None) -> Message:
    return Message(
        N_("The signer does not belong to the reporting organisation: the certificate names “{certificate_org}”, "
           "the report is for “{org}”."),
        certificate_org=certificate_organization_text(certificate), org=org.name if org else (org_id or "-"),
    )


def authorize(
    certificate: Certificate,
    org: str | None,
    pinned: Collection[tuple[str, str]],
    registry: Iterable[Organization],
) -> Message | None:
    """None when the signer of `certificate` may report for the organisation `org` (an id), else the
    problem to show. `pinned` holds (org id, certificate fingerprint) pairs the receiver recorded;
    `registry` the organisations with their names (shipped and the user's own)."""
    organization = find_organization(org, registry)
    if org and (org, fingerprint(certificate)) in pinned:
        return None
    if organization is not None and names_organization(certificate, organization):
        return None
    return not_authorised(certificate, organization, org)


def authorized(result, pinned: Collection[tuple[str, str]], custom: list[dict] | None = None):  # type: ignore[no-untyped-def]
    """A verification result with step 7 applied (`ct20 verify`): `untrusted` with the reason when
    the signer may not report for the organisation its data file names."""
    from desktop.package.datacheck import describe
    from desktop.registry import all_organizations

    if result.status == "invalid" or result.signer_certificate is None:
        return result
    problem = authorize(result.signer_certificate, describe(result.data).org, pinned, all_organizations(custom))
    if problem is not None:
        result.distrust(problem)
    return result


def signer_warning(certificate: Certificate, org: Organization) -> Message | None:
    """What the reporter is told before signing when their certificate does not name their
    organisation: Cục ATMT will hold the package until it accepts the signer (None when it names it)."""
    if names_organization(certificate, org):
        return None
    return Message(
        N_("Your certificate names “{certificate_org}”, not {org}: Cục ATMT will hold the package until it decides "
           "to accept you as a signer for {org}."),
        certificate_org=certificate_organization_text(certificate), org=org.name,
    )
