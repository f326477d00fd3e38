"""The unsigned preview of a report: drawn in a worker thread, then opened in the system's PDF viewer.

`PreviewPanel.start()` draws the PDF as the export would (sample mark, justification annex), writes it
to a private temporary folder as "<package name>-XEM-TRUOC.pdf" and hands it to the desktop (Edge on
every Windows 10/11, or the reader the user chose). The panel then says that it opened, with its
page count, and offers to open it again or to open its folder; when no program opened it, it says
so and shows where the file is, so that the officer can open it another way.

The pages are not drawn inside the dialog: a PDF engine for Qt (QtPdf: PDFium, with the Qt6Network
it links) is 6.6 MB of the Windows folder (issue 16), and the system viewer shows the same pages
with search, zoom and printing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.export.preview import preview_report
from desktop.forms import Period
from desktop.i18n import _, count_text, ngettext
from desktop.package.asic import package_file_name
from desktop.paths import private_temp_dir
from desktop.store import Store
from desktop.ui.export.job_dialog import ERROR_STYLE
from desktop.ui.export.worker import Worker
from desktop.ui.signals import emit


@dataclass(frozen=True)
class DrawnPreview:
    path: Path
    page_count: int  # as reportlab counted the pages it drew


def write_preview(store_path: Path, report_id: str, _worker: Worker) -> DrawnPreview:
    """The job: its own store connection (a SQLite connection belongs to its thread)."""
    with Store.open(store_path) as store:
        report = store.get_report(report_id)
        preview = preview_report(store, report.id)
    name = Path(package_file_name(report.form_id, report.org_id, str(Period.parse(report.period)),
                                  report.revision)).stem
    path = private_temp_dir("ct20-preview-") / f"{name}-XEM-TRUOC.pdf"
    path.write_bytes(preview.pdf)
    return DrawnPreview(path, preview.page_count)


class PreviewPanel(QWidget):
    """What became of the preview, under the "Preview PDF" button; `ready(path)` once one is drawn,
    `finished()` once the job has ended, drawn or not."""

    ready = Signal(str)
    finished = Signal()

    def __init__(self, store: Store, report_id: str, parent: QWidget | None = None, *,
                 open_url: Callable[[QUrl], bool] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.store, self.report_id = store, report_id
        self.open_url = open_url or QDesktopServices.openUrl
        self.worker: Worker | None = None
        self.path: Path | None = None
        self.pages = 0
        self.opened: bool | None = None  # whether the desktop opened the file the last time it was asked
        self.error: BaseException | None = None  # why the last preview could not be drawn

        self.status = QLabel(self)
        self.status.setObjectName("previewStatus")
        self.status.setWordWrap(True)
        self.location = QLabel(self)  # the file's full path, to be copied when no viewer opens it
        self.location.setObjectName("previewLocation")
        self.location.setWordWrap(True)
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                              | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.viewer_button, self.folder_button = QPushButton(self), QPushButton(self)
        self.viewer_button.setObjectName("previewInViewer")
        self.folder_button.setObjectName("previewFolder")
        buttons = QHBoxLayout()
        buttons.addWidget(self.viewer_button)
        buttons.addWidget(self.folder_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(self.location)
        layout.addLayout(buttons)
        self.viewer_button.clicked.connect(self.open_in_viewer)
        self.folder_button.clicked.connect(self.open_folder)
        self.retranslate()

    def retranslate(self) -> None:
        self.viewer_button.setText(_("Open the preview again"))
        self.folder_button.setText(_("Open its folder"))
        self.location.setAccessibleName(_("Where the preview file is"))
        self._update()

    # -- the job

    def busy(self) -> bool:
        return self.worker is not None

    def start(self) -> None:
        """Draw the preview in a worker thread; it opens in the PDF viewer when done."""
        if self.busy():
            return
        self.error = None
        worker = Worker(partial(write_preview, Path(self.store.path), self.report_id))
        worker.succeeded.connect(self._drawn)
        worker.failed.connect(self._failed)
        self.worker = worker
        self._update()
        worker.start(self)

    def wait(self) -> None:
        worker = self.worker
        if worker is not None and worker.job_thread is not None:
            worker.job_thread.wait()

    def _drawn(self, drawn: DrawnPreview) -> None:
        self.worker = None
        self.path, self.pages = Path(drawn.path), drawn.page_count
        self.open_in_viewer()
        emit(self.ready, str(self.path))
        emit(self.finished)

    def _failed(self, error: BaseException) -> None:
        self.worker = None
        self.error = error
        self._update()
        emit(self.finished)

    # -- the file

    def open_in_viewer(self) -> None:
        if self.path is not None:
            self.opened = bool(self.open_url(QUrl.fromLocalFile(str(self.path))))
            self._update()

    def open_folder(self) -> None:
        if self.path is not None and not self.open_url(QUrl.fromLocalFile(str(self.path.parent))):
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(_("No program opened {path}; open it yourself.").format(path=str(self.path.parent)))

    def _update(self) -> None:
        """Say what the officer can do now: wait, look in the viewer, or open the file themselves."""
        error, text = False, ""
        if self.busy():
            text = _("Drawing the preview…")
        elif self.error is not None:
            error = True
            reason = self.error.render() if hasattr(self.error, "render") else (
                str(self.error) or type(self.error).__name__)
            text = _("The preview could not be drawn: {error}").format(error=reason)
        elif self.path is not None and self.opened:
            text = ngettext("The preview ({count} page, not signed) opened in your PDF viewer.",
                            "The preview ({count} pages, not signed) opened in your PDF viewer.",
                            self.pages).format(count=count_text(self.pages))
        elif self.path is not None:
            error = True
            text = ngettext("No PDF viewer opened the preview ({count} page, not signed): this computer may "
                            "have no program for PDF files. Open the file below yourself, or install a PDF "
                            "reader.",
                            "No PDF viewer opened the preview ({count} pages, not signed): this computer may "
                            "have no program for PDF files. Open the file below yourself, or install a PDF "
                            "reader.", self.pages).format(count=count_text(self.pages))
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setText(text)
        shown = self.path is not None and not self.busy() and self.error is None
        self.location.setText(_("File: {path}").format(path=str(self.path)) if shown else "")
        self.location.setVisible(shown)
        self.viewer_button.setVisible(shown)
        self.folder_button.setVisible(shown)
