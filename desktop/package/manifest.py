"""The ASiC manifest (`META-INF/ASiCManifest001.xml`): writing it, and reading a stranger's safely.

Reading refuses any DOCTYPE (hence any entity, internal or external) before the standard library's
expat parser sees the bytes, so there is no entity expansion and no network access.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote
from xml.sax.saxutils import quoteattr

from desktop.i18n import N_, LocalizedError, Message

ASIC_NS = "http://uri.etsi.org/02918/v1.2.1#"
DS_NS = "http://www.w3.org/2000/09/xmldsig#"
SHA256_URI = "http://www.w3.org/2001/04/xmlenc#sha256"
SIGNATURE_MIME = "application/x-pkcs7-signature"
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


class ManifestError(LocalizedError):
    pass


@dataclass(frozen=True)
class ManifestReference:
    uri: str
    mime_type: str
    digest_algorithm: str
    digest: bytes


@dataclass(frozen=True)
class Manifest:
    signature_uri: str
    references: tuple[ManifestReference, ...]


def build_manifest(objects: Sequence[tuple[str, str, bytes]], signature_uri: str) -> bytes:
    """The manifest for (name, MIME type, content) data objects, with SHA-256 digests."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
        f'<asic:ASiCManifest xmlns:asic="{ASIC_NS}" xmlns:ds="{DS_NS}">',
        f"  <asic:SigReference URI={quoteattr(signature_uri)} "
        f'MimeType="{SIGNATURE_MIME}"/>',
    ]
    for name, mime_type, content in objects:
        digest = base64.b64encode(hashlib.sha256(content).digest()).decode("ascii")
        lines += [
            f"  <asic:DataObjectReference URI={quoteattr(name)} MimeType={quoteattr(mime_type)}>",
            f'    <ds:DigestMethod Algorithm="{SHA256_URI}"/>',
            f"    <ds:DigestValue>{digest}</ds:DigestValue>",
            "  </asic:DataObjectReference>",
        ]
    lines.append("</asic:ASiCManifest>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _bad(reason: str) -> ManifestError:
    return ManifestError(Message(N_("The manifest is malformed: {reason}"), reason=reason))


def parse_manifest(data: bytes) -> Manifest:
    if _DTD.search(data):
        raise ManifestError(Message(N_("The manifest contains a DOCTYPE or ENTITY declaration")))
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise _bad(str(exc)) from None
    if root.tag != f"{{{ASIC_NS}}}ASiCManifest":
        raise _bad("not an ASiCManifest")
    signature_refs = root.findall(f"{{{ASIC_NS}}}SigReference")
    if len(signature_refs) != 1 or not signature_refs[0].get("URI"):
        raise _bad("exactly one SigReference is needed")
    references = []
    for element in root.findall(f"{{{ASIC_NS}}}DataObjectReference"):
        uri = element.get("URI")
        method = element.find(f"{{{DS_NS}}}DigestMethod")
        value = element.find(f"{{{DS_NS}}}DigestValue")
        if not uri or method is None or value is None or not (value.text or "").strip():
            raise _bad("a DataObjectReference lacks its URI, DigestMethod or DigestValue")
        try:
            digest = base64.b64decode((value.text or "").strip(), validate=True)
        except (binascii.Error, ValueError):
            raise _bad("a digest value is not base64") from None
        references.append(
            ManifestReference(
                uri=unquote(uri),
                mime_type=element.get("MimeType", ""),
                digest_algorithm=method.get("Algorithm", ""),
                digest=digest,
            )
        )
    return Manifest(unquote(signature_refs[0].get("URI", "")), tuple(references))
