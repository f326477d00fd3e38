"""The consolidator's small signed files (a receipt, an ad hoc request): a one-page PDF, PAdES-signed
with the data file inside, and both sealed in an ASiC-E container by the same signer (package.md).

Shared by desktop/inbox/receipts.py and desktop/inbox/request_file.py: where the signature goes on
the page, and the signing itself (a signer given as a spec is opened here and closed again).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from desktop.document.pdf_layout import SignatureSpace
from desktop.package import asic
from desktop.signing import pdfsign
from desktop.signing.pdfsign import SignatureBox
from desktop.signing.signers import OpenedSigner
from desktop.signing.spec import SignerSpec


@dataclass(frozen=True)
class SignedFile:
    data: bytes  # the container
    signed_at: dt.datetime
    signer: dict[str, Any]  # who signed, as the signer's certificate says


def signature_box(space: SignatureSpace) -> SignatureBox:
    """Where the closing block's signature space was drawn: the visible signature goes there."""
    if space.box is None:
        raise AssertionError("the signature space was never drawn")
    page, x1, y1, x2, y2 = space.box
    return SignatureBox(page, (x1, y1, x2, y2))


def sign_file(pdf: bytes, box: SignatureBox, data_json: bytes, signer_spec: SignerSpec, *, moment: dt.datetime,
              location: str | None, timestamp_url: str | None) -> SignedFile:
    """Sign the PDF (the data file inside) and seal both in a container, at `moment`."""
    opened, owned = (signer_spec, False) if isinstance(signer_spec, OpenedSigner) else (signer_spec.open(), True)
    try:
        signed = pdfsign.sign_pdf(pdf, opened, box, data_json=data_json, timestamp_url=timestamp_url,
                                  signing_time=moment, location=location)
        built = asic.build_package(signed.data, data_json, [], opened, signing_time=moment,
                                   timestamp_url=timestamp_url)
        return SignedFile(built.data, built.signed_at, opened.info.as_dict())
    finally:
        if owned:
            opened.close()
