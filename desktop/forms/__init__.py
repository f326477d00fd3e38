"""The form engine: definitions as data (definitions/*.json, see FORMAT.md) and what is generated
from them — input reading, validation, derived values and the JSON Schema of the data file."""

from desktop.forms.catalog import UnknownFormError, form_label, get_form, list_forms
from desktop.forms.derived import compute_derived
from desktop.forms.loader import DefinitionError, load_definition
from desktop.forms.model import Field, FormDefinition, Section
from desktop.forms.normalize import InputError
from desktop.forms.periods import Period, PeriodError
from desktop.forms.rules import Context, Issue, ValidationResult, validate
from desktop.forms.schema import data_file_schema
from desktop.forms.values import coerce_values, get_path, initial_values, merge_values

__all__ = [
    "Context", "DefinitionError", "Field", "FormDefinition", "InputError", "Issue", "Period",
    "PeriodError", "Section", "UnknownFormError", "ValidationResult", "coerce_values",
    "compute_derived", "data_file_schema", "form_label", "get_form", "get_path", "initial_values",
    "list_forms", "load_definition", "merge_values", "validate",
]
