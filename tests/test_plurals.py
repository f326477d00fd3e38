"""Counted messages read right in both languages, with the language's thousands separator."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.i18n import PluralMessage, count_text, ngettext_in
from scripts.i18n import extract

ROOT = Path(__file__).resolve().parent.parent
COUNTED = re.compile(r"\{(count|n|errors|warnings|days|files|rows|cells|packages|bad|dropped)\}\s+(?:\w+\s+)?"
                     r"(rows|cells|errors|warnings|days|files|packages|reports|organisations|tokens|fields|"
                     r"certificates|mismatches)\b")


def test_english_chooses_the_form_and_vietnamese_has_one():
    singular, plural = "{count} row", "{count} rows"
    assert ngettext_in("en", singular, plural, 1).format(count=1) == "1 row"
    assert ngettext_in("en", singular, plural, 2).format(count=2) == "2 rows"
    assert ngettext_in("en", singular, plural, 0).format(count=0) == "0 rows"
    assert ngettext_in("vi", singular, plural, 1).format(count=1) == "1 dòng"
    assert ngettext_in("vi", singular, plural, 5).format(count=5) == "5 dòng"


def test_a_counted_message_writes_thousands_the_local_way():
    from desktop.i18n.formatting import Formatted

    # The message the Inbox shows when a folder has been checked (desktop/inbox/importer.py).
    message = PluralMessage("Checked {count} file.", "Checked {count} files.", 12345, count=Formatted(12345))
    assert message.render("en") == "Checked 12,345 files."
    assert "12.345" in message.render("vi") and "Checked" not in message.render("vi")
    one = PluralMessage("Checked {count} file.", "Checked {count} files.", 1, count=Formatted(1))
    assert one.render("en") == "Checked 1 file."
    assert count_text(600, "vi") == "600" and count_text(2000, "vi") == "2.000" and count_text(2000, "en") == "2,000"


def test_the_checks_summary_of_one_warning_is_singular():
    from desktop.i18n import ngettext_in as ng

    assert ng("en", "{n} warning", "{n} warnings", 1).format(n=1) == "1 warning"
    assert ng("en", "{n} error", "{n} errors", 0).format(n=0) == "0 errors"


def test_no_counted_message_is_written_without_its_singular():
    """"{count} rows" as a plain _() message reads "1 rows" in English: use ngettext/PluralMessage."""
    plain = [m.id for m in extract() if isinstance(m.id, str) and COUNTED.search(m.id)]
    assert plain == []


def test_untranslated_plural_entries_never_show_empty_text():
    # en.po holds the plural entries without translation: the source text must come through.
    assert ngettext_in("en", "{n} error", "{n} errors", 2) == "{n} errors"
    assert ngettext_in("en", "{n} error", "{n} errors", 1) == "{n} error"
