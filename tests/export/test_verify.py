"""Round trips and tampering: every broken package is `invalid` with the right reason."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from desktop.i18n import Message
from desktop.package import asic
from desktop.package.verify import VerificationResult, verify_package
from desktop.signing import signers
from tests.export.conftest import Made
from tests.export.helpers import data_json, entries_of, flip_byte, make_package, modify, repack, resign
from tests.pki import Identity, TestPki
from tests.softhsm import SoftHsm

Entries = list[tuple[str, bytes]]


def _deep_json() -> bytes:
    # random whitespace keeps it from compressing past the 100:1 limit that would stop it earlier
    rng = random.Random(20)
    parts = [bracket + rng.choice(" \n\t\r") * rng.randint(1, 3) for bracket in "[" * 5000 + "]" * 5000]
    return "".join(parts).encode()


DEEP_JSON = _deep_json()
DEEP_REASON = ("The data file nests arrays and objects more than {limit} levels deep; other programs would read "
               "it differently, so it is refused")


def check(package: bytes, pki: TestPki, **kwargs: object) -> VerificationResult:
    return verify_package(package, trust_roots=[pki.root.cert], **kwargs)  # type: ignore[arg-type]


def reasons(result: VerificationResult) -> list[str]:
    return [problem.msgid for problem in result.problems]


def assert_invalid(result: VerificationResult, msgid: str) -> None:
    assert result.status == "invalid", result.problems
    assert msgid in reasons(result), reasons(result)


def test_valid_round_trip(package: Made, pki: TestPki, tmp_path: Path) -> None:
    path = tmp_path / "BC-ct20.province-so-ct-ninh-binh-2025-r1.asice"
    path.write_bytes(package.package)
    result = verify_package(path, trust_roots=[pki.root.cert_pem])
    assert result.status == "valid", result.problems
    assert result.problems == []
    assert result.signer["name"] == "Nguyễn Văn An"
    assert result.signer["organization"] == "Sở Công Thương tỉnh Ninh Bình"
    assert result.data["organization"]["id"] == "so-ct-ninh-binh"
    assert result.signed_at is not None and result.signed_at.utcoffset().total_seconds() == 7 * 3600
    assert not result.timestamped
    assert result.attachments == ["dinh-kem/ke-hoach.pdf", "dinh-kem/anh-1.jpg"]
    assert len(result.sha256) == 64


def test_untrusted_without_the_root(package: Made, pki: TestPki) -> None:
    for roots in ([], [pki.foreign_root.cert]):
        result = verify_package(package.package, trust_roots=roots)
        assert result.status == "untrusted"
        assert reasons(result) == ["The signer's certificate does not lead to a trusted root"]
        assert result.data is not None  # the other steps still ran


def test_foreign_signer_is_untrusted_under_our_root(pki: TestPki) -> None:
    with signers.open_p12(pki.foreign_signer.p12_path, pki.foreign_signer.password) as foreign:
        made = make_package(foreign)
    assert check(made.package, pki).status == "untrusted"
    assert verify_package(made.package, trust_roots=[pki.foreign_root.cert]).status == "valid"


@pytest.mark.parametrize("lookup", ["label", "id"])
def test_pkcs11_export_round_trip(softhsm: SoftHsm, pki: TestPki, lookup: str) -> None:
    if lookup == "label":
        opened = signers.open_pkcs11(
            softhsm.module, softhsm.labelled_token, softhsm.pin, key_label=softhsm.signer_key_label
        )
        expected = pki.signer
    else:
        opened = signers.open_pkcs11(
            softhsm.module, softhsm.unlabelled_token, softhsm.pin, cert_id=softhsm.unlabelled_id
        )
        expected = pki.second_signer
    with opened:
        made = make_package(opened)
    result = check(made.package, pki)
    assert result.status == "valid", result.problems
    assert result.signer["serial"] == format(expected.cert.serial_number, "X")


def _replace(name: str, change: Callable[[bytes], bytes]) -> Callable[[Entries], Entries]:
    return lambda entries: [(n, change(c) if n == name else c) for n, c in entries]


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (_replace("bao-cao.pdf", flip_byte), "The report PDF was changed after signing"),
        (_replace("du-lieu.json", lambda c: c.replace(b'"year": 2025', b'"year": 2024')),
         "The data file was changed after signing"),
        (_replace("dinh-kem/ke-hoach.pdf", flip_byte), "The attachment {name} was changed after signing"),
        (_replace(asic.MANIFEST_NAME, lambda c: c.replace(b"  <asic:", b" <asic:", 1)),
         "The list of files (manifest) was changed after signing"),
        (_replace(asic.SIGNATURE_NAME, lambda c: flip_byte(c, len(c) - 20)),
         "The package signature is not valid (broken or forged)"),
        (_replace(asic.SIGNATURE_NAME, lambda c: c[:100]),
         "The package signature is damaged or is not a CAdES signature"),
    ],
    ids=["pdf", "json", "attachment", "manifest", "signature-value", "signature-truncated"],
)  # fmt: skip
def test_a_changed_byte_is_found(
    package: Made, pki: TestPki, change: Callable[[Entries], Entries], reason: str
) -> None:
    assert_invalid(check(modify(package.package, change), pki), reason)


def _insert_before_manifest(name: str, content: bytes) -> Callable[[Entries], Entries]:
    def change(entries: Entries) -> Entries:
        at = [n for n, _ in entries].index(asic.MANIFEST_NAME)
        return [*entries[:at], (name, content), *entries[at:]]

    return change


NOT_LISTED = (
    "The manifest does not list exactly the files in the package "
    "(not listed: {missing}; listed but absent or repeated: {extra})"
)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (_insert_before_manifest("dinh-kem/them.txt", b"extra"), NOT_LISTED),
        (lambda e: [(n, c) for n, c in e if n != "dinh-kem/anh-1.jpg"], NOT_LISTED),
        (lambda e: [("dinh-kem/anh-2.jpg" if n == "dinh-kem/anh-1.jpg" else n, c) for n, c in e], NOT_LISTED),
        (lambda e: [(n, c) for n, c in e if n != "du-lieu.json"], "The package lacks {name}"),
        (_insert_before_manifest("ghi-chu.txt", b"extra"), "Unexpected entry {name} in the package"),
        (_insert_before_manifest("META-INF/signature002.p7s", b"x"), "Unexpected entry {name} in the package"),
        (lambda e: [e[0], e[2], e[1], *e[3:]], "The entries of the package are not in the required order"),
    ],
    ids=["extra-attachment", "missing-attachment", "renamed", "missing-data", "extra-top", "extra-meta", "order"],
)  # fmt: skip
def test_entries_must_match_the_manifest_and_layout(
    package: Made, pki: TestPki, change: Callable[[Entries], Entries], reason: str
) -> None:
    assert_invalid(check(modify(package.package, change), pki), reason)


def test_container_signed_by_another_key_than_the_pdf(
    signer: signers.OpenedSigner, second_signer: signers.OpenedSigner, pki: TestPki
) -> None:
    made = make_package(signer, container_signer=second_signer)
    assert_invalid(check(made.package, pki), "The report was signed with a different certificate than the package")


def test_pdf_data_differs_from_data_file(signer: signers.OpenedSigner, pki: TestPki) -> None:
    made = make_package(signer, data=data_json(), pdf_data=data_json(period={"kind": "year", "year": 2024}))
    assert_invalid(check(made.package, pki), "The data inside the report PDF differs from the data file")


def test_pdf_without_embedded_data(signer: signers.OpenedSigner, pki: TestPki) -> None:
    from desktop.signing import pdfsign
    from tests.export.helpers import SIGNATURE_BOX, report_pdf

    signed = pdfsign.sign_pdf(report_pdf(), signer, SIGNATURE_BOX)  # no data_json
    built = asic.build_package(signed.data, data_json(), [], signer)
    assert_invalid(check(built.data, pki), "The report PDF does not carry the data file")


def test_pdf_changed_after_signing_and_repackaged_by_the_signer(
    package: Made, signer: signers.OpenedSigner, pki: TestPki
) -> None:
    """Even with the signer's own key re-signing the manifest, an update after the PAdES
    signature shows: the PDF signature no longer covers the whole file."""
    writer = IncrementalPdfFileWriter(io.BytesIO(package.pdf))
    writer.root["/Lang"] = __import__("pyhanko.pdf_utils.generic", fromlist=["x"]).TextStringObject("en")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    entries = _replace("bao-cao.pdf", lambda _: out.getvalue())(entries_of(package.package))
    result = check(repack(resign(entries, signer)), pki)
    assert_invalid(result, "Something was added to the report PDF after it was signed")


def test_json_failing_the_schema_check(package: Made, pki: TestPki) -> None:
    seen: list[object] = []

    def schema_check(data: object) -> list[Message]:
        seen.append(data)
        return [Message("Unknown organisation {org}", org="so-ct-ninh-binh")]

    result = check(package.package, pki, schema_check=schema_check)
    assert_invalid(result, "Unknown organisation {org}")
    assert seen and seen[0]["form"]["id"] == "ct20.province"  # type: ignore[index]


def test_schema_check_passing_and_crashing(package: Made, pki: TestPki) -> None:
    assert check(package.package, pki, schema_check=lambda data: []).status == "valid"

    def crash(data: object) -> list[Message]:
        raise RecursionError("too deep")

    assert_invalid(check(package.package, pki, schema_check=crash), "The data file could not be checked: {error}")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xef\xbb\xbf{}", "The data file starts with a byte order mark (BOM)"),
        (b'{"a": "\xff"}', "The data file is not UTF-8 text"),
        (b'{"a": ', "The data file is not valid JSON: {error}"),
        (DEEP_JSON, DEEP_REASON),
        (b"[1, 2]", "The data file does not hold a JSON object"),
        # Python's json reads these (JSON has no such numbers); a sum over them is no figure
        (b'{"rows": [{"amount": NaN}]}', "The data file holds a value that is not a number (NaN or infinity)"),
        (b'{"rows": [{"amount": Infinity}]}', "The data file holds a value that is not a number (NaN or infinity)"),
        (b'{"rows": [{"amount": -Infinity}]}', "The data file holds a value that is not a number (NaN or infinity)"),
    ],
    ids=["bom", "not-utf8", "truncated", "deep", "array", "nan", "infinity", "minus-infinity"],
)
def test_bad_json_signed_by_the_signer(signer: signers.OpenedSigner, pki: TestPki, data: bytes, reason: str) -> None:
    made = make_package(signer, data=data, attachments=[])
    assert_invalid(check(made.package, pki), reason)


def _forced_signer(identity: Identity) -> signers.OpenedSigner:
    """A signer that skips our checks at signing time, as another tool would."""
    from asn1crypto import keys
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    signer = SimpleSigner(
        signing_cert=signers.to_asn1(identity.cert),
        signing_key=keys.PrivateKeyInfo.load(identity.key_der),
        cert_registry=SimpleCertificateStore.from_certs([signers.to_asn1(c) for c in identity.chain]),
    )
    return signers.OpenedSigner(signer, identity.cert, signers.certificate_info(identity.cert))


def test_package_signed_with_an_expired_certificate(pki: TestPki) -> None:
    made = make_package(_forced_signer(pki.expired_signer))
    assert_invalid(check(made.package, pki),
                   "The signer's certificate is not valid now ({time}) and nothing proves the signature was "
                   "made earlier: the signing time {claimed} is only claimed by the signer's computer")


def test_package_signed_with_a_certificate_that_may_not_sign(pki: TestPki) -> None:
    made = make_package(_forced_signer(pki.no_digital_signature_signer))
    result = check(made.package, pki)
    assert_invalid(result, "The signer's certificate is not allowed to sign documents")


def test_revoked_certificate_with_the_issuers_crl(pki: TestPki) -> None:
    made = make_package(_forced_signer(pki.revoked_signer))
    assert check(made.package, pki).status == "valid"  # offline, nothing says it is revoked
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    crl = x509.load_pem_x509_crl(pki.crl_pem.read_bytes()).public_bytes(Encoding.DER)
    assert_invalid(check(made.package, pki, crls=[crl]),
                   "The signer's certificate was revoked on {time}, before the time the signature "
                   "is proven to exist ({moment})")
    assert check(make_package(_forced_signer(pki.signer)).package, pki, crls=[crl]).status == "valid"


def test_unreadable_path_is_a_usage_error(tmp_path: Path, pki: TestPki) -> None:
    from desktop.i18n import LocalizedError

    with pytest.raises(LocalizedError):
        verify_package(tmp_path / "missing.asice", trust_roots=[pki.root.cert])
