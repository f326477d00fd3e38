"""Make the hostile content corpus: `python tests/data/hostile/content/make_content.py`.

Packages whose *content* is hostile, for the writers (issue 12): every file CT20 writes from them
(the export's PDF, the board and its .xlsx, the consolidated PDF/XLSX/DOCX, `report show --xlsx`)
must keep their text inert and bounded. `tests/hostile/test_content_corpus.py` takes them through.

- `BC-ct20.province-so-ct-ninh-binh-2025-r1.asice`: a real export (create_report, fill_report,
  export_report) whose every text holds a formula (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`, `+`, `-`,
  `@`): difficulties, proposals, summaries, cluster names, communes and notes, the document fields
  and recipients; the long texts end in 20,000- and 19,000-character tokens without a space, a
  cluster name is a 500-character token. Its values are also kept as `formulas.values.json`.
- `BC-ct20.province-so-ct-ha-noi-2025-r1.asice`: signed by a trusted signer, its data file written
  by another tool (not through the app's input rules): U+0001, U+000B, U+202E, ZWJ, word joiner
  and BOM in the texts. Whether the Inbox accepts it is the import's rule; the writers must never
  break on it either way.
- `=1+2-khong-ky.asice`: an unsigned ZIP claiming an organisation whose id and name are formulas.
- `BC-ct20.province-so-ct-hai-phong-2025-r1.asice`: signed by a self-made certificate (issued by a
  root of the signer's own, the corpus's foreign root) whose common name and organisation are
  formulas: untrusted, so the consolidator may accept it into the consolidation.

Signers come from the package corpus PKI (`../pki`, committed test keys) plus the two made here
(`pki/`, also test keys only): the Hà Nội signer issued by the corpus issuing CA, and the self-made
one issued by the foreign root. Every signature carries the corpus's fixed time, so the packages verify the same for years.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[3]))
sys.path.insert(0, str(HERE.parent))

from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402
from make_corpus import (  # noqa: E402
    IDENTITIES,
    SIGNED_AT,
    Identity,
    data_object,
    encode,
    load_pki,
    package,
    report_pdf,
    signer_of,
    zip_entries,
)

from desktop.export.service import export_report  # noqa: E402
from desktop.forms import get_form  # noqa: E402
from desktop.package import asic  # noqa: E402
from desktop.package.manifest import build_manifest  # noqa: E402
from desktop.registry import get_organization  # noqa: E402
from desktop.reporting.reports import create_report, fill_report, validate_report  # noqa: E402
from desktop.store import Store  # noqa: E402
from tests.export.reports import load_full  # noqa: E402

PKI_DIR = HERE / "pki"
VALUES = HERE / "formulas.values.json"
UTC = dt.UTC
FORMULAS = (
    '=HYPERLINK("http://attacker.example/x","Nhấn vào đây")',
    "=cmd|' /C calc'!A0",
    "+1+2",
    "-3+4",
    "@SUM(1,2)",
    "=1+1",
)
TOKEN = "A1b2" * 5_000  # 20,000 characters, no space: a pasted URL or base64
INVISIBLE = "Nguyễn\x01 Văn\x0b An \u202efdp.exe\u202c Hà\u200dNội\u2060 \ufeffxong"
SELF_MADE_CN = '=HYPERLINK("http://attacker.example/cn","Ký số")'
CLAIMED_NAME = '=HYPERLINK("http://attacker.example/org","Sở Công Thương")'


def _formula(index: int) -> str:
    return FORMULAS[index % len(FORMULAS)]


def formula_values() -> dict[str, Any]:
    """The full province report with a formula in every text and 20,000-character tokens."""
    values = load_full("ct20.province")
    form = get_form("ct20.province")
    index = 0
    for path, field in form.fields.items():
        head, _, key = path.rpartition(".")
        holder = values.get(head, values) if head else values
        if field.is_table:
            rows = holder.get(key) or []
            for row in rows:
                for column in field.columns:
                    if (column.type == "text" and column.key in row) or column.key in ("note",):
                        row[column.key] = f"{_formula(index)} {row.get(column.key, '')}".strip()
                        index += 1
        elif field.type in ("text", "longtext") and key not in ("email", "phone") and key in holder:
            holder[key] = f"{_formula(index)} {holder[key]}"
            index += 1
    values["difficulties"] = f"{FORMULAS[0]}\n{TOKEN[:19_000]}"
    values["proposals"] = TOKEN
    values["clusters"]["summary"] = TOKEN
    values["clusters"]["wastewater"][2]["name"] = TOKEN[:500]
    return values


def _identity(name: str, common_name: str, organisation: str, issuer: Identity | None, serial: int) -> Identity:
    """A signer of this corpus (kept in pki/), issued by `issuer` (self-signed when None)."""
    key_file, cert_file = PKI_DIR / f"{name}.key.pem", PKI_DIR / f"{name}.cert.pem"
    if key_file.exists() and cert_file.exists():
        key = serialization.load_pem_private_key(key_file.read_bytes(), None)
        assert isinstance(key, rsa.RSAPrivateKey)
        return Identity(key, x509.load_pem_x509_certificate(cert_file.read_bytes()))
    PKI_DIR.mkdir(exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                         x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    signing_key = issuer.key if issuer else key
    cert = (
        x509.CertificateBuilder().subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject).public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(dt.datetime(2025, 6, 1, tzinfo=UTC)).not_valid_after(dt.datetime(2027, 6, 1, tzinfo=UTC))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(signing_key.public_key()), critical=False)
        .sign(signing_key, hashes.SHA256())
    )
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return Identity(key, cert)


def _signers() -> dict[str, Any]:
    pki = load_pki()
    pki["hanoi-signer"] = _identity("hanoi-signer", "Trần Văn Hà", "Sở Công Thương thành phố Hà Nội",
                                    pki["issuing-ca"], 2025120)
    IDENTITIES["hanoi-signer"] = ("Trần Văn Hà", "issuing-ca", False, SIGNED_AT, SIGNED_AT)
    pki["self-made"] = _identity("self-made", SELF_MADE_CN, CLAIMED_NAME, pki["foreign-root"], 2025121)
    IDENTITIES["self-made"] = (SELF_MADE_CN, "foreign-root", False, SIGNED_AT, SIGNED_AT)
    return {name: signer_of(pki, name) for name in ("signer", "hanoi-signer", "self-made")}


def exported(values: dict[str, Any], signer: Any, folder: Path) -> Path:
    """The real export of a Ninh Bình report holding `values`, signed at the corpus's time."""
    with tempfile.TemporaryDirectory() as work, Store.open(Path(work) / "reporter.sqlite3") as store:
        report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
        fill_report(store, report_id, values)
        result = validate_report(store, report_id)
        assert result.ok, [(i.path, i.message.render("en")) for i in result.errors]
        return export_report(store, report_id, folder, signer, now=SIGNED_AT).package_path


def _for(org_id: str, values: dict[str, Any]) -> bytes:
    org = get_organization(org_id)
    data = data_object()
    data["organization"] = {**data["organization"], "id": org.id, "name": org.name}
    data["values"] = values
    return encode(data)


def invisible_values() -> dict[str, Any]:
    values = copy.deepcopy(load_full("ct20.province"))
    values["difficulties"] = INVISIBLE
    values["proposals"] = "Kiến nghị\x01\x0b" + INVISIBLE
    values["clusters"]["wastewater"][0]["name"] = INVISIBLE
    values["document"]["signer_name"] = INVISIBLE
    return values


def unsigned_claim() -> bytes:
    """A package laid out as the real ones, its report PDF unsigned and its signature file empty,
    whose data file names an organisation that is a formula (id and name)."""
    data = data_object()
    data["organization"] = {**data["organization"], "id": "=1+2", "name": CLAIMED_NAME}
    content = [(asic.PDF_NAME, report_pdf()), (asic.DATA_NAME, encode(data))]
    manifest = build_manifest([(name, "application/octet-stream", body) for name, body in content],
                              asic.SIGNATURE_NAME)
    return zip_entries([(asic.MIMETYPE_NAME, asic.MIMETYPE), *content, (asic.MANIFEST_NAME, manifest),
                        (asic.SIGNATURE_NAME, b"")])


def main() -> None:
    signers = _signers()
    values = formula_values()
    VALUES.write_text(json.dumps(values, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for old in HERE.glob("*.asice"):
        old.unlink()
    with tempfile.TemporaryDirectory() as work:
        made = exported(values, signers["signer"], Path(work))
        (HERE / made.name).write_bytes(made.read_bytes())
    hanoi = package(signers["hanoi-signer"], data=_for("so-ct-ha-noi", invisible_values()))
    (HERE / asic.package_file_name("ct20.province", "so-ct-ha-noi", "2025", 1)).write_bytes(hanoi)
    (HERE / "=1+2-khong-ky.asice").write_bytes(unsigned_claim())
    self_made = package(signers["self-made"], data=_for("so-ct-hai-phong", load_full("ct20.province")))
    (HERE / asic.package_file_name("ct20.province", "so-ct-hai-phong", "2025", 1)).write_bytes(self_made)
    for path in sorted(HERE.glob("*.asice")):
        print(f"{path.name}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
