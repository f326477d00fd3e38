""""Chấp nhận người ký này cho đơn vị này": the consolidator's decision on a package whose signer's
certificate does not name the organisation it reports for. The decision needs a reason and records
who made it (the OS login and the name typed here, remembered for next time) and when."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import LocalizedError, _
from desktop.inbox.decisions import DISPLAY_NAME_SETTING, actor, pin_package_signer
from desktop.registry import all_organizations
from desktop.ui.signals import emit

ERROR_STYLE = "color: #c62828;"


class AcceptSignerDialog(QDialog):
    accepted_signer = Signal(object)  # (the pin, the packages it released)

    def __init__(self, store, inbox_id: int, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.setObjectName("acceptSignerDialog")
        self.setWindowTitle(_("Accept this signer for this organisation"))
        self.store = store
        self.record = store.get_inbox_package(inbox_id)
        self.org_id = self.record.org_id or ""
        names = {org.id: org.name for org in all_organizations(store.custom_organizations())}
        self.org_name = names.get(self.org_id, self.org_id)
        signer = self.record.signer

        intro = QLabel(_("Package {id} ({file}) reports for {org}, but the signer's certificate names "
                         "“{certificate_org}”. Accept this signer for this organisation only if you know they may "
                         "report for it: their packages for {org} then count like the organisation's own.").format(
            id=self.record.id, file=self.record.file_name, org=self.org_name,
            certificate_org=signer.get("organization") or "-"), self)
        intro.setWordWrap(True)
        self.signer_label = QLabel(signer.get("subject") or signer.get("name") or "-", self)
        self.signer_label.setWordWrap(True)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("signerReason")
        self.reason.setPlaceholderText(_("e.g. Công văn số 12/SCT-KTAT of the department naming this officer"))
        self.reason.setTabChangesFocus(True)
        who = actor(store)
        self.display_name = QLineEdit(who.name, self)
        self.display_name.setObjectName("deciderName")
        self.login = QLabel(who.login or "-", self)
        self.error = QLabel(self)
        self.error.setObjectName("signerError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()

        form = QFormLayout()
        form.addRow(_("Organisation"), QLabel(self.org_name, self))
        form.addRow(_("Signer"), self.signer_label)
        form.addRow(_("Reason"), self.reason)
        form.addRow(_("Your name"), self.display_name)
        form.addRow(_("Windows login"), self.login)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.accept_button = self.buttons.addButton(_("Accept this signer for this organisation"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.accept_button.setObjectName("acceptSigner")
        self.buttons.accepted.connect(self.decide)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        self.accept_button.setEnabled(bool(self.reason.toPlainText().strip()))

    def decide(self) -> None:
        name = self.display_name.text().strip()
        try:
            if self.store.get_setting(DISPLAY_NAME_SETTING) != name:
                self.store.set_setting(DISPLAY_NAME_SETTING, name)
            pin, released = pin_package_signer(self.store, self.record.id, self.org_id, self.reason.toPlainText(),
                                               by=actor(self.store, name))
        except LocalizedError as exc:
            self.error.setText(exc.render())
            self.error.show()
            return
        emit(self.accepted_signer, (pin, released))
        self.accept()
