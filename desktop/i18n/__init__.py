"""Translations (gettext catalogs in resources/i18n, built with Babel) and localised messages.

Message ids are English; `resources/i18n/vi.po` holds the Vietnamese. A catalog is read from its
compiled `.mo` when that is current, otherwise straight from the `.po` with Babel, so a source
checkout works without a build step.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from desktop.i18n.mo_catalog import MoCatalog
from desktop.paths import resources_dir

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
DOMAIN = "ct20"

_current_language = DEFAULT_LANGUAGE


def N_(msgid: str) -> str:
    """Mark a string for extraction without translating it yet."""
    return msgid


def normalize_language(lang: str | None) -> str:
    if not lang:
        return DEFAULT_LANGUAGE
    code = lang.lower().replace("-", "_").split("_")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of one language; English is the message ids themselves plus en.po fixes."""
    lang = normalize_language(lang)
    folder = resources_dir() / "i18n"
    po = folder / f"{lang}.po"
    mo = folder / f"{lang}.mo"
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return MoCatalog(fh)  # gettext.GNUTranslations' answers, decoding only what is looked up
    if po.exists():
        return _translations_from_po(po)
    return gettext.NullTranslations()


def compile_po(po_path: Path) -> bytes:
    """The .mo of a .po, compiled with Babel as the build does."""
    from io import BytesIO

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    drop_untranslated_plurals(catalog)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def _translations_from_po(po_path: Path) -> gettext.NullTranslations:
    """Compile a .po with Babel; keep the .mo beside it when the folder is writable (a checkout)."""
    import os
    import tempfile
    from io import BytesIO

    data = compile_po(po_path)
    try:
        fd, tmp = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, po_path.with_suffix(".mo"))
    except OSError:
        pass  # a read-only install: translating from the .po each start is fine
    return MoCatalog(BytesIO(data))


def drop_untranslated_plurals(catalog: Any) -> None:
    """A plural entry with empty forms would be written to the .mo as empty text (Babel keeps
    it because its tuple of strings is not empty): clear it so that the source text is used."""
    for message in catalog:
        if message.id and isinstance(message.string, (tuple, list)) and not all(message.string):
            message.string = ""


def set_language(lang: str) -> str:
    global _current_language
    _current_language = normalize_language(lang)
    return _current_language


def current_language() -> str:
    return _current_language


def gettext_in(lang: str, msgid: str) -> str:
    return translations(normalize_language(lang)).gettext(msgid)


def _(msgid: str) -> str:
    """Translate into the current language."""
    return gettext_in(_current_language, msgid)


def ngettext_in(lang: str, singular: str, plural: str, n: int) -> str:
    """The form of a counted message for `n` ("1 row", "2 rows"; Vietnamese has one form)."""
    return translations(normalize_language(lang)).ngettext(singular, plural, n)


def ngettext(singular: str, plural: str, n: int) -> str:
    """A counted message in the current language; its placeholders are filled by the caller."""
    return ngettext_in(_current_language, singular, plural, n)


def count_text(n: int | float, lang: str | None = None) -> str:
    """A count as the language writes it, with thousands separators: 12.345 (vi), 12,345 (en)."""
    from desktop.i18n.formatting import format_number

    return format_number(n, normalize_language(lang or _current_language))


LocalizedText = Mapping[str, str]  # {"vi": ..., "en": ...} as written in form definitions


def pick(text: LocalizedText | str, lang: str) -> str:
    """The text of a {"vi", "en"} mapping in a language, falling back to Vietnamese."""
    if isinstance(text, str):
        return text
    lang = normalize_language(lang)
    return text.get(lang) or text.get(DEFAULT_LANGUAGE) or next(iter(text.values()), "")


class Message:
    """A translatable message with named parameters, rendered in any language on demand.

    Parameters may themselves be Messages or {"vi","en"} mappings (e.g. field labels), which are
    rendered in the same language.
    """

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, **params: Any) -> None:
        self.msgid = msgid
        self.params = params

    def render(self, lang: str | None = None) -> str:
        lang = normalize_language(lang or _current_language)
        params = {key: _render_param(value, lang) for key, value in self.params.items()}
        return gettext_in(lang, self.msgid).format(**params)

    def both(self) -> dict[str, str]:
        return {lang: self.render(lang) for lang in LANGUAGES}

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Message({self.msgid!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Message)
            and other.msgid == self.msgid
            and other.params == self.params
        )

    __hash__ = None  # type: ignore[assignment]


class PluralMessage(Message):
    """A counted Message: the form is chosen by `n` in the language it is rendered in, and `n`
    (available as the `{n}` placeholder) is written with the language's thousands separator."""

    __slots__ = ("n", "plural")

    def __init__(self, singular: str, plural: str, n: int, **params: Any) -> None:
        super().__init__(singular, **params)
        self.plural = plural
        self.n = n

    def render(self, lang: str | None = None) -> str:
        lang = normalize_language(lang or _current_language)
        params = {key: _render_param(value, lang) for key, value in self.params.items()}
        params.setdefault("n", count_text(self.n, lang))
        return ngettext_in(lang, self.msgid, self.plural, self.n).format(**params)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, PluralMessage) and other.msgid == self.msgid
                and other.plural == self.plural and other.n == self.n and other.params == self.params)

    __hash__ = None  # type: ignore[assignment]


def _render_param(value: Any, lang: str) -> Any:
    if hasattr(value, "render"):  # Message, TextMessage, Formatted values
        return value.render(lang)
    if isinstance(value, Mapping) and set(value) <= set(LANGUAGES) and value:
        return pick(value, lang)
    return value


class TextMessage(Message):
    """A message whose texts come with it (a form definition's own {"vi","en"} wording)."""

    __slots__ = ("texts",)

    def __init__(self, texts: LocalizedText, **params: Any) -> None:
        super().__init__(texts.get("en", ""), **params)
        self.texts = texts

    def render(self, lang: str | None = None) -> str:
        lang = normalize_language(lang or _current_language)
        params = {key: _render_param(value, lang) for key, value in self.params.items()}
        return pick(self.texts, lang).format_map(_KeepUnknown(params))


class _KeepUnknown(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class LocalizedError(Exception):
    """An error whose text is a Message, so every layer can show it in the user's language."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message

    def render(self, lang: str | None = None) -> str:
        return self.message.render(lang)
