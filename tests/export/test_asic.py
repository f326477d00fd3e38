from __future__ import annotations

import base64
import hashlib
import io
import subprocess
import zipfile
from pathlib import Path

import pytest
from asn1crypto import cms

from desktop.package import asic
from desktop.package.manifest import SHA256_URI, parse_manifest
from desktop.signing.signers import OpenedSigner
from tests.export.conftest import Made
from tests.export.helpers import ATTACHMENTS
from tests.pki import TestPki


def test_layout_is_exactly_as_package_md(package: Made) -> None:
    archive = zipfile.ZipFile(io.BytesIO(package.package))
    names = [info.filename for info in archive.infolist()]
    assert names == [
        "mimetype",
        "bao-cao.pdf",
        "du-lieu.json",
        "dinh-kem/ke-hoach.pdf",
        "dinh-kem/anh-1.jpg",
        "META-INF/ASiCManifest001.xml",
        "META-INF/signature001.p7s",
    ]
    first = archive.infolist()[0]
    assert first.compress_type == zipfile.ZIP_STORED and first.extra == b"" and first.header_offset == 0
    # the magic every ASiC reader looks for: "mimetype" and its content at fixed offsets
    assert package.package[30:38] == b"mimetype"
    assert package.package[38 : 38 + len(asic.MIMETYPE)] == asic.MIMETYPE
    assert archive.read("bao-cao.pdf") == package.pdf
    assert archive.read("du-lieu.json") == package.data
    assert archive.testzip() is None


def test_manifest_digests_every_data_object(package: Made) -> None:
    archive = zipfile.ZipFile(io.BytesIO(package.package))
    manifest = parse_manifest(archive.read(asic.MANIFEST_NAME))
    assert manifest.signature_uri == asic.SIGNATURE_NAME
    expected = ["bao-cao.pdf", "du-lieu.json"] + [asic.ATTACHMENT_DIR + name for name, _ in ATTACHMENTS]
    assert [reference.uri for reference in manifest.references] == expected
    for reference in manifest.references:
        assert reference.digest_algorithm == SHA256_URI
        assert reference.digest == hashlib.sha256(archive.read(reference.uri)).digest()


def test_container_signature_is_cades_with_the_required_attributes(package: Made, pki: TestPki) -> None:
    archive = zipfile.ZipFile(io.BytesIO(package.package))
    signed_data = cms.ContentInfo.load(archive.read(asic.SIGNATURE_NAME))["content"]
    assert signed_data["encap_content_info"]["content"].native is None  # detached
    attributes = {a["type"].native for a in signed_data["signer_infos"][0]["signed_attrs"]}
    assert {"content_type", "message_digest", "signing_time", "signing_certificate_v2"} <= attributes
    signed_attrs = signed_data["signer_infos"][0]["signed_attrs"]
    digest = next(a["values"][0].native for a in signed_attrs if a["type"].native == "message_digest")
    assert digest == hashlib.sha256(archive.read(asic.MANIFEST_NAME)).digest()
    embedded = {c.chosen.dump() for c in signed_data["certificates"]}
    assert pki.issuing_ca.cert_der in embedded and pki.signer.cert_der in embedded


def test_openssl_accepts_the_container_signature(package: Made, pki: TestPki, tmp_path: Path) -> None:
    archive = zipfile.ZipFile(io.BytesIO(package.package))
    signature = tmp_path / "signature001.p7s"
    manifest = tmp_path / "manifest"
    signature.write_bytes(archive.read(asic.SIGNATURE_NAME))
    manifest.write_bytes(archive.read(asic.MANIFEST_NAME))
    command = [
        "openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", str(signature),
        "-content", str(manifest), "-CAfile", str(pki.root_pem), "-purpose", "any", "-out", str(tmp_path / "out"),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Verification successful" in done.stderr
    # and it refuses the same signature over a changed manifest
    manifest.write_bytes(archive.read(asic.MANIFEST_NAME).replace(b"bao-cao.pdf", b"bao-cao.pdg"))
    assert subprocess.run(command, capture_output=True).returncode != 0


def test_write_package_is_atomic(tmp_path: Path, package: Made) -> None:
    target = asic.write_package(tmp_path, "BC-ct20.province-so-ct-ninh-binh-2025-r1.asice", package.package)
    assert target.read_bytes() == package.package
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no temporary file left


def test_failed_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    (tmp_path / "BC-x.asice").mkdir()  # the final rename cannot replace a folder
    with pytest.raises(OSError):
        asic.write_package(tmp_path, "BC-x.asice", b"data")
    assert [p.name for p in tmp_path.iterdir()] == ["BC-x.asice"]
    assert (tmp_path / "BC-x.asice").is_dir()


def test_file_name_and_attachment_names() -> None:
    assert (
        asic.package_file_name("ct20.province", "so-ct-ninh-binh", "2025", 1)
        == "BC-ct20.province-so-ct-ninh-binh-2025-r1.asice"
    )
    with pytest.raises(ValueError):
        asic.package_file_name("ct20.province", "sở", "2025", 1)
    assert asic.attachment_name("C:\\Tài liệu\\Kế hoạch số 12 (Đợt 1).PDF") == "Ke-hoach-so-12-Dot-1.PDF"
    assert asic.attachment_name("../../etc/passwd") == "passwd"
    assert asic.attachment_name("...") == "tep"
    assert asic.is_safe_attachment_name(asic.attachment_name("ảnh hiện trường.jpg"))


def test_bad_attachments_are_refused_before_signing(signer: OpenedSigner) -> None:
    from desktop.i18n import LocalizedError

    with pytest.raises(LocalizedError):
        asic.build_package(b"%PDF", b"{}", [("../x.pdf", b"")], signer)
    with pytest.raises(LocalizedError):
        asic.build_package(b"%PDF", b"{}", [("a.pdf", b""), ("A.PDF", b"")], signer)
    with pytest.raises(LocalizedError):
        asic.build_package(b"%PDF", b"{}", [(f"f{i}.txt", b"") for i in range(21)], signer)


def test_manifest_value_is_base64_sha256(package: Made) -> None:
    archive = zipfile.ZipFile(io.BytesIO(package.package))
    text = archive.read(asic.MANIFEST_NAME).decode()
    expected = base64.b64encode(hashlib.sha256(package.data).digest()).decode()
    assert f"<ds:DigestValue>{expected}</ds:DigestValue>" in text
