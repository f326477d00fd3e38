"""Exporting a report as a signed package, and what comes after: the export dialog (signer,
attachments, folder, progress that can be cancelled), the result with "open PDF", "open folder"
and the email draft, the signature setup check, and revisions of submitted reports.

Only `ExportActions` is imported with the main window; everything that loads pyHanko is imported
when first used.
"""

from desktop.ui.export.actions import ExportActions

__all__ = ["ExportActions"]
