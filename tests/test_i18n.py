"""Catalogs: every source string has Vietnamese, placeholders agree, and no string is built inside _()."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from desktop.forms import list_forms
from desktop.i18n import Message, gettext_in
from scripts.i18n import extract

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def catalog(lang: str):
    with (I18N / f"{lang}.po").open("rb") as fh:
        return read_po(fh, locale=lang)


def translated(string) -> bool:
    """A plural entry (a tuple of forms) counts only when every form has text."""
    return all(string) if isinstance(string, (tuple, list)) else bool(string)


def forms(text) -> tuple[str, ...]:
    return tuple(text) if isinstance(text, (tuple, list)) else (text,)


def test_every_source_string_has_vietnamese():
    vi = {m.id: m.string for m in catalog("vi") if m.id}
    missing = [m.id for m in extract() if m.id and not translated(vi.get(m.id, ""))]
    assert missing == [], f"{len(missing)} strings without Vietnamese; run scripts/i18n.py update: {missing[:10]}"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_placeholders_agree_with_the_source(lang):
    wrong = []
    for m in catalog(lang):
        if not m.id or not translated(m.string):
            continue
        # Every form of a translation names what the source's plural form names (the singular
        # may say "one" instead of {n}).
        source = placeholders(forms(m.id)[-1])
        if any(placeholders(form) != source for form in forms(m.string)):
            wrong.append(m.id)
    assert wrong == []


def test_no_string_is_built_inside_a_translation_call():
    bad = []
    for path in (ROOT / "desktop").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_"):
                arg = node.args[0] if node.args else None
                # A marked constant passed by name (`_(TITLES[kind])`) is fine; text built on the spot is not.
                formats = isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute) and arg.func.attr == "format"
                if arg is None or formats or isinstance(arg, (ast.JoinedStr, ast.BinOp)) or (
                    node.func.id == "N_" and not isinstance(arg, ast.Constant)
                ):
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
                elif isinstance(arg, ast.Constant) and re.search(r"%[sd]|\{\}|\{\d+\}", node.args[0].value):
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno} (positional placeholder)")
    assert bad == []


def test_vietnamese_is_what_users_see():
    message = Message("“{label}” is required.", label={"vi": "Số văn bản", "en": "Document number"})
    assert message.render("vi") == "Chưa nhập “Số văn bản”."
    assert message.render("en") == "“Document number” is required."
    assert gettext_in("vi", "Error") == "Lỗi"


def test_definition_messages_have_the_same_placeholders_in_both_languages():
    for form in list_forms():
        for field in form.fields.values():
            for owner in (field, *field.columns):
                for rule in owner.rules:
                    if rule.message:
                        assert placeholders(rule.message["vi"]) == placeholders(rule.message["en"]), owner.key


def test_a_count_is_written_as_the_same_number_with_a_fraction_would_be() -> None:
    """Counts (ints) skip Decimal (the window's start writes counts of days); they read the same."""
    from desktop.i18n.formatting import format_number

    for number in (0, 1, -1, 7, 999, 1000, -1000, 1234567, -98765432, 2**52):
        for lang in ("vi", "en"):
            assert format_number(number, lang) == format_number(float(number), lang), (number, lang)
    assert format_number(1234567, "vi") == "1.234.567" and format_number(-1234567, "en") == "-1,234,567"
