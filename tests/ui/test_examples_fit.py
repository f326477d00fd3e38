"""Issue 14.6: the examples under the header fields come from the reporting organisation."""

from __future__ import annotations

from desktop.reporting.reports import create_report
from desktop.ui.editor.fields import FieldEditor


def _help_of(window, key: str) -> str:
    editors = [w for w in window.editor.findChildren(FieldEditor) if w.field.key == key]
    assert editors, key
    return editors[0].help.text()


def test_a_corporation_sees_its_own_number_and_place_as_examples(qtbot, window, profiled_store):
    report_id = create_report(profiled_store, form_id="ct20.enterprise", org_id="habeco", period="2025")
    assert window.open_report(report_id)
    number, place = _help_of(window, "document.number"), _help_of(window, "document.place")
    assert number == "Ví dụ: 15/BC-HABECO" and place == "Ví dụ: Hà Nội"
    for text in (number, place):
        assert "BC-SCT" not in text and "Ninh Bình" not in text and "{" not in text


def test_a_province_sees_its_profile_place(qtbot, window, profiled_store):
    report_id = create_report(profiled_store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
    assert window.open_report(report_id)
    assert _help_of(window, "document.number") == "Ví dụ: 15/BC-SCT"
    assert _help_of(window, "document.place") == "Ví dụ: Ninh Bình"


def test_the_profile_form_takes_its_examples_from_the_chosen_organisation(qtbot):
    from desktop.i18n import gettext_in
    from desktop.registry import get_organization
    from desktop.ui.profile_form import ProfileForm

    form = ProfileForm()
    qtbot.addWidget(form)
    shown = [edit.placeholderText() for edit in form.edits.values()]
    assert not any("Ninh Bình" in text or "NINH BÌNH" in text or "ninhbinh" in text for text in shown)
    form.set_profile({}, get_organization("vinapaco"))
    form.edits["place"].clear()
    example = gettext_in("vi", "e.g. {example}")
    assert form.edits["place"].placeholderText() == example.format(example="Phú Thọ")
    assert form.edits["parent_body"].placeholderText() == example.format(example="BỘ CÔNG THƯƠNG")
    form.apply_organization(get_organization("so-ct-ninh-binh"))
    assert form.edits["place"].placeholderText() == example.format(example="Ninh Bình")
