"""The result of an export, read back later from the kept package: the export's next steps (open the
PDF, the folder, write the e-mail draft, copy for webmail) stay available from the report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from desktop.export.service import ExportResult
from desktop.reporting.submission import delivery_of
from desktop.store import Store


def kept_result(store: Store, report_id: str) -> ExportResult | None:
    """The export's facts for a submitted report, or None when it has no kept package.

    The package path is where the export saved it; when that file is gone (moved, deleted), the
    kept bytes still serve the PDF, the draft and the clipboard."""
    package = store.get_package(report_id, with_data=False)
    if package is None:
        return None
    delivery = delivery_of(store, report_id)
    path = Path(delivery.package_path) if delivery.package_path else Path(package.file_name)
    details: dict[str, Any] = next((entry["details"] for entry in store.audit_log(report_id=report_id, limit=200)
                    if entry["action"] == "report.export"), {})
    try:
        signed_at: dt.datetime | None = dt.datetime.fromisoformat(package.signed_at)
    except ValueError:
        signed_at = None
    return ExportResult(
        package_path=path, sha256=package.sha256, size=package.size, warnings=[], file_name=package.file_name,
        revision=package.revision, signed_at=signed_at, timestamped=bool(details.get("timestamped")),
        signer={k: str(v) for k, v in package.signer.items()}, level=str(details.get("level") or "B-B"),
    )
