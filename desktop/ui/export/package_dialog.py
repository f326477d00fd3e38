"""The exported package of a report, reopened later: the result panel of the export with its next
steps (open the PDF, the folder, the e-mail draft, copy for webmail, mark as sent)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from desktop.export.kept import kept_result
from desktop.i18n import _
from desktop.reporting import report_info as info
from desktop.store import Store
from desktop.ui.export.result_panel import ResultPanel


class PackageDialog(QDialog):
    def __init__(self, store: Store, report_id: str, parent: QWidget | None = None, *,
                 open_url: Callable[[QUrl], bool] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("packageDialog")
        self.store, self.report_id = store, report_id
        self.panel = ResultPanel(store, self, open_url=open_url)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        layout.addWidget(buttons)
        result = kept_result(store, report_id)
        if result is not None:
            self.panel.show_result(report_id, result)
        self.setWindowTitle(_("Exported package — {report}").format(
            report=info.describe_report(store.get_report(report_id))))
        self.resize(680, 480)
