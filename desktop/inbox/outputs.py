"""Write the consolidated report's three files (PDF, XLSX, DOCX) and the board's workbook."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from desktop.i18n import N_, LocalizedError, Message
from desktop.inbox.board import Board
from desktop.inbox.board_xlsx import board_xlsx
from desktop.inbox.consolidate import consolidate
from desktop.inbox.model import Consolidated
from desktop.inbox.pdf_doc import issuer
from desktop.inbox.render_docx import render_consolidated_docx
from desktop.inbox.render_pdf import render_consolidated_pdf
from desktop.inbox.render_xlsx import render_consolidated_xlsx
from desktop.package.asic import write_package


class OutputError(LocalizedError):
    """A file could not be written; nothing half-written is left under its name."""


@dataclass(frozen=True)
class ConsolidationFiles:
    pdf: Path
    xlsx: Path
    docx: Path
    report: Consolidated

    def to_json(self) -> dict[str, str]:
        return {"pdf": str(self.pdf), "xlsx": str(self.xlsx), "docx": str(self.docx)}


def _write(folder: Path, name: str, data: bytes) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        return write_package(folder, name, data).resolve()  # atomic: temporary file, then rename
    except OSError as exc:
        raise OutputError(Message(N_("Cannot write {file}: {error}"), file=str(folder / name),
                                  error=exc.strerror or str(exc))) from None


def publish(folder: Path, files: dict[str, bytes]) -> dict[str, Path]:
    """Put several files in `folder` together or not at all: each is written into a temporary
    folder beside them, then the earlier files are set aside and the new ones moved in. When
    anything fails the new files are removed and the earlier ones put back, so the folder never
    holds a mixture of new and old outputs."""
    target = {name: folder / name for name in files}
    for path in target.values():
        if path.exists() and not path.is_file():  # a folder of that name is never set aside
            raise OutputError(Message(N_("Cannot write {file}: {error}"), file=str(path),
                                      error=Message(N_("something that is not a file has that name"))))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".ct20-", suffix=".part", dir=folder))
    except OSError as exc:
        raise OutputError(Message(N_("Cannot write {file}: {error}"), file=str(folder),
                                  error=exc.strerror or str(exc))) from None
    moved: list[str] = []
    kept: list[str] = []
    try:
        for name, data in files.items():
            write_package(staging, name, data)
        for name in files:
            if target[name].exists():
                os.replace(target[name], staging / f"{name}.old")
                kept.append(name)
            os.replace(staging / name, target[name])
            moved.append(name)
    except OSError as exc:
        for name in moved:
            with contextlib.suppress(OSError):
                os.unlink(target[name])
        for name in kept:
            with contextlib.suppress(OSError):
                os.replace(staging / f"{name}.old", target[name])
        raise OutputError(Message(N_("Cannot write {file}: {error}"), file=str(exc.filename or folder),
                                  error=exc.strerror or str(exc))) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {name: path.resolve() for name, path in target.items()}


def write_consolidation(
    store,  # type: ignore[no-untyped-def]
    period: str,
    form_id: str,
    out_dir: str | Path,
    *,
    deadline: dt.date | None = None,
    today: dt.date | None = None,
) -> ConsolidationFiles:
    """`TH-<FORM>-<PERIOD>.pdf|.xlsx|.docx` in `out_dir` (replaced when they exist: it is a draft);
    all three are replaced together or none is."""
    report = consolidate(store, period, form_id, deadline=deadline, today=today)
    organization = issuer(store)
    folder = Path(out_dir)
    rendered = {  # all three made before any is written: a failure leaves the earlier files as they were
        f"{report.file_stem}.pdf": render_consolidated_pdf(report, organization),
        f"{report.file_stem}.xlsx": render_consolidated_xlsx(report),
        f"{report.file_stem}.docx": render_consolidated_docx(report, organization),
    }
    written = publish(folder, rendered)
    files = {name.rsplit(".", 1)[1]: path for name, path in written.items()}
    if not store.readonly:
        store.audit("inbox.consolidate", details={"form": report.form_id, "period": str(report.period),
                                                  "reporters": report.reporters, "folder": str(folder)})
    return ConsolidationFiles(files["pdf"], files["xlsx"], files["docx"], report)


def write_board_xlsx(board: Board, path: str | Path, lang: str = "vi") -> Path:
    target = Path(path)
    return _write(target.parent, target.name, board_xlsx(board, lang))
