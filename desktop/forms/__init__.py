"""The form engine: definitions as data (definitions/*.json, see FORMAT.md) and what is generated
from them — input reading, validation, derived values and the JSON Schema of the data file.

The names below are imported from their modules on first use (PEP 562): the window's start needs
the catalog, not the validation or the schema, and `from desktop.forms import X` loads only X's."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.forms.catalog import UnknownFormError, form_label, get_form, list_forms
    from desktop.forms.derived import compute_derived
    from desktop.forms.issues import Context, Issue, ValidationResult
    from desktop.forms.loader import DefinitionError, load_definition
    from desktop.forms.model import Field, FormDefinition, Section
    from desktop.forms.normalize import InputError
    from desktop.forms.periods import Period, PeriodError
    from desktop.forms.rules import validate
    from desktop.forms.schema import data_file_schema
    from desktop.forms.values import coerce_values, get_path, initial_values, merge_values

_HOMES = {
    "catalog": ("UnknownFormError", "form_label", "get_form", "list_forms"),
    "derived": ("compute_derived",),
    "loader": ("DefinitionError", "load_definition"),
    "model": ("Field", "FormDefinition", "Section"),
    "normalize": ("InputError",),
    "periods": ("Period", "PeriodError"),
    "issues": ("Context", "Issue", "ValidationResult"),
    "rules": ("validate",),
    "schema": ("data_file_schema",),
    "values": ("coerce_values", "get_path", "initial_values", "merge_values"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "Context", "DefinitionError", "Field", "FormDefinition", "InputError", "Issue", "Period",
    "PeriodError", "Section", "UnknownFormError", "ValidationResult", "coerce_values",
    "compute_derived", "data_file_schema", "form_label", "get_form", "get_path", "initial_values",
    "list_forms", "load_definition", "merge_values", "validate",
]


def __getattr__(name: str) -> Any:
    home = _HOME_OF.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
