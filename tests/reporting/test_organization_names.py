"""The list of reports names each report's organisation through registry.organization_name: the same
name as the organisation's record, without making the registry's records (issue 16: the start)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.registry import (
    UnknownOrganizationError,
    get_organization,
    organization_name,
    shipped_organizations,
)
from desktop.reporting.reports import create_report
from desktop.reporting.rows import load_rows
from desktop.store import Store

OWN = {"id": "cong-ty-moi-truong-xanh", "kind": "enterprise", "name": "  Công ty Môi trường Xanh  "}


def test_every_shipped_organisation_has_its_records_name() -> None:
    organisations = shipped_organizations()
    assert len(organisations) > 40
    for org in organisations:
        assert organization_name(org.id) == org.name == get_organization(org.id).name


def test_a_shipped_name_is_read_without_making_the_registrys_records() -> None:
    shipped_organizations.cache_clear()
    try:
        assert organization_name("so-ct-ninh-binh") == "Sở Công Thương tỉnh Ninh Bình"
        assert shipped_organizations.cache_info().currsize == 0
    finally:
        shipped_organizations.cache_clear()


def test_the_users_own_organisations_and_unknown_ids() -> None:
    custom = [dict(OWN)]
    assert organization_name(OWN["id"], custom) == "Công ty Môi trường Xanh" == get_organization(OWN["id"], custom).name
    with pytest.raises(UnknownOrganizationError):
        organization_name(OWN["id"])
    with pytest.raises(UnknownOrganizationError):
        get_organization("no-such-org", custom)
    with pytest.raises(UnknownOrganizationError):
        organization_name("no-such-org", custom)


def test_the_list_shows_the_names_of_shipped_and_own_organisations(tmp_path: Path) -> None:
    with Store.open(tmp_path / "ct20.sqlite3") as store:
        store.add_organization(dict(OWN))
        create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2026")
        create_report(store, form_id="ct20.enterprise", org_id=OWN["id"], period="2026")
        names = sorted(row.org_name for row in load_rows(store))
    assert names == ["Công ty Môi trường Xanh", "Sở Công Thương tỉnh Ninh Bình"]


def test_an_organisation_is_found_as_the_whole_registry_finds_it_without_making_it() -> None:
    """get_organization makes only the organisation asked for (issue 16: a report's start), and
    finds what all_organizations would: a shipped one before the user's own of the same id, the
    user's own ones checked all the same."""
    from desktop.registry import InvalidOrganizationError, all_organizations

    shipped_organizations.cache_clear()
    try:
        assert get_organization("so-ct-ninh-binh").name == "Sở Công Thương tỉnh Ninh Bình"
        assert shipped_organizations.cache_info().currsize == 0
    finally:
        shipped_organizations.cache_clear()
    twin = {**OWN, "id": "so-ct-ninh-binh", "name": "Someone else"}
    custom = [dict(OWN), twin]
    for org in all_organizations(custom):
        first = next(o for o in all_organizations(custom) if o.id == org.id)
        assert get_organization(org.id, custom) == first
    assert get_organization("so-ct-ninh-binh", custom).name == "Sở Công Thương tỉnh Ninh Bình"
    with pytest.raises(InvalidOrganizationError):
        get_organization("so-ct-ninh-binh", [{**OWN, "kind": "nonsense"}])
