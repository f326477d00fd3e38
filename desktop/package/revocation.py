"""Revocation information: CRL files, the store's CRLs, and what a signature carries itself.

package.md step 3: CRLs given with `--crl` or kept with `ct20 trust crl add`, CRLs/OCSP responses
embedded in the signature (the CMS `crls` field, Adobe's revocation-info-archival signed
attribute, CAdES revocation values, a PDF's DSS) and, only when the user switched online checks
on (setting `online_revocation`), fetched ones. When none of them speaks about the signer's
certificate, the result says so in plain words.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from asn1crypto import cms, core, ocsp
from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509

from desktop.i18n import N_, LocalizedError, Message
from desktop.package.smallfile import read_small_file

MAX_CRL_FILE = 20 * 1024 * 1024
ONLINE_SETTING = "online_revocation"
_PEM_CRL = re.compile(rb"-----BEGIN X509 CRL-----(.+?)-----END X509 CRL-----", re.DOTALL)


class _CrlValues(core.SequenceOf):
    _child_spec = asn1_crl.CertificateList


class _OcspValues(core.SequenceOf):
    _child_spec = ocsp.BasicOCSPResponse


class _RevocationValues(core.Sequence):
    """CAdES id-aa-ets-revocationValues (RFC 5126 6.3.4); the other formats are ignored."""

    _fields: ClassVar = [
        ("crl_vals", _CrlValues, {"explicit": 0, "optional": True}),
        ("ocsp_vals", _OcspValues, {"explicit": 1, "optional": True}),
        ("other_rev_vals", core.Any, {"explicit": 2, "optional": True}),
    ]


REVOCATION_VALUES_OID = "1.2.840.113549.1.9.16.2.24"


@dataclass
class RevocationData:
    """DER CRLs and OCSP responses, de-duplicated."""

    crls: list[bytes] = field(default_factory=list)
    ocsps: list[bytes] = field(default_factory=list)

    def add(self, other: RevocationData) -> None:
        self.crls.extend(c for c in other.crls if c not in self.crls)
        self.ocsps.extend(o for o in other.ocsps if o not in self.ocsps)

    def __bool__(self) -> bool:
        return bool(self.crls or self.ocsps)


@dataclass(frozen=True)
class CrlInfo:
    id: str
    issuer: str
    this_update: str
    next_update: str | None
    revoked: int
    added: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "issuer": self.issuer, "this_update": self.this_update,
                "next_update": self.next_update, "revoked": self.revoked}


def parse_crls(data: bytes, source: str = "") -> list[bytes]:
    """The DER of every CRL of a PEM file, or the one CRL of a DER file (checked to parse)."""
    import base64

    try:
        blocks = _PEM_CRL.findall(data)
        ders = [base64.b64decode(b"".join(block.split()), validate=True) for block in blocks] if blocks else [data]
        for der in ders:
            parsed = asn1_crl.CertificateList.load(der, strict=True)
            parsed["tbs_cert_list"]["revoked_certificates"].native  # noqa: B018 - parse all now
            parsed["tbs_cert_list"]["this_update"].native  # noqa: B018
        return ders
    except (ValueError, TypeError, KeyError, OverflowError):
        raise LocalizedError(
            Message(N_("{file} is not a certificate revocation list (CRL, PEM or DER)."), file=source or "?")
        ) from None


def read_crl_files(paths: Iterable[str | Path]) -> list[bytes]:
    found: list[bytes] = []
    for path in paths:
        path = Path(path)
        data = read_small_file(path, MAX_CRL_FILE, Message(
            N_("{file} is not a certificate revocation list (CRL, PEM or DER)."), file=str(path)))
        found.extend(parse_crls(data, str(path)))
    return found


def crl_info(der: bytes, *, added: bool = False) -> CrlInfo:
    tbs = asn1_crl.CertificateList.load(der)["tbs_cert_list"]
    next_update = tbs["next_update"].native
    return CrlInfo(
        id=hashlib.sha256(der).hexdigest(),
        issuer=tbs["issuer"].human_friendly,
        this_update=tbs["this_update"].native.isoformat(),
        next_update=next_update.isoformat() if next_update else None,
        revoked=len(tbs["revoked_certificates"]),
        added=added,
    )


def add_crl(store, data: bytes, *, source: str = "") -> list[CrlInfo]:  # type: ignore[no-untyped-def]
    """Keep the CRL(s) of a file's content for offline checks; `added` tells which were new."""
    kept = []
    for der in parse_crls(data, source):
        info = crl_info(der)
        added = store.add_crl(info.id, issuer=info.issuer, this_update=info.this_update,
                              next_update=info.next_update, revoked=info.revoked, der=der)
        kept.append(crl_info(der, added=added))
    return kept


def list_crls(store) -> list[CrlInfo]:  # type: ignore[no-untyped-def]
    return [crl_info(record.der) for record in store.crls()] if store is not None else []


def stored_crls(store) -> list[bytes]:  # type: ignore[no-untyped-def]
    if store is None or not hasattr(store, "crls"):
        return []
    return [record.der for record in store.crls()]


def online_checks_enabled(store) -> bool:  # type: ignore[no-untyped-def]
    read = getattr(store, "get_setting", None)
    return bool(read(ONLINE_SETTING, False)) if read is not None else False


def _wrap_basic_ocsp(basic: ocsp.BasicOCSPResponse) -> bytes:
    return bytes(ocsp.OCSPResponse({
        "response_status": "successful",
        "response_bytes": {"response_type": "basic_ocsp_response", "response": basic},
    }).dump())


def embedded_in_cms(signed_data: cms.SignedData) -> RevocationData:
    """Revocation data carried by a CMS signature (never trusted by itself: pyHanko checks each
    against its issuer before using it)."""
    found = RevocationData()
    with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError):  # junk is not used
        _collect_from_cms(signed_data, found)
    return found


def _collect_from_cms(signed_data: cms.SignedData, found: RevocationData) -> None:
    for choice in signed_data["crls"] or []:
        if choice.name == "crl":
            found.crls.append(choice.chosen.dump())
        elif choice.name == "other" and choice.chosen["other_rev_info_format"].dotted == "1.3.6.1.5.5.7.16.2":
            found.ocsps.append(choice.chosen["other_rev_info"].dump())
    for signer_info in signed_data["signer_infos"]:
        for attribute in signer_info["signed_attrs"] or []:
            if attribute["type"].native == "adobe_revocation_info_archival":
                archival = attribute["values"][0]
                found.crls.extend(item.dump() for item in archival["crl"] or [])
                found.ocsps.extend(item.dump() for item in archival["ocsp"] or [])
        for attribute in signer_info["unsigned_attrs"] or []:
            if attribute["type"].dotted == REVOCATION_VALUES_OID:
                values = _RevocationValues.load(attribute["values"][0].dump())
                found.crls.extend(item.dump() for item in values["crl_vals"] or [])
                found.ocsps.extend(_wrap_basic_ocsp(item) for item in values["ocsp_vals"] or [])


def embedded_in_pdf(reader: Any) -> RevocationData:
    """CRLs and OCSP responses of a PDF's document security store (PAdES B-LT), if any."""
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    found = RevocationData()
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except Exception:  # no DSS (NoDSSFoundError) or a damaged one: nothing to use
        return found
    for ref in dss.crls:
        found.crls.append(ref.get_object().data)
    for ref in dss.ocsps:
        found.ocsps.append(ref.get_object().data)
    return found


def speaks_about(
    cert: asn1_x509.Certificate,
    crls: Sequence[bytes],
    ocsps: Sequence[bytes],
    moment: dt.datetime | None = None,
) -> bool:
    """Whether any CRL (by issuer name) or OCSP response (by serial number) concerns `cert`;
    with `moment`, a CRL whose next update was due before it is out of date and does not count."""
    issuer = cert.issuer.dump()
    for der in crls:
        try:
            tbs = asn1_crl.CertificateList.load(der)["tbs_cert_list"]
            if tbs["issuer"].dump() != issuer:
                continue
            next_update = tbs["next_update"].native
            if moment is None or next_update is None or next_update >= moment:
                return True
        except (ValueError, TypeError, KeyError):
            continue
    for der in ocsps:
        try:
            basic = ocsp.OCSPResponse.load(der).basic_ocsp_response
            for single in basic["tbs_response_data"]["responses"]:
                if single["cert_id"]["serial_number"].native == cert.serial_number:
                    return True
        except (ValueError, TypeError, KeyError, AttributeError):
            continue
    return False
