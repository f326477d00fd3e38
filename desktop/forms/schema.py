"""The JSON Schema (draft 2020-12) of a form version's data file `du-lieu.json` (package.md)."""

from __future__ import annotations

from typing import Any

from desktop.forms.model import Field, FormDefinition
from desktop.forms.values import choice_options

DRAFT = "https://json-schema.org/draft/2020-12/schema"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
SHA256_PATTERN = "^[0-9a-f]{64}$"


def field_schema(f: Field) -> dict[str, Any]:
    t = f.type
    schema: dict[str, Any]
    if t in ("text", "longtext"):
        schema = {"type": "string", "minLength": 1, "maxLength": f.max_length}
    elif t == "int":
        schema = {"type": "integer"}
    elif t in ("decimal", "percent"):
        schema = {"type": "number"}
    elif t == "date":
        schema = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    elif t == "bool":
        schema = {"type": "boolean"}
    elif t == "choice":
        schema = {"type": "string", "enum": [key for key, _ in choice_options(f)]}
    else:
        columns = {c.key: field_schema(c) for c in f.columns}
        row = {"type": "object", "properties": columns, "additionalProperties": False}
        required_columns = [c.key for c in f.columns if c.required]
        if required_columns:
            row["required"] = required_columns
        schema = {"type": "array", "items": row, "maxItems": f.max_rows}
        if f.min_rows:
            schema["minItems"] = f.min_rows
    if t in ("int", "decimal", "percent"):
        if f.min is not None:
            schema["minimum"] = f.min
        if f.max is not None:
            schema["maximum"] = f.max
    schema["title"] = f.label["vi"]
    schema["description"] = f.label["en"]
    return schema


def values_schema(form: FormDefinition) -> dict[str, Any]:
    """Nested objects following the dotted keys; unknown keys are not allowed."""
    root: dict[str, Any] = {"type": "object", "properties": {}, "additionalProperties": False}
    for path, f in form.fields.items():
        node = root
        parts = path.split(".")
        for part in parts[:-1]:
            node = node["properties"].setdefault(
                part, {"type": "object", "properties": {}, "additionalProperties": False}
            )
        node["properties"][parts[-1]] = field_schema(f)
        if f.required:
            node.setdefault("required", []).append(parts[-1])
    _require_groups(root)
    return root


def _require_groups(node: dict[str, Any]) -> None:
    """A group holding a required field is itself required."""
    for key, child in node.get("properties", {}).items():
        if child.get("type") == "object" and "properties" in child:
            _require_groups(child)
            if child.get("required") and key not in node.get("required", []):
                node.setdefault("required", []).append(key)


def derived_schema(form: FormDefinition) -> dict[str, Any]:
    root: dict[str, Any] = {"type": "object", "properties": {}, "additionalProperties": False}
    for item in form.derived:
        node = root
        parts = item.key.split(".")
        for part in parts[:-1]:
            node = node["properties"].setdefault(
                part, {"type": "object", "properties": {}, "additionalProperties": False}
            )
        if item.kind == "count_by":
            leaf: dict[str, Any] = {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}
        elif item.kind == "count":
            leaf = {"type": "integer", "minimum": 0}
        else:
            leaf = {"type": "number"}
        leaf["title"] = item.label["vi"]
        node["properties"][parts[-1]] = leaf
    return root


def data_file_schema(form: FormDefinition) -> dict[str, Any]:
    """The whole `du-lieu.json` of this form version."""
    values = values_schema(form)
    document = values["properties"].get("document", {"type": "object"})
    text = {"type": "string", "minLength": 1}
    return {
        "$schema": DRAFT,
        "$id": f"urn:ct20:schema:{form.id}@{form.version}",
        "title": form.title["vi"],
        "description": f"{form.title['en']} — data file (du-lieu.json) of form {form.id} version {form.version}",
        "type": "object",
        "required": ["format", "format_version", "form", "organization", "period", "report",
                     "document", "values", "derived", "attachments", "generated"],
        "additionalProperties": False,
        "properties": {
            "format": {"const": "ct20.submission"},
            "format_version": {"const": 1},
            "form": {
                "type": "object", "additionalProperties": False, "required": ["id", "version"],
                "properties": {"id": {"const": form.id}, "version": {"const": form.version}},
            },
            "organization": {
                "type": "object", "required": ["id", "name", "kind"],
                "properties": {
                    "id": {"type": "string", "pattern": "^[A-Za-z0-9._-]+$"},
                    "name": text,
                    "kind": {"enum": list(form.org_kinds)},
                },
            },
            "period": _period_schema(form),
            "report": {
                "type": "object", "additionalProperties": False,
                "required": ["id", "revision", "supersedes"],
                "properties": {
                    "id": text,
                    "revision": {"type": "integer", "minimum": 1},
                    "supersedes": {
                        "oneOf": [
                            {"type": "null"},
                            {"type": "object", "required": ["package", "sha256"],
                             "properties": {"package": text, "sha256": {"type": "string", "pattern": SHA256_PATTERN},
                                            "revision": {"type": "integer", "minimum": 1}}},
                        ]
                    },
                },
            },
            "document": document,
            "values": values,
            "derived": derived_schema(form),
            "attachments": {
                "type": "array", "maxItems": 20,
                "items": {
                    "type": "object", "additionalProperties": False, "required": ["name", "sha256", "size"],
                    "properties": {
                        "name": {"type": "string", "pattern": "^dinh-kem/[A-Za-z0-9._-]+$"},
                        "sha256": {"type": "string", "pattern": SHA256_PATTERN},
                        "size": {"type": "integer", "minimum": 0},
                    },
                },
            },
            "generated": {
                "type": "object", "required": ["app", "at"],
                "properties": {"app": text, "at": {"type": "string", "format": "date-time"}},
            },
            **submission_extras_schema(),
        },
    }


MAX_JUSTIFICATIONS = 2000


def submission_extras_schema() -> dict[str, Any]:
    """Optional keys (additive: files without them stay valid): `sample`, true for a sample report
    that is never an official one, and `justifications`, the warnings the reporter acknowledged
    with the reason given, in form order."""
    text = {"type": "string", "minLength": 1}
    return {
        "sample": {"type": "boolean"},
        "justifications": {
            "type": "array", "maxItems": MAX_JUSTIFICATIONS,
            "items": {
                "type": "object", "additionalProperties": False, "required": ["path", "warning", "reason"],
                "properties": {"path": text, "warning": text, "reason": text,
                               "at": {"type": "string", "format": "date-time"}},
            },
        },
    }


def _period_schema(form: FormDefinition) -> dict[str, Any]:
    variants = []
    year = {"type": "integer", "minimum": 2000, "maximum": 2100}
    if "year" in form.periods:
        variants.append({"type": "object", "additionalProperties": False, "required": ["kind", "year"],
                         "properties": {"kind": {"const": "year"}, "year": year}})
    if "half" in form.periods:
        variants.append({"type": "object", "additionalProperties": False, "required": ["kind", "year", "half"],
                         "properties": {"kind": {"const": "half"}, "year": year, "half": {"enum": [1, 2]}}})
    if "adhoc" in form.periods:
        variants.append({"type": "object", "additionalProperties": False,
                         "required": ["kind", "year", "requested"],
                         "properties": {"kind": {"const": "adhoc"}, "year": year,
                                        "requested": {"type": "string", "format": "date", "pattern": DATE_PATTERN},
                                        "reference": {"type": "string"},
                                        "deadline": {"type": "string", "format": "date", "pattern": DATE_PATTERN},
                                        "request": _request_schema()}})
    return {"oneOf": variants}


def _request_schema() -> dict[str, Any]:
    """`period.request` of an ad hoc report: the request it answers (optional: additive to format 1)."""
    date = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    return {"type": "object", "additionalProperties": False, "required": ["number", "date"],
            "properties": {"id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9._-]{0,79}$"},
                           "number": {"type": "string", "minLength": 1, "maxLength": 500}, "date": date,
                           "requester": {"type": "string", "maxLength": 500},
                           "content": {"type": "string", "maxLength": 2000}, "deadline": date}}
