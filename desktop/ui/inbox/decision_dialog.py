"""Accept or reject a package whose signer is not trusted: never one click. The dialog says what the
decision does, asks for the reason and the officer's name (remembered), and records both with the
decision (desktop.inbox.decisions.decide); a decision another officer took meanwhile is refused."""

from __future__ import annotations

from dataclasses import replace

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
from desktop.inbox.decisions import DISPLAY_NAME_SETTING, actor, decide
from desktop.ui.signals import emit

ERROR_STYLE = "color: #c62828;"


class DecisionDialog(QDialog):
    decided = Signal(object)  # the package record after the decision

    def __init__(self, store, inbox_id: int, decision: str, org_name: str,  # type: ignore[no-untyped-def]
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("decisionDialog")
        self.store = store
        self.decision = decision
        self.record = store.get_inbox_package(inbox_id)
        accept = decision == "accepted"
        self.setWindowTitle(_("Accept the package") if accept else _("Reject the package"))
        what = (_("Package {id} ({file}) of {org} is intact, but its signer's certificate could not be traced to a "
                  "trusted root. If you accept it, it counts as the organisation's report on the board and in the "
                  "consolidation.") if accept else
                _("Package {id} ({file}) of {org} will count as rejected: it stays in the Inbox, but not on the "
                  "board as a report and not in the consolidation. You can then send the reporter a receipt with "
                  "the reasons."))
        intro = QLabel(what.format(id=self.record.id, file=self.record.file_name, org=org_name or "-"), self)
        intro.setObjectName("decisionIntro")
        intro.setWordWrap(True)
        signer = self.record.signer or {}
        self.reason = QPlainTextEdit(self)
        self.reason.setObjectName("decisionReason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(_("e.g. confirmed by telephone with the department's office on 20/11") if accept
                                       else _("e.g. sent by mistake: the report of the previous year"))
        who = actor(store)
        self.display_name = QLineEdit(who.name, self)
        self.display_name.setObjectName("deciderName")
        self.login = QLabel(who.login or "-", self)
        self.error = QLabel(self)
        self.error.setObjectName("decisionError")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(_("Signer"), QLabel(", ".join(x for x in (signer.get("name"), signer.get("organization")) if x)
                                        or "-", self))
        form.addRow(_("Reason"), self.reason)
        form.addRow(_("Your name"), self.display_name)
        form.addRow(_("Windows login"), self.login)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.confirm_button = self.buttons.addButton(
            _("Accept the package") if accept else _("Reject the package"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.confirm_button.setObjectName("confirmDecision")
        self.buttons.accepted.connect(self.confirm)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._update)
        self.display_name.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
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
            # The board offered the choice because nobody had decided: refused if someone did meanwhile.
            shown = replace(self.record, decision=None, decided_at=None)
            record = decide(self.store, self.record.id, self.decision, by=actor(self.store, name), seen=shown,
                            reason=reason)
        except LocalizedError as exc:
            self.error.setText(exc.render())
            self.error.show()
            return
        emit(self.decided, record)
        self.accept()
