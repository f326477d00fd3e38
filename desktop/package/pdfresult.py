"""What `pdfverify` says about a PDF: one report per signature, and the file's verdict.

The file's status is that of the signature covering the whole document (a standard augmentation
may follow it), made `invalid` when another signature is broken; with no signature covering the
document, or none at all, the file is `invalid`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from dataclasses import field as list_field
from typing import Any

from desktop.i18n import N_, Message

_STATUS_RANK = {"valid": 0, "untrusted": 1, "invalid": 2}


@dataclass
class SignatureReport:
    """What one signature (or document timestamp) of a PDF says."""

    field: str
    kind: str = "signature"  # "signature" | "timestamp"
    status: str = "valid"  # "valid" | "untrusted" | "invalid"
    problems: list[Message] = list_field(default_factory=list)
    signer: dict[str, str] = list_field(default_factory=dict)
    signed_at: dt.datetime | None = None
    proven: bool = False  # signed_at comes from a valid, trusted timestamp
    claimed_at: dt.datetime | None = None
    revision: int = 0  # 1-based: the revision of the file this signature covers
    revisions: int = 0
    covers_whole: bool = False
    changes_after: str = "none"  # "none" | "augmentation" | "form_filling" | "annotations" | "other"
    trust_path: list[str] = list_field(default_factory=list)
    trusted_anchor: bool = False  # the last entry of trust_path is a trust anchor
    level: str | None = None  # "B-B" | "B-T" | "B-LT" | "B-LTA"; None when not PAdES
    subfilter: str = ""
    algorithm: str = ""

    def worsen(self, status: str, message: Message) -> None:
        if _STATUS_RANK[status] > _STATUS_RANK[self.status]:
            self.status = status
        self.problems.append(message)

    def to_json(self, lang: str) -> dict[str, Any]:
        return {
            "field": self.field,
            "kind": self.kind,
            "status": self.status,
            "signer": self.signer.get("name") or None,
            "signer_organization": self.signer.get("organization") or None,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "time": "proven" if self.proven else "claimed",
            "claimed_at": self.claimed_at.isoformat() if self.claimed_at else None,
            "revision": self.revision,
            "revisions": self.revisions,
            "covers_whole_document": self.covers_whole,
            "changes_after": self.changes_after,
            "trust_path": self.trust_path,
            "trusted_anchor": self.trusted_anchor,
            "level": self.level,
            "subfilter": self.subfilter.lstrip("/"),
            "algorithm": self.algorithm,
            "problems": [problem.render(lang) for problem in self.problems],
        }


@dataclass
class PdfVerification:
    status: str = "invalid"
    problems: list[Message] = list_field(default_factory=list)
    signatures: list[SignatureReport] = list_field(default_factory=list)
    sha256: str = ""

    @property
    def covering(self) -> SignatureReport | None:
        """The last signature (not a document timestamp) that covers the whole document."""
        whole = [s for s in self.signatures if s.kind == "signature" and s.covers_whole]
        return whole[-1] if whole else None

    def to_json(self, file: str, lang: str) -> dict[str, Any]:
        covering = self.covering
        return {
            "file": file,
            "status": self.status,
            "signer": covering.signer.get("name") or None if covering else None,
            "signed_at": covering.signed_at.isoformat() if covering and covering.signed_at else None,
            "problems": [problem.render(lang) for problem in self.problems],
            "signatures": [signature.to_json(lang) for signature in self.signatures],
            "sha256": self.sha256,
        }



def conclude(result: PdfVerification) -> None:
    if not result.signatures:
        result.status = "invalid"
        result.problems.append(Message(N_("The PDF carries no digital signature")))
        return
    covering = result.covering
    if covering is None:
        result.status = "invalid"
        changed = [s for s in result.signatures if s.revision and s.changes_after not in ("none", "augmentation")]
        if changed:
            result.problems.append(Message(N_("The document was changed after its last signature")))
        for signature in result.signatures:  # why none of them covers the document
            result.problems.extend(p for p in signature.problems if p not in result.problems)
        return
    result.status = covering.status
    result.problems.extend(covering.problems)
    for signature in result.signatures:
        if signature is covering:
            continue
        if signature.status == "invalid":
            result.status = "invalid"
            result.problems.append(
                Message(N_("Another signature in the document ({field}) is not valid"), field=signature.field)
            )
        if not signature.covers_whole and signature.changes_after == "other":
            result.problems.append(
                Message(N_("The document was changed after the signature {field}"), field=signature.field)
            )
