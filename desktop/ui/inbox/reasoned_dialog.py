"""The form shared by the consolidator's decisions that are never one click (accepting or rejecting a
package, desktop/ui/inbox/decision_dialog.py; accepting a signer for an organisation,
desktop/ui/inbox/signer_dialog.py): what the decision does, the facts it is about, a reason and
the officer's name (remembered for the next decision) beside the Windows login; the confirming
button waits for both; a refusal (another officer decided meanwhile) is shown in the dialog."""

from __future__ import annotations

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
from desktop.inbox.decisions import DISPLAY_NAME_SETTING, Actor, actor

ERROR_STYLE = "color: #c62828;"


class ReasonedDecisionDialog(QDialog):
    def __init__(self, store, *, name: str, title: str, intro: str, facts: list[tuple[str, QWidget]],  # type: ignore[no-untyped-def]
                 placeholder: str, confirm_text: str, confirm_name: str, reason_name: str, error_name: str,
                 intro_name: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.store = store
        self.intro = QLabel(intro, self)
        self.intro.setObjectName(intro_name)
        self.intro.setWordWrap(True)
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName(reason_name)
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(placeholder)
        who = actor(store)
        self.display_name = QLineEdit(who.name, self)
        self.display_name.setObjectName("deciderName")
        self.login = QLabel(who.login or "-", self)
        self.error = QLabel(self)
        self.error.setObjectName(error_name)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        for label, widget in facts:
            form.addRow(label, widget)
        form.addRow(_("Reason"), self.reason)
        form.addRow(_("Your name"), self.display_name)
        form.addRow(_("Windows login"), self.login)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.confirm_button = self.buttons.addButton(confirm_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button.setObjectName(confirm_name)
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._update)
        self.display_name.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        self.confirm_button.setEnabled(bool(self.reason.toPlainText().strip() and self.display_name.text().strip()))

    def confirm(self) -> None:
        reason, name = self.reason.toPlainText().strip(), self.display_name.text().strip()
        if not reason or not name:
            return
        try:
            if not getattr(self.store, "readonly", False) and self.store.get_setting(DISPLAY_NAME_SETTING) != name:
                self.store.set_setting(DISPLAY_NAME_SETTING, name)
            self.record_decision(reason, actor(self.store, name))
        except LocalizedError as exc:
            self.error.setText(exc.render())
            self.error.show()
            return
        self.accept()

    def record_decision(self, reason: str, by: Actor) -> None:
        """Record the decision (raising LocalizedError when it is refused) and say so."""
        raise NotImplementedError
