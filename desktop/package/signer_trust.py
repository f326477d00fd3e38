"""What the receiver will make of a signer's certificate, said before anything is sent: does it chain
to a trusted Vietnamese CA (the built-in roots the Ministry trusts, or roots the user added), and
does its organisation (O, OU) name the reporting organisation? A self-signed certificate is never
called fine without a word about trust.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass, field

from cryptography import x509
from pyhanko_certvalidator import CertificateValidator

from desktop.i18n import N_, Message
from desktop.package.authorization import certificate_organization_text, names_organization
from desktop.package.revocation import RevocationData
from desktop.package.roots import builtin_certificates, trust_context
from desktop.package.sigcheck import validation_context
from desktop.registry import Organization
from desktop.signing.signers import to_asn1


@dataclass(frozen=True)
class SignerTrust:
    trusted: bool  # a path to a trust anchor of this computer
    anchor: str  # the anchor's common name ("" when untrusted)
    builtin: bool  # the anchor is one of the built-in Vietnamese roots
    self_signed: bool
    org_matches: bool | None  # None when no organisation is known to compare with
    messages: list[Message] = field(default_factory=list)  # in the order to show; `ok` says their tone

    @property
    def ok(self) -> bool:
        return self.trusted and self.builtin and self.org_matches is not False


def _common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()


def _anchor(certificate: x509.Certificate, chain: list[x509.Certificate], store, moment: dt.datetime):  # type: ignore[no-untyped-def]
    """The trust anchor a valid path from `certificate` ends at, or None."""
    trust = trust_context(store)
    cert = to_asn1(certificate)
    carried = [to_asn1(c) for c in chain]
    context = validation_context(cert, trust, RevocationData(), moment, carried=carried)
    validator = CertificateValidator(cert, intermediate_certs=carried, validation_context=context)
    try:
        path = asyncio.run(validator.async_validate_usage(set()))
    except Exception:  # no path, an expired or not-yet-valid link, a weak algorithm: not trusted
        return None
    return path.trust_anchor


def assess_signer(store, certificate: x509.Certificate, chain: list[x509.Certificate],  # type: ignore[no-untyped-def]
                  org: Organization | None, *, now: dt.datetime | None = None) -> SignerTrust:
    """The certificate as the Ministry's Inbox will judge it (trust and organisation, not revocation)."""
    moment = now or dt.datetime.now(dt.UTC)
    self_signed = certificate.issuer == certificate.subject
    anchor = _anchor(certificate, chain, store, moment)
    messages: list[Message] = []
    anchor_name, builtin = "", False
    if anchor is not None:
        anchor_cert = getattr(anchor, "certificate", None)  # a CertTrustAnchor: the root certificate
        if anchor_cert is not None:
            builtin = anchor_cert.sha256.hex() in {item.id for item in builtin_certificates() if item.is_root}
            anchor_name = str(anchor_cert.subject.native.get("common_name") or anchor_cert.subject.human_friendly)
    if anchor is None and self_signed:
        messages.append(Message(N_("The certificate is self-signed: no certification authority vouches for it. "
                                   "The Ministry will not trust a report signed with it; use the certificate your "
                                   "certification authority (e.g. the Government CA) issued.")))
    elif anchor is None:
        messages.append(Message(N_("The certificate does not chain to a certification authority trusted here (the "
                                   "built-in Vietnamese roots): the Ministry will hold a report signed with it until "
                                   "it decides.")))
    elif builtin:
        messages.append(Message(N_("The certificate chains to {anchor}, a Vietnamese root the Ministry trusts."),
                                anchor=anchor_name))
    else:
        messages.append(Message(N_("The certificate chains to {anchor}, a root added on this computer but not one of "
                                   "the Vietnamese roots the Ministry trusts: the Ministry may not trust it."),
                                anchor=anchor_name))
    org_matches: bool | None = None
    if org is not None:
        org_matches = names_organization(certificate, org)
        if org_matches:
            messages.append(Message(N_("Its organisation names {org}, as in your profile."), org=org.name))
        else:
            messages.append(Message(N_("Its organisation ({certificate_org}) does not name {org} of your profile: the "
                                       "Ministry will hold your reports until it accepts this signer for {org}."),
                                    certificate_org=certificate_organization_text(certificate) or "—", org=org.name))
    return SignerTrust(anchor is not None, anchor_name, builtin, self_signed, org_matches, messages)
