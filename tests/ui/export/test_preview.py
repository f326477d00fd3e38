""""Xem trước PDF" as an officer about to sign uses it: the unsigned PDF is drawn and opens in the
system's PDF viewer at once; the dialog says so with the page count, opens it again or its folder,
and says where the file is when no viewer opened it (issue 16: no page images inside the dialog).

The desktop is the one part replaced: the `opened` fixture records the URLs Qt would hand to the
system; where no viewer must answer, the dialog gets an `open_url` that records and refuses."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QUrl

from desktop.i18n import count_text, gettext_in, ngettext_in
from desktop.ui.export.export_dialog import ExportDialog
from desktop.ui.export.job_dialog import ERROR_STYLE
from tests.ui.export.drive import WAIT_MS, open_export

OPENED = ("The preview ({count} page, not signed) opened in your PDF viewer.",
          "The preview ({count} pages, not signed) opened in your PDF viewer.")
NOT_OPENED = tuple(f"No PDF viewer opened the preview ({{count}} {pages}, not signed): this computer may have no "
                   "program for PDF files. Open the file below yourself, or install a PDF reader."
                   for pages in ("page", "pages"))


def vi(msgid: str) -> str:
    return gettext_in("vi", msgid)


def vi_counted(forms: tuple[str, ...], count: int) -> str:
    return ngettext_in("vi", forms[0], forms[1], count).format(count=count_text(count, "vi"))


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(info.split("Pages:")[1].split()[0])


class Desktop:
    """What the system answers when asked to open a file: every URL recorded, opened or not."""

    def __init__(self, opens: bool) -> None:
        self.opens = opens
        self.paths: list[Path] = []

    def __call__(self, url: QUrl) -> bool:
        self.paths.append(Path(url.toLocalFile()))
        return self.opens


def preview(qtbot, dialog) -> Path:
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.preview.busy(), timeout=WAIT_MS)
    assert dialog.preview.path is not None, dialog.preview.status.text()
    return dialog.preview.path


def test_the_preview_opens_in_the_viewer_at_once_and_again_on_demand(qtbot, window, ready_report, opened):
    dialog = open_export(qtbot, window, ready_report)
    size = dialog.size()
    assert not dialog.preview.isVisible()  # nothing to say before the first preview

    pdf = preview(qtbot, dialog)
    assert opened.paths() == [pdf] and pdf.is_file() and pdf.name.endswith("-XEM-TRUOC.pdf")
    panel = dialog.preview
    assert panel.isVisible() and panel.status.styleSheet() == ""
    assert panel.status.text() == vi_counted(OPENED, page_count(pdf))
    assert panel.location.text() == vi("File: {path}").format(path=str(pdf))
    assert dialog.preview_button.isEnabled()  # a new preview after a correction
    # the dialog keeps its size: no page column to make room for
    assert dialog.size() == size and not hasattr(panel, "document")

    qtbot.mouseClick(panel.viewer_button, Qt.MouseButton.LeftButton)
    assert opened.paths() == [pdf, pdf]
    qtbot.mouseClick(panel.folder_button, Qt.MouseButton.LeftButton)
    assert opened.paths()[-1] == pdf.parent

    # drawn again: a fresh file (the viewer may still hold the first one open), opened at once
    again = preview(qtbot, dialog)
    assert again != pdf and opened.paths()[-1] == again


def test_without_a_viewer_the_dialog_says_where_the_file_is(qtbot, window, profiled_store, ready_report):
    desktop = Desktop(opens=False)
    dialog = ExportDialog(profiled_store, ready_report, window, open_url=desktop)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)

    pdf = preview(qtbot, dialog)
    panel = dialog.preview
    assert desktop.paths == [pdf] and pdf.is_file()
    assert panel.status.text() == vi_counted(NOT_OPENED, page_count(pdf))
    assert panel.status.styleSheet() == ERROR_STYLE
    # the full path can be selected and copied, and the folder offered
    assert str(pdf) in panel.location.text() and panel.location.isVisible()
    assert panel.location.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    panel.location.setSelection(0, len(panel.location.text()))
    assert panel.location.selectedText() == panel.location.text()
    assert panel.folder_button.isVisible() and panel.viewer_button.isVisible()

    # the folder cannot be opened either: said with its path
    qtbot.mouseClick(panel.folder_button, Qt.MouseButton.LeftButton)
    assert desktop.paths[-1] == pdf.parent
    assert panel.status.text() == vi("No program opened {path}; open it yourself.").format(path=str(pdf.parent))

    # a PDF reader installed meanwhile: "Open the preview again" opens the same file
    desktop.opens = True
    qtbot.mouseClick(panel.viewer_button, Qt.MouseButton.LeftButton)
    assert desktop.paths[-1] == pdf
    assert panel.status.text() == vi_counted(OPENED, page_count(pdf)) and panel.status.styleSheet() == ""


def test_a_preview_that_cannot_be_drawn_says_why_and_can_be_tried_again(qtbot, window, ready_report, opened,
                                                                       tmp_path, monkeypatch):
    dialog = open_export(qtbot, window, ready_report)
    not_a_folder = tmp_path / "not-a-folder"
    not_a_folder.write_text("a file where the temporary folder should be")
    monkeypatch.setattr(tempfile, "tempdir", str(not_a_folder))

    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.preview.busy(), timeout=WAIT_MS)
    panel = dialog.preview
    assert panel.path is None and opened.paths() == []
    prefix = vi("The preview could not be drawn: {error}").format(error="")
    assert panel.status.text().startswith(prefix) and len(panel.status.text()) > len(prefix)
    assert panel.status.styleSheet() == ERROR_STYLE
    assert not panel.viewer_button.isVisible() and not panel.location.isVisible()
    assert dialog.preview_button.isEnabled()  # not stuck: the officer can try again

    folder = tmp_path / "tmp-again"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    pdf = preview(qtbot, dialog)
    assert opened.paths() == [pdf] and pdf.is_relative_to(folder)
    assert panel.status.text() == vi_counted(OPENED, page_count(pdf)) and panel.viewer_button.isVisible()
