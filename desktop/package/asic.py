"""The submission package: an ASiC-E container (ETSI EN 319 162-1) laid out as package.md says.

```
mimetype                      STORED, first, no extra field
bao-cao.pdf                   the PAdES-signed report
du-lieu.json                  the data file
dinh-kem/<name>               optional attachments (≤ 20)
META-INF/ASiCManifest001.xml  SHA-256 of every data object above
META-INF/signature001.p7s     CAdES detached signature over the exact manifest bytes
```
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import io
import mimetypes
import os
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

from desktop.i18n import N_, LocalizedError, Message
from desktop.package import zipnames
from desktop.package.manifest import build_manifest
from desktop.package.zipsafe import DEFLATED, STORED, UnsafeArchive, read_zip
from desktop.signing.signers import VN_TZ, OpenedSigner
from desktop.signing.tsa import reachable_timestamper

MIMETYPE = b"application/vnd.etsi.asic-e+zip"
MIMETYPE_NAME = "mimetype"
PDF_NAME = "bao-cao.pdf"
DATA_NAME = "du-lieu.json"
ATTACHMENT_DIR = "dinh-kem/"
MANIFEST_NAME = "META-INF/ASiCManifest001.xml"
SIGNATURE_NAME = "META-INF/signature001.p7s"
MAX_ATTACHMENTS = 20
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_FILE_NAME_PART = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Package:
    """The entries of a package, as bytes."""

    pdf: bytes
    data_json: bytes
    attachments: tuple[tuple[str, bytes], ...]  # full entry names, "dinh-kem/…"
    manifest: bytes
    signature: bytes
    # the data file's raw deflate data as stored in the ZIP (checked to inflate to exactly
    # `data_json`), None when it is stored uncompressed
    data_json_deflated: bytes | None = None

    def data_objects(self) -> list[tuple[str, bytes]]:
        """The entries the manifest must list, in package order."""
        return [(PDF_NAME, self.pdf), (DATA_NAME, self.data_json), *self.attachments]


@dataclass(frozen=True)
class BuiltPackage:
    data: bytes
    signed_at: dt.datetime
    timestamped: bool


def is_safe_attachment_name(name: str) -> bool:
    return (
        bool(_SAFE_NAME.match(name))
        and not name.endswith(".")
        and not zipnames.is_reserved_on_windows(name)
    )


def attachment_name(original: str) -> str:
    """An ASCII-safe attachment name from a user's file name ("Kế hoạch số 1.pdf" →
    "Ke-hoach-so-1.pdf")."""
    base = original.replace("\\", "/").rsplit("/", 1)[-1]
    base = base.replace("đ", "d").replace("Đ", "D")
    ascii_only = "".join(
        char for char in unicodedata.normalize("NFD", base) if not unicodedata.combining(char)
    )
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_only).strip(".-_")
    stem, dot, extension = cleaned.rpartition(".")
    if not dot:
        stem, extension = cleaned, ""
    extension = extension[:10]
    stem = stem[: 99 - len(extension)].strip(".-_") or "tep"
    if zipnames.is_reserved_on_windows(stem):  # "CON.txt" would open a device on Windows
        stem = f"tep-{stem}"
    return f"{stem}.{extension}" if extension else stem


def package_file_name(form_id: str, org_id: str, period: str, revision: int) -> str:
    """`BC-<FORM>-<ORG>-<PERIOD>-r<REVISION>.asice`, ASCII only."""
    for part in (form_id, org_id, period):
        if not _FILE_NAME_PART.match(part):
            raise ValueError(f"not an ASCII-safe file name part: {part!r}")
    return f"BC-{form_id}-{org_id}-{period}-r{int(revision)}.asice"


def _mime_type(name: str) -> str:
    if name == PDF_NAME:
        return "application/pdf"
    if name == DATA_NAME:
        return "application/json"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def sign_manifest(
    manifest: bytes,
    signer: OpenedSigner,
    *,
    signing_time: dt.datetime,
    timestamp_url: str | None = None,
    timestamp_required: bool = False,
) -> tuple[bytes, bool]:
    """CAdES detached signature (DER) over the manifest bytes, and whether it is timestamped.

    Signed attributes: content-type, message-digest, signing-certificate-v2, signing-time; the
    certificates of the chain the signer knows are included.
    """

    async def run() -> tuple[bytes, bool]:
        timestamper = await reachable_timestamper(timestamp_url, required=timestamp_required)
        content_info = await signer.signer.async_sign_general_data(
            manifest,
            "sha256",
            detached=True,
            use_cades=True,
            timestamper=timestamper,
            signed_attr_settings=PdfCMSSignedAttributes(signing_time=signing_time),
        )
        return content_info.dump(), timestamper is not None

    try:
        return asyncio.run(run())
    except LocalizedError:
        raise
    except Exception as exc:
        raise LocalizedError(
            Message(N_("Signing the package failed: {error}"), error=str(exc) or type(exc).__name__)
        ) from exc


def build_package(
    signed_pdf: bytes,
    data_json: bytes,
    attachments: Sequence[tuple[str, bytes]],
    signer: OpenedSigner,
    *,
    signing_time: dt.datetime | None = None,
    timestamp_url: str | None = None,
    timestamp_required: bool = False,
) -> BuiltPackage:
    """The container's bytes. `attachments` are (safe name without folder, content) pairs."""
    if len(attachments) > MAX_ATTACHMENTS:
        raise LocalizedError(
            Message(N_("At most {limit} attachments can be sent"), limit=MAX_ATTACHMENTS)
        )
    seen: set[str] = set()
    for name, _ in attachments:
        if not is_safe_attachment_name(name):
            raise LocalizedError(Message(N_("The attachment name {name} is not allowed"), name=name))
        if name.casefold() in seen:
            raise LocalizedError(Message(N_("Two attachments are named {name}"), name=name))
        seen.add(name.casefold())
    objects = [
        (PDF_NAME, signed_pdf),
        (DATA_NAME, data_json),
        *((ATTACHMENT_DIR + name, content) for name, content in attachments),
    ]
    manifest = build_manifest(
        [(name, _mime_type(name), content) for name, content in objects], SIGNATURE_NAME
    )
    signed_at = (signing_time or dt.datetime.now(VN_TZ)).astimezone(VN_TZ).replace(microsecond=0)
    signature, timestamped = sign_manifest(
        manifest,
        signer,
        signing_time=signed_at,
        timestamp_url=timestamp_url,
        timestamp_required=timestamp_required,
    )
    entries = [
        (MIMETYPE_NAME, MIMETYPE),
        *objects,
        (MANIFEST_NAME, manifest),
        (SIGNATURE_NAME, signature),
    ]
    return BuiltPackage(_zip(entries, signed_at), signed_at, timestamped)


def _zip(entries: Sequence[tuple[str, bytes]], when: dt.datetime) -> bytes:
    stamp = when.timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = 0  # no Unix permissions: the same bytes on every platform
            if name == MIMETYPE_NAME:
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content, compresslevel=6)
    return buffer.getvalue()


def write_package(folder: Path | str, file_name: str, data: bytes) -> Path:
    """Write atomically: a temporary file in the same folder, flushed, then renamed over the
    final name, so a crash never leaves a half-written package under that name."""
    folder = Path(folder)
    if "/" in file_name or "\\" in file_name or file_name in ("", ".", ".."):
        raise ValueError(f"not a plain file name: {file_name!r}")
    target = folder / file_name
    handle, temp_name = tempfile.mkstemp(dir=folder, prefix=".ct20-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    return target


def read_package(data: bytes) -> Package:
    """The entries of a package after every container-safety and layout check (package.md,
    verification step 1). Raises UnsafeArchive with the reason."""
    entries = read_zip(data)
    first = entries[0] if entries else None
    if (
        first is None
        or first.name != MIMETYPE_NAME
        or first.method != STORED
        or first.offset != 0
    ):
        raise UnsafeArchive(
            Message(N_("The first entry must be 'mimetype', stored uncompressed, without extra field"))
        )
    if first.data != MIMETYPE:
        raise UnsafeArchive(
            Message(
                N_("The mimetype entry says {value}, not an ASiC-E container"),
                value=first.data[:80].decode("ascii", "replace"),
            )
        )
    names = [entry.name for entry in entries]
    fixed = (PDF_NAME, DATA_NAME, MANIFEST_NAME, SIGNATURE_NAME)
    for name in names[1:]:
        if name in fixed:
            continue
        if not (name.startswith(ATTACHMENT_DIR) and is_safe_attachment_name(name[len(ATTACHMENT_DIR):])):
            raise UnsafeArchive(Message(N_("Unexpected entry {name} in the package"), name=name))
    for name in fixed:
        if name not in names:
            raise UnsafeArchive(Message(N_("The package lacks {name}"), name=name))
    attachments = [entry for entry in entries if entry.name.startswith(ATTACHMENT_DIR)]
    if len(attachments) > MAX_ATTACHMENTS:
        raise UnsafeArchive(
            Message(N_("The package has more than {limit} attachments"), limit=MAX_ATTACHMENTS)
        )
    expected = [MIMETYPE_NAME, PDF_NAME, DATA_NAME]
    expected += [entry.name for entry in attachments] + [MANIFEST_NAME, SIGNATURE_NAME]
    if names != expected:
        raise UnsafeArchive(Message(N_("The entries of the package are not in the required order")))
    content = {entry.name: entry.data for entry in entries}
    data_entry = next(entry for entry in entries if entry.name == DATA_NAME)
    return Package(
        pdf=content[PDF_NAME],
        data_json=content[DATA_NAME],
        attachments=tuple((entry.name, entry.data) for entry in attachments),
        manifest=content[MANIFEST_NAME],
        signature=content[SIGNATURE_NAME],
        data_json_deflated=data_entry.compressed if data_entry.method == DEFLATED else None,
    )
