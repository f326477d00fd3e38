from __future__ import annotations

from pathlib import Path

import pytest

from desktop.store import DuplicateError, Store, StoreReadOnlyError

from .helpers import FakeClock, new_report


def test_profile_round_trip_survives_reopening(store_path: Path, clock: FakeClock) -> None:
    profile = {"org_id": "so-ct-ha-noi", "signer": "Nguyễn Văn A", "phone": "024 3825 1234"}
    with Store.open(store_path, clock=clock) as store:
        assert store.get_profile() == {}
        store.set_profile(profile)
        store.set_profile(dict(profile))  # unchanged: no second audit entry
    with Store.open(store_path, clock=clock) as store:
        assert store.get_profile() == profile
        store.set_profile({**profile, "phone": "024 0000 0000", "email": "a@hanoi.gov.vn"})
        entries = [e for e in store.audit_log() if e["action"] == "profile.change"]
    assert [e["details"] for e in entries] == [
        {"changed": ["email", "phone"]},
        {"changed": ["org_id", "phone", "signer"]},
    ]


def test_settings_hold_json_values(store: Store) -> None:
    assert store.get_setting("ui.language") is None
    assert store.get_setting("ui.language", "vi") == "vi"
    store.set_setting("ui.language", "en")
    store.set_setting("export.last_dir", "C:\\Báo cáo")
    store.set_setting("window", {"width": 1280, "maximized": False})
    store.set_setting("ui.language", "vi")

    assert store.get_setting("ui.language", "en") == "vi"
    assert store.get_setting("export.last_dir") == "C:\\Báo cáo"
    assert store.get_setting("window") == {"width": 1280, "maximized": False}


def test_custom_organizations_and_duplicates(store: Store) -> None:
    org = {"id": "cty-giay-x", "kind": "enterprise", "name": "Công ty Giấy X", "place": "Phú Thọ"}
    store.add_organization(org)
    with pytest.raises(DuplicateError) as caught:
        store.add_organization({**org, "name": "Another"})
    assert "cty-giay-x" in caught.value.render("en")
    with pytest.raises(ValueError):
        store.add_organization({"id": "x", "kind": "enterprise"})
    store.add_organization({"id": "so-ct-moi", "kind": "province", "name": "Sở mới"})

    assert store.custom_organizations() == [
        org, {"id": "so-ct-moi", "kind": "province", "name": "Sở mới"},
    ]


def test_audit_log_records_every_kind_of_change(
    store: Store, clock: FakeClock, tmp_path: Path
) -> None:
    report_id = new_report(store, {"a": 1})
    clock.advance(1)
    store.save_values(report_id, {"a": 2, "b": 3}, source="ui")
    store.restore_history(report_id, 1)
    store.set_status(report_id, "submitted")
    store.trash_report(report_id)
    store.set_profile({"org_id": "so-ct-ha-noi"})
    store.backup(tmp_path / "backup.sqlite3")
    store.audit("report.export", report_id=report_id, details={"package": "x.ct20"})

    log = store.audit_log()
    assert [e["action"] for e in reversed(log)] == [
        "report.create", "report.save", "report.save", "report.restore", "report.status",
        "report.trash", "profile.change", "store.backup", "report.export",
    ]
    by_action = {e["action"]: e for e in reversed(log)}  # the newest of each
    assert by_action["report.save"]["details"] == {"seq": 3, "changed_keys": 2, "source": "ui"}
    assert by_action["report.status"]["details"] == {"from": "draft", "to": "submitted"}
    assert by_action["store.backup"]["details"] == {"file": str(tmp_path / "backup.sqlite3")}
    assert by_action["report.create"]["at"] == "2026-11-21T05:12:00Z"
    assert by_action["report.trash"]["at"] == "2026-11-21T05:12:01Z"
    assert all(e["report_id"] == report_id for e in log if e["action"].startswith("report."))
    assert len(store.audit_log(limit=2)) == 2
    assert len(store.audit_log(report_id=report_id)) == 7


def test_read_only_store_reads_but_never_writes(store_path: Path) -> None:
    with Store.open(store_path) as store:
        report_id = new_report(store, {"a": 1})
    with Store.open(store_path, readonly=True) as store:
        assert store.get_values(report_id) == {"a": 1}
        with pytest.raises(StoreReadOnlyError):
            store.save_values(report_id, {"a": 2})
        with pytest.raises(StoreReadOnlyError):
            store.set_setting("x", 1)
        backup = store.backup(store_path.with_name("copy.sqlite3"))
    with Store.open(backup) as copy:
        assert copy.get_values(report_id) == {"a": 1}
