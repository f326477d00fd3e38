"""The organisation profile: who signs, who to contact. New reports take their header from it."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from desktop.forms.normalize import InputError, looks_like_email, normalize_text
from desktop.i18n import N_, Message, _
from desktop.registry import Organization

# (profile key, label msgid, placeholder msgid, max length)
PROFILE_FIELDS = (
    ("parent_body", N_("&Parent body:"), N_("e.g. the body above yours, in capitals"), 300),
    ("place", N_("P&lace name on documents:"), N_("e.g. the city of your head office"), 100),
    ("signer_name", N_("Si&gner's name:"), N_("e.g. Nguyễn Văn An"), 200),
    ("signer_title", N_("Signer's &title:"), N_("e.g. Phó Giám đốc"), 200),
    ("head_title", N_("&Head of the organisation's title:"), N_("e.g. Giám đốc"), 200),
    ("contact_name", N_("&Contact person:"), N_("e.g. Trần Thị Bình"), 200),
    ("contact_phone", N_("Contact p&hone:"), N_("e.g. 0229 3871 234"), 50),
    ("contact_email", N_("Contact &email:"), N_("e.g. name@your-organisation.gov.vn"), 254),
)
PROFILE_KEYS = tuple(key for key, *_rest in PROFILE_FIELDS)
ORG_EXAMPLES = ("parent_body", "place")  # examples taken from the chosen organisation (issue 14.6)


class ProfileForm(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edits: dict[str, QLineEdit] = {}
        self.labels: dict[str, QLabel] = {}
        self.org: Organization | None = None  # its parent body and place are the examples shown
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, _label, _placeholder, max_length in PROFILE_FIELDS:
            edit = QLineEdit(self)
            edit.setObjectName(f"profile_{key}")
            edit.setMaxLength(max_length)
            label = QLabel(self)
            label.setBuddy(edit)
            layout.addRow(label, edit)
            self.edits[key] = edit
            self.labels[key] = label
        self.problem = QLabel(self)
        self.problem.setObjectName("profileProblem")
        self.problem.setStyleSheet("color: #b71c1c;")
        self.problem.setWordWrap(True)
        layout.addRow(self.problem)
        self.retranslate()

    def retranslate(self) -> None:
        for key, label, placeholder, _max in PROFILE_FIELDS:
            self.labels[key].setText(_(label))
            example = getattr(self.org, key, "") if self.org is not None and key in ORG_EXAMPLES else ""
            self.edits[key].setPlaceholderText(_("e.g. {example}").format(example=example) if example
                                               else _(placeholder))
            self.edits[key].setAccessibleName(_(label).replace("&", "").rstrip(":"))

    def set_profile(self, profile: dict, org: Organization | None = None) -> None:
        """Show a profile; empty places take the organisation's registry data."""
        defaults = {"parent_body": org.parent_body, "place": org.place} if org else {}
        for key, edit in self.edits.items():
            edit.setText(str(profile.get(key) or defaults.get(key) or ""))
        self.org = org
        self.retranslate()

    def apply_organization(self, org: Organization) -> None:
        """After choosing another organisation: its parent body and place replace the old ones."""
        self.edits["parent_body"].setText(org.parent_body)
        self.edits["place"].setText(org.place)
        self.org = org
        self.retranslate()

    def profile(self) -> dict[str, str]:
        """The typed profile, normalised (NFC, trimmed); raises InputError on a bad e-mail."""
        result = {}
        for key, _label, _placeholder, max_length in PROFILE_FIELDS:
            text = normalize_text(self.edits[key].text(), max_length=max_length)
            if text:
                result[key] = text
        email = result.get("contact_email")
        if email and not looks_like_email(email):
            raise InputError(Message(N_("“{email}” does not look like an e-mail address."), email=email),
                             "contact_email")
        return result

    def check(self) -> bool:
        """Show the first problem under the form; True when the profile can be saved."""
        try:
            self.profile()
        except InputError as exc:
            self.problem.setText(exc.render())
            if exc.path in self.edits:
                self.edits[exc.path].setFocus()
            return False
        self.problem.clear()
        return True
