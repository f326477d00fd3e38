"""Settings: the language (applied at once) and the organisation profile."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, normalize_language
from desktop.reporting.reports import organization
from desktop.store import Store, StoreError
from desktop.ui.inbox_server_page import InboxServerPage
from desktop.ui.profile_form import PROFILE_KEYS, ProfileForm

# Each language is named in itself, so a user who cannot read the current one still finds theirs.
LANGUAGE_NAMES = (("vi", "Tiếng Việt"), ("en", "English"))
LANGUAGE_SETTING = "language"


class SettingsDialog(QDialog):
    """On OK: saves the profile and the language; `language` is then the chosen language."""

    def __init__(self, store: Store, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.store = store
        self.language = normalize_language(language)
        self.tabs = QTabWidget(self)

        general = QWidget(self)
        self.language_label = QLabel(general)
        self.language_combo = QComboBox(general)
        self.language_combo.setObjectName("language")
        for code, name in LANGUAGE_NAMES:
            self.language_combo.addItem(name, code)
        self.language_combo.setCurrentIndex(self.language_combo.findData(self.language))
        self.language_label.setBuddy(self.language_combo)
        self.language_note = QLabel(general)
        self.language_note.setWordWrap(True)
        general_layout = QFormLayout(general)
        general_layout.addRow(self.language_label, self.language_combo)
        general_layout.addRow(self.language_note)

        profile_tab = QWidget(self)
        self.org_label = QLabel(profile_tab)
        self.org_label.setWordWrap(True)
        self.profile_form = ProfileForm(profile_tab)
        profile_layout = QVBoxLayout(profile_tab)
        profile_layout.addWidget(self.org_label)
        profile_layout.addWidget(self.profile_form)
        profile_layout.addStretch(1)
        profile = store.get_profile()
        org = None
        if profile.get("org_id"):
            try:
                org = organization(store, profile["org_id"])
            except Exception:
                org = None
        self._org_name = org.name if org else ""
        self.profile_form.set_profile(profile, org)
        self.profile_form.setEnabled(not store.readonly)

        self.tabs.addTab(general, "")
        self.tabs.addTab(profile_tab, "")
        self.inbox_server = InboxServerPage(store, self)
        self.tabs.addTab(self.inbox_server, "")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self.resize(640, 520)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Settings"))
        self.tabs.setTabText(0, _("General"))
        self.tabs.setTabText(1, _("Organisation profile"))
        self.tabs.setTabText(2, _("Shared Inbox (server)"))
        self.inbox_server.retranslate()
        self.language_label.setText(_("&Language:"))
        self.language_combo.setAccessibleName(_("Language"))
        if self.store.readonly:
            self.language_note.setText(
                _("The data file is open read-only: the language applies to this window only, "
                  "and the profile cannot be changed.")
            )
        else:
            self.language_note.setText(_("The new language applies at once."))
        self.org_label.setText(
            _("Organisation: {name}").format(name=self._org_name) if self._org_name
            else _("No organisation chosen yet.")
        )
        self.profile_form.retranslate()

    def chosen_language(self) -> str:
        return self.language_combo.currentData()

    def accept(self) -> None:
        if not self.store.readonly:
            if not self.profile_form.check():
                self.tabs.setCurrentIndex(1)
                return
            profile = self.store.get_profile()
            kept = {k: v for k, v in profile.items() if k not in PROFILE_KEYS}
            try:
                self.store.set_profile({**kept, **self.profile_form.profile()})
                if self.chosen_language() != self.store.get_setting(LANGUAGE_SETTING):
                    self.store.set_setting(LANGUAGE_SETTING, self.chosen_language())
            except StoreError as exc:  # e.g. busy for longer than the store waits
                self.profile_form.problem.setText(exc.render())
                return
            if not self.inbox_server.save():
                self.tabs.setCurrentIndex(2)
                return
        self.language = self.chosen_language()
        super().accept()
