"""The Inbox of Cục ATMT: receive, verify, track and consolidate reports; answer with receipts.

Qt-free; the desktop screens and the CLI (`ct20 inbox …`, `ct20 receipt import`) call these:

- `import_packages(store, files_or_folders, trust_paths=, progress=, cancel=)` → ImportResult
- `build_board(store, period, form_id, deadline=, today=)` → Board (rows: on_time / late /
  missing / rejected / untrusted; history entries also superseded); `board_xlsx(board)` → bytes
- `decide(store, inbox_id, "accepted" | "rejected" | None)` for an untrusted package;
  `pin_package_signer(store, inbox_id, org, reason)` accepts a package's signer for an organisation
- `consolidate(store, period, form_id)` → Consolidated; `write_consolidation(…, out_dir)` writes
  the PDF, XLSX and DOCX of one form and period
- `parse_round("2026" | "2026-H1" | request id, store)` → Round (desktop.inbox.rounds); `write_round(store,
  round_id, out_dir)` writes Cục ATMT's one report of the round (every reporter kind) and the reminders;
  the rows a form tracks across rounds (`consolidation.tracked`) are compared with the previous round of
  the same kind (desktop.inbox.round_changes)
- `issue_receipt(store, inbox_id, decision, out_dir, signer_spec, message=)` and, on the
  reporter's side, `import_receipt(store, file)`

Slow calls (import, receipts, consolidation) are synchronous: run them in a worker thread.
"""

from __future__ import annotations

import importlib
from typing import Any

_HOMES = {
    "board": ("STATES", "Board", "BoardRow", "Entry", "build_board", "deadline_end", "is_on_time"),
    "board_xlsx": ("board_xlsx",),
    "consolidate": ("consolidate",),
    "decisions": ("Actor", "DecisionError", "actor", "decide", "pin_certificate", "pin_package_signer", "unpin"),
    "importer": ("ImportItem", "ImportResult", "Importer", "import_packages", "package_files"),
    "model": ("Consolidated",),
    "outputs": ("ConsolidationFiles", "write_board_xlsx", "write_consolidation"),
    "rounds": ("Request", "Round", "RoundError", "adhoc_round", "parse_round"),
    "round_outputs": ("RoundFiles", "write_round"),
    "receipts": ("DECISIONS", "ImportedReceipt", "IssuedReceipt", "ReceiptError", "check_receipt_data",
                 "import_receipt", "issue_receipt"),
}
_WHERE = {name: module for module, names in _HOMES.items() for name in names}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    """Load a part only when it is used: `ct20 inbox status` need not load reportlab or openpyxl."""
    if name not in _WHERE:
        raise AttributeError(f"module 'desktop.inbox' has no attribute {name!r}")
    return getattr(importlib.import_module(f"desktop.inbox.{_WHERE[name]}"), name)
