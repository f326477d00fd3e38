"""First start: choose the organisation, fill in the profile once, and take a sample report."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QMessageBox, QVBoxLayout, QWidget, QWizard, QWizardPage

from desktop.i18n import LocalizedError, _
from desktop.registry import Organization
from desktop.samples import create_sample_report, sample_form_for
from desktop.store import Store
from desktop.ui.org_picker import OrganizationPicker
from desktop.ui.profile_form import ProfileForm
from desktop.ui.signals import emit


class OrganizationPage(QWizardPage):
    def __init__(self, custom: list[dict], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.picker = OrganizationPicker(custom, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.picker, 1)
        self.picker.organizationChanged.connect(lambda _id: emit(self.completeChanged))

    def retranslate(self) -> None:
        self.setTitle(_("Your organisation"))
        self.intro.setText(
            _("Choose the organisation you report for. Type part of its name or its province; "
              "accents are optional.")
        )
        self.picker.retranslate()

    def initializePage(self) -> None:
        self.picker.search.setFocus()

    def isComplete(self) -> bool:
        return self.picker.selected_id() is not None


class ProfilePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.form = ProfileForm(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.form)
        layout.addStretch(1)
        self._org_id: str | None = None

    def retranslate(self) -> None:
        self.setTitle(_("Profile"))
        self.intro.setText(
            _("Every new report takes its header from these details. You can change them later "
              "in the settings.")
        )
        self.form.retranslate()

    def initializePage(self) -> None:
        org = _chosen_organization(self)
        if org is not None and org.id != self._org_id:
            if self._org_id is None:
                self.form.set_profile({}, org)
            else:
                self.form.apply_organization(org)
            self._org_id = org.id
        self.form.edits["signer_name"].setFocus()

    def validatePage(self) -> bool:
        return self.form.check()


class SamplePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.create_sample = QCheckBox(self)
        self.create_sample.setObjectName("createSample")
        self.create_sample.setChecked(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.create_sample)
        layout.addStretch(1)

    def retranslate(self) -> None:
        self.setTitle(_("Ready"))
        self.intro.setText(
            _("A sample report, filled in with realistic figures, shows how a finished report "
              "looks and how the checks work. You can delete it at any time.")
        )
        self.create_sample.setText(_("Create a &sample report to explore"))
        self.create_sample.setAccessibleName(_("Create a sample report"))

    def initializePage(self) -> None:
        org = _chosen_organization(self)
        offered = org is not None and sample_form_for(org) is not None
        self.create_sample.setEnabled(offered)
        self.create_sample.setChecked(offered)


class FirstStartWizard(QWizard):
    """Saves the profile (and the sample) when finished; cancelling changes nothing."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("firstStartWizard")
        self.store = store
        self.sample_report_id: str | None = None
        self.org_page = OrganizationPage(store.custom_organizations(), self)
        self.profile_page = ProfilePage(self)
        self.sample_page = SamplePage(self)
        for page in (self.org_page, self.profile_page, self.sample_page):
            self.addPage(page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.resize(720, 560)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Welcome to CT20"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("< &Back"))
        self.setButtonText(QWizard.WizardButton.NextButton, _("&Next >"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Finish"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("Cancel"))
        for page in (self.org_page, self.profile_page, self.sample_page):
            page.retranslate()

    def organization(self) -> Organization | None:
        return self.org_page.picker.selected_organization()

    def accept(self) -> None:
        org = self.organization()
        if org is None:
            return
        profile = {"org_id": org.id, **self.profile_page.form.profile()}
        try:
            self.store.set_profile(profile)
        except LocalizedError as exc:  # e.g. the disk is full: say so and let them retry
            QMessageBox.warning(self, _("The profile was not saved"), exc.render())
            return
        if self.sample_page.create_sample.isChecked():
            try:
                self.sample_report_id = create_sample_report(self.store, org.id)
            except LocalizedError as exc:  # the profile is saved; the sample is a bonus
                QMessageBox.warning(self, _("The sample report was not created"), exc.render())
        super().accept()


def _chosen_organization(page: QWizardPage) -> Organization | None:
    wizard = page.wizard()
    return wizard.organization() if isinstance(wizard, FirstStartWizard) else None
