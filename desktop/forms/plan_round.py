"""The definition of a plan round (`desktop/forms/data/round-<id>.json`, FORMAT.md "Plan rounds"):
the Ministry's report to the Prime Minister on a plan (Decision 1375/QĐ-TTg), made from one form's
packages over the plan's years.

It names the form, the plan's years, the programmes' list (a data file beside it), the title, legal
basis, issuer, addressee, signer and recipients of the report, and which fields of the form carry
the targets and the documents issued. Every field it names is looked up in every version of the
form: a version that renames one is refused here, with the file and the key, instead of dropping
the figure from the report silently. The programmes' progress (table, id, status, result, outputs)
and the difficulties and proposals come from the form's own `consolidation` block.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from desktop.forms.catalog import get_form, list_forms
from desktop.forms.loader import DefinitionError
from desktop.forms.model import NUMBER_TYPES, TEXT_TYPES, Field, FormDefinition, LText

DATA_DIR = Path(__file__).resolve().parent / "data"
TOP = {"round", "form", "plan_years", "programmes", "status_order", "title", "final_title", "legal_basis", "issuer",
       "addressee", "signer", "recipients", "targets", "documents"}
PROGRAMME_KEYS = ("number", "name", "timeframe", "lead", "coordinating", "product", "group")


@dataclass(frozen=True)
class Target:
    field: str
    evidence: str | None = None


@dataclass(frozen=True)
class PlanRound:
    id: str  # "1375": the round ids are "1375-<year>" and "1375-<first>-<last>"
    form_id: str
    first_year: int
    last_year: int
    programmes: tuple[dict[str, str], ...]
    title: LText
    final_title: LText
    legal_basis: LText
    issuer: dict[str, str]
    addressee: LText
    signer: dict[str, str]
    recipients: tuple[str, ...]
    targets: tuple[Target, ...]
    document_count: str | None
    document_lists: tuple[str, ...]  # text fields, or "table.column" text columns, naming documents
    status_order: tuple[str, ...]  # the progress statuses, most advanced first: a programme's overall status

    @property
    def form(self) -> FormDefinition:
        return get_form(self.form_id)


class _Check:
    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, problem: str) -> DefinitionError:
        return DefinitionError(self.name, where or "(top level)", problem)

    def ltext(self, value: Any, where: str) -> LText:
        if not isinstance(value, dict) or set(value) != {"vi", "en"} or not all(
                isinstance(v, str) and v.strip() for v in value.values()):
            raise self.fail(where, 'expected {"vi": text, "en": text}')
        return {"vi": value["vi"], "en": value["en"]}

    def path(self, forms: list[FormDefinition], path: Any, where: str, types: tuple[str, ...]) -> str:
        """`path` names a field (or "table.column") of the given types in every version of the form."""
        if not isinstance(path, str) or not path:
            raise self.fail(where, "expected a field key")
        for form in forms:
            found: Field | None = form.field(path)
            if found is None and "." in path:
                table_key, column_key = path.rsplit(".", 1)
                table = form.field(table_key)
                found = table.column(column_key) if table is not None and table.is_table else None
            if found is None:
                raise self.fail(where, f"no field {path!r} in {form.id}@{form.version}")
            if found.type not in types:
                raise self.fail(where, f"the field {path!r} of {form.id}@{form.version} is a {found.type}; "
                                       f"expected {' or '.join(types)}")
        return path


def read_plan_round(path: Path) -> PlanRound:
    check = _Check(path.name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise check.fail("", f"cannot be read: {exc}") from None
    if not isinstance(data, dict):
        raise check.fail("", "expected an object")
    extra = sorted(set(data) - TOP)
    if extra:
        raise check.fail("", f"unknown key {extra[0]!r}")
    form_id = data.get("form")
    forms = [f for f in list_forms() if f.id == form_id]
    if not forms:
        raise check.fail("form", f"no form {form_id!r}")
    years = data.get("plan_years")
    if not (isinstance(years, list) and len(years) == 2 and all(isinstance(y, int) for y in years)
            and years[0] <= years[1]):
        raise check.fail("plan_years", "expected [first year, last year]")
    programmes = _programmes(check, data.get("programmes"))
    targets = []
    for i, item in enumerate(data.get("targets") or []):
        if not isinstance(item, dict) or set(item) - {"field", "evidence"}:
            raise check.fail(f"targets[{i}]", 'expected {"field": key, "evidence": key?}')
        field = check.path(forms, item.get("field"), f"targets[{i}].field", NUMBER_TYPES + TEXT_TYPES)
        evidence = item.get("evidence")
        if evidence is not None:
            check.path(forms, evidence, f"targets[{i}].evidence", TEXT_TYPES)
        targets.append(Target(field, evidence))
    documents = data.get("documents") or {}
    if not isinstance(documents, dict) or set(documents) - {"count", "lists"}:
        raise check.fail("documents", 'expected {"count": key?, "lists": [key, …]}')
    count = documents.get("count")
    if count is not None:
        check.path(forms, count, "documents.count", ("int",))
    lists = [check.path(forms, p, f"documents.lists[{i}]", TEXT_TYPES)
             for i, p in enumerate(documents.get("lists") or [])]
    order = data.get("status_order")
    for form in forms:
        progress = form.consolidation.progress if form.consolidation is not None else None
        if progress is None:
            raise check.fail("form", f"{form.id}@{form.version} has no consolidation.progress block")
        table = form.field(progress.table)
        status = table.column(progress.status) if table is not None else None
        if not isinstance(order, list) or status is None or sorted(order) != sorted(status.option_keys):
            raise check.fail("status_order", f"expected every option of {progress.table}.{progress.status} of "
                                             f"{form.id}@{form.version}, most advanced first")
    recipients = data.get("recipients") or []
    if not isinstance(recipients, list) or not all(isinstance(r, str) and r.strip() for r in recipients):
        raise check.fail("recipients", "expected a list of texts")
    for key in ("issuer", "signer"):
        if not isinstance(data.get(key), dict) or not all(isinstance(v, str) for v in data[key].values()):
            raise check.fail(key, "expected an object of texts")
    if not str(data["issuer"].get("name") or "").strip():
        raise check.fail("issuer.name", "expected the issuing body's name")
    round_id = data.get("round")
    if not isinstance(round_id, str) or not round_id.isdigit():
        raise check.fail("round", "expected the plan's number, e.g. \"1375\"")
    return PlanRound(
        id=round_id, form_id=str(form_id), first_year=years[0], last_year=years[1], programmes=programmes,
        title=check.ltext(data.get("title"), "title"), final_title=check.ltext(data.get("final_title"), "final_title"),
        legal_basis=check.ltext(data.get("legal_basis"), "legal_basis"), issuer=dict(data["issuer"]),
        addressee=check.ltext(data.get("addressee"), "addressee"), signer=dict(data["signer"]),
        recipients=tuple(recipients), targets=tuple(targets), document_count=count, document_lists=tuple(lists),
        status_order=tuple(order),  # type: ignore[arg-type]
    )


def _programmes(check: _Check, name: Any) -> tuple[dict[str, str], ...]:
    if not isinstance(name, str) or "/" in name or "\\" in name:
        raise check.fail("programmes", "expected the name of a data file beside it")
    try:
        rows = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise check.fail("programmes", f"{name} cannot be read: {exc}") from None
    if not isinstance(rows, list) or not rows:
        raise check.fail("programmes", f"{name} holds no programmes")
    numbers = set()
    for i, row in enumerate(rows):
        missing = [k for k in PROGRAMME_KEYS if not isinstance(row, dict) or not str(row.get(k) or "").strip()]
        if missing:
            raise check.fail(f"programmes[{i}]", f"{name}: no {missing[0]!r}")
        if row["number"] in numbers:
            raise check.fail(f"programmes[{i}]", f"{name}: the number {row['number']!r} repeats")
        numbers.add(row["number"])
    return tuple({str(k): str(v) for k, v in row.items()} for row in rows)


def plan_round_files() -> list[Path]:
    return sorted(DATA_DIR.glob("round-*.json"))


@cache
def plan_rounds() -> dict[str, PlanRound]:
    """Every shipped plan round by its id ("1375")."""
    rounds = [read_plan_round(path) for path in plan_round_files()]
    return {r.id: r for r in rounds}
