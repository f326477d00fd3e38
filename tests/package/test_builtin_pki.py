"""The built-in Vietnamese PKI (resources/pki/vn): the files are those of shared/pki/vn (fingerprints
from its README), the roots validate the bundled intermediates, and the intermediates complete a
path when a signature carries only the signer's certificate."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko_certvalidator import CertificateValidator

from desktop.package.revocation import RevocationData
from desktop.package.roots import builtin_certificates, builtin_folder, builtin_intermediates, make_trust
from desktop.package.sigcheck import validation_context
from desktop.package.verify import verify_package
from desktop.signing.signers import to_asn1
from tests.pki import TestPki

README = builtin_folder() / "README.md"
ROOT = Path(__file__).resolve().parents[2]


def _readme_table() -> dict[str, str]:
    """file name -> SHA-256 from the README's table (the last column)."""
    table = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`([^`]+\.crt)`\s*\|.*\|\s*`([0-9A-Fa-f]{64})`\s*\|\s*$", line)
        if match:
            table[match[1]] = match[2].lower()
    return table


# The SHA-256 fingerprints of the DER, copied by hand from ../shared/pki/vn/README.md (the source the
# files came from), so that changing a certificate and the bundled README together cannot pass.
PUBLISHED = {
    "vgca-rootca-g1.crt": "F7BC89054CEC7F12730D7B8CD3EB7955B163835087E5EB873EDFB584763B3F90",
    "vgca-chinh-phu-g1.crt": "75E969C07BA35C29C72BBC1BFB880F20F3891A619B00B77EB02CA6160736A1FE",
    "vgca-rootca-g2.crt": "F04BA4B459A7C9A1B971AD9B1CB833E695A80C79AEA63B174B66A70EDFE2FDB8",
    "vgca-co-quan-nha-nuoc-g2.crt": "D8CAB7A4AEF92E6BB2509D7C61CEE7B44F3731B2D21074963530277B366FAE4B",
    "vgca-dang-cong-san-g2.crt": "E4B402E3CB4CACC0A20D21FA49BCE76BEB4EB47BA7FFB7A8F71C554DBE561A81",
    "neac-vietnam-national-root-ca.crt": "BAC8BF609AB420A8EE1780D74F4DE5C7F7184959D2A7375B0A75E4C29F0908E7",
    "mic-national-root-ca-2008.crt": "CA918D635BB130BEC97639E6AABF7EDBC4EB1310F8058B9419F467AE0230AD8C",
    "vnpt-ca-sha2.crt": "7D6BA5245317F9ED5D8BC765A4634D26AC6340D36B9F584DF3B52D9C4A81A306",
}


def test_the_bundled_files_are_those_of_the_readme() -> None:
    bundled = {path.name: hashlib.sha256(_der(path.read_bytes())).hexdigest() for path in builtin_folder().glob("*.crt")}
    assert bundled == {name: value.lower() for name, value in PUBLISHED.items()}
    assert _readme_table() == bundled  # the bundled README says the same


def test_the_published_fingerprints_are_those_of_the_shared_readme() -> None:
    """Where the shared folder sits beside the checkout (the developers' machines), its README is
    the source: the fingerprints above are its own. A clean clone has only the copy above."""
    shared = ROOT.parent / "shared" / "pki" / "vn" / "README.md"
    text = shared.read_text(encoding="utf-8") if shared.is_file() else README.read_text(encoding="utf-8")
    for name, value in PUBLISHED.items():
        assert re.search(rf"`{re.escape(name)}`.*`{value}`", text), name


def _der(data: bytes) -> bytes:
    from desktop.package.roots import parse_certificates

    (cert,) = parse_certificates(data)
    return cert.public_bytes(Encoding.DER)


def test_roots_and_intermediates_are_told_apart() -> None:
    roots = {item.file for item in builtin_certificates() if item.is_root}
    assert roots == {"vgca-rootca-g1.crt", "vgca-rootca-g2.crt", "neac-vietnam-national-root-ca.crt",
                     "mic-national-root-ca-2008.crt"}


@pytest.mark.parametrize("name", ["vgca-chinh-phu-g1.crt", "vgca-co-quan-nha-nuoc-g2.crt",
                                  "vgca-dang-cong-san-g2.crt", "vnpt-ca-sha2.crt"])
def test_the_builtin_roots_validate_each_bundled_intermediate(name: str) -> None:
    (item,) = [item for item in builtin_certificates() if item.file == name]
    trust = make_trust([i.cert for i in builtin_certificates() if i.is_root])
    cert = to_asn1(item.cert)
    context = validation_context(cert, trust, RevocationData(), dt.datetime.now(dt.UTC))
    path = asyncio.run(CertificateValidator(cert, validation_context=context).async_validate_usage(set()))
    assert path.pkix_len == 1  # the intermediate, right under the anchor
    assert path.trust_anchor.authority.name == cert.issuer


def test_the_g1_intermediate_needs_the_sha1_allowance() -> None:
    """Without the G1 rule the first-generation chain is refused: the allowance is what makes it pass."""
    from pyhanko_certvalidator.errors import DisallowedAlgorithmError

    (item,) = [item for item in builtin_certificates() if item.file == "vgca-chinh-phu-g1.crt"]
    trust = make_trust([i.cert for i in builtin_certificates() if i.is_root], sha1_roots=[])
    cert = to_asn1(item.cert)
    context = validation_context(cert, trust, RevocationData(), dt.datetime.now(dt.UTC))
    with pytest.raises(DisallowedAlgorithmError):
        asyncio.run(CertificateValidator(cert, validation_context=context).async_validate_usage(set()))


def test_the_spec_bundles_every_pki_file() -> None:
    import ast

    spec = (ROOT / "packaging" / "ct20.spec").read_text(encoding="utf-8")
    tree = ast.parse(spec)
    resources = next(ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
                     and any(getattr(t, "id", None) == "RESOURCES" for t in node.targets))
    bundled = {p for folder, pattern in resources for p in (ROOT / folder).glob(pattern) if p.is_file()}
    wanted = {p for p in (ROOT / "resources" / "pki").rglob("*") if p.is_file()}
    assert wanted and wanted <= bundled


def test_intermediates_complete_a_signature_that_carries_only_the_signers_certificate(pki: TestPki) -> None:
    """As real VGCA signatures do: the issuing CA comes from the verifier's bundle."""
    from asn1crypto import keys
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    from desktop.package import asic
    from desktop.signing import pdfsign, signers
    from tests.export.helpers import SIGNATURE_BOX, data_json, report_pdf

    only_own = SimpleSigner(signing_cert=to_asn1(pki.signer.cert), signing_key=keys.PrivateKeyInfo.load(
        pki.signer.key_der), cert_registry=SimpleCertificateStore())  # embeds the signer's certificate only
    lone = signers.OpenedSigner(only_own, pki.signer.cert, signers.certificate_info(pki.signer.cert))

    signed = pdfsign.sign_pdf(report_pdf(), lone, SIGNATURE_BOX, data_json=data_json())
    package = asic.build_package(signed.data, data_json(), [], lone).data
    assert len(_carried(package)) == 1
    without = verify_package(package, trust=make_trust([pki.root.cert], intermediates=[]))
    assert without.status == "untrusted"
    bundled = verify_package(package, trust=make_trust([pki.root.cert], intermediates=[pki.issuing_ca.cert]))
    assert bundled.status == "valid", bundled.problems
    assert len(builtin_intermediates()) == 4  # what the real bundle offers by default


def _carried(package: bytes) -> list:  # type: ignore[type-arg]
    from asn1crypto import cms

    from desktop.package import asic
    from tests.export.helpers import entries_of

    signature = dict(entries_of(package))[asic.SIGNATURE_NAME]
    return list(cms.ContentInfo.load(signature)["content"]["certificates"])
