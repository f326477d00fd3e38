"""Real inputs for the export tests: a reportlab report, a data file, packages, hand-made ZIPs."""

from __future__ import annotations

import io
import json
import struct
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from desktop.package import asic
from desktop.package.manifest import build_manifest
from desktop.signing import pdfsign
from desktop.signing.signers import OpenedSigner
from desktop.signing.stamp import stamp_font_path

SIGNATURE_BOX = pdfsign.SignatureBox(page=-1, rect=(300, 90, 540, 160))
ATTACHMENTS = [("ke-hoach.pdf", b"%PDF-1.4 ke hoach so 12/KH-UBND\n" * 20), ("anh-1.jpg", b"\xff\xd8" + b"x" * 500)]


def report_pdf(pages: int = 2) -> bytes:
    """A small report drawn with reportlab, Vietnamese text included."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("TestSans", str(stamp_font_path())))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle("Báo cáo tình hình thực hiện Chỉ thị 20/CT-TTg")
    for page in range(1, pages + 1):
        pdf.setFont("TestSans", 13)
        pdf.drawString(90, 780, "SỞ CÔNG THƯƠNG TỈNH NINH BÌNH")
        pdf.drawString(90, 750, f"BÁO CÁO — trang {page}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def data_json(**overrides: object) -> bytes:
    data: dict[str, object] = {
        "format": "ct20.submission",
        "format_version": 1,
        "form": {"id": "ct20.province", "version": "2025.1"},
        "organization": {"id": "so-ct-ninh-binh", "name": "Sở Công Thương tỉnh Ninh Bình", "kind": "province"},
        "period": {"kind": "year", "year": 2025},
        "report": {"id": "7d1f7a52-0d3c-4c8e-9d0b-2f5b7f0e9a11", "revision": 1, "supersedes": None},
        "values": {"program": {"plan_status": "issued"}},
    }
    data.update(overrides)
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


@dataclass
class Made:
    package: bytes
    pdf: bytes
    data: bytes


def make_package(
    signer: OpenedSigner,
    *,
    container_signer: OpenedSigner | None = None,
    data: bytes | None = None,
    pdf_data: bytes | None = None,
    attachments: Sequence[tuple[str, bytes]] = ATTACHMENTS,
) -> Made:
    """Sign a fresh report with `signer` and package it, the container signed by
    `container_signer` (default: the same). `pdf_data` is the JSON put inside the PDF."""
    data = data if data is not None else data_json()
    signed = pdfsign.sign_pdf(
        report_pdf(), signer, SIGNATURE_BOX, data_json=pdf_data if pdf_data is not None else data
    )
    built = asic.build_package(signed.data, data, attachments, container_signer or signer)
    return Made(built.data, signed.data, data)


def entries_of(package: bytes) -> list[tuple[str, bytes]]:
    return [(entry.name, entry.data) for entry in _read_all(package)]


def _read_all(package: bytes):  # type: ignore[no-untyped-def]
    from desktop.package.zipsafe import read_zip

    return read_zip(package)


def repack(entries: Sequence[tuple[str, bytes]]) -> bytes:
    """A well-formed ZIP (mimetype stored first) of the given entries, nothing re-signed."""
    import datetime as dt

    return asic._zip(entries, dt.datetime(2025, 11, 10, 9, 12))


def resign(entries: Sequence[tuple[str, bytes]], signer: OpenedSigner) -> list[tuple[str, bytes]]:
    """New manifest over the data entries, signed by `signer` (an attacker with a valid key)."""
    data_objects = [(n, c) for n, c in entries if n not in ("mimetype", asic.MANIFEST_NAME, asic.SIGNATURE_NAME)]
    manifest = build_manifest([(n, "application/octet-stream", c) for n, c in data_objects], asic.SIGNATURE_NAME)
    import datetime as dt

    signature, _ = asic.sign_manifest(manifest, signer, signing_time=dt.datetime.now(dt.UTC))
    replaced = {asic.MANIFEST_NAME: manifest, asic.SIGNATURE_NAME: signature}
    return [(n, replaced.get(n, c)) for n, c in entries]


def modify(package: bytes, change: Callable[[list[tuple[str, bytes]]], list[tuple[str, bytes]]]) -> bytes:
    return repack(change(entries_of(package)))


def flip_byte(content: bytes, position: int | None = None) -> bytes:
    position = len(content) // 2 if position is None else position
    return content[:position] + bytes([content[position] ^ 0x01]) + content[position + 1 :]


@dataclass
class RawEntry:
    """One entry of a hand-made ZIP; every header field can lie."""

    name: bytes | str
    data: bytes
    method: int = 0  # 0 stored, 8 deflated, anything else for hostile tests
    flags: int = 0
    declared_size: int | None = None  # the uncompressed size written in the headers
    extra: bytes = b""
    raw: bytes | None = None  # the bytes stored (default: data, deflated when method is 8)


def craft_zip(entries: Sequence[RawEntry]) -> bytes:
    out = bytearray()
    central = bytearray()
    for entry in entries:
        name = entry.name.encode() if isinstance(entry.name, str) else entry.name
        if entry.raw is not None:
            stored = entry.raw
        elif entry.method == 8:
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            stored = compressor.compress(entry.data) + compressor.flush()
        else:
            stored = entry.data
        size = len(entry.data) if entry.declared_size is None else entry.declared_size
        crc = zlib.crc32(entry.data)
        offset = len(out)
        out += struct.pack(
            "<4sHHHHHIIIHH", b"PK\x03\x04", 20, entry.flags, entry.method, 0, 0x5B6A, crc, len(stored), size,
            len(name), len(entry.extra),
        )  # fmt: skip
        out += name + entry.extra + stored
        central += struct.pack(
            "<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, entry.flags, entry.method, 0, 0x5B6A, crc,
            len(stored), size, len(name), len(entry.extra), 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += name + entry.extra
    cd_offset = len(out)
    out += central
    out += struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), cd_offset, 0)
    return bytes(out)


def raw_entries(package: bytes) -> list[RawEntry]:
    """A real package as RawEntry values (stored/deflated as in the package), to be bent."""
    return [
        RawEntry(name, content, method=0 if name == "mimetype" else 8) for name, content in entries_of(package)
    ]
