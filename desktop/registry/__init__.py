"""The registry of reporting organisations, shipped as data (organizations.json).

Users may add an organisation that is missing; those live in the store and are merged in by
`all_organizations(custom=...)`.
"""

from __future__ import annotations

import json
from dataclasses import field
from functools import cache
from pathlib import Path
from typing import Any

from desktop.frozen_record import FrozenRecord
from desktop.i18n import N_, LocalizedError, Message

DATA_FILE = Path(__file__).resolve().parent / "organizations.json"
KINDS = ("province", "enterprise", "ministry-unit")


class Organization(FrozenRecord):
    id: str
    kind: str
    name: str
    short: str = ""
    parent_body: str = ""
    place: str = ""
    number_suffix: str = ""
    forms: tuple[str, ...] = ()
    province: str = ""  # the province slug, for provincial departments
    former_names: tuple[str, ...] = ()  # names it was known by (e.g. the departments merged into it in 2025)
    tasks: tuple[dict[str, str], ...] = field(default=(), hash=False)
    custom: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind}

    @property
    def names(self) -> tuple[str, ...]:
        """Every name a document or a certificate may call it by: today's name, its short name and
        its former names (e.g. "Sở Công Thương tỉnh Hà Nam" for Ninh Bình since July 2025)."""
        return tuple(dict.fromkeys(n for n in (self.name, self.short, *self.former_names) if n))

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "kind": self.kind, "name": self.name, "short": self.short,
            "parent_body": self.parent_body, "place": self.place,
            "number_suffix": self.number_suffix, "forms": list(self.forms),
            "province": self.province, "former_names": list(self.former_names),
            "tasks": [dict(t) for t in self.tasks],
        }


class UnknownOrganizationError(LocalizedError):
    def __init__(self, org_id: str) -> None:
        super().__init__(Message(N_("There is no organisation {org}."), org=org_id))


class InvalidOrganizationError(LocalizedError):
    pass


def organization_from_dict(data: dict[str, Any], *, custom: bool = False) -> Organization:
    org_id = str(data.get("id", "")).strip()
    if not org_id or not all(c.isascii() and (c.isalnum() or c in "-_.") for c in org_id):
        raise InvalidOrganizationError(
            Message(N_("An organisation id must be ASCII letters, digits and dashes: “{id}”."), id=org_id)
        )
    kind = data.get("kind")
    if kind not in KINDS:
        raise InvalidOrganizationError(Message(N_("Unknown organisation kind “{kind}”."), kind=kind))
    name = str(data.get("name", "")).strip()
    if not name:
        raise InvalidOrganizationError(Message(N_("An organisation needs a name.")))
    return Organization(
        id=org_id,
        kind=kind,
        name=name,
        short=data.get("short", "") or "",
        parent_body=data.get("parent_body", "") or "",
        place=data.get("place", "") or "",
        number_suffix=data.get("number_suffix", "") or "",
        forms=tuple(data.get("forms") or ()),
        province=data.get("province", "") or "",
        former_names=tuple(str(n) for n in data.get("former_names") or () if isinstance(n, str) and n.strip()),
        tasks=_tasks(org_id, data.get("tasks")),
        custom=custom,
    )


def _tasks(org_id: str, raw: Any) -> tuple[dict[str, str], ...]:
    """The tasks assigned to a unit (a Ministry unit's tasks of Decision 2678, or those the user
    gives an organisation they added): each a text, an optional time frame and an id, made from
    the organisation's id when not given ("<org>-1", "<org>-2", …)."""
    if raw is None:
        return ()
    if not isinstance(raw, (list, tuple)):
        raise InvalidOrganizationError(Message(N_("The tasks of {org} must be a list."), org=org_id))
    tasks: list[dict[str, str]] = []
    for number, item in enumerate(raw, start=1):
        text = str(item.get("task") or "").strip() if isinstance(item, dict) else ""
        if not text:
            raise InvalidOrganizationError(Message(N_("Task {number} of {org} has no text."), number=number,
                                                   org=org_id))
        task = {"task_id": str(item.get("task_id") or f"{org_id}-{number}").strip(), "task": text}
        timeframe = str(item.get("timeframe") or "").strip()
        if timeframe:
            task["timeframe"] = timeframe
        if any(t["task_id"] == task["task_id"] for t in tasks):
            raise InvalidOrganizationError(Message(N_("Two tasks of {org} have the id “{id}”."), org=org_id,
                                                   id=task["task_id"]))
        tasks.append(task)
    return tuple(tasks)


@cache
def _data() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as fh:
        return json.load(fh)


@cache
def shipped_organizations() -> tuple[Organization, ...]:
    return tuple(organization_from_dict(o) for o in _data()["organizations"])


def all_organizations(custom: list[dict] | None = None) -> list[Organization]:
    """The shipped registry followed by the user's own additions."""
    result = list(shipped_organizations())
    known = {o.id for o in result}
    for item in custom or []:
        org = organization_from_dict(item, custom=True)
        if org.id not in known:
            result.append(org)
            known.add(org.id)
    return result


def get_organization(org_id: str, custom: list[dict] | None = None) -> Organization:
    """The organisation with this id, as `all_organizations(custom)` finds it first: a shipped one
    before the user's own (each of which is checked all the same). Only the one asked for is made
    of the shipped registry's 48 (issue 16: 3.5 M instructions of opening a report at start)."""
    own = [organization_from_dict(item, custom=True) for item in custom or []]
    shipped = _shipped_organization(org_id)
    if shipped is not None:
        return shipped
    for org in own:
        if org.id == org_id:
            return org
    raise UnknownOrganizationError(org_id)


@cache
def _shipped_organization(org_id: str) -> Organization | None:
    """The shipped organisation with this id (the first, as in `shipped_organizations`), or None."""
    for item in _data()["organizations"]:
        if str(item.get("id", "")).strip() == org_id:
            return organization_from_dict(item)
    return None


@cache
def _shipped_names() -> dict[str, str]:
    """The shipped organisations' names by id, read straight from the data (as organization_from_dict
    words them), without making their records."""
    names: dict[str, str] = {}
    for item in _data()["organizations"]:
        names.setdefault(str(item.get("id", "")).strip(), str(item.get("name", "")).strip())
    return names


def organization_name(org_id: str, custom: list[dict] | None = None) -> str:
    """`get_organization(org_id, custom).name`, without making the registry's records: the list of
    reports shows only names (issue 16: the window's start). An unknown id raises as get_organization
    does; a shipped organisation's name is found even when one of the user's own is not valid (for
    which get_organization raises whatever the id)."""
    name = _shipped_names().get(org_id)
    if name is not None:
        return name
    return get_organization(org_id, custom).name  # the user's own organisations, checked as ever


def provinces() -> list[Organization]:
    return [o for o in shipped_organizations() if o.kind == "province"]


def province_slugs() -> list[str]:
    return [o.province for o in provinces()]


def former_provinces() -> dict[str, dict[str, str]]:
    return dict(_data().get("former_provinces", {}))


def current_province(slug: str) -> str | None:
    """Today's province for a slug, following the 2025 mergers (e.g. "ha-nam" → "ninh-binh")."""
    if slug in province_slugs():
        return slug
    entry = former_provinces().get(slug)
    return entry["merged_into"] if entry else None
