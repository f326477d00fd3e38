"""The unsigned preview of a report: drawn in a worker thread, opened in the system's PDF viewer and
shown page by page inside the export dialog (QtPdf, the pyside6-pdf wheel: PDFium, offline).

`PreviewPanel.start()` draws the PDF as the export would (sample mark, justification annex), writes it
to a private temporary folder as "<package name>-XEM-TRUOC.pdf" and shows its pages; "Open in viewer"
hands the file to the desktop.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from desktop.export.preview import preview_report
from desktop.forms import Period
from desktop.i18n import _
from desktop.package.asic import package_file_name
from desktop.paths import private_temp_dir
from desktop.store import Store
from desktop.ui.export.worker import Worker
from desktop.ui.signals import emit

PAGE_WIDTH = 380  # pixels of the page image in the dialog: A4 text stays readable at a glance


def write_preview(store_path: Path, report_id: str, _worker: Worker) -> Path:
    """The job: its own store connection (a SQLite connection belongs to its thread)."""
    with Store.open(store_path) as store:
        report = store.get_report(report_id)
        preview = preview_report(store, report.id)
    name = Path(package_file_name(report.form_id, report.org_id, str(Period.parse(report.period)),
                                  report.revision)).stem
    path = private_temp_dir("ct20-preview-") / f"{name}-XEM-TRUOC.pdf"
    path.write_bytes(preview.pdf)
    return path


def render_page(document: QPdfDocument, index: int, width: int = PAGE_WIDTH) -> QImage:
    """Page `index` of a loaded document as an image `width` pixels wide."""
    size = document.pagePointSize(index)
    height = round(width * size.height() / size.width()) if size.width() > 0 else round(width * 1.414)
    return document.render(index, QSize(width, height))


class PreviewPanel(QWidget):
    """The page preview beside the export form; `ready(path)` once a preview has been drawn."""

    ready = Signal(str)

    def __init__(self, store: Store, report_id: str, parent: QWidget | None = None, *,
                 open_url: Callable[[QUrl], bool] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.store, self.report_id = store, report_id
        self.open_url = open_url or QDesktopServices.openUrl
        self.worker: Worker | None = None
        self.path: Path | None = None
        self.document = QPdfDocument(self)
        self.page = 0

        self.image = QLabel(self)
        self.image.setObjectName("previewPage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroller = QScrollArea(self)
        self.scroller.setWidget(self.image)
        self.scroller.setWidgetResizable(True)
        self.scroller.setMinimumWidth(PAGE_WIDTH + 24)
        self.previous_button, self.next_button, self.viewer_button = (QPushButton(self) for _n in range(3))
        self.previous_button.setObjectName("previewPrevious")
        self.next_button.setObjectName("previewNext")
        self.viewer_button.setObjectName("previewInViewer")
        self.page_label = QLabel(self)
        self.page_label.setObjectName("previewPageNumber")
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        pages = QHBoxLayout()
        pages.addWidget(self.previous_button)
        pages.addWidget(self.page_label, 1, Qt.AlignmentFlag.AlignCenter)
        pages.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroller, 1)
        layout.addLayout(pages)
        layout.addWidget(self.viewer_button)
        layout.addWidget(self.status)
        self.previous_button.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self.page + 1))
        self.viewer_button.clicked.connect(self.open_in_viewer)
        self.retranslate()
        self._update()

    def retranslate(self) -> None:
        self.previous_button.setText(_("◀ Previous page"))
        self.next_button.setText(_("Next page ▶"))
        self.viewer_button.setText(_("Open in the PDF viewer"))
        self.image.setAccessibleName(_("Preview of the report page"))
        self._update()

    # -- the job

    def busy(self) -> bool:
        return self.worker is not None

    def start(self) -> None:
        """Draw the preview in a worker thread; it opens in the viewer and here when done."""
        if self.busy():
            return
        self.status.setText(_("Drawing the preview…"))
        worker = Worker(partial(write_preview, Path(self.store.path), self.report_id))
        worker.succeeded.connect(self._drawn)
        worker.failed.connect(self._failed)
        self.worker = worker
        worker.start(self)

    def wait(self) -> None:
        worker = self.worker
        if worker is not None and worker.job_thread is not None:
            worker.job_thread.wait()

    def _drawn(self, path: Path) -> None:
        self.worker = None
        self.path = Path(path)
        self.document.load(str(path))
        self.status.setText(_("Preview without signature: {path}").format(path=str(path)))
        self.show_page(0)
        self.open_in_viewer()
        emit(self.ready, str(path))

    def _failed(self, error: BaseException) -> None:
        self.worker = None
        text = error.render() if hasattr(error, "render") else (str(error) or type(error).__name__)
        self.status.setText(_("The preview could not be drawn: {error}").format(error=text))
        self._update()

    # -- pages

    def page_count(self) -> int:
        return self.document.pageCount() if self.path is not None else 0

    def show_page(self, index: int) -> None:
        count = self.page_count()
        if count == 0:
            return
        self.page = max(0, min(index, count - 1))
        self.image.setPixmap(QPixmap.fromImage(render_page(self.document, self.page)))
        self._update()

    def _update(self) -> None:
        count = self.page_count()
        self.page_label.setText(_("Page {page} of {count}").format(page=self.page + 1, count=count) if count else "")
        self.previous_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(self.page + 1 < count)
        self.viewer_button.setEnabled(self.path is not None)

    def open_in_viewer(self) -> None:
        if self.path is not None and not self.open_url(QUrl.fromLocalFile(str(self.path))):
            self.status.setText(_("No program opened {path}; open it yourself.").format(path=str(self.path)))
