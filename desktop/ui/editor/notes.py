"""Short texts of the status line after a paste or an import: counts and what was read by a mapping."""

from __future__ import annotations

from desktop.i18n import _, current_language
from desktop.i18n.formatting import format_number
from desktop.reporting.cells import Reading


def format_count(count: int) -> str:
    """A count with Vietnamese thousands separators ("1.200")."""
    return format_number(count, current_language(), decimals=0)


def notes_text(readings: list[Reading], lang: str, shown: int = 2) -> list[str]:
    """What was read through a mapping (a former province), each said once, a few at most."""
    notes = list(dict.fromkeys(r.note.render(lang) for r in readings if r.note is not None))
    if len(notes) > shown:
        notes = [*notes[:shown], _("({count} more like this)").format(count=format_count(len(notes) - shown))]
    return notes
