"""Examples in the help of a field, taken from the reporting organisation (a corporation is not shown
"215/BC-SCT" or "Ninh Bình"). Qt-free.

A form's help text may name `{number_example}` (a document number with the organisation's suffix)
and `{place_example}` (the place name its documents carry); anything else in braces stays as written.
"""

from __future__ import annotations

import re
from typing import Any

from desktop.forms.model import Field
from desktop.i18n import pick

from .reports import organization

_PLACEHOLDER = re.compile(r"\{(number_example|place_example)\}")


def example_values(store: Any, org_id: str) -> dict[str, str]:
    """{"number_example", "place_example"} of an organisation; empty when it is not known."""
    try:
        org = organization(store, org_id)
    except Exception:  # a report of an organisation this version does not know: placeholders stay
        return {}
    profile = store.get_profile() or {}
    own = profile.get("org_id") == org.id
    place = (profile.get("place") if own else "") or org.place or org.name
    return {"number_example": f"15/{org.number_suffix or 'BC'}", "place_example": str(place)}


def field_help(field: Field, lang: str, examples: dict[str, str]) -> str:
    """The field's help in `lang` with the organisation's examples put in."""
    if not field.help:
        return ""
    return _PLACEHOLDER.sub(lambda match: examples.get(match.group(1), match.group(0)), pick(field.help, lang))
