"""Packages signed the way another tool (or an attacker) would, and timestamps added afterwards."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
from pathlib import Path

from asn1crypto import cms, keys
from pyhanko.sign.signers import SimpleSigner
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko_certvalidator.registry import SimpleCertificateStore

from desktop.package import asic
from desktop.signing import pdfsign, signers
from tests.export.helpers import SIGNATURE_BOX, data_json, entries_of, repack, report_pdf
from tests.pki import Identity


def forced_signer(identity: Identity) -> signers.OpenedSigner:
    """A signer that skips our checks at signing time, as another tool would."""
    signer = SimpleSigner(
        signing_cert=signers.to_asn1(identity.cert),
        signing_key=keys.PrivateKeyInfo.load(identity.key_der),
        cert_registry=SimpleCertificateStore.from_certs([signers.to_asn1(c) for c in identity.chain]),
    )
    return signers.OpenedSigner(signer, identity.cert, signers.certificate_info(identity.cert))


def package_by(identity: Identity, at: dt.datetime | None = None) -> bytes:
    """A whole package signed by `identity`, claiming the signing time `at` (default: now)."""
    opened = forced_signer(identity)
    data = data_json()
    signed = pdfsign.sign_pdf(report_pdf(), opened, SIGNATURE_BOX, data_json=data, signing_time=at)
    return asic.build_package(signed.data, data, [], opened, signing_time=at).data


def stamper(tsa: Identity, *, at: dt.datetime | None = None) -> DummyTimeStamper:
    """An RFC 3161 timestamp authority in-process, with `tsa`'s key (a real one or self-made)."""
    return DummyTimeStamper(
        tsa_cert=signers.to_asn1(tsa.cert),
        tsa_key=keys.PrivateKeyInfo.load(tsa.key_der),
        certs_to_embed=[signers.to_asn1(c) for c in tsa.chain],
        fixed_dt=at,
    )


def _change_signature(package: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    entries = entries_of(package)
    signature = dict(entries)[asic.SIGNATURE_NAME]
    content_info = cms.ContentInfo.load(signature)
    signed_data = content_info["content"]
    change(signed_data)
    rebuilt = cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump(force=True)
    return repack([(name, rebuilt if name == asic.SIGNATURE_NAME else content) for name, content in entries])


def add_timestamp(package: bytes, tsa: DummyTimeStamper, *, over: bytes | None = None) -> bytes:
    """The package with a signature timestamp token added to its container signature, as anyone
    can do without the signer's key; `over`: the bytes the token's imprint covers instead of the
    signature value."""

    def change(signed_data: cms.SignedData) -> None:
        signer_info = signed_data["signer_infos"][0]
        imprint = hashlib.sha256(over if over is not None else signer_info["signature"].native).digest()
        token = asyncio.run(tsa.async_timestamp(imprint, "sha256"))
        signer_info["unsigned_attrs"] = [{"type": "signature_time_stamp_token", "values": [token]}]

    return _change_signature(package, change)


def add_crl(package: bytes, crl_der: bytes) -> bytes:
    """The package with a CRL carried in its container signature's `crls` field (unsigned)."""
    from asn1crypto import crl as asn1_crl

    def change(signed_data: cms.SignedData) -> None:
        signed_data["crls"] = [cms.RevocationInfoChoice(name="crl", value=asn1_crl.CertificateList.load(crl_der))]

    return _change_signature(package, change)


def add_revocation_values(package: bytes, crl_der: bytes) -> bytes:
    """The package with a CAdES revocation-values attribute (unsigned) carrying the CRL."""
    from asn1crypto import core
    from asn1crypto import crl as asn1_crl

    from desktop.package.revocation import REVOCATION_VALUES_OID, _RevocationValues

    values = _RevocationValues({"crl_vals": [asn1_crl.CertificateList.load(crl_der)]})

    def change(signed_data: cms.SignedData) -> None:
        signer_info = signed_data["signer_infos"][0]
        kept = [attribute for attribute in signer_info["unsigned_attrs"] or []]
        kept.append(cms.CMSAttribute({"type": REVOCATION_VALUES_OID, "values": [core.Any.load(values.dump())]}))
        signer_info["unsigned_attrs"] = kept

    return _change_signature(package, change)


def exported(identity: Identity, folder: Path) -> Path:
    """A package made by the real export (its PDF/A-3 report) from a full report."""
    from desktop.signing.signers import open_p12

    with open_p12(identity.p12_path, identity.password) as signer:
        return exported_by(signer, folder)


def exported_by(signer: signers.OpenedSigner, folder: Path) -> Path:
    """A package made by the real export of a full province report, signed by `signer` (a .p12
    file's key or a token's)."""
    from desktop.export.service import export_report
    from desktop.reporting.reports import create_report, fill_report
    from desktop.store import Store
    from tests.export.reports import load_full

    folder.mkdir(parents=True, exist_ok=True)
    with Store.open(folder / "reporter.sqlite3") as reporter:
        report_id = create_report(reporter, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
        fill_report(reporter, report_id, load_full("ct20.province"))
        return export_report(reporter, report_id, folder / "out", signer).package_path
