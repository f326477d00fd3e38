"""The floor of verification and import: pyHanko alone validating a package's two signatures
(the report PDF's PAdES signature and the container's CAdES signature over the manifest), as it
comes, with no CT20 code. Shared by bench_verify.py and inbox_instructions.py."""

from __future__ import annotations

import asyncio
import io
from typing import Any

from asn1crypto import cms
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_detached_cms, async_validate_pdf_signature
from pyhanko_certvalidator import ValidationContext


def validate_both(pdf: bytes, manifest: bytes, signature: bytes, anchor: Any, **context: Any) -> None:
    """Validate both signatures against the trust anchor `anchor` (an asn1crypto certificate);
    `context`: more ValidationContext arguments. Fails loudly unless both are intact and trusted."""

    async def both() -> None:
        validation = ValidationContext(trust_roots=[anchor], allow_fetching=False, **context)
        embedded = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures[0]
        status = await async_validate_pdf_signature(embedded, signer_validation_context=validation)
        assert status.intact and status.valid and status.trusted
        signed_data = cms.ContentInfo.load(signature)["content"]
        container = await async_validate_detached_cms(manifest, signed_data, signer_validation_context=validation)
        assert container.intact and container.valid and container.trusted

    asyncio.run(both())
