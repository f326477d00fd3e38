"""Small judgements `pdfverify` makes about one PDF signature: the time it can prove, what its
claimed times say, its trust path, and how grave a trust problem is.

Everything here reads hostile ASN.1 defensively: a junk attribute makes a value unknown, never an
exception.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from asn1crypto import cms, core
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils import generic
from pyhanko.sign.ades.report import AdESIndeterminate
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.general import extract_signer_info
from pyhanko.sign.validation.status import SignatureCoverageLevel

from desktop.i18n import N_, Message
from desktop.package.ber import to_der
from desktop.package.trust import classify_trust_problem
from desktop.signing.signers import vn_time

CLOCK_SLACK = dt.timedelta(minutes=5)
# A signature's own timestamp is asked for right after signing; a token server may be slow, not hours.
LATE_STAMP = dt.timedelta(hours=1)
MAX_PATH = 10
_WEAK = {AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE, AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE_NO_POE}


def whole_but_augmentation(status: Any) -> bool:
    """The signature covers the whole file, or its revision followed only by what a standard PAdES
    augmentation adds (a DSS with validation data, document timestamps: B-LT / B-LTA)."""
    coverage = getattr(status, "coverage", None)
    if coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True
    return (coverage == SignatureCoverageLevel.ENTIRE_REVISION
            and getattr(status, "modification_level", None) == ModificationLevel.LTA_UPDATES)


def approval_signatures(signatures: Sequence[Any]) -> list[Any]:
    """The signatures proper, without the document timestamps an augmentation adds."""
    return [signature for signature in signatures if signature.sig_object.get("/Type") != "/DocTimeStamp"]


def proven_time(signer_info: cms.SignerInfo) -> dt.datetime | None:
    """The time in the signature's own timestamp token, if it has a readable one (not yet
    checked: the caller validates the token)."""
    try:
        for attribute in signer_info["unsigned_attrs"] or []:
            if attribute["type"].native == "signature_time_stamp_token":
                token = attribute["values"][0]
                tst_info = token["content"]["encap_content_info"]["content"].parsed
                when = tst_info["gen_time"].native
                return when if isinstance(when, dt.datetime) else None
    except Exception:  # a junk or damaged attribute: no usable timestamp
        return None
    return None


@dataclass(frozen=True)
class LocalTimeCheck:
    claimed: dt.datetime | None  # what pyHanko reports: the CMS signing-time, else /M
    dictionary_time: dt.datetime | None  # /M of the signature dictionary
    proven: dt.datetime | None
    now: dt.datetime
    own_stamp: bool = False  # `proven` comes from the signature's own timestamp, taken as it was made


def _hours(delta: dt.timedelta) -> str:
    hours = abs(delta.total_seconds()) / 3600
    return f"{hours:.0f}" if abs(hours - round(hours)) < 0.05 else f"{hours:.1f}"


def claimed_time_problems(check: LocalTimeCheck) -> list[Message]:
    """Plain words for claimed times that cannot be right. They never make a signature invalid:
    a claimed time decides nothing; saying so keeps it from misleading."""
    problems = []
    claimed, own = check.claimed, check.dictionary_time
    if claimed is not None and own is not None and abs(claimed - own) > CLOCK_SLACK:
        problems.append(Message(
            N_("The signature records two different signing times ({first} and {second}, {hours} hours apart): "
               "the signer's computer probably wrote its local time as UTC. Both are only claimed."),
            first=vn_time(claimed), second=vn_time(own), hours=_hours(claimed - own),
        ))
    if claimed is not None and check.proven is not None and claimed > check.proven + CLOCK_SLACK:
        problems.append(Message(
            N_("The signer's computer claimed {claimed}, {hours} hours after the proven time: its clock or time "
               "zone was wrong; the proven time counts."),
            claimed=vn_time(claimed), hours=_hours(claimed - check.proven),
        ))
    elif (claimed is not None and check.proven is not None and check.own_stamp
          and claimed < check.proven - LATE_STAMP):
        problems.append(Message(
            N_("The signer's computer claimed {claimed}, {hours} hours before the proven time: its clock or time "
               "zone was wrong; the proven time counts."),
            claimed=vn_time(claimed), hours=_hours(check.proven - claimed),
        ))
    elif claimed is not None and check.proven is None and claimed > check.now + CLOCK_SLACK:
        problems.append(Message(
            N_("The signing time claimed by the signer's computer ({claimed}) lies in the future: its clock or "
               "time zone is wrong."),
            claimed=vn_time(claimed),
        ))
    return problems


def trust_verdict(status: Any, moment: dt.datetime) -> tuple[str, Message]:
    """("invalid" | "untrusted", message) for a status that is not trusted."""
    if getattr(status, "trust_problem_indic", None) in _WEAK:
        return "untrusted", Message(
            N_("The signer's certificate chain uses a weak algorithm (such as SHA-1) that is not accepted here")
        )
    return classify_trust_problem(status, moment)


def _subject(cert: asn1_x509.Certificate) -> str:
    try:
        return str(cert.subject.human_friendly)
    except Exception:
        return "?"


def path_subjects(status: Any, signature: Any, other_certs: Sequence[asn1_x509.Certificate]) -> tuple[list[str], bool]:
    """The subjects from the signer up to the trust anchor, and whether that top is a trust anchor.

    Without a validated path, the chain as far as the embedded and bundled certificates reach."""
    path = getattr(status, "validation_path", None)
    if path is not None and getattr(status, "trusted", False):
        try:
            certs = list(path.iter_certs(include_root=True))
            return [_subject(cert) for cert in reversed(certs)], True
        except Exception:
            pass
    try:
        leaf = status.signing_cert
        pool = [*signature.other_embedded_certs, *other_certs]
    except Exception:
        return [], False
    chain = [leaf]
    while len(chain) < MAX_PATH:
        current = chain[-1]
        if current.self_signed != "no":  # asn1crypto answers "no", "maybe" or "yes"
            break
        issuer = next((c for c in pool if c.subject == current.issuer and c not in chain), None)
        if issuer is None:
            break
        chain.append(issuer)
    return [_subject(cert) for cert in chain], False


def prepare_signature(signature: Any) -> list[Message]:
    """Read a BER-encoded signature (indefinite lengths) as its DER equivalent, and set aside
    unsigned attributes that cannot be read (they are not part of what was signed)."""
    der = to_der(signature.pkcs7_content)
    content = cms.ContentInfo.load(der)
    signer_info = content["content"]["signer_infos"][0]
    unsigned = [] if isinstance(signer_info["unsigned_attrs"], core.Void) else list(signer_info["unsigned_attrs"])
    readable = [attribute for attribute in unsigned if _readable(attribute)]
    problems = []
    if len(readable) != len(unsigned):
        problems.append(Message(N_("Unreadable unsigned attributes of this signature were ignored ({count}); "
                                   "they are not part of what was signed"), count=len(unsigned) - len(readable)))
        signer_info["unsigned_attrs"] = cms.CMSAttributes(readable) if readable else None
        content = cms.ContentInfo.load(content.dump())
    elif signature.pkcs7_content.startswith(der):
        return problems
    # pkcs7_content stays as in the file: coverage checks and DSS keys use the bytes as written
    signature.signed_data = content["content"]
    signature.signer_info = extract_signer_info(signature.signed_data)
    signature._sd_cert_info = None
    return problems


def _readable(attribute: cms.CMSAttribute) -> bool:
    try:
        attribute["values"].native  # noqa: B018 - parse it all now
        if attribute["type"].native == "signature_time_stamp_token":
            for token in attribute["values"]:
                token["content"]["encap_content_info"]["content"].parsed.native  # noqa: B018
        return True
    except Exception:
        return False


def vri_keys(contents: bytes) -> set[str]:
    """The names a DSS /VRI entry of this signature may have: SHA-1 of /Contents, which PAdES
    defines over the bytes and some tools (pyHanko among them) compute over their hex form."""
    forms = (contents, contents.hex().encode("ascii"), contents.hex().upper().encode("ascii"))
    return {hashlib.sha1(form).hexdigest().upper() for form in forms}


def dictionary_time(signature: Any) -> dt.datetime | None:
    """/M of the signature dictionary (pyHanko's self-reported time prefers the CMS signing-time)."""
    try:
        return generic.parse_pdf_date(signature.sig_object["/M"], strict=False)
    except Exception:
        return None
