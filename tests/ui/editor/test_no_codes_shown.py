"""No option key, form id, task code or field key in anything a user reads: every message of the
choice and import errors is rendered, in Vietnamese and English, and searched for them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.forms.catalog import list_forms
from desktop.forms.normalize import InputError
from desktop.forms.values import choice_options, coerce_values
from desktop.i18n import set_language
from desktop.registry import former_provinces, shipped_organizations
from desktop.reporting.cells import read_input
from desktop.reporting.tabular import TabularError, read_rows_file
from desktop.reporting.verdict import judge
from tests.hostile.imports_corpus import CASES, maker
from tests.ui.editor.conftest import ORGS

BAD = "Không rõ ???"  # typed in every cell: no option, no number, no date, no check mark


def forbidden() -> tuple[set[str], set[str]]:
    """(codes that are never words: "not_started", "ha-noi", "ct20.province", "atmt-1", field keys;
    option keys that are also English words: "paper", "none"), the latter searched in Vietnamese only."""
    codes: set[str] = set()
    words: set[str] = set()
    for form in list_forms():
        codes.add(form.id)
        codes.add(form.ref)
        fields = list(form.fields.values())
        fields += [column for field in form.fields.values() for column in field.columns]
        for field in fields:
            if "_" in field.key or "." in field.key:
                codes.add(field.key)
            if field.type == "choice":
                for key, _label in choice_options(field):
                    (codes if re.search(r"[-_.\d]", key) else words).add(key)
    codes.update(slug for slug in former_provinces() if "-" in slug)
    for org in shipped_organizations():
        codes.update(task["task_id"] for task in org.tasks if task.get("task_id"))
        if "-" in org.id:
            codes.add(org.id)
    return codes, words


CODES, WORDS = forbidden()


def leaks(text: str, lang: str) -> list[str]:
    found = [c for c in CODES if re.search(rf"(?<![\w.-]){re.escape(c)}(?![\w-])", text)]
    if lang == "vi":
        found += [w for w in WORDS if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
    return found


def assert_clean(texts: list[str], lang: str) -> None:
    assert texts
    bad = {text: leaks(text, lang) for text in texts if leaks(text, lang)}
    assert bad == {}


def test_the_search_finds_a_leak():
    assert leaks("“x” không thuộc các lựa chọn (ha-noi, hai-phong, …)", "vi") == ["ha-noi", "hai-phong"] or \
        set(leaks("“x” không thuộc các lựa chọn (ha-noi, hai-phong, …)", "vi")) == {"ha-noi", "hai-phong"}
    assert set(leaks("(paper, beverage, …)", "vi")) == {"paper", "beverage"}
    assert leaks("Biểu mẫu ct20.enterprise", "vi") == ["ct20.enterprise"]
    assert leaks("quyết định accepted", "en") == []  # plain English words are not searched in English …
    assert leaks("Nhiệm vụ atmt-1", "en") == ["atmt-1"]  # … codes are


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_choice_error_and_note_names_labels(lang):
    texts = []
    for form in list_forms():
        fields = [f for f in form.fields.values() if f.type == "choice"]
        fields += [c for f in form.fields.values() for c in f.columns if c.type == "choice"]
        assert fields
        for field in fields:
            for raw in (BAD, 3, 2.5, "Hà Tây"):
                reading = read_input(field, raw, lang)
                assert reading.error is not None
                texts.append(reading.error.render(lang))
            if field.options_from == "provinces":
                for entry in former_provinces().values():
                    note = read_input(field, entry["name"], lang).note
                    if note is not None:
                        texts.append(note.render(lang))
        for path, field in form.fields.items():  # `report fill` with a value that is no option
            if field.type == "choice":
                with pytest.raises(InputError) as caught:
                    coerce_values(form, {path: BAD}, lang=lang)
                texts.append(caught.value.render(lang))
    assert_clean(texts, lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_refused_import_says_it_without_codes(tmp_path, lang):
    corpus = maker().build(tmp_path)
    texts = []
    for name, (_build, (kind, _expected)) in CASES.items():
        if kind != "refused":
            continue
        with pytest.raises(TabularError) as caught:
            read_rows_file(corpus[name], max_rows=2001)
        # what the file itself holds (a sheet named "clusters.wastewater", a heading "Tên [name]" as
        # `report show --xlsx` writes them) is quoted as found: the search is on the app's own words
        text = re.sub(r"“[^”]*”", "“…”", caught.value.render(lang))
        texts.append(re.sub(r"[^\s(]+!([A-Z]+\d+)", r"…!\1", text))  # "sheet!A1": the sheet's own name
    bad = tmp_path / "values.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(TabularError) as caught:
        read_rows_file(bad)
    texts.append(caught.value.render(lang))
    assert_clean(texts, lang)


@pytest.mark.parametrize("form_id", sorted(ORGS))
def test_pasting_and_importing_wrong_cells_in_every_table(qtbot, tmp_path, new_report, open_editor, form_id):
    editor = open_editor(new_report(form_id))
    for lang in ("vi", "en"):
        set_language(lang)
        editor.retranslate()
        texts: list[str] = []
        for path, field_editor in editor.editors.items():
            if not field_editor.field.is_table:
                continue
            table = field_editor.editor
            editor.navigator.setCurrentRow(editor.page_of[path])
            editable = [c for c in table.model.columns if not c.fixed]
            first = table.model.column_index(editable[0].key)
            if table.model.rowCount() == 0:
                table.add_row()
            table.focus_cell(0, editable[0].key)
            table.paste_text("\t".join([BAD] * len(editable)) + "\n")
            texts.append(editor.status_line.message.text())
            model = table.model
            for column in range(first, model.columnCount()):
                tip = model.data(model.index(0, column), Qt.ItemDataRole.ToolTipRole)
                if tip:
                    texts.append(tip)
            if not table.model.fixed_rows:
                csv = Path(tmp_path / f"{path}-{lang}.csv")
                heads = [c.label[lang] for c in editable]
                csv.write_text(";".join(heads) + "\n" + ";".join([BAD] * len(editable)) + "\n", encoding="utf-8")
                table.import_file(csv)
                qtbot.waitUntil(lambda t=table: t.import_dialog is not None or t.import_error is not None,
                                timeout=30_000)
                dialog = table.import_dialog
                texts.append(dialog.summary.text())
                preview = dialog.preview_model
                texts += [preview.item(0, c).toolTip() for c in range(preview.columnCount()) if preview.item(0, c)]
                texts += [preview.headerData(c, Qt.Orientation.Horizontal) for c in range(preview.columnCount())]
                dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
                texts.append(editor.status_line.message.text())
                table.import_dialog = None
        editor.run_checks()
        checks = editor.checks.checks
        texts += [issue.message.render(lang) for issue in checks.errors + checks.warnings]
        verdict = judge(editor.form, editor.session.values, editor.session.context,
                        pending=editor.session.pending, acknowledged={}, lang=lang)
        texts += [issue.message.render(lang) for issue in verdict.errors]
        QApplication.processEvents()
        assert_clean([t for t in texts if t], lang)
