"""First start: find the organisation as a user types it, fill in the profile, get a sample."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from desktop.reporting.reports import validate_report
from desktop.ui.first_start import FirstStartWizard
from tests.ui.helpers import type_text

NINH_BINH = "Sở Công Thương tỉnh Ninh Bình"


def _wizard(qtbot, store) -> FirstStartWizard:
    wizard = FirstStartWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def _click(qtbot, wizard: FirstStartWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def test_search_without_accents_finds_ninh_binh(qtbot, store):
    wizard = _wizard(qtbot, store)
    picker = wizard.org_page.picker
    type_text(qtbot, picker.search, "ninh binh")
    assert picker.visible_names() == [NINH_BINH]
    assert picker.selected_organization().name == NINH_BINH
    assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_search_by_a_merged_province_and_in_capitals(qtbot, store):
    wizard = _wizard(qtbot, store)
    picker = wizard.org_page.picker
    type_text(qtbot, picker.search, "ha nam")  # merged into Ninh Bình in 2025
    assert NINH_BINH in picker.visible_names()
    picker.search.clear()
    type_text(qtbot, picker.search, "NINH BÌNH")
    assert picker.visible_names() == [NINH_BINH]
    picker.search.clear()
    type_text(qtbot, picker.search, "khong co tinh nay")
    assert picker.visible_names() == []
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_wizard_saves_the_profile_and_creates_the_sample(qtbot, store):
    wizard = _wizard(qtbot, store)
    type_text(qtbot, wizard.org_page.picker.search, "ninh binh")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)

    form = wizard.profile_page.form
    assert form.edits["parent_body"].text() == "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH"  # from the registry
    assert form.edits["place"].text() == "Ninh Bình"
    typed = {
        "signer_name": "Nguyễn Văn An",
        "signer_title": "Phó Giám đốc",
        "head_title": "Giám đốc",
        "contact_name": "Trần Thị Bình",
        "contact_phone": "0229 3871 234",
        "contact_email": "binh-at-ninhbinh",
    }
    for key, text in typed.items():
        type_text(qtbot, form.edits[key], text)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.profile_page  # the e-mail is refused, shown under the form
    assert "binh-at-ninhbinh" in form.problem.text()

    form.edits["contact_email"].clear()
    type_text(qtbot, form.edits["contact_email"], "binh@ninhbinh.gov.vn")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.sample_page
    assert wizard.sample_page.create_sample.isChecked()
    _click(qtbot, wizard, QWizard.WizardButton.FinishButton)

    profile = store.get_profile()
    assert profile == {
        "org_id": "so-ct-ninh-binh",
        "parent_body": "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH",
        "place": "Ninh Bình",
        **typed,
        "contact_email": "binh@ninhbinh.gov.vn",
    }
    reports = store.list_reports()
    assert [r.id for r in reports] == [wizard.sample_report_id]
    sample = reports[0]
    assert (sample.form_id, sample.org_id) == ("ct20.province", "so-ct-ninh-binh")
    values = store.get_values(sample.id)
    assert len(values["clusters"]["wastewater"]) >= 3
    assert values["document"]["signer_name"] == "Nguyễn Văn An"  # header from the new profile
    assert "Ninh Bình" in values["program"]["activities"]
    assert validate_report(store, sample.id).errors == []


def test_cancelling_the_wizard_saves_nothing(qtbot, store):
    wizard = _wizard(qtbot, store)
    type_text(qtbot, wizard.org_page.picker.search, "ninh binh")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    type_text(qtbot, wizard.profile_page.form.edits["signer_name"], "Nguyễn Văn An")
    _click(qtbot, wizard, QWizard.WizardButton.CancelButton)
    assert store.get_profile() == {}
    assert store.list_reports() == []


def test_keyboard_only(qtbot, store):
    wizard = _wizard(qtbot, store)
    picker = wizard.org_page.picker
    picker.search.setFocus()
    type_text(qtbot, picker.search, "hai phong")
    qtbot.keyClick(picker.search, Qt.Key.Key_Down)
    assert wizard.focusWidget() is picker.list
    assert picker.selected_organization().id == "so-ct-hai-phong"
    assert picker.search.accessibleName() and picker.list.accessibleName()


def test_run_app_on_a_new_store_starts_with_the_wizard(qtbot, tmp_path):
    """The whole first start, through `run_app` as `ct20` calls it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.app import run_app
    from desktop.store import Store
    from desktop.ui.main_window import MainWindow
    from tests.ui.helpers import on_next_modal

    store_path = tmp_path / "data" / "ct20.sqlite3"
    seen = {}

    def first_start(wizard):
        assert isinstance(wizard, FirstStartWizard)
        type_text(qtbot, wizard.org_page.picker.search, "ninh binh")
        _click(qtbot, wizard, QWizard.WizardButton.NextButton)
        type_text(qtbot, wizard.profile_page.form.edits["signer_name"], "Nguyễn Văn An")
        _click(qtbot, wizard, QWizard.WizardButton.NextButton)
        _click(qtbot, wizard, QWizard.WizardButton.FinishButton)
        QTimer.singleShot(0, look_at_main_window)

    def look_at_main_window():
        windows = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()]
        if not windows:
            QTimer.singleShot(20, look_at_main_window)
            return
        main = windows[0]
        seen["rows"] = main.list_page.visible_rows()
        seen["lock"] = (store_path.parent / "ct20.sqlite3.lock").exists()
        main.close()
        QApplication.quit()

    app = QApplication.instance()
    app.setQuitOnLastWindowClosed(False)  # else a posted Quit would end the next tests' loops
    on_next_modal(first_start)
    try:
        assert run_app(db=store_path) == 0
    finally:
        app.setQuitOnLastWindowClosed(True)
    assert len(seen["rows"]) == 1  # the sample report
    assert seen["lock"] is True
    assert not (store_path.parent / "ct20.sqlite3.lock").exists()
    with Store.open(store_path, readonly=True) as store:
        assert store.get_profile()["signer_name"] == "Nguyễn Văn An"
        assert store.get_profile()["org_id"] == "so-ct-ninh-binh"
