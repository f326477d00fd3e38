"""Settings: the profile can be corrected; a bad e-mail keeps the dialog open."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from desktop.ui.settings_dialog import SettingsDialog
from tests.ui.helpers import click, type_text


def _dialog(qtbot, store) -> SettingsDialog:
    dialog = SettingsDialog(store, "vi")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_profile_changes_are_saved_and_other_keys_kept(qtbot, profiled_store):
    dialog = _dialog(qtbot, profiled_store)
    assert "Ninh Bình" in dialog.org_label.text()
    signer = dialog.profile_form.edits["signer_name"]
    assert signer.text() == "Nguyễn Văn An"
    signer.clear()
    type_text(qtbot, signer, "Lê Thị Hoa")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    profile = profiled_store.get_profile()
    assert profile["signer_name"] == "Lê Thị Hoa"
    assert profile["org_id"] == "so-ct-ninh-binh"
    assert profile["contact_email"] == "binh@ninhbinh.gov.vn"


def test_a_bad_email_keeps_the_dialog_open(qtbot, profiled_store):
    dialog = _dialog(qtbot, profiled_store)
    email = dialog.profile_form.edits["contact_email"]
    email.clear()
    type_text(qtbot, email, "binh at ninhbinh")
    click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
    assert dialog.isVisible() and dialog.tabs.currentIndex() == 1
    assert "binh at ninhbinh" in dialog.profile_form.problem.text()
    assert profiled_store.get_profile()["contact_email"] == "binh@ninhbinh.gov.vn"


def test_read_only_store_allows_only_the_language(qtbot, store_path, profiled_store):
    from desktop.store import Store

    with Store.open(store_path, readonly=True) as readonly:
        dialog = _dialog(qtbot, readonly)
        assert not dialog.profile_form.isEnabled()
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Ok))
        assert dialog.language == "en"
    assert profiled_store.get_setting("language") is None
