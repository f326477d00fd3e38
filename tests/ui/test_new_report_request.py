"""The new-report dialog and ad hoc requests: a signed request imported (checked in a worker thread)
fills the period and the report carries it; periods before the plan are refused with the reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox

from desktop.inbox.request_file import export_request
from desktop.inbox.requests import create_request
from desktop.package.roots import add_trust_root
from desktop.reporting.meta import read_meta
from desktop.reporting.reports import organization
from desktop.signing.signers import open_p12
from desktop.store import Store
from desktop.ui.new_report import NewReportDialog
from tests.pki import TestPki
from tests.ui.conftest import ORG_ID
from tests.ui.helpers import click, type_text

TODAY = dt.date.today()


def _dialog(qtbot, store, org_id: str = ORG_ID, **kwargs) -> NewReportDialog:  # type: ignore[no-untyped-def]
    dialog = NewReportDialog(store, organization(store, org_id), today=TODAY, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _ok(dialog: NewReportDialog):  # type: ignore[no-untyped-def]
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def _request_file(tmp_path: Path, pki: TestPki) -> Path:
    with Store.open(tmp_path / "atmt.sqlite3") as atmt:
        record = create_request(atmt, number="77/BCT-ATMT", date=TODAY - dt.timedelta(days=1),
                                requester="Văn phòng Chính phủ", content="Báo cáo nhanh tình hình xử lý nước thải",
                                addressees=[ORG_ID, "habeco"], deadline=TODAY + dt.timedelta(days=7))
        signer = open_p12(pki.signer.p12_path, pki.signer.password)
        return export_request(atmt, record.id, tmp_path / "sent", signer).path


def test_an_imported_request_fills_the_ad_hoc_period_and_the_report_carries_it(qtbot, profiled_store, tmp_path,
                                                                               pki) -> None:
    add_trust_root(profiled_store, pki.root_pem.read_bytes())
    path = _request_file(tmp_path, pki)
    dialog = _dialog(qtbot, profiled_store, pick_request=lambda _parent: str(path))
    dialog.form.setCurrentIndex(dialog.form.findData("ct20.province"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("adhoc"))
    assert dialog.import_request.isVisibleTo(dialog) and not dialog.year.isVisibleTo(dialog)
    click(qtbot, dialog.import_request)
    qtbot.waitUntil(lambda: dialog.request is not None, timeout=30_000)
    assert dialog.reference.text() == "77/BCT-ATMT" and not dialog.reference.isEnabled()
    assert dialog.requester.text() == "Văn phòng Chính phủ"
    assert dialog.period() == f"adhoc-{(TODAY - dt.timedelta(days=1)).isoformat()}"
    assert "77/BCT-ATMT" in dialog.import_request.text() and dialog.problem.text() == ""
    click(qtbot, _ok(dialog))
    report = profiled_store.get_report(dialog.report_id)
    assert (report.reference, report.deadline) == ("77/BCT-ATMT", (TODAY + dt.timedelta(days=7)).isoformat())
    assert read_meta(profiled_store, report.id).request["requester"] == "Văn phòng Chính phủ"


def test_a_request_for_another_organisation_or_a_damaged_file_is_said(qtbot, profiled_store, tmp_path, pki) -> None:
    path = _request_file(tmp_path, pki)
    damaged = tmp_path / "damaged.asice"
    damaged.write_bytes(path.read_bytes()[:-20])
    picked = [str(damaged)]
    dialog = _dialog(qtbot, profiled_store, org_id="so-ct-ha-noi", pick_request=lambda _parent: picked[0])
    dialog.kind.setCurrentIndex(dialog.kind.findData("adhoc"))
    click(qtbot, dialog.import_request)
    qtbot.waitUntil(lambda: dialog.import_request.isEnabled() and "…" not in dialog.problem.text(), timeout=30_000)
    assert dialog.request is None and dialog.problem.text()
    picked[0] = str(path)
    click(qtbot, dialog.import_request)
    qtbot.waitUntil(lambda: dialog.request is not None, timeout=30_000)
    assert organization(profiled_store, "so-ct-ha-noi").name in dialog.problem.text()
    click(qtbot, _ok(dialog))
    assert dialog.isVisible() and profiled_store.list_reports() == []


def test_a_typed_request_with_its_requester_is_carried_too(qtbot, profiled_store) -> None:
    dialog = _dialog(qtbot, profiled_store)
    dialog.form.setCurrentIndex(dialog.form.findData("ct20.province"))
    dialog.kind.setCurrentIndex(dialog.kind.findData("adhoc"))
    type_text(qtbot, dialog.reference, "12/UBND-KT")
    type_text(qtbot, dialog.requester, "Ủy ban nhân dân tỉnh")
    click(qtbot, _ok(dialog))
    request = read_meta(profiled_store, dialog.report_id).request
    assert request == {"number": "12/UBND-KT", "date": TODAY.isoformat(), "requester": "Ủy ban nhân dân tỉnh",
                       "deadline": (TODAY + dt.timedelta(days=14)).isoformat()}


def test_a_period_before_the_plan_is_refused_with_the_reason(qtbot, profiled_store) -> None:
    dialog = _dialog(qtbot, profiled_store)
    dialog.form.setCurrentIndex(dialog.form.findData("ct20.province"))
    dialog.year.setValue(2024)
    assert not _ok(dialog).isEnabled() and "2025" in dialog.problem.text()
    dialog.year.setValue(2025)
    assert _ok(dialog).isEnabled()
    dialog.form.setCurrentIndex(dialog.form.findData("kh1375.unit"))  # the 2020–2025 plan starts in 2020
    dialog.year.setValue(2023)
    assert _ok(dialog).isEnabled()
