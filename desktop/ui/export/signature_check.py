"""The signature setup check: find the token or the file, show whose certificate it holds and until
when, and make a test signature — in a worker thread, like an export.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, count_text, ngettext
from desktop.package.signer_trust import SignerTrust, assess_signer
from desktop.reporting.reports import organization
from desktop.signing.drivers import Driver
from desktop.signing.selfcheck import SetupCheck, check_signer
from desktop.signing.signers import VN_TZ
from desktop.signing.spec import SignerSpec
from desktop.store import Store
from desktop.ui.export.signer_choice import SignerChoice
from desktop.ui.export.worker import Worker

WARNING_STYLE = "color: #b71c1c; font-weight: bold;"


@dataclass(frozen=True)
class CheckOutcome:
    setup: SetupCheck
    trust: SignerTrust | None  # None when the certificate could not be judged


def _run_check(store_path: Path, spec: SignerSpec, now: dt.datetime | None, _worker: Worker) -> CheckOutcome:
    """The job: the test signature, then the trust the Ministry will put in the certificate (its own
    store connection: a SQLite connection belongs to its thread)."""
    setup = check_signer(spec, now=now)
    if setup.certificate is None:
        return CheckOutcome(setup, None)
    with Store.open(store_path) as store:
        org_id = (store.get_profile() or {}).get("org_id")
        try:
            org = organization(store, org_id) if org_id else None
        except Exception:  # an organisation this version does not know: no comparison
            org = None
        return CheckOutcome(setup, assess_signer(store, setup.certificate, setup.chain, org, now=now))


class SignatureCheckDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None, *, drivers: list[Driver] | None = None,
                 now: dt.datetime | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signatureCheckDialog")
        self.store = store
        self.now = now
        self.worker: Worker | None = None
        self.outcome: SetupCheck | None = None
        self.trust: SignerTrust | None = None

        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.signer = SignerChoice(store, self, drivers=drivers)
        self.check_button = QPushButton(self)
        self.check_button.setObjectName("checkButton")
        self.check_button.setDefault(True)
        self.message = QLabel(self)
        self.message.setObjectName("checkMessage")
        self.message.setWordWrap(True)

        keys = ("owner", "organization", "issuer", "serial", "expiry", "test", "trust")
        self.captions = {key: QLabel(self) for key in keys}
        self.owner, self.organization, self.issuer = QLabel(self), QLabel(self), QLabel(self)
        self.serial, self.expiry, self.test_result = QLabel(self), QLabel(self), QLabel(self)
        self.trust_result = QLabel(self)
        self.trust_result.setObjectName("trustResult")
        self.values = {"owner": self.owner, "organization": self.organization, "issuer": self.issuer,
                       "serial": self.serial, "expiry": self.expiry, "test": self.test_result,
                       "trust": self.trust_result}
        facts = QFormLayout()
        for key, value in self.values.items():
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            facts.addRow(self.captions[key], value)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.hide()

        self.close_button = QPushButton(self)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.check_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.signer)
        layout.addWidget(self.message)
        layout.addLayout(facts)
        layout.addWidget(self.warning)
        layout.addStretch(1)
        layout.addLayout(buttons)

        self.check_button.clicked.connect(self.start_check)
        self.close_button.clicked.connect(self.reject)
        self.signer.changed.connect(self._update)
        self.retranslate()
        self._show(None)
        self.resize(600, 480)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Check my signature setup"))
        self.intro.setText(_("CT20 opens your certificate file or token, shows the certificate in it and makes a "
                             "test signature. Nothing is sent anywhere."))
        self.signer.retranslate()
        self.check_button.setText(_("&Check"))
        self.close_button.setText(_("Close"))
        captions = {"owner": _("Owner:"), "organization": _("Organisation:"), "issuer": _("Issued by:"),
                    "serial": _("Serial number:"), "expiry": _("Valid until:"), "test": _("Test signature:"),
                    "trust": _("Trust:")}
        for key, text in captions.items():
            self.captions[key].setText(text)
            self.values[key].setAccessibleName(text.rstrip(":"))
        self.message.setAccessibleName(_("Result of the check"))
        if self.outcome is not None:
            self._show(self.outcome, self.trust)
        self._update()

    def _update(self) -> None:
        self.check_button.setEnabled(self.worker is None and not self.signer.scanning())
        self.signer.setEnabled(self.worker is None)

    def start_check(self) -> None:
        if self.worker is not None:
            return
        problem = self.signer.problem()
        if problem is not None:
            self.message.setStyleSheet(WARNING_STYLE)
            self.message.setText(problem)
            return
        self.signer.remember()
        worker = Worker(partial(_run_check, Path(self.store.path), self.signer.spec(), self.now))
        worker.succeeded.connect(self._succeeded)
        worker.failed.connect(self._failed)
        self.worker = worker
        self.message.setStyleSheet("")
        self.message.setText(_("Opening the certificate and making a test signature…"))
        self._show(None)
        self._update()
        worker.start(self)

    def _succeeded(self, outcome: CheckOutcome) -> None:
        self.worker = None
        trust = outcome.trust
        if trust is None or trust.ok:
            self.message.setStyleSheet("")
            self.message.setText(_("Your signature setup works."))
        else:  # a signature that works but that the Ministry will not simply trust: never "all fine"
            self.message.setStyleSheet(WARNING_STYLE)
            self.message.setText(_("The test signature works, but the Ministry will not simply trust it: see "
                                   "“Trust” below."))
        self._show(outcome.setup, trust)
        self._update()

    def _failed(self, error: BaseException) -> None:
        self.worker = None
        self.message.setStyleSheet(WARNING_STYLE)
        self.message.setText(error.render() if hasattr(error, "render") else str(error))
        self._update()
        self.signer.secret.setFocus()

    def _show(self, outcome: SetupCheck | None, trust: SignerTrust | None = None) -> None:
        self.outcome, self.trust = outcome, trust
        for key, value in self.values.items():
            value.setText("")
            value.setVisible(outcome is not None)
            self.captions[key].setVisible(outcome is not None)
        self.warning.hide()
        if outcome is None:
            return
        facts = outcome.info
        self.owner.setText(facts.common_name)
        self.organization.setText(facts.organization or "—")
        self.issuer.setText(outcome.issuer_name)
        self.serial.setText(facts.serial)
        until = facts.not_after.astimezone(VN_TZ).strftime("%d/%m/%Y")
        if outcome.days_left >= 0:
            self.expiry.setText(ngettext("{date} ({days} day left)", "{date} ({days} days left)",
                                         outcome.days_left).format(date=until, days=count_text(outcome.days_left)))
        else:
            self.expiry.setText(_("{date} (expired)").format(date=until))
        self.expiry.setStyleSheet(WARNING_STYLE if outcome.expires_soon else "")
        self.test_result.setText(_("made and verified") if outcome.test_signature else _("failed"))
        self.trust_result.setText("\n".join(message.render() for message in trust.messages) if trust else "—")
        self.trust_result.setStyleSheet(WARNING_STYLE if trust is not None and not trust.ok else "")
        if outcome.expires_soon:
            days = max(outcome.days_left, 0)
            self.warning.setText(ngettext(
                "The certificate expires in {days} day. Ask your certificate provider to renew it before your "
                "next report is due.",
                "The certificate expires in {days} days. Ask your certificate provider to renew "
                "it before your next report is due.", days).format(days=count_text(days)))
            self.warning.show()

    def reject(self) -> None:
        if self.worker is not None:
            return  # a test signature on a token cannot be interrupted; it ends in a moment
        super().reject()

    def done(self, code: int) -> None:
        self.signer.wait()
        if self.worker is not None:
            self.worker.wait()
        super().done(code)
