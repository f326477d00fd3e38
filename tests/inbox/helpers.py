"""Many distinct, genuinely signed packages, fast: for the 100-package import and the benchmark.

A real export spends most of its time loading the RSA key (pyHanko loads it for every signature)
and drawing the report; here a P-256 key issued by the test PKI's issuing CA signs a small PDF
carrying a real data file (validated against the form's schema) for each province and ad hoc period.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from desktop.export.datafile import build_data_file
from desktop.forms import Period, get_form
from desktop.package import asic
from desktop.registry import provinces
from desktop.signing import pdfsign
from desktop.signing.signers import VN_TZ, OpenedSigner, open_p12
from tests.export.helpers import SIGNATURE_BOX, report_pdf
from tests.export.reports import load_full
from tests.pki import P12_PASSWORD, TestPki


def ec_signer(pki: TestPki, folder: Path) -> OpenedSigner:
    """A P-256 signer certificate from the test PKI's issuing CA, opened from a .p12 file."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    issuer = pki.issuing_ca
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Sở Công Thương (thử nghiệm)"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "Đặng Thị Hồng")])
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(issuer.cert.subject).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=30)).not_valid_after(now + dt.timedelta(days=700))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
        .sign(issuer.key, hashes.SHA256())
    )
    path = folder / "ec-signer.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"ec-signer", key, cert, [issuer.cert, *issuer.chain], serialization.BestAvailableEncryption(P12_PASSWORD)))
    return open_p12(path, P12_PASSWORD)


def pin_for_provinces(store, certificate: x509.Certificate) -> None:  # type: ignore[no-untyped-def]
    """Cục ATMT's imported list of signers: this one test certificate may sign for every province."""
    from desktop.inbox.decisions import Actor, pin_certificate

    for org in provinces():
        pin_certificate(store, certificate, org.id, "Danh sách người ký (thử nghiệm)", by=Actor("ct20-test", ""),
                        source="imported")


def bulk_periods(year: int) -> Iterator[tuple[str, str]]:
    """(province org id, ad hoc period) pairs, all different."""
    for day in range(1, 29):
        for org in provinces():
            yield org.id, f"adhoc-{year}-03-{day:02d}"


def bulk_packages(signer: OpenedSigner, folder: Path, count: int, year: int, *, rows: int | None = None) -> list[Path]:
    """`count` signed province packages (distinct organisation × ad hoc period) written to `folder`.

    With `rows`, each is a real package of that size: the data file has `rows` cluster rows and the
    PDF is the report's own, drawn once by the exporter's renderer from the same values (what
    verification reads of it is its size and structure, not which province it names), else a
    small PDF and the form's full example values."""
    from desktop.registry import get_organization

    folder.mkdir(parents=True, exist_ok=True)
    form = get_form("ct20.province")
    box = SIGNATURE_BOX
    if rows is None:
        values = load_full("ct20.province")
        pdf = report_pdf(1)
    else:
        from desktop.export.pdf import render_report_pdf
        from tests.export.reports import large_province_values

        values = large_province_values(rows)
        first_org, first_period = next(bulk_periods(year))
        rendered = render_report_pdf(form, values, org=get_organization(first_org),
                                     period=Period.parse(first_period))
        drawn = rendered.signature_box
        pdf, box = rendered.data, pdfsign.SignatureBox(drawn.page_index, (drawn.x1, drawn.y1, drawn.x2, drawn.y2))
    moment = dt.datetime.now(VN_TZ).replace(microsecond=0) - dt.timedelta(hours=1)  # the certificate is valid
    paths = []
    for (org_id, period), _ in zip(bulk_periods(year), range(count), strict=False):
        data = build_data_file(form, values, org=get_organization(org_id), period=Period.parse(period),
                               report_id=str(uuid.uuid4()), revision=1, generated_at=moment,
                               period_reference="Công văn số 123/BCT-ATMT", period_deadline=f"{year}-04-15")
        signed = pdfsign.sign_pdf(pdf, signer, box, data_json=data, signing_time=moment)
        built = asic.build_package(signed.data, data, [], signer, signing_time=moment)
        name = asic.package_file_name(form.id, org_id, period, 1)
        paths.append(asic.write_package(folder, name, built.data))
    return paths


def signed_package(signer: OpenedSigner, folder: Path, org_id: str, period: str, *, revision: int = 1,
                   signed_at: dt.datetime, deadline: str | None = None, supersedes: Path | None = None,
                   difficulties: str = "Thiếu kinh phí quan trắc.", request: dict[str, str] | None = None) -> Path:
    """One genuinely signed province package of `org_id` for `period` (an ad hoc period needs
    `deadline`), revision `revision`, superseding the package file `supersedes` when given; `request`:
    the ad hoc request it answers, as the data file names it (id, number, date, requester, …)."""
    import hashlib

    from desktop.registry import get_organization

    folder.mkdir(parents=True, exist_ok=True)
    form = get_form("ct20.province")
    values = load_full("ct20.province")
    values["difficulties"] = difficulties
    replaced = None
    if supersedes is not None:
        replaced = {"package": supersedes.name, "sha256": hashlib.sha256(supersedes.read_bytes()).hexdigest(),
                    "revision": revision - 1}
    data = build_data_file(form, values, org=get_organization(org_id), period=Period.parse(period),
                           report_id=str(uuid.uuid4()), revision=revision, supersedes=replaced, generated_at=signed_at,
                           period_reference="Công văn số 123/BCT-ATMT" if period.startswith("adhoc") else None,
                           period_deadline=deadline, period_request=request)
    signed = pdfsign.sign_pdf(report_pdf(1), signer, SIGNATURE_BOX, data_json=data, signing_time=signed_at)
    built = asic.build_package(signed.data, data, [], signer, signing_time=signed_at)
    return asic.write_package(folder, asic.package_file_name(form.id, org_id, period, revision), built.data)
