"""Make the hostile package corpus: `python tests/data/hostile/make_corpus.py`.

Every case is a package file that an attacker, a broken mail gateway or a careless tool could
hand the verifier, with the result package.md's verification promises for it, written down here
by hand (not copied from what the verifier happens to say): `expected.json` maps each file to
its status, the message id of its first problem (the reason code) and a text that problem must
mention. `tests/hostile/test_corpus.py` verifies every file against it.

Every package is made by the exporter's own functions: the report PDF as desktop.export.pdf draws
it for the corpus's full province report (PDF/A-3b, bundled fonts), signed in the space it
reserves, the data file, the manifest and the container signature; an attack then changes what
it needs to.

Deterministic. The corpus PKI (root → issuing CA → signers, an expired signer, a foreign root,
timestamp authorities, certificates for other purposes or of another organisation, a SHA-1
chain, the issuing CA's CRL) is generated once into `pki/` and committed with its private keys,
which are test keys and nothing else. Every package is judged as the Inbox judges it: at
RECEIVED_AT, its first receipt (package.md, Submission time), against the TRUSTED roots with the
CRL given and the signer's organisation checked (step 7); every signature claims the fixed time
SIGNED_AT unless a case says otherwise. So the corpus verifies the same way after its test
certificates expire. Running the script again rewrites the same
bytes. The one case too large to commit (over 50 MB) is described in expected.json and made
at test time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import os
import random
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from asn1crypto import keys as asn1_keys  # noqa: E402
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402
from cryptography.x509.oid import ExtendedKeyUsageOID as EKU  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402
from pyhanko.pdf_utils import generic  # noqa: E402
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter  # noqa: E402
from pyhanko.sign.signers import SimpleSigner  # noqa: E402
from pyhanko_certvalidator.registry import SimpleCertificateStore  # noqa: E402

from desktop.export.datafile import build_data_file  # noqa: E402
from desktop.export.pdf import PdfResult, render_report_pdf  # noqa: E402
from desktop.forms import Period, get_form  # noqa: E402
from desktop.package import asic  # noqa: E402
from desktop.package.manifest import build_manifest  # noqa: E402
from desktop.registry import get_organization  # noqa: E402
from desktop.signing import pdfsign  # noqa: E402
from desktop.signing.signers import VN_TZ, OpenedSigner, certificate_info, to_asn1  # noqa: E402
from tests.export.helpers import RawEntry, craft_zip, entries_of, flip_byte  # noqa: E402
from tests.export.reports import load_full  # noqa: E402
from tests.package import pdfslack, slack  # noqa: E402
from tests.pki import _resign_sha1  # noqa: E402

PKI_DIR = HERE / "pki"
EXPECTED = HERE / "expected.json"
SIGNED_AT = dt.datetime(2025, 11, 10, 9, 12, 0, tzinfo=VN_TZ)
UTC = dt.UTC
ATTACHMENTS = [("ke-hoach.pdf", b"%PDF-1.4 ke hoach so 12/KH-UBND\n" * 20)]
MB = 1024 * 1024

Entries = list[tuple[str, bytes]]

# -- the corpus PKI ------------------------------------------------------------------------------

# name: (common name, issuer, CA?, valid from, valid until)
IDENTITIES: dict[str, tuple[str, str | None, bool, dt.datetime, dt.datetime]] = {
    "root": ("CT20 Hostile Corpus Root CA", None, True, dt.datetime(2025, 1, 1, tzinfo=UTC),
             dt.datetime(2045, 1, 1, tzinfo=UTC)),
    "issuing-ca": ("CT20 Hostile Corpus Issuing CA", "root", True, dt.datetime(2025, 1, 1, tzinfo=UTC),
                   dt.datetime(2040, 1, 1, tzinfo=UTC)),
    "signer": ("Nguyễn Văn An", "issuing-ca", False, dt.datetime(2025, 6, 1, tzinfo=UTC),
               dt.datetime(2027, 6, 1, tzinfo=UTC)),
    "second-signer": ("Trần Thị Bình", "issuing-ca", False, dt.datetime(2025, 6, 1, tzinfo=UTC),
                      dt.datetime(2027, 6, 1, tzinfo=UTC)),
    "expired-signer": ("Lê Văn Cũ", "issuing-ca", False, dt.datetime(2023, 1, 1, tzinfo=UTC),
                       dt.datetime(2024, 12, 31, tzinfo=UTC)),
    "foreign-root": ("Foreign Corpus Root CA", None, True, dt.datetime(2025, 1, 1, tzinfo=UTC),
                     dt.datetime(2045, 1, 1, tzinfo=UTC)),
    "foreign-signer": ("Nguyễn Văn An", "foreign-root", False, dt.datetime(2025, 6, 1, tzinfo=UTC),
                       dt.datetime(2027, 6, 1, tzinfo=UTC)),
    # issue 10, items 3-6 (appended: the serial numbers of the ones above stay as they are)
    "tsa": ("CT20 Hostile Corpus Time Stamping Authority", "issuing-ca", False, dt.datetime(2025, 1, 1, tzinfo=UTC),
            dt.datetime(2035, 1, 1, tzinfo=UTC)),
    "rogue-tsa-root": ("Self-made Time Stamping Root", None, True, dt.datetime(2025, 1, 1, tzinfo=UTC),
                       dt.datetime(2045, 1, 1, tzinfo=UTC)),
    "rogue-tsa": ("Self-made Time Stamping Authority", "rogue-tsa-root", False, dt.datetime(2025, 1, 1, tzinfo=UTC),
                  dt.datetime(2035, 1, 1, tzinfo=UTC)),
    "revoked-signer": ("Hoàng Văn Thu Hồi", "issuing-ca", False, dt.datetime(2025, 6, 1, tzinfo=UTC),
                       dt.datetime(2027, 6, 1, tzinfo=UTC)),
    "server-auth-signer": ("ct20.example.gov.vn", "issuing-ca", False, dt.datetime(2025, 6, 1, tzinfo=UTC),
                           dt.datetime(2027, 6, 1, tzinfo=UTC)),
    "timestamping-signer": ("CT20 Corpus TSA used to sign", "issuing-ca", False, dt.datetime(2025, 6, 1, tzinfo=UTC),
                            dt.datetime(2027, 6, 1, tzinfo=UTC)),
    "client-email-signer": ("Đỗ Thị Thư", "issuing-ca", False, dt.datetime(2025, 6, 1, tzinfo=UTC),
                            dt.datetime(2027, 6, 1, tzinfo=UTC)),
    "other-org-signer": ("Lê Thị Hoa", "issuing-ca", False, dt.datetime(2025, 6, 1, tzinfo=UTC),
                         dt.datetime(2027, 6, 1, tzinfo=UTC)),
    "sha1-root": ("SHA-1 Corpus Root CA (not the Government CA G1)", None, True, dt.datetime(2025, 1, 1, tzinfo=UTC),
                  dt.datetime(2045, 1, 1, tzinfo=UTC)),
    "sha1-ca": ("SHA-1 Corpus Issuing CA", "sha1-root", True, dt.datetime(2025, 1, 1, tzinfo=UTC),
                dt.datetime(2040, 1, 1, tzinfo=UTC)),
    "sha1-signer": ("Vũ Văn Cũ", "sha1-ca", False, dt.datetime(2025, 6, 1, tzinfo=UTC),
                    dt.datetime(2027, 6, 1, tzinfo=UTC)),
}
# what some identities carry besides the common profile: extended key usages, another
# organisation than the reporting one, a certificate signed with SHA-1 by its issuer
PROFILES: dict[str, dict] = {
    "tsa": {"eku": [EKU.TIME_STAMPING]},
    "rogue-tsa": {"eku": [EKU.TIME_STAMPING]},
    "server-auth-signer": {"eku": [EKU.SERVER_AUTH, EKU.CLIENT_AUTH]},
    "timestamping-signer": {"eku": [EKU.TIME_STAMPING]},
    "revoked-signer": {"crl": "http://crl.ct20-corpus.invalid/issuing-ca.crl"},  # where its CA publishes the CRL
    "client-email-signer": {"eku": [EKU.CLIENT_AUTH, EKU.EMAIL_PROTECTION]},
    "other-org-signer": {"org": "Sở Công Thương tỉnh Thanh Hóa"},
    "sha1-ca": {"sha1": True},
    "sha1-signer": {"sha1": True},
}
# the roots the corpus is verified against, and the issuing CA's revocation list (pki/)
TRUSTED = ("root", "sha1-root")
CRL_FILE = "issuing-ca.crl.pem"
REVOKED_AT = dt.datetime(2025, 10, 15, tzinfo=UTC)
# when the Inbox first received every package (its proof of existence): the certificates are
# judged then, so the corpus verifies the same after they expire
RECEIVED_AT = dt.datetime(2025, 11, 11, 8, 0, 0, tzinfo=VN_TZ)


@dataclass
class Identity:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate


def _certificate(name: str, key: rsa.RSAPrivateKey, pki: dict[str, Identity], serial: int) -> x509.Certificate:
    common_name, issuer_name, ca, not_before, not_after = IDENTITIES[name]
    profile = PROFILES.get(name, {})
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CT20 Test PKI" if ca or name.endswith("tsa")
                           else profile.get("org", "Sở Công Thương tỉnh Ninh Bình")),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])
    issuer = pki[issuer_name] if issuer_name else Identity(key, None)  # type: ignore[arg-type]
    usage = dict.fromkeys(("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
                           "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only"), False)
    usage.update({"key_cert_sign": ca, "crl_sign": ca, "digital_signature": True, "content_commitment": not ca})
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer_name else subject)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(**usage), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
    )
    if "crl" in profile:
        point = x509.DistributionPoint([x509.UniformResourceIdentifier(profile["crl"])], None, None, None)
        builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    if "eku" in profile:
        builder = builder.add_extension(x509.ExtendedKeyUsage(profile["eku"]), critical=False)
    cert = builder.sign(issuer.key, hashes.SHA256())
    return _resign_sha1(cert, issuer.key) if profile.get("sha1") else cert


def load_crl(pki: dict[str, Identity]) -> bytes:
    """The issuing CA's CRL naming the revoked signer (DER); written to pki/ once."""
    path = PKI_DIR / CRL_FILE
    if not path.exists():
        issuing = pki["issuing-ca"]
        crl = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(issuing.cert.subject)
            .last_update(dt.datetime(2025, 11, 1, tzinfo=UTC))
            .next_update(dt.datetime(2045, 1, 1, tzinfo=UTC))
            .add_revoked_certificate(x509.RevokedCertificateBuilder()
                                     .serial_number(pki["revoked-signer"].cert.serial_number)
                                     .revocation_date(REVOKED_AT).build())
            .sign(issuing.key, hashes.SHA256())
        )
        path.write_bytes(crl.public_bytes(serialization.Encoding.PEM))
    return x509.load_pem_x509_crl(path.read_bytes()).public_bytes(serialization.Encoding.DER)


def load_pki() -> dict[str, Identity]:
    """The committed corpus PKI; generated (once, in dependency order) when `pki/` is empty."""
    pki: dict[str, Identity] = {}
    PKI_DIR.mkdir(exist_ok=True)
    for serial, name in enumerate(IDENTITIES, start=2025110):
        key_file, cert_file = PKI_DIR / f"{name}.key.pem", PKI_DIR / f"{name}.cert.pem"
        if key_file.exists() and cert_file.exists():
            key = serialization.load_pem_private_key(key_file.read_bytes(), None)
            assert isinstance(key, rsa.RSAPrivateKey)
            pki[name] = Identity(key, x509.load_pem_x509_certificate(cert_file.read_bytes()))
            continue
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pki[name] = Identity(key, _certificate(name, key, pki, serial))
        key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
        cert_file.write_bytes(pki[name].cert.public_bytes(serialization.Encoding.PEM))
    return pki


def signer_of(pki: dict[str, Identity], name: str) -> OpenedSigner:
    """A signer that skips the app's own checks at signing time, as another tool would."""
    identity = pki[name]
    chain = []
    issuer = IDENTITIES[name][1]
    while issuer:
        chain.append(pki[issuer].cert)
        issuer = IDENTITIES[issuer][1]
    key_der = identity.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption())
    signer = SimpleSigner(
        signing_cert=to_asn1(identity.cert),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=SimpleCertificateStore.from_certs([to_asn1(c) for c in chain]),
    )
    return OpenedSigner(signer, identity.cert, certificate_info(identity.cert), chain)


# -- building blocks -----------------------------------------------------------------------------

class _SeededOs:
    """pyHanko gives every incremental update a random second document id; the corpus wants the
    same bytes on every run, so the writer draws its "random" bytes from a seeded generator."""

    def __init__(self, seed: int) -> None:
        self._random = random.Random(seed)

    def urandom(self, size: int) -> bytes:
        return self._random.randbytes(size)

    def __getattr__(self, name: str) -> object:
        return getattr(os, name)


class _FrozenDatetime(dt.datetime):
    """pyHanko stamps an update's /ModDate with the clock; the corpus stamps SIGNED_AT."""

    @classmethod
    def now(cls, tz: dt.tzinfo | None = None) -> _FrozenDatetime:  # type: ignore[override]
        return cls.fromtimestamp(SIGNED_AT.timestamp(), VN_TZ)  # whatever zone the machine is in


def freeze_randomness() -> None:
    """The few places where signing a PDF reads the clock or the random source, pinned."""
    from pyhanko.pdf_utils import incremental_writer
    from pyhanko.pdf_utils.metadata import info, xmp_xml
    from reportlab import rl_config

    incremental_writer.os = _SeededOs(20251110)  # type: ignore[assignment]
    info.datetime = _FrozenDatetime  # type: ignore[misc]
    xmp_xml.datetime = _FrozenDatetime  # type: ignore[misc]  # the real report's XMP, on each update
    rl_config.invariant = 1  # the signature stamp's PDF too: no creation date, a fixed id



_REPORT: PdfResult | None = None


def report() -> PdfResult:
    """The report PDF the real exporter draws for the corpus's data (desktop.export.pdf: PDF/A-3b,
    the bundled fonts, its metadata at SIGNED_AT), drawn once."""
    global _REPORT
    if _REPORT is None:
        _REPORT = render_report_pdf(get_form("ct20.province"), load_full("ct20.province"),
                                    org=get_organization("so-ct-ninh-binh"), period=Period.parse("2025"),
                                    prefer_system_font=False, moment=SIGNED_AT)
    return _REPORT


def report_pdf() -> bytes:
    return report().data


def data_object(**changes: object) -> dict:
    form, org = get_form("ct20.province"), get_organization("so-ct-ninh-binh")
    data = json.loads(build_data_file(
        form, load_full("ct20.province"), org=org, period=Period.parse("2025"),
        report_id="7d1f7a52-0d3c-4c8e-9d0b-2f5b7f0e9a11", revision=1,
        attachments=[{"name": "dinh-kem/" + name, "sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
                     for name, content in ATTACHMENTS],
        generated_at=SIGNED_AT,
    ))
    data.update(changes)
    return data


def encode(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def sign_report(signer: OpenedSigner, data: bytes | None, pdf: bytes | None = None,
                at: dt.datetime = SIGNED_AT) -> bytes:
    drawn = report().signature_box  # where the exporter signs: the space the report reserved
    box = pdfsign.SignatureBox(drawn.page_index, (drawn.x1, drawn.y1, drawn.x2, drawn.y2))
    return pdfsign.sign_pdf(pdf or report_pdf(), signer, box, data_json=data, signing_time=at).data


def zip_entries(entries: Entries) -> bytes:
    return asic._zip(entries, SIGNED_AT)


def package(signer: OpenedSigner, *, data: bytes, container: OpenedSigner | None = None,
            pdf_data: bytes | None = None, attachments: list[tuple[str, bytes]] | None = None,
            at: dt.datetime = SIGNED_AT) -> bytes:
    """A package made by the real exporter's functions; `at`: the signing time the signer's clock claims."""
    pdf = sign_report(signer, pdf_data if pdf_data is not None else data, at=at)
    built = asic.build_package(pdf, data, ATTACHMENTS if attachments is None else attachments,
                               container or signer, signing_time=at)
    return built.data


def resign(entries: Entries, signer: OpenedSigner, manifest: bytes | None = None) -> Entries:
    """A new manifest (or the one given) signed again: an attacker who holds a valid key."""
    if manifest is None:
        objects = [(n, c) for n, c in entries if n not in (asic.MIMETYPE_NAME, asic.MANIFEST_NAME, asic.SIGNATURE_NAME)]
        manifest = build_manifest([(n, "application/octet-stream", c) for n, c in objects], asic.SIGNATURE_NAME)
    signature, _ = asic.sign_manifest(manifest, signer, signing_time=SIGNED_AT)
    replaced = {asic.MANIFEST_NAME: manifest, asic.SIGNATURE_NAME: signature}
    return [(n, replaced.get(n, c)) for n, c in entries]


def replace(entries: Entries, name: str, change: Callable[[bytes], bytes]) -> Entries:
    return [(n, change(c) if n == name else c) for n, c in entries]


def insert_before_manifest(entries: Entries, name: str, content: bytes) -> Entries:
    at = [n for n, _ in entries].index(asic.MANIFEST_NAME)
    return [*entries[:at], (name, content), *entries[at:]]


MIMETYPE = RawEntry("mimetype", asic.MIMETYPE)


def layout(*entries: RawEntry) -> bytes:
    """A hand-made ZIP of mimetype plus the given entries: step 1 must refuse it before any parsing."""
    return craft_zip([MIMETYPE, *entries])


def deep_json() -> bytes:
    # random whitespace keeps it from compressing past the 100:1 limit that would stop it earlier
    rng = random.Random(20)
    return "".join(bracket + rng.choice(" \n\t\r") * rng.randint(1, 3) for bracket in "[" * 5000 + "]" * 5000).encode()


def as_zip64(data: bytes) -> bytes:
    """The same archive with a ZIP64 end of central directory (the classic one saying 0xFFFF)."""
    eocd = data.rfind(b"PK\x05\x06")
    _, _, _, _, count, cd_size, cd_offset, _ = struct.unpack_from("<4sHHHHIIH", data, eocd)
    zip64_eocd = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, cd_size, cd_offset)
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, eocd, 1)
    classic = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return data[:eocd] + zip64_eocd + locator + classic


def split_archive(data: bytes) -> bytes:
    eocd = data.rfind(b"PK\x05\x06")
    return data[:eocd + 4] + struct.pack("<H", 1) + data[eocd + 6:]  # "this is disk 2"


def bad_crc(data: bytes, name: str) -> bytes:
    """Change the CRC of `name` in both headers: the content no longer matches it."""
    out = bytearray(data)
    encoded = name.encode()
    for signature, crc_at in ((b"PK\x03\x04", 14), (b"PK\x01\x02", 16)):
        start = 0
        while (start := out.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if out[name_at:name_at + len(encoded)] == encoded:
                out[start + crc_at] ^= 0xFF
            start += 4
    return bytes(out)


# -- the cases -----------------------------------------------------------------------------------

NOT_LISTED = ("The manifest does not list exactly the files in the package "
              "(not listed: {missing}; listed but absent or repeated: {extra})")
FIRST_ENTRY = "The first entry must be 'mimetype', stored uncompressed, without extra field"
BAD_NAME = "The entry name {name} is not allowed (absolute path, '..' or backslash)"
DAMAGED_ZIP = "The file is not a readable package (damaged or not a ZIP archive)"
DAMAGED_ENTRY = "The entry {name} is damaged"
LOCAL_LIES = "The entry {name} is described differently in its local header and in the central directory"
APPENDED = "The package has extra bytes after its end"
PREPENDED = "The package has extra bytes before its first entry"
GAP = "The package holds bytes that belong to no file (possibly hidden content)"
EXTRA_FIELD = "The entry {name} carries an extra field, which is not allowed"
RESERVED = "The entry name {name} is a reserved device name on Windows"
TWO_DATA_FILES = "The report PDF carries more than one file named {name}"
ODD_BYTE_RANGE = ("The report's signature is malformed: the part of the file it covers (/ByteRange) "
                  "does not match the file")
FORGED_PDF = b"%PDF-1.4\n% forged report: other figures than the signed one\n%%EOF\n"


@dataclass(frozen=True)
class Case:
    make: Callable[[], bytes] | None  # None: made at test time (too large to commit)
    status: str
    problem: str | None  # msgid of the first problem: the reason code
    says: str = ""  # a text the first problem must show (in English)
    why: str = ""
    group: str = ""
    time: str = ""  # "proven" (a trusted timestamp) or "claimed": checked when given  # "zip-slack", "pdf-two-readings": also run through the CLI and the Inbox one by one


def cases(pki: dict[str, Identity]) -> dict[str, Case]:
    signer, second = signer_of(pki, "signer"), signer_of(pki, "second-signer")
    data = encode(data_object())
    valid = package(signer, data=data)
    entries = entries_of(valid)

    def rezip(change: Callable[[Entries], Entries]) -> Callable[[], bytes]:
        return lambda: zip_entries(change(list(entries)))

    def signed_json(raw: bytes) -> Callable[[], bytes]:
        return lambda: package(signer, data=raw, attachments=[])

    def pdf_updated_after_signing() -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(dict(entries)[asic.PDF_NAME]))
        writer.root["/Lang"] = generic.TextStringObject("en")
        writer.update_root()
        out = io.BytesIO()
        writer.write(out)
        return zip_entries(resign(replace(entries, asic.PDF_NAME, lambda _: out.getvalue()), signer))

    def manifest_with(text: str) -> Callable[[], bytes]:
        return lambda: zip_entries(resign(entries, signer, manifest=text.encode()))

    valid_manifest = dict(entries)[asic.MANIFEST_NAME].decode()
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
              + "]>\n" + valid_manifest.split("\n", 1)[1].replace("</asic:ASiCManifest>", "&lol9;</asic:ASiCManifest>"))
    xxe = ('<?xml version="1.0"?>\n<!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
           + valid_manifest.split("\n", 1)[1].replace("</asic:ASiCManifest>", "&xxe;</asic:ASiCManifest>"))
    zeros = b"\x00" * (10 * MB)
    deflated_zeros = zlib.compressobj(9, zlib.DEFLATED, -15)
    bomb = deflated_zeros.compress(zeros) + deflated_zeros.flush()

    earlier = {
        # sound packages: the controls
        "valid.asice": Case(lambda: valid, "valid", None, why="a sound package, signed by a trusted signer"),
        "foreign-signer.asice": Case(
            lambda: package(signer_of(pki, "foreign-signer"), data=data), "untrusted",
            "The signer's certificate does not lead to a trusted root", why="a signer under a root not trusted"),
        "expired-signer.asice": Case(
            lambda: package(signer_of(pki, "expired-signer"), data=data), "invalid",
            NOT_VALID_WHEN_RECEIVED, "10/11/2025",
            why="signed in 2025 with a certificate that expired at the end of 2024"),
        # a byte changed after signing
        "tampered-pdf.asice": Case(rezip(lambda e: replace(e, asic.PDF_NAME, flip_byte)), "invalid",
                                   "The report PDF was changed after signing"),
        "tampered-json.asice": Case(
            rezip(lambda e: replace(e, asic.DATA_NAME, lambda c: c.replace(b'"year": 2025', b'"year": 2024'))),
            "invalid", "The data file was changed after signing"),
        "tampered-attachment.asice": Case(rezip(lambda e: replace(e, "dinh-kem/ke-hoach.pdf", flip_byte)), "invalid",
                                          "The attachment {name} was changed after signing", "dinh-kem/ke-hoach.pdf"),
        "tampered-manifest.asice": Case(
            rezip(lambda e: replace(e, asic.MANIFEST_NAME, lambda c: c.replace(b"application/pdf", b"application/pdX"))),
            "invalid", "The list of files (manifest) was changed after signing"),
        "tampered-signature.asice": Case(rezip(lambda e: replace(e, asic.SIGNATURE_NAME, lambda c: flip_byte(c, len(c) - 40))),
                                         "invalid", "The package signature is not valid (broken or forged)"),
        "signature-not-cms.asice": Case(rezip(lambda e: replace(e, asic.SIGNATURE_NAME, lambda c: b"0\x82\x01\x00" + c[:50])),
                                        "invalid", "The package signature is damaged or is not a CAdES signature"),
        # entries added, missing, renamed, reordered
        "extra-entry.asice": Case(rezip(lambda e: insert_before_manifest(e, "ghi-chu.txt", b"extra")), "invalid",
                                  "Unexpected entry {name} in the package", "ghi-chu.txt"),
        "extra-signature-file.asice": Case(rezip(lambda e: insert_before_manifest(e, "META-INF/signature002.p7s", b"x")),
                                           "invalid", "Unexpected entry {name} in the package", "signature002.p7s"),
        "extra-attachment-not-listed.asice": Case(
            rezip(lambda e: insert_before_manifest(e, "dinh-kem/them.txt", b"added later")), "invalid", NOT_LISTED,
            "dinh-kem/them.txt"),
        "missing-data-file.asice": Case(rezip(lambda e: [x for x in e if x[0] != asic.DATA_NAME]), "invalid",
                                        "The package lacks {name}", "du-lieu.json"),
        "missing-signature.asice": Case(rezip(lambda e: [x for x in e if x[0] != asic.SIGNATURE_NAME]), "invalid",
                                        "The package lacks {name}", "signature001.p7s"),
        "missing-attachment.asice": Case(rezip(lambda e: [x for x in e if not x[0].startswith("dinh-kem/")]), "invalid",
                                         NOT_LISTED, "dinh-kem/ke-hoach.pdf"),
        "renamed-entry.asice": Case(rezip(lambda e: [("data.json" if n == asic.DATA_NAME else n, c) for n, c in e]),
                                    "invalid", "Unexpected entry {name} in the package", "data.json"),
        "reordered-entries.asice": Case(rezip(lambda e: [e[0], e[2], e[1], *e[3:]]), "invalid",
                                        "The entries of the package are not in the required order"),
        # the mimetype entry
        "mimetype-compressed.asice": Case(lambda: craft_zip([RawEntry("mimetype", asic.MIMETYPE, method=8)]
                                                            + [RawEntry(n, c, method=8) for n, c in entries[1:]]),
                                          "invalid", FIRST_ENTRY),
        "mimetype-not-first.asice": Case(rezip(lambda e: [e[1], e[0], *e[2:]]), "invalid", FIRST_ENTRY),
        "mimetype-wrong.asice": Case(rezip(lambda e: [("mimetype", b"application/zip"), *e[1:]]), "invalid",
                                     "The mimetype entry says {value}, not an ASiC-E container", "application/zip"),
        "mimetype-extra-field.asice": Case(
            lambda: craft_zip([RawEntry("mimetype", asic.MIMETYPE, extra=b"\x55\x54\x05\x00\x01\x00\x00\x00\x00")]
                              + [RawEntry(n, c, method=8) for n, c in entries[1:]]),
            "invalid", EXTRA_FIELD, "mimetype"),
        "mimetype-missing.asice": Case(rezip(lambda e: e[1:]), "invalid", FIRST_ENTRY),
        # names that would escape a folder or fool a reader
        "name-dotdot.asice": Case(lambda: layout(RawEntry("dinh-kem/../../evil.bat", b"x")), "invalid", BAD_NAME,
                                  "dinh-kem/../../evil.bat"),
        "name-absolute.asice": Case(lambda: layout(RawEntry("/etc/cron.d/evil", b"x")), "invalid", BAD_NAME,
                                    "/etc/cron.d/evil"),
        "name-backslash.asice": Case(lambda: layout(RawEntry("dinh-kem\\..\\..\\evil.exe", b"MZ")), "invalid",
                                     BAD_NAME, "evil.exe"),
        "name-drive.asice": Case(lambda: layout(RawEntry("C:/Windows/System32/evil.dll", b"MZ")), "invalid", BAD_NAME,
                                 "C:/Windows"),
        "name-nul.asice": Case(lambda: layout(RawEntry(b"du-lieu.json\x00.exe", b"{}")), "invalid",
                               "The entry name {name} is not plain ASCII", "du-lieu.json"),
        "name-non-ascii.asice": Case(lambda: layout(RawEntry("dinh-kem/kế-hoạch.pdf".encode(), b"%PDF")), "invalid",
                                     "The entry name {name} is not plain ASCII", "dinh-kem/k"),
        "name-empty-folder.asice": Case(lambda: layout(RawEntry("dinh-kem//evil.pdf", b"x")), "invalid", BAD_NAME,
                                        "dinh-kem//evil.pdf"),
        "duplicate-names.asice": Case(lambda: layout(RawEntry("du-lieu.json", b"{}"), RawEntry("du-lieu.json", b"[]")),
                                      "invalid", "The package holds {name} twice", "du-lieu.json"),
        "casefold-duplicate.asice": Case(lambda: layout(RawEntry("du-lieu.json", b"{}"), RawEntry("DU-LIEU.JSON", b"[]")),
                                         "invalid", "The package holds {name} twice", "DU-LIEU.JSON"),
        # flags, methods and sizes
        "encrypted-flag.asice": Case(lambda: layout(RawEntry("du-lieu.json", b"{}", flags=0x0001)), "invalid",
                                     "The entry {name} is encrypted", "du-lieu.json"),
        "method-bzip2.asice": Case(lambda: layout(RawEntry("du-lieu.json", b"{}", method=12)), "invalid",
                                   "The entry {name} uses a compression method that is not allowed", "du-lieu.json"),
        "declared-size-bomb.asice": Case(
            lambda: layout(*(RawEntry(f"dinh-kem/part{i}.bin", b"x", declared_size=150 * MB, raw=b"x") for i in range(2))),
            "invalid", "The entry {name} is damaged", "dinh-kem/part0.bin",
            why="STORED entries declaring 150 MB each but holding one byte"),
        "declared-total-bomb.asice": Case(
            lambda: _declared_total_bomb(), "invalid", "The package's entries would unpack to more than {limit} MB",
            "200", why="central directory promises 3 x 90 MB, honest ratio, nothing behind it"),
        "ratio-bomb.asice": Case(lambda: layout(RawEntry("dinh-kem/zeros.bin", zeros, method=8, raw=bomb)), "invalid",
                                 "The entry {name} is compressed suspiciously well (more than {ratio}:1)",
                                 "dinh-kem/zeros.bin", why="10 MB of zeros deflated to 10 KB"),
        "lying-size.asice": Case(lambda: layout(RawEntry("dinh-kem/zeros.bin", zeros[:20000], method=8, declared_size=300,
                                                         raw=zlib.compress(zeros[:20000], 9)[2:-4])),
                                 "invalid", DAMAGED_ENTRY, "dinh-kem/zeros.bin",
                                 why="declares 300 bytes, inflates to 20,000: inflation stops at the declared size"),
        "too-many-entries.asice": Case(lambda: layout(*(RawEntry(f"dinh-kem/a{i}.txt", b"x") for i in range(70))),
                                       "invalid", "The package has too many entries ({count}; at most {limit})", "71"),
        "too-many-attachments.asice": Case(lambda: layout(*(RawEntry(f"dinh-kem/a{i}.txt", b"x") for i in range(21)),
                                                          *(RawEntry(n, b"x") for n in (asic.PDF_NAME, asic.DATA_NAME,
                                                                                        asic.MANIFEST_NAME,
                                                                                        asic.SIGNATURE_NAME))),
                                           "invalid", "The package has more than {limit} attachments", "20"),
        "zip64.asice": Case(lambda: as_zip64(valid), "invalid", "Split or ZIP64 archives are not accepted"),
        "split-archive.asice": Case(lambda: split_archive(valid), "invalid", "Split or ZIP64 archives are not accepted"),
        "bad-crc.asice": Case(lambda: bad_crc(valid, asic.DATA_NAME), "invalid", DAMAGED_ENTRY, "du-lieu.json"),
        "local-header-lies.asice": Case(lambda: valid.replace(b"bao-cao.pdf", b"bao-cao.exe", 1), "invalid", LOCAL_LIES,
                                        "bao-cao.pdf", why="the local header names another file than the directory"),
        "truncated.asice": Case(lambda: valid[: len(valid) // 2], "invalid", DAMAGED_ZIP),
        "truncated-end.asice": Case(lambda: valid[:-5], "invalid", DAMAGED_ZIP),
        "trailing-garbage.asice": Case(lambda: valid + b"\x00" * 64, "invalid", APPENDED),
        "empty.asice": Case(lambda: b"", "invalid", DAMAGED_ZIP),
        "not-a-zip.asice": Case(lambda: report_pdf(), "invalid", DAMAGED_ZIP, why="a bare PDF renamed .asice"),
        "random-bytes.asice": Case(lambda: random.Random(7).randbytes(4096), "invalid", DAMAGED_ZIP),
        "oversized.asice": Case(None, "invalid", "The package is larger than {limit} MB", "50",
                                why="made at test time: a sparse file of 50 MB + 1 byte"),
        # the manifest
        "manifest-billion-laughs.asice": Case(manifest_with(laughs), "invalid",
                                              "The manifest contains a DOCTYPE or ENTITY declaration",
                                              why="re-signed by the signer, so only the XML parser stands in the way"),
        "manifest-xxe.asice": Case(manifest_with(xxe), "invalid", "The manifest contains a DOCTYPE or ENTITY declaration"),
        "manifest-not-xml.asice": Case(manifest_with("<asic:ASiCManifest"), "invalid",
                                       "The manifest is malformed: {reason}"),
        "manifest-other-signature.asice": Case(
            manifest_with(valid_manifest.replace('URI="META-INF/signature001.p7s"', 'URI="META-INF/signature999.p7s"')),
            "invalid", "The manifest names another signature file"),
        "manifest-lists-absent-file.asice": Case(
            manifest_with(valid_manifest.replace("dinh-kem/ke-hoach.pdf", "dinh-kem/ke-hoach-2.pdf")), "invalid",
            NOT_LISTED, "dinh-kem/ke-hoach-2.pdf"),
        # the report PDF and its signature
        "different-signers.asice": Case(lambda: package(signer, data=data, container=second), "invalid",
                                        "The report was signed with a different certificate than the package"),
        "pdf-updated-after-signing.asice": Case(pdf_updated_after_signing, "invalid",
                                                "Something was added to the report PDF after it was signed",
                                                why="an incremental update after the PAdES signature, re-sealed"),
        "pdf-not-signed.asice": Case(rezip(lambda e: resign(replace(e, asic.PDF_NAME, lambda _: report_pdf()), signer)),
                                     "invalid", "The report PDF is not signed"),
        "pdf-data-differs.asice": Case(
            lambda: package(signer, data=data, pdf_data=encode(data_object(period={"kind": "year", "year": 2024}))),
            "invalid", "The data inside the report PDF differs from the data file"),
        "pdf-without-data.asice": Case(
            lambda: zip_entries(resign(replace(entries, asic.PDF_NAME, lambda _: sign_report(signer, None)), signer)),
            "invalid", "The report PDF does not carry the data file"),
        # the data file (the PDF carries the same bytes, so only step 5 can object)
        "json-bom.asice": Case(signed_json(b"\xef\xbb\xbf" + data), "invalid",
                               "The data file starts with a byte order mark (BOM)"),
        "json-not-utf8.asice": Case(signed_json(data.replace("Ninh Bình".encode(), "Ninh Bình".encode("latin-1"), 1)),
                                    "invalid", "The data file is not UTF-8 text"),
        "json-deeply-nested.asice": Case(signed_json(deep_json()), "invalid",
                                         "The data file nests arrays and objects more than {limit} levels deep; "
                                         "other programs would read it differently, so it is refused"),
        "json-truncated.asice": Case(signed_json(data[:-40]), "invalid", "The data file is not valid JSON: {error}"),
        "json-array.asice": Case(signed_json(b"[1, 2]"), "invalid", "The data file does not hold a JSON object"),
        "json-not-ct20.asice": Case(signed_json(encode({"format": "something.else"})), "invalid",
                                    "The data file is not a CT20 report data file."),
        "json-schema-mismatch.asice": Case(
            signed_json(encode(data_object(values={**data_object()["values"], "difficulties": 42}))), "invalid",
            "The data file does not match its form at {path}: {error}", "values.difficulties"),
        "json-unknown-form.asice": Case(signed_json(encode(data_object(form={"id": "ct20.nope", "version": "2025.1"}))),
                                        "invalid",
                                        "The data file follows the form {form}, which this version of CT20 does not know.",
                                        "ct20.nope@2025.1"),
        "json-unknown-org.asice": Case(
            signed_json(encode(data_object(organization={**data_object()["organization"], "id": "so-ct-atlantis"}))),
            "invalid", "The organisation {org} of the data file is not in the registry.", "so-ct-atlantis"),
        "json-nan.asice": Case(signed_json(data.replace(b'"year": 2025', b'"year": NaN', 1)), "invalid",
                               "The data file holds a value that is not a number (NaN or infinity)", "NaN"),
    }
    # the trust cases last: each PDF signed draws from the seeded random source, so cases added
    # later leave the bytes of the earlier files as they were
    return {**earlier, **slack_cases(signer, data, valid, earlier), **trust_cases(pki, data, valid),
            **two_reading_json_cases(signer, data)}


def two_reading_json_cases(signer: OpenedSigner, data: bytes) -> dict[str, Case]:
    """Data files that JSON readers read differently (after every other case: see above)."""
    twice = data.replace(b'"year": 2025', b'"year": 2024, "year": 2025', 1)
    overflow = data.replace(b'"year": 2025', b'"year": 2025, "area": 1e400', 1)
    beyond = data.replace(b'"year": 2025', b'"year": 2025, "count": 9007199254740993', 1)
    assert data not in (twice, overflow, beyond)
    return {
        "json-duplicate-key.asice": Case(
            lambda: package(signer, data=twice, attachments=[]), "invalid",
            "The data file names the key “{key}” twice in the same object; other programs may read the other "
            "value, so the file is refused", "year",
            why="Python keeps the last value (2025), readers that keep the first see a report for 2024: "
                "one signed file, two reports"),
        "json-number-overflow.asice": Case(
            lambda: package(signer, data=overflow, attachments=[]), "invalid",
            "The data file holds the number {number}, too large for other programs to read it the same way, "
            "so the file is refused", "1e400",
            why="Python reads 1e400 as infinity (the consolidation showed a blank cell), Go and Rust refuse it"),
        "json-integer-beyond-2-53.asice": Case(
            lambda: package(signer, data=beyond, attachments=[]), "invalid",
            "The data file holds the number {number}, too large for other programs to read it the same way, "
            "so the file is refused", "9007199254740993",
            why="JavaScript and every reader of doubles read 9007199254740992: one file, two figures"),
    }


def package_with_attachment(signer: OpenedSigner, name: str, content: bytes) -> bytes:
    """An otherwise sound package whose one attachment is called `name` (which the exporter would
    refuse): the data file lists it, the PDF carries that data file, the manifest is signed."""
    listed = [{"name": name, "sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}]
    data = encode(data_object(attachments=listed))
    entries = [(asic.MIMETYPE_NAME, asic.MIMETYPE), (asic.PDF_NAME, sign_report(signer, data)),
               (asic.DATA_NAME, data), (name, content), (asic.MANIFEST_NAME, b""), (asic.SIGNATURE_NAME, b"")]
    return zip_entries(resign(entries, signer))


NOT_VALID_WHEN_RECEIVED = ("The signer's certificate was not valid on {time}, when the package was first received "
                           "(the signing time {claimed} is only claimed by the signer's computer)")
UNTRUSTED_TSA = ("The timestamp was not issued by a trusted timestamp authority; the signing time is only "
                 "claimed by the signer's computer")
OTHER_PURPOSES = "The signer's certificate is meant for other purposes ({purposes}), not for signing documents"


def timestamped(package_bytes: bytes, tsa: Identity, chain: list[x509.Certificate], at: dt.datetime) -> bytes:
    """The package with a signature timestamp token over its container signature, added the way
    anyone can (no signer key needed), by an in-process RFC 3161 authority with `tsa`'s key."""
    import asyncio

    from asn1crypto import cms
    from pyhanko.sign.timestamps import dummy_client
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    seeded = random.Random(at.timestamp())
    dummy_client.get_nonce = lambda: seeded.getrandbits(63)  # type: ignore[attr-defined]  # same bytes each run
    key_der = tsa.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    stamper = DummyTimeStamper(tsa_cert=to_asn1(tsa.cert), tsa_key=asn1_keys.PrivateKeyInfo.load(key_der),
                               certs_to_embed=[to_asn1(c) for c in chain],  # type: ignore[arg-type]
                               fixed_dt=at, include_nonce=False)
    entries = entries_of(package_bytes)
    content_info = cms.ContentInfo.load(dict(entries)[asic.SIGNATURE_NAME])
    signer_info = content_info["content"]["signer_infos"][0]
    imprint = hashlib.sha256(signer_info["signature"].native).digest()
    token = asyncio.run(stamper.async_timestamp(imprint, "sha256"))
    signer_info["unsigned_attrs"] = [{"type": "signature_time_stamp_token", "values": [token]}]
    rebuilt = cms.ContentInfo({"content_type": "signed_data", "content": content_info["content"]}).dump(force=True)
    return zip_entries(replace(entries, asic.SIGNATURE_NAME, lambda _: rebuilt))


def trust_cases(pki: dict[str, Identity], data: bytes, valid: bytes) -> dict[str, Case]:
    """Issue 10, items 3-6: time, revocation, purposes, SHA-1, the signer's organisation. Each is
    judged at RECEIVED_AT (the Inbox's first receipt) with the corpus CRL given."""
    tsa_chain = [pki["issuing-ca"].cert, pki["root"].cert]
    rogue_chain = [pki["rogue-tsa-root"].cert]
    backdated = dt.datetime(2024, 12, 1, 9, 0, 0, tzinfo=VN_TZ)  # the expired certificate was still valid then
    return {
        # controls: honest packages of the other signer kinds stay valid
        "valid-timestamped.asice": Case(
            lambda: timestamped(valid, pki["tsa"], tsa_chain, SIGNED_AT + dt.timedelta(minutes=2)), "valid", None,
            why="a sound package with a genuine timestamp from a trusted authority (B-T)", time="proven"),
        "valid-client-email-signer.asice": Case(
            lambda: package(signer_of(pki, "client-email-signer"), data=data), "valid", None,
            why="clientAuth + emailProtection, as Vietnamese CAs issue personal certificates", time="claimed"),
        # item 3: time you can prove
        "forged-timestamp.asice": Case(
            lambda: timestamped(valid, pki["rogue-tsa"], rogue_chain, SIGNED_AT - dt.timedelta(days=30)), "valid",
            UNTRUSTED_TSA, why="a third party adds a token from a self-made timestamp authority to an honest "
            "package, claiming an earlier time: the time stays claimed, the problem is named", time="claimed"),
        "expired-signer-backdated.asice": Case(
            lambda: package(signer_of(pki, "expired-signer"), data=data, at=backdated), "invalid",
            NOT_VALID_WHEN_RECEIVED, "01/12/2024",
            why="a certificate that expired at the end of 2024 signs with the computer's clock set back to "
            "1 December 2024; the package reaches the Inbox in November 2025"),
        # item 4: revocation
        "revoked-signer.asice": Case(
            lambda: package(signer_of(pki, "revoked-signer"), data=data), "invalid",
            "The signer's certificate was revoked on {time}, before the time the signature is proven to exist "
            "({moment})", "15/10/2025", why="the issuing CA's CRL (given) revoked the certificate in October 2025"),
        # item 5: purposes
        "server-auth-signer.asice": Case(
            lambda: package(signer_of(pki, "server-auth-signer"), data=data), "invalid", OTHER_PURPOSES,
            "TLS server", why="a TLS server certificate (serverAuth, clientAuth) signs a report"),
        "timestamping-signer.asice": Case(
            lambda: package(signer_of(pki, "timestamping-signer"), data=data), "invalid", OTHER_PURPOSES,
            "timestamping", why="a timestamp authority's certificate (timeStamping only) signs a report"),
        # item 6: SHA-1 only under the Government CA G1
        "sha1-chain-not-g1.asice": Case(
            lambda: package(signer_of(pki, "sha1-signer"), data=data), "invalid",
            ("The signer's certificate chain uses a weak algorithm (SHA-1 is accepted only under the "
             "Government CA G1 root)"), why="a certificate chain signed with SHA-1 under a trusted root that is not G1"),
        # step 7: the signer's organisation
        "other-org-signer.asice": Case(
            lambda: package(signer_of(pki, "other-org-signer"), data=data), "untrusted",
            ("The signer does not belong to the reporting organisation: the certificate names “{certificate_org}”, "
             "the report is for “{org}”."), "Sở Công Thương tỉnh Thanh Hóa",
            why="a trusted certificate of the Thanh Hóa department signs Ninh Bình's report"),
    }


def slack_cases(signer: OpenedSigner, data: bytes, valid: bytes, earlier: dict[str, Case]) -> dict[str, Case]:
    """ZIP slack (package.md, step 1: every byte accounted for, one reading for every tool) and
    PDFs that are read two ways (step 5: one embedded data file, a sound /ByteRange). Each is made
    from the honest package `valid`, so step 1 or step 5 is all that stands in the way."""
    entries = entries_of(valid)
    forged_data = data.replace(b'"year": 2025', b'"year": 2024', 1)

    def two_data_files(place: str) -> Callable[[], bytes]:
        def make() -> bytes:
            pdf = pdfslack.pdf_carrying_two(report_pdf(), data, forged_data, place)
            signed = pdfsign.sign_pdf(pdf, signer, pdfsign.SignatureBox(page=-1, rect=(300, 90, 540, 160)),
                                      signing_time=SIGNED_AT).data
            return asic.build_package(signed, data, ATTACHMENTS, signer, signing_time=SIGNED_AT).data
        return make

    def byte_range(text: bytes) -> Callable[[], bytes]:
        def make() -> bytes:
            pdf = pdfslack.with_byte_range(dict(entries)[asic.PDF_NAME], text)
            return zip_entries(resign(replace(entries, asic.PDF_NAME, lambda _: pdf), signer))
        return make

    stub = b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode.\r\n" + b"\x00" * 28
    cases = {
        "zip64-hidden-directory.asice": Case(
            lambda: slack.hidden_zip64_directory(valid, asic.PDF_NAME, FORGED_PDF), "invalid",
            "Split or ZIP64 archives are not accepted",
            why="a ZIP64 end record and locator before the classic end record point to a second directory "
                "in which bao-cao.pdf is another file: Python's zipfile and bsdtar read that one"),
        "hidden-entry-in-gap.asice": Case(
            lambda: slack.hidden_entry(valid, asic.DATA_NAME, "dinh-kem/hoa-don.pdf", FORGED_PDF), "invalid", GAP,
            why="a complete local entry no directory record names: bsdtar reading a stream lists it"),
        "forged-pdf-after-mimetype.asice": Case(
            lambda: slack.hidden_entry(valid, asic.MIMETYPE_NAME, asic.PDF_NAME, FORGED_PDF), "invalid", GAP,
            why="a second local bao-cao.pdf right after mimetype, outside the directory: a streaming reader "
                "meets the forged PDF first"),
        "local-header-lies-sizes.asice": Case(
            lambda: slack.lying_local_header(valid, asic.DATA_NAME), "invalid", LOCAL_LIES, "du-lieu.json",
            why="the local header of du-lieu.json gives other sizes and CRC than the directory"),
        "data-descriptor.asice": Case(
            lambda: slack.data_descriptor(valid, asic.DATA_NAME), "invalid",
            "The entry {name} uses a data descriptor, which is not allowed", "du-lieu.json"),
        "bytes-after-deflate.asice": Case(
            lambda: slack.bytes_after_deflate(valid, asic.DATA_NAME, b'{"year": 2024}'), "invalid",
            "The entry {name} has bytes after the end of its compressed data", "du-lieu.json",
            why="bytes inside the declared compressed size, after the deflate stream has ended"),
        "unicode-path-extra.asice": Case(
            lambda: slack.unicode_path_extra(valid, "dinh-kem/ke-hoach.pdf", asic.PDF_NAME), "invalid",
            EXTRA_FIELD, "dinh-kem/ke-hoach.pdf",
            why="an Info-ZIP Unicode Path field renames the attachment bao-cao.pdf for unzip and bsdtar"),
        "encrypted-flag-stored.asice": Case(
            lambda: slack.encrypted_flag_on_stored(valid, asic.DATA_NAME), "invalid",
            "The entry {name} is encrypted", "du-lieu.json",
            why="du-lieu.json stored in plain text but flagged as encrypted: unzip asks for a password"),
        "name-con.asice": Case(lambda: package_with_attachment(signer, "dinh-kem/CON", b"con"), "invalid",
                               RESERVED, "dinh-kem/CON", why="Windows opens the console device, not a file"),
        "name-nul-txt.asice": Case(lambda: package_with_attachment(signer, "dinh-kem/NUL.txt", b"nul"), "invalid",
                                   RESERVED, "dinh-kem/NUL.txt"),
        "name-trailing-dot.asice": Case(
            lambda: package_with_attachment(signer, "dinh-kem/ke-hoach.pdf.", b"%PDF"), "invalid",
            "The entry name {name} ends with a dot or a space", "dinh-kem/ke-hoach.pdf.",
            why="Windows drops the dot: the file would be saved as dinh-kem/ke-hoach.pdf"),
        "prepended-data.asice": Case(
            lambda: slack.prepended(valid, stub), "invalid", PREPENDED,
            why="a program stub in front, offsets counted from the start of the file (a self-extractor): "
                "Python's zipfile and unzip open it without a word"),
        "prepended-data-offsets-unchanged.asice": Case(
            lambda: slack.prepended(valid, stub, adjust_offsets=False), "invalid", PREPENDED,
            why="bytes put in front of an unchanged archive; unzip warns and reads it anyway"),
        "appended-data.asice": Case(lambda: slack.appended(valid, FORGED_PDF), "invalid", APPENDED,
                                    why="a PDF after the end record: some viewers open the file as that PDF"),
        "comment.asice": Case(lambda: slack.with_comment(valid, b"Da duoc Cuc ATMT phe duyet"), "invalid",
                              "The package carries a ZIP comment, which is not allowed"),
        "symlink-attachment.asice": Case(
            lambda: slack.as_symlink(valid, "dinh-kem/ke-hoach.pdf", b"../../../../Windows/win.ini"), "invalid",
            "The entry {name} is not a plain file (a link, a folder or a device)", "dinh-kem/ke-hoach.pdf",
            why="Unix attributes make the attachment a symbolic link for unzip and bsdtar"),
        "name-alternate-data-stream.asice": Case(
            lambda: package_with_attachment(signer, "dinh-kem/ke-hoach.pdf:Zone.Identifier", b"[ZoneTransfer]"),
            "invalid", "The entry name {name} contains a character that Windows does not allow in file names",
            "dinh-kem/ke-hoach.pdf:Zone.Identifier", why="on NTFS the colon names a hidden stream of ke-hoach.pdf"),
    }
    for name in ("local-header-lies.asice", "trailing-garbage.asice", "zip64.asice", "encrypted-flag.asice",
                 "mimetype-extra-field.asice"):
        cases[name] = dataclasses.replace(earlier[name], group="zip-slack")
    cases = {name: dataclasses.replace(case, group="zip-slack") for name, case in cases.items()}
    for place in pdfslack.PLACES:
        cases[f"pdf-two-data-files-{place}.asice"] = Case(
            two_data_files(place), "invalid", TWO_DATA_FILES, "du-lieu.json",
            why=f"the honest du-lieu.json comes first; a second one ({place}) says 2024: a viewer may show it",
            group="pdf-two-readings")
    for variant, text in pdfslack.odd_byte_ranges(dict(entries)[asic.PDF_NAME]).items():
        cases[f"pdf-byterange-{variant}.asice"] = Case(
            byte_range(text), "invalid", ODD_BYTE_RANGE,
            why=f"/ByteRange {text.decode()} instead of the signed one; the manifest signed again",
            group="pdf-two-readings")
    return cases


def _declared_total_bomb() -> bytes:
    """Three STORED entries whose central-directory records each promise 90 MB: the sum alone
    is refused, before any offset is followed."""
    out = craft_zip([MIMETYPE, *(RawEntry(f"dinh-kem/part{i}.bin", b"x") for i in range(3))])
    patched = bytearray(out)
    start = 0
    while (start := patched.find(b"PK\x01\x02", start)) >= 0:
        name_len = struct.unpack_from("<H", patched, start + 28)[0]
        if patched[start + 46:start + 46 + name_len].startswith(b"dinh-kem/"):
            struct.pack_into("<II", patched, start + 20, 90 * MB, 90 * MB)
        start += 4
    return bytes(patched)


def main(out: Path = HERE) -> int:
    """Write every case and expected.json into `out` (the corpus folder unless told otherwise:
    tests/hostile/test_corpus.py makes the corpus again elsewhere to prove the script still
    makes what is committed); 1 when a case is not judged as written down."""
    from desktop.package.authorization import authorized
    from desktop.package.datacheck import data_file_check
    from desktop.package.roots import make_trust
    from desktop.package.verify import verify_package

    freeze_randomness()
    pki = load_pki()
    trust = make_trust([pki[name].cert for name in TRUSTED], crls=[load_crl(pki)])
    expected = {}
    wrong = []
    for name, case in cases(pki).items():
        expected[name] = {"status": case.status, "problem": case.problem, "says": case.says, "why": case.why}
        if case.group:
            expected[name]["group"] = case.group
        if case.time:
            expected[name]["time"] = case.time
        if case.make is None:
            expected[name]["made_at_test_time"] = True
            continue
        data = case.make()
        (out / name).write_bytes(data)
        result = authorized(verify_package(data, trust=trust, schema_check=data_file_check(), proven_time=RECEIVED_AT),
                            set())
        first = result.problems[0] if result.problems else None
        proven = "proven" if result.timestamped else "claimed"
        if result.status != case.status or (first.msgid if first else None) != case.problem or (
                case.time and case.time != proven):
            wrong.append(f"{name}: {result.status} {[p.render('en') for p in result.problems][:2]}")
    # LF on every system: the committed file is checked out with LF on Windows too (.gitattributes)
    (out / EXPECTED.name).write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8",
                                     newline="\n")
    print(f"{len(expected)} cases written to {out}")
    for line in wrong:
        print("DIFFERS FROM EXPECTED:", line)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE))
