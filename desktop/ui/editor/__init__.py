"""The report editor, generated from a form definition: fields, tables, checks, never losing work.

`ReportEditor(store, report_id)` is the widget the main window shows for one report.
"""

from desktop.ui.editor.editor import ReportEditor

__all__ = ["ReportEditor"]
