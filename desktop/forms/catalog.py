"""The form versions shipped with the app: listing and lookup."""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.i18n import N_, LocalizedError, Message, current_language, pick

if TYPE_CHECKING:
    from desktop.forms.model import FormDefinition

# desktop.forms.loader's DEFINITIONS_DIR (tests/forms/test_catalog_lazy.py): the catalog names and
# dates forms without importing the loader, its model and its checks (the window's start)
DEFINITIONS_DIR = Path(__file__).resolve().parent / "definitions"


@cache
def _files() -> dict[str, tuple[tuple[str, Path], ...]]:
    """The definition files by form id, oldest version first, from their names (`id@version.json`,
    which `load_definition` insists on): a form is found without loading every other one."""
    by_id: dict[str, list[tuple[str, Path]]] = {}
    for name in os.listdir(DEFINITIONS_DIR):  # as glob("*@*.json"), without compiling its pattern at start
        if not (name.endswith(".json") and "@" in name[: -len(".json")]):
            continue
        path = DEFINITIONS_DIR / name
        form_id, version = path.name[: -len(".json")].split("@", 1)
        by_id.setdefault(form_id, []).append((version, path))
    return {form_id: tuple(sorted(found, key=lambda item: _version_key(item[0])))
            for form_id, found in sorted(by_id.items())}


@cache
def _load(path: Path) -> FormDefinition:
    from desktop.forms.loader import load_definition

    return load_definition(path, consolidation_later=True)


@cache
def _all_forms() -> tuple[FormDefinition, ...]:
    return tuple(_load(path) for versions in _files().values() for _version, path in versions)


@cache
def _headings() -> dict[str, tuple[dict[str, str], dict[str, str] | None]]:
    """(title, reporters) of each form's newest version, read from its file without building the
    whole definition: what the list's form filter shows at start (form_label). The full load of a
    form checks the same texts (tests/forms compare the two)."""
    headings = {}
    for form_id, versions in _files().items():
        data = json.loads(versions[-1][1].read_text(encoding="utf-8"))
        consolidation = data.get("consolidation")
        reporters = consolidation.get("reporters") if isinstance(consolidation, dict) else None
        headings[form_id] = (data["title"], reporters)
    return headings


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in version.split("."))


@cache
def _version_heading(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["title"], dict(data.get("deadlines", {}))


def form_heading(form_id: str, version: str | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """(title, deadlines) of a form version, as `get_form` would give them, read from its file
    without building the definition: what the list of reports shows and sorts by at the window's
    start. The full load checks the same texts (tests/forms compare the two). Raises as get_form."""
    return _version_heading(_form_file(form_id, version))


def form_ids() -> list[str]:
    """The id of every form shipped with the app, in order, without loading any definition."""
    return list(_files())


def list_forms() -> list[FormDefinition]:
    """Every form version shipped with the app, oldest version first within a form."""
    return list(_all_forms())


def _form_file(form_id: str, version: str | None) -> Path:
    """The file of a form version (`ct20.province`, `ct20.province@2025.1`); newest when no version."""
    if version is None and "@" in form_id:
        form_id, version = form_id.split("@", 1)
    matches = [path for found, path in _files().get(form_id, ()) if version is None or found == version]
    if not matches:
        raise UnknownFormError(form_id if version is None else f"{form_id}@{version}")
    return matches[-1]


class UnknownFormError(LocalizedError):
    def __init__(self, ref: str) -> None:
        super().__init__(Message(N_("There is no form {form}."), form=ref))


def get_form(form_id: str, version: str | None = None) -> FormDefinition:
    """A form by id and version (`ct20.province`, `ct20.province@2025.1`); newest when no version."""
    return _load(_form_file(form_id, version))


def form_label(form_id: str, lang: str | None = None) -> str:
    """A form as a person names it: its title; forms that share a title (the Directive's forms for
    provinces and for corporations) add who reports on them, from the definition. Never the form id
    (an unknown id is returned as it is: it names nothing else)."""
    lang = lang or current_language()
    headings = _headings()
    if form_id not in headings:
        return form_id
    title_texts, reporters = headings[form_id]
    title = pick(title_texts, lang)
    shared = sum(1 for other, _reporters in headings.values() if pick(other, lang) == title) > 1
    if shared and reporters:
        return Message(N_("{title} (from {reporters})"), title=title, reporters=pick(reporters, lang)).render(lang)
    return title
