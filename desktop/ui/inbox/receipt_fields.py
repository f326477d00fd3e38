"""Two parts of the receipt dialog: the receipt's number (the officer's pattern and the next number
of the year, shared by the team's Inbox) and who signs (a deputy signs "KT. CỤC TRƯỞNG")."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QSpinBox, QWidget

from desktop.document.pdf_layout import signer_lines
from desktop.i18n import _
from desktop.inbox.receipt_signatory import NumberingError, Signatory, configure_numbering, saved_signatory
from desktop.signing.signers import VN_TZ
from desktop.store.receipt_numbers import NUMBER_FIELD, format_number

MAX_NUMBER = 999_999


class ReceiptNumberingBox(QGroupBox):
    """"Số: 125/ATMT-MT": the pattern and the next number; changing either changes the register's."""

    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptNumbering")
        self.store = store
        self.year = dt.datetime.now(VN_TZ).year
        self.pattern = QLineEdit(self)
        self.pattern.setObjectName("receiptNumberPattern")
        self.next_number = QSpinBox(self)
        self.next_number.setObjectName("receiptNextNumber")
        self.next_number.setRange(1, MAX_NUMBER)
        self.preview = QLabel(self)
        self.preview.setObjectName("receiptNumberPreview")
        self.pattern_label, self.next_label, self.preview_label = QLabel(self), QLabel(self), QLabel(self)
        self.pattern_label.setBuddy(self.pattern)
        self.next_label.setBuddy(self.next_number)
        layout = QFormLayout(self)
        layout.addRow(self.pattern_label, self.pattern)
        layout.addRow(self.next_label, self.next_number)
        layout.addRow(self.preview_label, self.preview)
        self.pattern.textChanged.connect(self._show_preview)
        self.next_number.valueChanged.connect(self._show_preview)
        self.reload()

    def reload(self) -> None:
        """The register as it is now (another officer may have given numbers meanwhile)."""
        numbering = self.store.receipt_numbering()
        taken = self.store.list_receipt_numbers(year=self.year)
        self.saved = (numbering.pattern, max(numbering.next_for(self.year), (taken[-1].seq + 1) if taken else 1))
        self.pattern.setText(self.saved[0])
        self.next_number.setValue(min(self.saved[1], MAX_NUMBER))
        self._show_preview()

    def retranslate(self) -> None:
        self.setTitle(_("Receipt number"))
        self.pattern_label.setText(_("Number &pattern:"))
        self.pattern.setToolTip(_("{field} is replaced by the number, e.g. {example}").format(
            field=NUMBER_FIELD, example="{number}/ATMT-MT → 123/ATMT-MT"))
        self.next_label.setText(_("&Next number of {year}:").format(year=self.year))
        self.preview_label.setText(_("This receipt:"))
        self._show_preview()

    def _show_preview(self) -> None:
        pattern = self.pattern.text().strip()
        if NUMBER_FIELD in pattern:
            # as printed on the receipt, in Vietnamese whatever the interface language (like the PDF)
            self.preview.setText("Số: " + format_number(pattern, self.next_number.value()))
        else:
            self.preview.setText(_("The pattern needs {field} where the number goes.").format(field=NUMBER_FIELD))

    def problem(self) -> str | None:
        if self.pattern.text().strip().count(NUMBER_FIELD) != 1:
            self.pattern.setFocus()
            return _("The number pattern must hold {field} once (where the number goes), e.g. {example}.").format(
                field=NUMBER_FIELD, example="{number}/ATMT-MT")
        return None

    def apply(self, by: dict[str, str]) -> str | None:
        """Record a changed pattern or next number in the register; the reason when it cannot be."""
        chosen = (self.pattern.text().strip(), self.next_number.value())
        if chosen == self.saved:
            return None
        try:
            configure_numbering(self.store, chosen[0], self.year, chosen[1], by=by)
        except NumberingError as exc:
            return exc.render()
        self.saved = chosen
        return None


class SignatoryBox(QGroupBox):
    """The name and title under the signature; a deputy signs for the head (KT. CỤC TRƯỞNG)."""

    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("receiptSignatory")
        saved = saved_signatory(store)
        self.name = QLineEdit(saved.name, self)
        self.name.setObjectName("signatoryName")
        self.title_edit = QLineEdit(saved.title, self)
        self.title_edit.setObjectName("signatoryTitle")
        self.deputy = QCheckBox(self)
        self.deputy.setObjectName("signatoryDeputy")
        self.deputy.setChecked(saved.deputy)
        self.preview = QLabel(self)
        self.preview.setObjectName("signatoryPreview")
        self.name_label, self.title_label, self.preview_label = QLabel(self), QLabel(self), QLabel(self)
        self.name_label.setBuddy(self.name)
        self.title_label.setBuddy(self.title_edit)
        layout = QFormLayout(self)
        layout.addRow(self.name_label, self.name)
        layout.addRow(self.title_label, self.title_edit)
        layout.addRow("", self.deputy)
        layout.addRow(self.preview_label, self.preview)
        for signal in (self.name.textChanged, self.title_edit.textChanged, self.deputy.toggled):
            signal.connect(self._show_preview)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(_("Who signs"))
        self.name_label.setText(_("Na&me:"))
        self.title_label.setText(_("&Title:"))
        self.title_edit.setPlaceholderText(_("e.g. Phó Cục trưởng"))
        self.deputy.setText(_("A deputy signs for the Director General (KT. CỤC TRƯỞNG)"))
        self.preview_label.setText(_("Printed:"))
        self._show_preview()

    def value(self) -> Signatory:
        return Signatory(self.name.text().strip(), self.title_edit.text().strip(), self.deputy.isChecked())

    def _show_preview(self) -> None:
        signatory = self.value()
        lines = signer_lines(signatory.document())
        self.preview.setText(" / ".join([*lines, signatory.name]) if signatory.name else " / ".join(lines))

    def problem(self) -> str | None:
        if not self.name.text().strip():
            self.name.setFocus()
            return _("Write the name of the person who signs the receipt.")
        return None
