""""Kiểm tra chữ ký tệp PDF": check every signature of any signed PDF (Tools menu and toolbar).

The duties Thông tư 15/2025/TT-BKHCN gives signature-verification software: for each signature,
valid or not, who signed, when (proven or only claimed), whether the document is whole after it,
the trust path and the level. The check (desktop.package.pdfverify) runs in a worker thread; the
trusted roots are read from the store in the UI thread first (the store is not shared across
threads).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _, current_language

if TYPE_CHECKING:
    from desktop.ui.export.worker import Worker

STATUS_WORDS = {"valid": N_("valid"), "untrusted": N_("not trusted"), "invalid": N_("not valid")}
STATUS_STYLES = {"valid": "color: #1b5e20; font-weight: bold;", "untrusted": "color: #e65100; font-weight: bold;",
                 "invalid": "color: #b71c1c; font-weight: bold;"}


def status_word(status: str) -> str:
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def pick_pdf_file(parent: QWidget) -> str | None:
    from PySide6.QtCore import QStandardPaths  # not at start (issue 16)
    from PySide6.QtWidgets import QFileDialog  # not at start (issue 16)
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose a signed PDF file"), folder or str(Path.home()),
        ";;".join((_("PDF files (*.pdf)"), _("All files (*)"))),
    )
    return path or None


def _check(path: str, roots: Sequence[Any], lang: str, worker: Worker) -> dict[str, Any]:
    from desktop.package.pdfverify import verify_pdf

    del worker  # one file, seconds at most: nothing to report on the way
    record = verify_pdf(Path(path), trust_roots=roots).to_json(path, lang)
    record["thread"] = threading.get_ident()  # where it ran (tests: never the UI thread)
    return record


class PdfCheckDialog(QDialog):
    def __init__(self, store, parent: QWidget | None = None, *,  # type: ignore[no-untyped-def]
                 pick_file: Callable[[QWidget], str | None] = pick_pdf_file) -> None:
        super().__init__(parent)
        self.setObjectName("pdfCheckDialog")
        self.store = store
        self.pick_file = pick_file
        self.worker: Worker | None = None
        self.record: dict[str, Any] | None = None

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.path = QLineEdit(self)
        self.path.setReadOnly(True)
        self.choose_button = QPushButton(self)
        self.verdict = QLabel(self)
        self.verdict.setObjectName("pdfVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.signatures = QTreeWidget(self)
        self.signatures.setObjectName("pdfSignatures")
        self.signatures.setHeaderHidden(True)
        self.signatures.setWordWrap(True)
        self.close_button = QPushButton(self)

        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.choose_button)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(row)
        layout.addWidget(self.verdict)
        layout.addWidget(self.signatures, 1)
        layout.addLayout(buttons)

        self.choose_button.clicked.connect(lambda _checked=False: self.choose())
        self.close_button.clicked.connect(self.reject)
        self.retranslate()
        self.resize(760, 560)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Check the signatures of a PDF file"))
        self.intro.setText(_("CT20 checks every digital signature in the file: whether it is valid, who signed, "
                             "when, whether the document was changed afterwards, and the chain of certificates "
                             "up to a trusted root. The file is not changed and nothing is sent anywhere."))
        self.choose_button.setText(_("&Choose a file…"))
        self.close_button.setText(_("Close"))
        self.signatures.setAccessibleName(_("Signatures in the file"))
        if self.record is not None:
            self._show(self.record)

    def choose(self) -> None:
        path = self.pick_file(self)
        if path:
            self.check(path)

    def check(self, path: str | Path) -> None:
        """Check `path` in a worker thread; the result fills the dialog when it comes."""
        if self.worker is not None:
            return
        from desktop.package.roots import trusted_roots

        roots = trusted_roots(self.store, ())
        self.path.setText(str(path))
        self.record = None
        self.signatures.clear()
        self.verdict.setStyleSheet("")
        self.verdict.setText(_("Checking the signatures…"))
        self.choose_button.setEnabled(False)
        from desktop.ui.export.worker import Worker  # not needed to start the window

        worker = Worker(lambda w: _check(str(path), roots, current_language(), w))
        worker.succeeded.connect(self._succeeded)
        worker.failed.connect(self._failed)
        self.worker = worker
        worker.start(self)

    def busy(self) -> bool:
        return self.worker is not None

    def _succeeded(self, record: dict[str, Any]) -> None:
        self.worker = None
        self.choose_button.setEnabled(True)
        self._show(record)

    def _failed(self, error: Exception) -> None:
        self.worker = None
        self.choose_button.setEnabled(True)
        self.verdict.setStyleSheet(STATUS_STYLES["invalid"])
        self.verdict.setText(error.render() if hasattr(error, "render") else str(error))

    def _show(self, record: dict[str, Any]) -> None:
        from desktop.package.pdftext import signature_lines

        self.record = record
        status = record["status"]
        self.verdict.setStyleSheet(STATUS_STYLES.get(status, ""))
        lines = [_("The file is {status}.").format(status=status_word(status))]
        told = {problem for signature in record["signatures"] for problem in signature["problems"]}
        lines += [f"• {problem}" for problem in record["problems"] if problem not in told]
        self.verdict.setText("\n".join(lines))
        self.signatures.clear()
        for signature in record["signatures"]:
            head, *details = signature_lines(signature, status_word)
            item = QTreeWidgetItem([head])
            item.setForeground(0, Qt.GlobalColor.darkGreen if signature["status"] == "valid" else Qt.GlobalColor.red)
            for line in details:
                item.addChild(QTreeWidgetItem([line.strip()]))
            self.signatures.addTopLevelItem(item)
            item.setExpanded(True)

    def reject(self) -> None:
        if self.worker is not None:
            return  # the check ends in a moment; its thread must not outlive the dialog
        super().reject()

    def done(self, code: int) -> None:
        if self.worker is not None:
            self.worker.wait()
        super().done(code)

