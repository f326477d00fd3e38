"""Validation: a values object → errors (block export) and warnings (shown), each with its path."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator
from itertools import repeat
from typing import Any

from desktop.forms import rules_columns
from desktop.forms.issues import Context, Issue, ValidationResult
from desktop.forms.model import NUMBER_TYPES, Field, FormDefinition, Rule
from desktop.forms.normalize import looks_like_email
from desktop.forms.values import choice_options, get_path
from desktop.i18n import N_, Message, PluralMessage, TextMessage
from desktop.i18n.formatting import Formatted

RELATIONS = {
    "<=": N_("must not be greater than"),
    "<": N_("must be less than"),
    ">=": N_("must not be less than"),
    ">": N_("must be greater than"),
    "==": N_("must equal"),
    "!=": N_("must differ from"),
}
DATE_RELATIONS = {
    "<=": N_("must not be after"),
    "<": N_("must be before"),
    ">=": N_("must not be before"),
    ">": N_("must be after"),
}


class _Scope:
    """Resolves references: a column of the current row first, then a full path."""

    def __init__(self, form: FormDefinition, values: dict, context: Context) -> None:
        self.form = form
        self.values = values
        self.context = context
        self.table: Field | None = None
        self.row: dict | None = None
        self._columns_of: Field | None = None  # the table whose columns `_columns` holds
        self._columns: dict[str, Field] = {}

    def lookup(self, ref: str) -> tuple[Any, Field | None]:
        table = self.table
        if table is not None and self.row is not None:
            if table is not self._columns_of:
                self._columns_of, self._columns = table, _columns_by_key(table)
            column = self._columns.get(ref)
            if column is not None:
                return self.row.get(ref), column
        return get_path(self.values, ref), self.form.field(ref)

    def holds(self, cond: dict | None) -> bool:
        if cond is None:
            return True
        if "all" in cond:
            return all(self.holds(c) for c in cond["all"])
        if "any" in cond:
            return any(self.holds(c) for c in cond["any"])
        value, _ = self.lookup(cond["field"])
        if "in" in cond:
            return value in cond["in"]
        if "not_in" in cond:
            # A choice not made yet ("(chưa chọn)") is no answer: the rule waits for one.
            return value is not None and value != "" and value not in cond["not_in"]
        if "present" in cond:
            return (value is not None) == cond["present"]
        return value is not None and rules_columns.compare_values(value, cond["op"], cond["value"])


def _columns_by_key(table: Field) -> dict[str, Field]:
    """`table.column` as a dict: the first column of a key wins, as there."""
    columns: dict[str, Field] = {}
    for column in table.columns:
        columns.setdefault(column.key, column)
    return columns


def _comparable(left: Any, right: Any) -> bool:
    numbers = (int, float)
    if isinstance(left, bool) or isinstance(right, bool):
        return False
    return (isinstance(left, numbers) and isinstance(right, numbers)) or (
        isinstance(left, str) and isinstance(right, str)
    )


class _Validator:
    def __init__(self, form: FormDefinition, values: dict, context: Context) -> None:
        self.form = form
        self.scope = _Scope(form, values, context)
        self.result = ValidationResult()
        self._option_cache: dict[int, set[str]] = {}
        self._cells: list[tuple[int, int, int, Issue]] | None = None  # a table's issues (check_rows)
        self._position = -1  # the column of the table being checked

    def issue(self, f: Field, top: Field, path: str | None, severity: str, message: Message, code: str,
              row: int | None = None) -> None:
        if path is None:  # a table cell: its path is only spelled out when it has an issue
            path = f"{top.key}[{row}].{f.key}"
        if row is not None:
            message = Message(N_("{table}, row {row}: {message}"), table=top.label, row=row + 1, message=message)
        issue = Issue(path=path, severity=severity, message=message, field=top.key, section=top.section,
                      row=row, column=f.key if row is not None else None, code=code)
        if self._cells is not None and row is not None:  # a table's, put in order by check_rows
            self._cells.append((row, self._position, len(self._cells), issue))
        else:
            self.result.add(issue)

    def steps(self) -> Iterator[None]:
        """The run in steps (one column of a table each): `run` or `validate_in_steps`."""
        for top in self.form.fields.values():
            value = get_path(self.scope.values, top.key)
            self.check(top, top, top.key, value, None)
            if top.is_table and isinstance(value, list):
                yield from self.check_rows(top, value)

    def check_rows(self, table: Field, rows: list) -> Iterator[None]:
        """Every cell of a table, one column at a time: a column's values are tested in one pass
        (`rules_columns.column_failures`, no call per cell), then each rule is applied to the cells it can find
        something in, where its condition holds (`rules_columns.row_condition`, made once per table). The
        issues come out in the order of a pass row by row (row, then column, then as found, a
        cell's rules in their order): `self.issue` collects them in `_cells` meanwhile."""
        indexes: list[int] = []
        kept: list[dict] = []
        cells: list[tuple[int, int, int, Issue]] = []
        self._cells = cells
        self._position = -1  # a row that is not a dict comes before its cells' issues
        for index, row in enumerate(rows):
            if isinstance(row, dict):
                indexes.append(index)
                kept.append(row)
            else:
                self.issue(table, table, f"{table.key}[{index}]", "E",
                           Message(N_("This row is not valid.")), "type", row=index)
        plain_dicts = set(map(type, kept)) <= {dict}  # (a subclass may have a `get` of its own)
        scope = self.scope
        scope.table = table
        conditions: dict[int, Callable[[dict], bool] | bool] = {}  # by id of a rule's `when`

        def rows_where(rule: Rule, positions: Iterable[int]) -> Iterable[int]:
            """The positions among `positions` whose row meets the rule's condition (`holds`)."""
            when = rule.when
            if when is None:
                return positions
            test = conditions.get(id(when))
            if test is None:
                test = conditions[id(when)] = rules_columns.row_condition(when, table, scope.values)
            if test is True or test is False:
                return positions if test else ()
            return [at for at in positions if test(kept[at])]

        try:
            for position, column in enumerate(table.columns):
                self._position = position
                key = column.key
                values = list(map(dict.get, kept, repeat(key))) if plain_dicts else [row.get(key) for row in kept]
                rules, when_empty = self.cell_rules(column)
                empty, failed = rules_columns.column_failures(column, values, self.options)
                plain: Iterable[int] = range(len(values))  # cells present and of their type
                if empty or failed:
                    skipped = set(empty).union(failed)
                    plain = [at for at in plain if at not in skipped]
                if when_empty is None:  # `check` judges an empty cell too
                    failed = sorted(empty + failed)
                    empty = []
                elif not when_empty and not column.required:
                    empty = []  # an empty cell with nothing that requires it: nothing to find
                if rules:  # a cell present and of its type: only its rules, one after the other
                    for rule in rules:
                        targets = rows_where(rule, plain)
                        if rule.check == "compare" and column.type in NUMBER_TYPES:
                            targets = rules_columns.compare_failures(rule, table, values, kept, targets)
                        for at in targets:
                            scope.row = kept[at]
                            self.apply(rule, column, table, None, values[at], indexes[at])
                if empty:  # an empty cell: only what requires it
                    if column.required:
                        for at in empty:
                            self.issue(column, table, None, "E", Message(N_("“{label}” is required."),
                                                                        label=column.label), "required", indexes[at])
                    for rule in when_empty or ():
                        for at in rows_where(rule, empty):
                            scope.row = kept[at]
                            self.apply(rule, column, table, None, None, indexes[at])
                for at in failed:
                    scope.row = kept[at]
                    self.check(column, table, None, values[at], indexes[at])
                if any(r.check == "unique" for r in column.rules):
                    self.check_unique(column, table, values, indexes)
                yield
        finally:
            scope.table = None
            scope.row = None
            self._cells = None
        cells.sort(key=lambda cell: cell[:3])
        for *_order, issue in cells:
            self.result.add(issue)

    def check_unique(self, column: Field, table: Field, values: list, indexes: list[int]) -> None:
        """A column whose values must not repeat: each repeat names the first row of its value."""
        firsts: dict[str, int] = {}
        rule = next(r for r in column.rules if r.check == "unique")
        present = [(value, index) for value, index in zip(values, indexes, strict=True) if value is not None]
        keys = rules_columns.unique_keys([str(value) for value, _index in present])
        for (value, index), key in zip(present, keys, strict=True):
            first = firsts.setdefault(key, index)
            if first != index:
                msg = self.message(rule, column, Message(N_("“{label}” repeats row {other}.")),
                                   value=value, other=first + 1)
                self.issue(column, table, None, rule.severity, msg, "unique", index)

    def check(self, f: Field, top: Field, path: str | None, value: Any, row: int | None) -> None:
        """`path` None: the cell of column `f` in row `row` of table `top`."""
        if value is None or value == [] or value == "":
            if f.required:
                self.issue(f, top, path, "E", Message(N_("“{label}” is required."), label=f.label), "required", row)
            elif f.is_table and f.min_rows:
                self.issue(f, top, path, "E", PluralMessage(
                    "“{label}” needs at least {min} row.", "“{label}” needs at least {min} rows.", f.min_rows,
                    label=f.label, min=Formatted(f.min_rows)), "min_rows", row)
        elif not self.check_type(f, top, path, value, row):
            return
        for rule in f.rules:
            if rule.check == "unique" or not self.scope.holds(rule.when):
                continue
            self.apply(rule, f, top, path, value, row)

    def check_type(self, f: Field, top: Field, path: str | None, value: Any, row: int | None) -> bool:
        ok, code = True, "type"
        message: Message | None = None
        t = f.type
        if t in ("text", "longtext"):
            ok = isinstance(value, str)
            if ok and f.max_length and len(value) > f.max_length:
                message = PluralMessage("“{label}” is longer than {max} character.",
                                        "“{label}” is longer than {max} characters.", f.max_length,
                                        label=f.label, max=Formatted(f.max_length))
                code = "max_length"
        elif t in NUMBER_TYPES:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            if t == "int" and isinstance(value, float):
                ok = False
            if ok and f.min is not None and value < f.min:
                message = (Message(N_("“{label}” must not be negative."), label=f.label) if f.min == 0
                           else Message(N_("“{label}” must be at least {min}."), label=f.label, min=Formatted(f.min)))
                code = "min"
            elif ok and f.max is not None and value > f.max:
                message = Message(N_("“{label}” must be at most {max}."), label=f.label, max=Formatted(f.max))
                code = "max"
        elif t == "date":
            ok = isinstance(value, str) and rules_columns.is_date(value)
        elif t == "bool":
            ok = isinstance(value, bool)
        elif t == "choice":
            ok = isinstance(value, str) and value in self.options(f)
        elif t == "table":
            ok = isinstance(value, list)
            if ok and len(value) > f.max_rows:
                message = PluralMessage("“{label}” has {count} row; at most {max} are allowed.",
                                        "“{label}” has {count} rows; at most {max} are allowed.", len(value),
                                        label=f.label, count=Formatted(len(value)), max=Formatted(f.max_rows))
                code = "max_rows"
            elif ok and len(value) < f.min_rows:
                message = Message(N_("“{label}” needs at least {min} rows."), label=f.label, min=f.min_rows)
                code = "min_rows"
        if not ok:
            message = Message(N_("“{label}” has a value that is not valid: {value}"),
                              label=f.label, value=str(value)[:60])
        if message is not None:
            self.issue(f, top, path, "E", message, code, row)
        return ok

    @staticmethod
    def cell_rules(column: Field) -> tuple[list[Rule], list[Rule] | None]:
        """The rules of a table column that can find something (uniqueness apart, checked across
        the rows): in a cell that `plain_failures` leaves out, and in an empty cell (None when an
        empty cell goes through `check`). `apply` finds nothing for a "required" rule on a value
        that is there, nor for any other rule on one that is not; a check box's False and a
        choice's key are left to it (False counts as not filled in)."""
        rules = [r for r in column.rules if r.check != "unique"]
        plain = rules if column.type in ("bool", "choice") else [r for r in rules if r.check != "required"]
        when_empty = None if column.is_table else [r for r in rules if r.check == "required"]
        return plain, when_empty

    def options(self, f: Field) -> set[str]:
        cached = self._option_cache.get(id(f))
        if cached is None:
            cached = self._option_cache[id(f)] = {key for key, _ in choice_options(f)}
        return cached

    def message(self, rule: Rule, f: Field, default: Message, **params: Any) -> Message:
        params = {k: Formatted(v) if k in ("value", "other") else v for k, v in params.items()}
        params["label"] = f.label
        if rule.message is not None:
            return TextMessage(rule.message, **params)
        default.params.update(params)
        return default

    def apply(self, rule: Rule, f: Field, top: Field, path: str | None, value: Any, row: int | None) -> None:
        check = rule.check
        # An unticked box is one state, whether it was never touched or ticked off ("Không"
        # pasted): a check box has no hidden third state, so False counts as not filled in.
        present = value is not None and value != "" and value != [] and not (f.type == "bool" and value is False)
        if check == "required":
            if not present:
                self.issue(f, top, path, rule.severity,
                           self.message(rule, f, Message(N_("“{label}” is required."))), "required", row)
            return
        if check == "absent":
            if present:
                self.issue(f, top, path, rule.severity,
                           self.message(rule, f, Message(N_("“{label}” must be left empty here."))), "absent", row)
            return
        if not present:
            return
        if check == "email":
            if isinstance(value, str) and not looks_like_email(value):
                self.issue(f, top, path, rule.severity, self.message(
                    rule, f, Message(N_("“{label}” does not look like an e-mail address.")), value=value), "email", row)
            return
        left = len(value) if check == "row_count" else value
        other_label: Any = None
        if rule.field is not None:
            right, other_field = self.scope.lookup(rule.field)
            other_label = other_field.label if other_field else rule.field
        elif rule.ref == "deadline":
            deadline = self.scope.context.deadline
            right = deadline.isoformat() if deadline else None
            other_label = {"vi": "hạn báo cáo", "en": "the deadline"}
        else:
            right = rule.value
        op = rule.op or "=="
        if right is None or not _comparable(left, right) or rules_columns.compare_values(left, op, right):
            return
        is_date = isinstance(left, str) and f.type == "date"
        relation = Message((DATE_RELATIONS if is_date else RELATIONS).get(op, RELATIONS[op]))
        if check == "row_count":
            default = Message(N_("The number of rows of “{label}” ({value}) {relation} “{other_label}” ({other})."))
        elif other_label is not None:
            default = Message(N_("“{label}” ({value}) {relation} “{other_label}” ({other})."))
        else:
            default = Message(N_("“{label}” ({value}) {relation} {other}."))
        msg = self.message(rule, f, default, value=left, other=right, relation=relation,
                           other_label=other_label or "")
        self.issue(f, top, path, rule.severity, msg, check, row)


def validate(form: FormDefinition, values: dict, context: Context | None = None) -> ValidationResult:
    """Run every rule of the form over a values object."""
    validator = _Validator(form, values if isinstance(values, dict) else {}, context or Context())
    for _step in validator.steps():
        pass
    return validator.result


def validate_in_steps(form: FormDefinition, values: dict,
                      context: Context) -> Generator[None, None, ValidationResult]:
    """`validate` a table's column at a time, for a window that stays responsive between steps; its
    result is the generator's return value. The values must not change until it is done."""
    validator = _Validator(form, values if isinstance(values, dict) else {}, context)
    yield from validator.steps()
    return validator.result
