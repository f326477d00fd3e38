"""What a verifier trusts, and plain words for why pyHanko did not trust a signer certificate.

A certificate that simply does not lead to one of the trusted roots gives `untrusted` (the package
may be fine; the consolidator decides). A certificate that was revoked, expired or not yet valid at
the proven time, or may not sign documents, makes the package `invalid`.

Purposes (package.md step 2; decided here): a signer certificate needs the digitalSignature or the
nonRepudiation key usage (when it has a key usage extension at all). Its extended key usage, when
present, must allow document signing: anyExtendedKeyUsage, emailProtection (S/MIME, what Vietnamese
CAs put in personal and organisation certificates, usually beside clientAuth), a document-signing
purpose (RFC 9336 documentSigning, Microsoft document signing, Adobe authentic documents), or
clientAuth without serverAuth (the authentication certificate of a person's token doubles as a
signing one). Anything else - serverAuth (a TLS server, also with clientAuth), timeStamping,
OCSPSigning, codeSigning - restricts it to other purposes and is refused.

SHA-1 (package.md step 2): allowed on certificates only when the whole path ends at a root of the
first-generation Government CA (G1, until 2030), whose chain is signed with SHA-1; never on the
CMS/PDF signature itself, nor on a timestamp token's signature. `TrustContext.sha1_roots` holds
the fingerprints of such roots: the real G1 root by default; a test registers its own "G1-like"
test root there (the only hook, nothing global changes).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from asn1crypto import x509 as asn1_x509
from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.utils import CMSAlgorithmUsagePolicy
from pyhanko_certvalidator.policy_decl import DisallowWeakAlgorithmsPolicy

from desktop.i18n import N_, Message
from desktop.signing.signers import vn_time


def _remember_name_preparation() -> None:
    """asn1crypto compares names (path building, finding the signer's certificate among those a
    signature carries) after preparing each value by RFC 4518, in pure Python, once per parsed
    certificate: a fifth of a container signature's check. The preparation is a pure function of
    the text (it does not read the object), and the same CA names come with every package, so
    its results are remembered for the process. Comparisons give exactly what they gave."""
    prepare = asn1_x509.NameTypeAndValue._ldap_string_prep
    if getattr(prepare, "ct20_remembered", False):
        return

    @functools.lru_cache(maxsize=4096)
    def prepared(string: str) -> str:
        return prepare(None, string)  # type: ignore[no-any-return]

    def remembered(self: object, string: str) -> str:
        return prepared(string)

    remembered.ct20_remembered = True  # type: ignore[attr-defined]
    asn1_x509.NameTypeAndValue._ldap_string_prep = remembered  # type: ignore[method-assign]


_remember_name_preparation()


def _remember_name_keys() -> None:
    """pyHanko files and finds certificates by their names' `hashable` key (the prepared values
    joined), which asn1crypto builds again at every call: some 200 times a package, for the same
    few CA names. The key is a pure function of the name's encoding, so it is remembered by the
    DER (at most 4,096 names, then computed as before). Keys are exactly what they were."""
    name_class = asn1_x509.Name
    original = name_class.hashable
    if getattr(original.fget, "ct20_remembered", False):
        return
    keys: dict[bytes, str] = {}

    def hashable(self: asn1_x509.Name) -> str:
        encoded = self.dump()
        key = keys.get(encoded)
        if key is None:
            key = original.fget(self)
            if len(keys) < 4096:
                keys[encoded] = key
        return key  # type: ignore[no-any-return]

    hashable.ct20_remembered = True  # type: ignore[attr-defined]
    name_class.hashable = property(hashable)  # type: ignore[method-assign,assignment]


_remember_name_keys()

# SHA-256 of the DER of "Co quan chung thuc so chuyen dung Chinh phu (RootCA)", resources/pki/vn/.
G1_ROOT_FINGERPRINT = "f7bc89054cec7f12730d7b8cd3eb7955b163835087e5eb873edfb584763b3f90"

WEAK_DIGESTS = frozenset({"md2", "md5", "sha1"})
STRICT_POLICY = DisallowWeakAlgorithmsPolicy(weak_hash_algos=WEAK_DIGESTS)
SHA1_CHAIN_POLICY = DisallowWeakAlgorithmsPolicy(weak_hash_algos=frozenset({"md2", "md5"}))
# for CMS signatures (the container, the PDF, timestamp tokens): never SHA-1
STRICT_CMS_POLICY = CMSAlgorithmUsagePolicy.lift_policy(STRICT_POLICY)
# pyHanko's key usage check (after a path is found); the extended key usage is judged by
# purpose_problem before pyHanko runs, also for certificates without a trusted path.
SIGNER_KEY_USAGE = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"}, extd_key_usage=None)

SIGNING_PURPOSES = frozenset({
    "any_extended_key_usage",
    "email_protection",
    "1.3.6.1.5.5.7.3.36",  # id-kp-documentSigning (RFC 9336)
    "1.3.6.1.4.1.311.10.3.12",  # Microsoft document signing
    "1.2.840.113583.1.1.5",  # Adobe authentic documents trust
})


@dataclass(frozen=True)
class TrustContext:
    """Everything a verification trusts and knows, besides the signature itself.

    roots: the trust anchors; intermediates: certificates offered for path building (the bundled
    Vietnamese intermediates by default); crls: DER CRLs given by the user (files, the store);
    online: fetch CRLs/OCSP over the network (off unless the user switched it on);
    sha1_roots: fingerprints of the roots under which SHA-1 certificate signatures are accepted.
    """

    roots: tuple[asn1_x509.Certificate, ...] = ()
    intermediates: tuple[asn1_x509.Certificate, ...] = ()
    crls: tuple[bytes, ...] = ()
    online: bool = False
    sha1_roots: frozenset[str] = field(default_factory=lambda: frozenset({G1_ROOT_FINGERPRINT}))
    # pyHanko's trust managers over these roots, built once per context (per import run) and
    # shared by its validations: read-only once built, and they hold nothing of a package
    managers: dict[tuple[str, ...], Any] = field(default_factory=dict, compare=False, hash=False, repr=False)

    def trust_manager(self, anchors: Sequence[asn1_x509.Certificate]) -> Any:
        """A pyHanko SimpleTrustManager over `anchors` (some or all of `roots`)."""
        key = tuple(cert_fingerprint(anchor) for anchor in anchors)
        manager = self.managers.get(key)
        if manager is None:
            from pyhanko_certvalidator.registry import SimpleTrustManager

            manager = self.managers[key] = SimpleTrustManager.build(trust_roots=list(anchors))
        return manager


def cert_fingerprint(cert: asn1_x509.Certificate) -> str:
    return str(cert.sha256.hex())


def purpose_problem(cert: asn1_x509.Certificate) -> Message | None:
    """Why this certificate may not sign documents, or None when it may."""
    key_usage = cert.key_usage_value
    if key_usage is not None and not ({"digital_signature", "non_repudiation"} & set(key_usage.native)):
        return Message(N_("The signer's certificate is not allowed to sign documents"))
    eku = cert.extended_key_usage_value
    if eku is None:
        return None
    purposes = set(eku.native)
    if purposes & SIGNING_PURPOSES:
        return None
    if "client_auth" in purposes and "server_auth" not in purposes:
        return None
    return Message(
        N_("The signer's certificate is meant for other purposes ({purposes}), not for signing documents"),
        purposes=", ".join(sorted(_purpose_name(p) for p in purposes)),
    )


_PURPOSE_NAMES = {
    "server_auth": "TLS server", "client_auth": "TLS client", "code_signing": "code signing",
    "time_stamping": "timestamping", "ocsp_signing": "OCSP signing",
}


def _purpose_name(purpose: str) -> str:
    return _PURPOSE_NAMES.get(purpose, purpose)


def path_ends_at(
    cert: asn1_x509.Certificate,
    roots: Sequence[asn1_x509.Certificate],
    known: Iterable[asn1_x509.Certificate],
) -> list[asn1_x509.Certificate]:
    """The roots a chain of issuer names from `cert` may end at (names only, no signature check:
    this only picks the policy; the real path validation follows)."""
    by_subject: dict[bytes, list[asn1_x509.Certificate]] = {}
    for candidate in known:
        by_subject.setdefault(candidate.subject.dump(), []).append(candidate)
    root_by_subject: dict[bytes, list[asn1_x509.Certificate]] = {}
    for root in roots:
        root_by_subject.setdefault(root.subject.dump(), []).append(root)
    found: list[asn1_x509.Certificate] = []
    frontier, seen = [cert], set()
    for _ in range(8):
        following = []
        for current in frontier:
            issuer = current.issuer.dump()
            for root in root_by_subject.get(issuer, []):
                if root not in found:
                    found.append(root)
            for parent in by_subject.get(issuer, []):
                # compared as encoded: Name equality prepares every value (RFC 4518), which
                # costs more than the whole walk
                if parent.sha256 not in seen and parent.subject.dump() != parent.issuer.dump():
                    seen.add(parent.sha256)
                    following.append(parent)
        frontier = following
    return found


_OUT_OF_TIME = {
    AdESIndeterminate.EXPIRED,
    AdESIndeterminate.NOT_YET_VALID,
    AdESIndeterminate.OUT_OF_BOUNDS_NO_POE,
    AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED,
    AdESFailure.NOT_YET_VALID,
}
_REVOKED = {AdESFailure.REVOKED, AdESIndeterminate.REVOKED_NO_POE, AdESIndeterminate.REVOKED_CA_NO_POE}
_NOT_FOR_SIGNING = {AdESIndeterminate.SIG_CONSTRAINTS_FAILURE, AdESIndeterminate.CHAIN_CONSTRAINTS_FAILURE}
_WEAK = {AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE, AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE_NO_POE}


def classify_trust_problem(
    status: Any, moment: dt.datetime, *, basis: str = "claimed", claimed: dt.datetime | None = None
) -> tuple[str, Message]:
    """("invalid" | "untrusted", message) for a status whose `trusted` is False.

    `basis` says what `moment` is: "timestamp" (a trusted timestamp's time), "receipt" (a proof
    of existence the caller holds), "now" (nothing proves an earlier time), or "claimed"."""
    indication = getattr(status, "trust_problem_indic", None)
    if indication in _REVOKED:
        details = getattr(status, "revocation_details", None)
        when = getattr(details, "revocation_date", None)
        if when is not None:
            return "invalid", Message(
                N_("The signer's certificate was revoked on {time}, before the time the signature "
                   "is proven to exist ({moment})"),
                time=vn_time(when), moment=vn_time(moment),
            )
        return "invalid", Message(N_("The signer's certificate has been revoked"))
    if indication in _OUT_OF_TIME:
        if basis == "now":
            return "invalid", Message(
                N_("The signer's certificate is not valid now ({time}) and nothing proves the signature "
                   "was made earlier: the signing time {claimed} is only claimed by the signer's computer"),
                time=vn_time(moment), claimed=vn_time(claimed) if claimed else "-",
            )
        if basis == "receipt":
            return "invalid", Message(
                N_("The signer's certificate was not valid on {time}, when the package was first received "
                   "(the signing time {claimed} is only claimed by the signer's computer)"),
                time=vn_time(moment), claimed=vn_time(claimed) if claimed else "-",
            )
        return "invalid", Message(
            N_("The signer's certificate was not valid at the signing time ({time})"),
            time=vn_time(moment),
        )
    if indication in _NOT_FOR_SIGNING:
        return "invalid", Message(N_("The signer's certificate is not allowed to sign documents"))
    if indication in _WEAK:
        return "invalid", Message(
            N_("The signer's certificate chain uses a weak algorithm (SHA-1 is accepted only "
               "under the Government CA G1 root)")
        )
    if indication == AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND:
        return "untrusted", Message(N_("The signer's certificate does not lead to a trusted root"))
    return "untrusted", Message(
        N_("The signer's certificate could not be confirmed ({reason})"),
        reason=getattr(indication, "name", "unknown"),
    )
