"""The form versions shipped with the app: listing and lookup."""

from __future__ import annotations

from functools import cache

from desktop.forms.loader import DEFINITIONS_DIR, load_definition
from desktop.forms.model import FormDefinition
from desktop.i18n import N_, LocalizedError, Message, current_language, pick


@cache
def _all_forms() -> tuple[FormDefinition, ...]:
    forms = [load_definition(p) for p in sorted(DEFINITIONS_DIR.glob("*@*.json"))]
    return tuple(sorted(forms, key=lambda f: (f.id, _version_key(f.version))))


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in version.split("."))


def list_forms() -> list[FormDefinition]:
    """Every form version shipped with the app, oldest version first within a form."""
    return list(_all_forms())


class UnknownFormError(LocalizedError):
    def __init__(self, ref: str) -> None:
        super().__init__(Message(N_("There is no form {form}."), form=ref))


def get_form(form_id: str, version: str | None = None) -> FormDefinition:
    """A form by id and version (`ct20.province`, `ct20.province@2025.1`); newest when no version."""
    if version is None and "@" in form_id:
        form_id, version = form_id.split("@", 1)
    matches = [f for f in _all_forms() if f.id == form_id and (version is None or f.version == version)]
    if not matches:
        raise UnknownFormError(form_id if version is None else f"{form_id}@{version}")
    return matches[-1]


def form_label(form_id: str, lang: str | None = None) -> str:
    """A form as a person names it: its title; forms that share a title (the Directive's forms for
    provinces and for corporations) add who reports on them, from the definition. Never the form id
    (an unknown id is returned as it is: it names nothing else)."""
    lang = lang or current_language()
    try:
        form = get_form(form_id)
    except LocalizedError:
        return form_id
    title = pick(form.title, lang)
    reporters = form.consolidation.reporters if form.consolidation is not None else None
    shared = sum(1 for other in {f.id: f for f in _all_forms()}.values() if pick(other.title, lang) == title) > 1
    if shared and reporters:
        return Message(N_("{title} (from {reporters})"), title=title, reporters=pick(reporters, lang)).render(lang)
    return title
