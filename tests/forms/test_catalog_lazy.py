"""The catalog finds a form without loading the others, and names forms from their files'
headings without building them (issue 16: start-up). Both must agree with the full load."""

from __future__ import annotations

import subprocess
import sys

import pytest

from desktop.forms import catalog
from desktop.forms.catalog import form_label, get_form, list_forms
from desktop.forms.loader import DEFINITIONS_DIR, load_definition
from desktop.reporting.report_info import form_choices

ROOT = DEFINITIONS_DIR.parents[2]


def test_the_headings_are_the_loaded_definitions_titles_and_reporters() -> None:
    newest = {form.id: form for form in list_forms()}  # oldest first: the newest wins
    assert set(catalog._headings()) == set(newest)
    for form_id, form in newest.items():
        reporters = form.consolidation.reporters if form.consolidation is not None else None
        assert catalog._headings()[form_id] == (form.title, reporters), form_id


def test_each_version_s_heading_is_its_loaded_title_and_deadlines() -> None:
    """The list of reports names and dates reports from the headings (catalog.form_heading)."""
    every = [load_definition(p) for p in sorted(DEFINITIONS_DIR.glob("*@*.json"))]
    for form in every:
        assert catalog.form_heading(form.id, form.version) == (form.title, form.deadlines), form.id
        assert catalog.form_heading(f"{form.id}@{form.version}") == (form.title, form.deadlines)
    for form_id in {f.id for f in every}:
        assert catalog.form_heading(form_id) == (get_form(form_id).title, get_form(form_id).deadlines)
    assert catalog.DEFINITIONS_DIR == DEFINITIONS_DIR
    for unknown in (("no.such-form", None), ("ct20.province", "1999.9")):
        with pytest.raises(catalog.UnknownFormError):
            catalog.form_heading(*unknown)
        with pytest.raises(catalog.UnknownFormError):
            get_form(*unknown)


def test_lookups_find_the_same_definitions_as_a_full_load() -> None:
    every = [load_definition(p) for p in sorted(DEFINITIONS_DIR.glob("*@*.json"))]
    assert [(f.id, f.version) for f in list_forms()] == sorted(
        ((f.id, f.version) for f in every), key=lambda item: (item[0], catalog._version_key(item[1])))
    for form in every:
        assert get_form(form.id, form.version).version == form.version
        assert get_form(f"{form.id}@{form.version}") is get_form(form.id, form.version)
    for form_id in {f.id for f in every}:
        versions = sorted((f.version for f in every if f.id == form_id), key=catalog._version_key)
        assert get_form(form_id).version == versions[-1]
        assert get_form(form_id) is [f for f in list_forms() if f.id == form_id][-1]  # one object per file


def test_labels_tell_apart_forms_that_share_a_title() -> None:
    labels = dict(form_choices("en"))
    assert labels["ct20.province"] != labels["ct20.enterprise"]
    assert "from the provincial Departments of Industry and Trade" in labels["ct20.province"]
    assert form_label("ct20.ministry-unit", "en") == get_form("ct20.ministry-unit").title["en"]
    assert form_label("no.such-form", "en") == "no.such-form"


def test_naming_the_forms_and_opening_one_loads_that_one_only() -> None:
    code = ("from desktop.forms import catalog\nfrom desktop.reporting.report_info import form_choices\n"
            "form_choices('vi'); catalog.get_form('ct20.province'); catalog.get_form('ct20.province@2025.1')\n"
            "print(catalog._load.cache_info().currsize)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "1"
