"""Stable cluster codes: given once, kept on copy to the next period, matched by name on a new fill or
import, saved at export; and the change of each cluster's treatment status between two rounds."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from desktop.export.service import ExportCancelled, export_report
from desktop.forms import get_form
from desktop.reporting.clusters import assign_codes, cluster_changes, normalised_name
from desktop.reporting.reports import copy_values, create_report, fill_report
from desktop.signing.signers import OpenedSigner
from desktop.store import Store
from tests.export.reports import cluster_row, load_full

TABLE = get_form("ct20.province").fields["clusters.wastewater"]


def test_names_are_compared_without_case_accents_spacing_or_prefix() -> None:
    assert normalised_name("Cụm công nghiệp  Gián Khẩu") == normalised_name("CCN gian khau") == "gian khau"
    assert normalised_name("Cụm công nghiệp Đồng Văn 2") == "dong van 2" != normalised_name("Đồng Văn")


def test_codes_are_given_once_kept_and_never_shared() -> None:
    rows = [{"name": "Cụm công nghiệp A"}, {"name": "Cụm công nghiệp B", "code": "CCN-007"},
            {"name": "Cụm công nghiệp C", "code": "CCN-007"}, "not a row"]
    coded = assign_codes(TABLE, rows)
    assert [r["code"] if isinstance(r, dict) else r for r in coded] == ["CCN-008", "CCN-007", "CCN-009",
                                                                          "not a row"]
    assert "code" not in assign_codes(TABLE, [{"name": "X"}], fresh=False)[0]
    # a new list of the same clusters (another order, other spelling, no codes) keeps their codes
    again = assign_codes(TABLE, [{"name": "ccn c"}, {"name": "CỤM CÔNG NGHIỆP  a"}, {"name": "Cụm công nghiệp D"}],
                         coded)
    assert [r["code"] for r in again] == ["CCN-009", "CCN-008", "CCN-010"]
    # rows appended to existing ones never take a code a kept row has
    appended = assign_codes(TABLE, [{"name": "E"}], [], taken=["CCN-001", "CCN-002"])
    assert appended[0]["code"] == "CCN-003"


def test_codes_travel_from_one_period_to_the_next_and_on_a_new_fill(tmp_path: Path, signer: OpenedSigner) -> None:
    with Store.open(tmp_path / "r.sqlite3") as store:
        first = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
        values = load_full("ct20.province")
        fill_report(store, first, values)
        assert not any("code" in row for row in store.get_values(first)["clusters"]["wastewater"])
        export_report(store, first, tmp_path / "out", signer)  # the codes are given when it is sent
        stored = store.get_values(first)["clusters"]["wastewater"]
        codes = {row["name"]: row["code"] for row in stored}
        assert len(set(codes.values())) == len(stored) == len(values["clusters"]["wastewater"])
        second = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2026")
        copy_values(store, first, second)
        assert {r["name"]: r["code"] for r in store.get_values(second)["clusters"]["wastewater"]} == codes
        # the officer pastes this year's list again from Excel, in another order, without codes, plus a new cluster
        pasted = [{k: v for k, v in row.items() if k != "code"} for row in reversed(stored)]
        pasted.append(cluster_row(97))
        fill_report(store, second, {"clusters": {"wastewater": pasted, "operating": len(pasted)}})
        after = store.get_values(second)["clusters"]["wastewater"]
        assert {r["name"]: r["code"] for r in after if r["name"] in codes} == codes
        assert "code" not in after[-1]  # a new cluster gets its code when the report is sent
        fill_report(store, second, {"document": {**values["document"], "date": "2026-11-10"}})
        result = export_report(store, second, tmp_path / "out2", signer)
        sent = json.loads(zipfile.ZipFile(result.package_path).read("du-lieu.json"))["values"]["clusters"]
        new_code = sent["wastewater"][-1]["code"]
        assert new_code not in codes.values() and new_code.startswith("CCN-")
        assert {r["name"]: r["code"] for r in sent["wastewater"] if r["name"] in codes} == codes


def test_export_gives_the_missing_codes_and_keeps_them_in_the_report(tmp_path: Path, signer: OpenedSigner) -> None:
    calls: list[int] = []
    with Store.open(tmp_path / "r.sqlite3") as store:
        report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
        fill_report(store, report_id, load_full("ct20.province"))
        values = store.get_values(report_id)
        values["clusters"]["wastewater"][0]["code"] = "CCN-050"  # kept
        values["clusters"]["wastewater"][1]["code"] = "CCN-050"  # a copied row: given another one
        store.save_values(report_id, values, source="ui")
        seq = store.current_seq(report_id)
        with pytest.raises(ExportCancelled):  # an export that does not end changes nothing in the report
            export_report(store, report_id, tmp_path / "out", signer, cancel=lambda: calls.append(1) or len(calls) > 5)
        assert store.current_seq(report_id) == seq and store.get_values(report_id) == values
        result = export_report(store, report_id, tmp_path / "out", signer)
        data = json.loads(zipfile.ZipFile(result.package_path).read("du-lieu.json"))
        sent = [row["code"] for row in data["values"]["clusters"]["wastewater"]]
        assert all(sent) and len(set(sent)) == len(sent) and sent[0] == "CCN-050" and sent[2] == "CCN-052"
        assert [r["code"] for r in store.get_values(report_id)["clusters"]["wastewater"]] == sent


def test_a_store_failing_at_the_end_of_an_export_keeps_neither_codes_nor_package(
        tmp_path: Path, signer: OpenedSigner, monkeypatch: pytest.MonkeyPatch) -> None:
    """The codes, the kept package and its delivery are one transaction: the store failing while it
    keeps the package leaves the report as it was (no code saved, no history entry, no delivery),
    and no file; the next export saves the codes, counted as one changed key in the audit."""
    with Store.open(tmp_path / "r.sqlite3") as store:
        report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
        fill_report(store, report_id, load_full("ct20.province"))
        values, seq = store.values_with_seq(report_id)
        audit = len(store.audit_log(report_id=report_id))

        def fail(stage: str) -> None:
            if stage == "submit:package":
                raise OSError("disk full")

        monkeypatch.setattr(store, "_checkpoint", fail)
        with pytest.raises(OSError):
            export_report(store, report_id, tmp_path / "out", signer)
        assert store.values_with_seq(report_id) == (values, seq)
        assert store.get_report(report_id).status == "draft" and store.deliveries(report_id) == []
        assert len(store.audit_log(report_id=report_id)) == audit and list((tmp_path / "out").iterdir()) == []
        monkeypatch.undo()
        result = export_report(store, report_id, tmp_path / "out", signer)
        assert store.current_seq(report_id) == seq + 1 and [d.kind for d in store.deliveries(report_id)] == ["saved"]
        saved = next(e for e in store.audit_log(report_id=report_id) if e["action"] == "report.save")  # newest
        assert saved["details"]["changed_keys"] == 1 and saved["details"]["source"] == "export"
        assert result.package_path.exists()


def test_a_change_saved_during_the_export_is_kept_and_the_codes_wait(tmp_path: Path, signer: OpenedSigner) -> None:
    """The codes are saved only into the version that was exported: a change saved meanwhile (another
    window) is never reverted; the codes are given again at the next export."""
    with Store.open(tmp_path / "r.sqlite3") as store:
        report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
        fill_report(store, report_id, load_full("ct20.province"))
        meanwhile = store.get_values(report_id)
        meanwhile["proposals"] = "Đề xuất sửa trong lúc xuất."

        def progress(_fraction: float, message) -> None:  # type: ignore[no-untyped-def]
            if message.render("en") == "Signing the report PDF":
                store.save_values(report_id, meanwhile, source="ui")

        result = export_report(store, report_id, tmp_path / "out", signer, progress=progress)
        sent = json.loads(zipfile.ZipFile(result.package_path).read("du-lieu.json"))["values"]
        assert all(row["code"] for row in sent["clusters"]["wastewater"])
        assert sent.get("proposals") != meanwhile["proposals"]
        assert store.get_values(report_id) == meanwhile  # no code, the newer text kept


def test_the_change_of_each_cluster_since_the_last_round() -> None:
    before = {
        "so-ct-ninh-binh": [
            {"code": "CCN-001", "name": "Cụm công nghiệp Gián Khẩu", "wwtp_status": "under_construction"},
            {"code": "CCN-002", "name": "Cụm công nghiệp Khánh Nhạc", "wwtp_status": "operating"},
            {"code": "CCN-003", "name": "Cụm công nghiệp Gia Lập", "wwtp_status": "none"},
            {"name": "Cụm công nghiệp Xích Thổ", "wwtp_status": "planned"},  # sent before codes existed
        ],
        "so-ct-ha-noi": [{"code": "CCN-001", "name": "Cụm công nghiệp Phú Sơn", "wwtp_status": "none"}],
        "so-ct-hai-phong": [{"code": "CCN-001", "name": "Cụm công nghiệp Cầu Yên", "wwtp_status": "none"}],
    }
    after = {
        "so-ct-ninh-binh": [
            {"code": "CCN-001", "name": "CCN Gián Khẩu (mở rộng)", "wwtp_status": "operating"},  # renamed
            {"code": "CCN-002", "name": "Cụm công nghiệp Khánh Nhạc", "wwtp_status": "operating"},  # same
            {"code": "CCN-004", "name": "Cụm công nghiệp xích thổ", "wwtp_status": "under_construction"},
            {"code": "CCN-005", "name": "Cụm công nghiệp Kim Tân", "wwtp_status": "planned"},  # new
        ],
        "so-ct-ha-noi": [{"code": "CCN-001", "name": "Cụm công nghiệp Phú Sơn", "wwtp_status": "none"}],
        "so-ct-da-nang": [{"code": "CCN-001", "name": "Cụm công nghiệp Hòa Khánh", "wwtp_status": "operating"}],
    }
    changes = [c.to_json() for c in cluster_changes(before, after)]
    assert changes == [
        {"province": "so-ct-ninh-binh", "code": "CCN-001", "name": "CCN Gián Khẩu (mở rộng)",
         "before": "under_construction", "after": "operating", "kind": "changed"},
        {"province": "so-ct-ninh-binh", "code": "CCN-003", "name": "Cụm công nghiệp Gia Lập",
         "before": "none", "after": None, "kind": "removed"},
        {"province": "so-ct-ninh-binh", "code": "CCN-004", "name": "Cụm công nghiệp xích thổ",
         "before": "planned", "after": "under_construction", "kind": "changed"},
        {"province": "so-ct-ninh-binh", "code": "CCN-005", "name": "Cụm công nghiệp Kim Tân",
         "before": None, "after": "planned", "kind": "new"},
    ]
    everything = cluster_changes(before, after, include_unchanged=True)
    assert {(c.province, c.code) for c in everything if c.before == c.after} == {
        ("so-ct-ninh-binh", "CCN-002"), ("so-ct-ha-noi", "CCN-001")}
