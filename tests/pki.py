"""A throw-away test PKI made with `cryptography`: root CA → issuing CA → signers, plus variants.

Used by the export tests and later by CLI/inbox tests. Everything is written to one folder:
PEM roots, a CRL of the issuing CA, and password-protected .p12 files of every signer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

P12_PASSWORD = b"mat-khau-thu-nghiem"
ORG = "Sở Công Thương tỉnh Ninh Bình"
CRL_URL = "http://crl.ct20.invalid/issuing-ca.crl"


@dataclass
class Identity:
    """A key, its certificate and the CA certificates above it (nearest first)."""

    name: str
    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    chain: list[x509.Certificate] = field(default_factory=list)
    p12_path: Path | None = None
    password: bytes = P12_PASSWORD

    @property
    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def cert_der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    @property
    def key_der(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


@dataclass
class TestPki:
    folder: Path
    root: Identity
    issuing_ca: Identity
    signer: Identity
    second_signer: Identity
    expired_signer: Identity
    no_digital_signature_signer: Identity
    revoked_signer: Identity
    foreign_root: Identity
    foreign_signer: Identity
    tsa: Identity
    root_pem: Path
    foreign_root_pem: Path
    crl_pem: Path
    # for the trust tests (issue 10): other purposes, a self-made timestamp authority, SHA-1 chains
    server_auth_signer: Identity | None = None  # a TLS server certificate (serverAuth + clientAuth)
    server_auth_only_signer: Identity | None = None  # a TLS server certificate (serverAuth alone)
    timestamping_signer: Identity | None = None  # a timestamp authority's certificate used to sign
    client_email_signer: Identity | None = None  # clientAuth + emailProtection, as Vietnamese CAs issue
    rogue_tsa_root: Identity | None = None  # a timestamp authority anyone can make for themselves
    rogue_tsa: Identity | None = None
    sha1_root: Identity | None = None  # a "G1-like" root: its chain is signed with SHA-1
    sha1_ca: Identity | None = None
    sha1_signer: Identity | None = None
    sha1_other_root: Identity | None = None  # the same SHA-1 chain under a root not registered as G1
    sha1_other_signer: Identity | None = None

    __test__ = False  # not a pytest test class despite its name


def _name(cn: str, org: str | None = None, unit: str | None = None) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if org:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    if unit:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit))
    attributes.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attributes)


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _usage(**flags: bool) -> x509.KeyUsage:
    names = [
        "digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
        "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only",
    ]  # fmt: skip
    return x509.KeyUsage(**{name: flags.get(name, False) for name in names})


def _certificate(
    subject: x509.Name,
    key: rsa.RSAPrivateKey,
    issuer: Identity | None,
    *,
    ca: bool,
    usage: x509.KeyUsage,
    not_before: dt.datetime,
    not_after: dt.datetime,
    extended_usage: list[x509.ObjectIdentifier] | None = None,
    algorithm: hashes.HashAlgorithm | None = None,
) -> x509.Certificate:
    issuer_name = issuer.cert.subject if issuer else subject
    issuer_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    if extended_usage:
        builder = builder.add_extension(x509.ExtendedKeyUsage(extended_usage), critical=True)
    if not ca:
        # Declared so that certificate validation looks for revocation data; tests hand the CRL over,
        # nothing is ever fetched from this address.
        point = x509.DistributionPoint(
            [x509.UniformResourceIdentifier(CRL_URL)], relative_name=None, reasons=None, crl_issuer=None
        )
        builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    cert = builder.sign(issuer_key, hashes.SHA256())
    if isinstance(algorithm, hashes.SHA1):
        cert = _resign_sha1(cert, issuer_key)
    return cert


def _resign_sha1(cert: x509.Certificate, issuer_key: rsa.RSAPrivateKey) -> x509.Certificate:
    """The same certificate signed with sha1WithRSAEncryption (`cryptography` no longer makes
    those, but the first-generation Government CA chain is signed so until 2030)."""
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.asymmetric import padding

    parsed = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
    tbs = parsed["tbs_certificate"].copy()
    tbs["signature"] = {"algorithm": "sha1_rsa"}
    signature = issuer_key.sign(tbs.dump(force=True), padding.PKCS1v15(), hashes.SHA1())
    resigned = asn1_x509.Certificate({
        "tbs_certificate": tbs, "signature_algorithm": {"algorithm": "sha1_rsa"}, "signature_value": signature,
    })
    return x509.load_der_x509_certificate(resigned.dump())


def _ca(
    name: str, cn: str, issuer: Identity | None, now: dt.datetime, algorithm: hashes.HashAlgorithm | None = None
) -> Identity:
    key = _key()
    cert = _certificate(
        _name(cn, "CT20 Test PKI"),
        key,
        issuer,
        ca=True,
        usage=_usage(key_cert_sign=True, crl_sign=True, digital_signature=True),
        not_before=now - dt.timedelta(days=3650),
        not_after=now + dt.timedelta(days=3650),
        algorithm=algorithm,
    )
    chain = [issuer.cert, *issuer.chain] if issuer else []
    return Identity(name, key, cert, chain)


def _end_entity(
    name: str,
    cn: str,
    issuer: Identity,
    now: dt.datetime,
    *,
    usage: x509.KeyUsage | None = None,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
    extended_usage: list[x509.ObjectIdentifier] | None = None,
    algorithm: hashes.HashAlgorithm | None = None,
) -> Identity:
    key = _key()
    cert = _certificate(
        _name(cn, ORG, "Phòng Kỹ thuật an toàn - Môi trường"),
        key,
        issuer,
        ca=False,
        usage=usage or _usage(digital_signature=True, content_commitment=True),
        not_before=not_before or now - dt.timedelta(days=30),
        not_after=not_after or now + dt.timedelta(days=730),
        extended_usage=extended_usage,
        algorithm=algorithm,
    )
    return Identity(name, key, cert, [issuer.cert, *issuer.chain])


def _write_p12(identity: Identity, folder: Path) -> None:
    path = folder / f"{identity.name}.p12"
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            identity.name.encode(),
            identity.key,
            identity.cert,
            identity.chain,
            serialization.BestAvailableEncryption(identity.password),
        )
    )
    identity.p12_path = path


def _crl(issuer: Identity, revoked: list[x509.Certificate], now: dt.datetime) -> x509.CertificateRevocationList:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.cert.subject)
        .last_update(now - dt.timedelta(days=1))
        .next_update(now + dt.timedelta(days=30))
    )
    for cert in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(cert.serial_number)
            .revocation_date(now - dt.timedelta(days=2))
            .build()
        )
    return builder.sign(issuer.key, hashes.SHA256())


def build_pki(folder: Path) -> TestPki:
    """Generate the whole test PKI into `folder` (created if needed)."""
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    root = _ca("root", "CT20 Test Root CA", None, now)
    issuing = _ca("issuing-ca", "CT20 Test Issuing CA", root, now)
    foreign_root = _ca("foreign-root", "Foreign Test Root CA", None, now)

    signer = _end_entity("signer", "Nguyễn Văn An", issuing, now)
    second = _end_entity("second-signer", "Trần Thị Bình", issuing, now)
    expired = _end_entity(
        "expired-signer",
        "Lê Văn Cũ",
        issuing,
        now,
        not_before=now - dt.timedelta(days=800),
        not_after=now - dt.timedelta(days=1),
    )
    no_ds = _end_entity(
        "no-digital-signature-signer",
        "Phạm Văn Mã Hóa",
        issuing,
        now,
        usage=_usage(key_encipherment=True, data_encipherment=True),
    )
    revoked = _end_entity(
        "revoked-signer",
        "Hoàng Văn Thu Hồi",
        issuing,
        now,
        not_before=now - dt.timedelta(days=60),
    )
    foreign = _end_entity("foreign-signer", "Nguyễn Văn An", foreign_root, now)
    tsa = _end_entity(
        "tsa",
        "CT20 Test Time Stamping Authority",
        issuing,
        now,
        usage=_usage(digital_signature=True, content_commitment=True),
        extended_usage=[ExtendedKeyUsageOID.TIME_STAMPING],
    )

    server_auth = _end_entity(
        "server-auth-signer", "ct20.example.gov.vn", issuing, now,
        extended_usage=[ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH],
    )
    server_auth_only = _end_entity(
        "server-auth-only-signer", "www.ct20.example.gov.vn", issuing, now,
        extended_usage=[ExtendedKeyUsageOID.SERVER_AUTH],
    )
    timestamping = _end_entity(
        "timestamping-signer", "CT20 Test TSA used to sign", issuing, now,
        extended_usage=[ExtendedKeyUsageOID.TIME_STAMPING],
    )
    client_email = _end_entity(
        "client-email-signer", "Đỗ Thị Thư", issuing, now,
        extended_usage=[ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.EMAIL_PROTECTION],
    )
    rogue_root = _ca("rogue-tsa-root", "Self-made Time Stamping Root", None, now)
    rogue_tsa = _end_entity(
        "rogue-tsa", "Self-made Time Stamping Authority", rogue_root, now,
        extended_usage=[ExtendedKeyUsageOID.TIME_STAMPING],
    )
    sha1 = hashes.SHA1()
    sha1_root = _ca("sha1-root", "CT20 Test G1-like Root (SHA-1)", None, now, sha1)
    sha1_ca = _ca("sha1-ca", "CT20 Test G1-like CA (SHA-1)", sha1_root, now, sha1)
    sha1_signer = _end_entity("sha1-signer", "Vũ Văn Một", sha1_ca, now, algorithm=sha1)
    sha1_other_root = _ca("sha1-other-root", "CT20 Test Other SHA-1 Root", None, now, sha1)
    sha1_other_signer = _end_entity("sha1-other-signer", "Vũ Văn Hai", sha1_other_root, now, algorithm=sha1)

    for identity in (signer, second, expired, no_ds, revoked, foreign, tsa, server_auth, server_auth_only,
                     timestamping, client_email, rogue_tsa, sha1_signer, sha1_other_signer):
        _write_p12(identity, folder)

    root_pem = folder / "root.pem"
    root_pem.write_bytes(root.cert_pem)
    foreign_root_pem = folder / "foreign-root.pem"
    foreign_root_pem.write_bytes(foreign_root.cert_pem)
    crl_pem = folder / "issuing-ca.crl.pem"
    crl_pem.write_bytes(
        _crl(issuing, [revoked.cert], now).public_bytes(serialization.Encoding.PEM)
    )
    return TestPki(
        folder=folder,
        root=root,
        issuing_ca=issuing,
        signer=signer,
        second_signer=second,
        expired_signer=expired,
        no_digital_signature_signer=no_ds,
        revoked_signer=revoked,
        foreign_root=foreign_root,
        foreign_signer=foreign,
        tsa=tsa,
        root_pem=root_pem,
        foreign_root_pem=foreign_root_pem,
        crl_pem=crl_pem,
        server_auth_signer=server_auth,
        server_auth_only_signer=server_auth_only,
        timestamping_signer=timestamping,
        client_email_signer=client_email,
        rogue_tsa_root=rogue_root,
        rogue_tsa=rogue_tsa,
        sha1_root=sha1_root,
        sha1_ca=sha1_ca,
        sha1_signer=sha1_signer,
        sha1_other_root=sha1_other_root,
        sha1_other_signer=sha1_other_signer,
    )


def issue_signer(pki: TestPki, folder: Path, name: str, cn: str, org: str | None, unit: str | None = None,
                 *, now: dt.datetime | None = None) -> Identity:
    """A document signer of the test PKI's issuing CA whose subject says O=`org` (and OU=`unit`),
    written to `folder/<name>.p12`: the officer of a given organisation."""
    now = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    key = _key()
    cert = _certificate(_name(cn, org, unit), key, pki.issuing_ca, ca=False,
                        usage=_usage(digital_signature=True, content_commitment=True),
                        not_before=now - dt.timedelta(days=30), not_after=now + dt.timedelta(days=730))
    identity = Identity(name, key, cert, [pki.issuing_ca.cert, *pki.issuing_ca.chain])
    folder.mkdir(parents=True, exist_ok=True)
    _write_p12(identity, folder)
    return identity


def nss_database(folder: Path, root_pem: Path | None = None) -> str:
    """An NSS certificate database (certutil) in `folder` trusting `root_pem` (none: trusting
    nothing), as poppler's `pdfsig -nssdir` reads it; returns the `sql:` name to pass."""
    import shutil
    import subprocess

    for tool in ("pdfsig", "certutil"):
        assert shutil.which(tool), f"{tool} is needed (poppler-utils, libnss3-tools)"
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["certutil", "-N", "-d", f"sql:{folder}", "--empty-password"], check=True, capture_output=True)
    if root_pem is not None:
        subprocess.run(["certutil", "-A", "-n", "ct20-test-root", "-t", "C,C,C", "-i", str(root_pem),
                        "-d", f"sql:{folder}"], check=True, capture_output=True)
    return f"sql:{folder}"
