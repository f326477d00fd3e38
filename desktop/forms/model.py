"""The in-memory shape of a form definition (see FORMAT.md). Built by `loader`, read everywhere."""

from __future__ import annotations

from collections.abc import Callable
from reprlib import recursive_repr
from typing import Any

from desktop.frozen_record import FrozenRecord

LText = dict[str, str]  # {"vi": ..., "en": ...}

FIELD_TYPES = ("text", "longtext", "int", "decimal", "percent", "date", "bool", "choice", "table")
NUMBER_TYPES = ("int", "decimal", "percent")
TEXT_TYPES = ("text", "longtext")
DEFAULT_MAX_LENGTH = {"text": 500, "longtext": 20000}
FIELD_ATTRIBUTES = ("key", "type", "label", "help", "unit", "required", "options", "options_from", "default",
                    "default_from", "max_length", "min", "max", "decimals", "rules", "columns", "min_rows",
                    "max_rows", "prefill", "fixed", "section", "table", "row_code")


class Option(FrozenRecord):
    key: str
    label: LText


class Rule(FrozenRecord):
    check: str
    severity: str = "E"
    when: dict[str, Any] | None = None
    message: LText | None = None
    op: str | None = None
    field: str | None = None
    value: Any = None
    ref: str | None = None


class Field:
    """A field of a form, or a column of a table field. A plain class with the methods @dataclass
    would write for it (the same `__init__`, `__repr__` and `__eq__`, unhashable): generating them
    compiled source text for its 23 attributes at every start (issue 16: 8.7 M instructions of
    opening a report). tests/forms/test_loader.py holds it to what the dataclass was."""

    key: str  # full dotted path, or the column key inside a table
    type: str
    label: LText
    help: LText | None
    unit: LText | None
    required: bool
    options: tuple[Option, ...]
    options_from: str | None
    default: Any
    default_from: str | None
    max_length: int | None
    min: float | None
    max: float | None
    decimals: int
    rules: tuple[Rule, ...]
    columns: tuple[Field, ...]
    min_rows: int
    max_rows: int
    prefill: str | None
    fixed: bool
    section: str
    table: Field | None  # the table a column belongs to
    row_code: str | None  # a column of stable row codes "<prefix>-001" (kept across periods)

    def __init__(self, key: str, type: str, label: LText, help: LText | None = None,
                 unit: LText | None = None, required: bool = False, options: tuple[Option, ...] = (),
                 options_from: str | None = None, default: Any = None, default_from: str | None = None,
                 max_length: int | None = None, min: float | None = None, max: float | None = None,
                 decimals: int = 3, rules: tuple[Rule, ...] = (), columns: tuple[Field, ...] = (),
                 min_rows: int = 0, max_rows: int = 2000, prefill: str | None = None, fixed: bool = False,
                 section: str = "", table: Field | None = None, row_code: str | None = None) -> None:
        self.key = key
        self.type = type
        self.label = label
        self.help = help
        self.unit = unit
        self.required = required
        self.options = options
        self.options_from = options_from
        self.default = default
        self.default_from = default_from
        self.max_length = max_length
        self.min = min
        self.max = max
        self.decimals = decimals
        self.rules = rules
        self.columns = columns
        self.min_rows = min_rows
        self.max_rows = max_rows
        self.prefill = prefill
        self.fixed = fixed
        self.section = section
        self.table = table
        self.row_code = row_code

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in FIELD_ATTRIBUTES)

    @recursive_repr()
    def __repr__(self) -> str:
        return f"Field({', '.join(f'{name}={getattr(self, name)!r}' for name in FIELD_ATTRIBUTES)})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            assert isinstance(other, Field)
            return self._values() == other._values()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass was

    @property
    def is_table(self) -> bool:
        return self.type == "table"

    @property
    def option_keys(self) -> tuple[str, ...]:
        return tuple(option.key for option in self.options)

    def option_label(self, key: str) -> LText | None:
        for option in self.options:
            if option.key == key:
                return option.label
        return None

    def column(self, key: str) -> Field | None:
        for column in self.columns:
            if column.key == key:
                return column
        return None

    @property
    def path_parts(self) -> tuple[str, ...]:
        return tuple(self.key.split("."))


class Section:
    """A section of a form: a plain class with the methods @dataclass would write for it (as Field)."""

    def __init__(self, key: str, number: str, title: LText, help: LText | None,
                 fields: list[Field]) -> None:
        self.key = key
        self.number = number
        self.title = title
        self.help = help
        self.fields = fields

    @recursive_repr()
    def __repr__(self) -> str:
        return (f"Section(key={self.key!r}, number={self.number!r}, title={self.title!r}, help={self.help!r}, "
                f"fields={self.fields!r})")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            assert isinstance(other, Section)
            return ((self.key, self.number, self.title, self.help, self.fields)
                    == (other.key, other.number, other.title, other.help, other.fields))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


class Derived(FrozenRecord):
    key: str
    kind: str
    label: LText
    unit: LText | None = None
    table: str | None = None
    column: str | None = None
    where: dict[str, Any] | None = None
    numerator: str | None = None
    denominator: str | None = None
    target: float | None = None


class FormDefinition:
    """A form: a plain class with the methods @dataclass would write for it (as Field; the
    consolidation left out of its repr, and its reader out of its comparison too)."""

    def __init__(self, id: str, version: str, title: LText, org_kinds: tuple[str, ...],
                 periods: tuple[str, ...], deadlines: dict[str, str], default_recipients: tuple[str, ...],
                 sections: list[Section], derived: list[Derived], source: str = "",
                 fields: dict[str, Field] | None = None, first_year: int = 2025, _consolidation: Any = None,
                 _consolidation_reader: Callable[[], Any] | None = None) -> None:
        self.id = id
        self.version = version
        self.title = title
        self.org_kinds = org_kinds
        self.periods = periods
        self.deadlines = deadlines
        self.default_recipients = default_recipients
        self.sections = sections
        self.derived = derived
        self.source = source
        self.fields: dict[str, Field] = {} if fields is None else fields  # every top-level field by path
        self.first_year = first_year  # no report for a period before the plan the form reports on
        self._consolidation = _consolidation
        self._consolidation_reader = _consolidation_reader

    def _compared(self) -> tuple[Any, ...]:
        return (self.id, self.version, self.title, self.org_kinds, self.periods, self.deadlines,
                self.default_recipients, self.sections, self.derived, self.source, self.fields,
                self.first_year, self._consolidation)

    @recursive_repr()
    def __repr__(self) -> str:
        return (f"FormDefinition(id={self.id!r}, version={self.version!r}, title={self.title!r}, "
                f"org_kinds={self.org_kinds!r}, periods={self.periods!r}, deadlines={self.deadlines!r}, "
                f"default_recipients={self.default_recipients!r}, sections={self.sections!r}, "
                f"derived={self.derived!r}, source={self.source!r}, fields={self.fields!r}, "
                f"first_year={self.first_year!r})")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            assert isinstance(other, FormDefinition)
            return self._compared() == other._compared()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    @property
    def consolidation(self) -> Any:
        """desktop.forms.consolidation.Consolidation, or None. A form from the catalog reads it when
        first asked: only the Inbox's consolidation does, never the editor or the export (issue 16)."""
        reader = self._consolidation_reader
        if reader is not None:
            self._consolidation = reader()
            self._consolidation_reader = None
        return self._consolidation

    @consolidation.setter
    def consolidation(self, value: Any) -> None:
        self._consolidation, self._consolidation_reader = value, None

    def read_consolidation_later(self, reader: Callable[[], Any]) -> None:
        self._consolidation_reader = reader

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def field(self, path: str) -> Field | None:
        return self.fields.get(path)

    def iter_fields(self):
        for section in self.sections:
            yield from section.fields

    def summary(self, lang: str = "vi") -> dict[str, str]:
        from desktop.i18n import pick

        return {"id": self.id, "version": self.version, "title": pick(self.title, lang)}
