"""Issue 14, point 3 at the receiving end: the Inbox shows the reporter's justifications of warnings
for the selected package, on the local Inbox and on the shared PostgreSQL one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel

from desktop.export.service import export_report
from desktop.i18n import set_language
from desktop.inbox.received_notes import notes_from_data
from desktop.package.roots import add_trust_root
from desktop.reporting.meta import save_acknowledgements
from desktop.reporting.reports import create_report, fill_report, validate_report
from desktop.reporting.verdict import ack_key, acknowledgement
from desktop.signing.signers import VN_TZ, open_p12
from desktop.store import Store
from desktop.ui.inbox.inbox_page import InboxPage
from tests.export.reports import load_full
from tests.pki import TestPki

REASON = "Trạm xử lý của CCN Gián Khẩu đang cải tạo, dự kiến hoàn thành quý II/2026."


@pytest.fixture
def package(tmp_path: Path, pki: TestPki) -> Path:
    """Ninh Bình's 2025 report, one warning justified, exported and signed."""
    with Store.open(tmp_path / "reporter.sqlite3") as reporter:
        report_id = create_report(reporter, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
        fill_report(reporter, report_id, load_full("ct20.province"))
        warning = validate_report(reporter, report_id).warnings[0]
        save_acknowledgements(reporter, report_id, {ack_key(warning): acknowledgement(warning, REASON)})
        signer = open_p12(pki.signer.p12_path, pki.signer.password)
        try:
            result = export_report(reporter, report_id, tmp_path / "goi", signer,
                                   now=dt.datetime(2025, 11, 10, 9, 0, tzinfo=VN_TZ))
        finally:
            signer.close()
    return result.package_path


@contextmanager
def inbox(kind: str, tmp_path: Path) -> Iterator[object]:
    if kind == "sqlite":
        with Store.open(tmp_path / "atmt.sqlite3") as store:
            yield store
        return
    from desktop.store.pg import PgInboxStore, init_inbox
    from desktop.store.shared import SharedInbox
    from tests.pgtest import throwaway_database

    with throwaway_database() as url:
        init_inbox(url)
        local = Store.open(tmp_path / "mine.sqlite3")
        shared = PgInboxStore.open(url)
        try:
            yield SharedInbox(local, shared)
        finally:
            shared.close()
            local.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_inbox_shows_the_justifications_of_the_selected_package(qtbot, tmp_path, pki, package, kind):
    set_language("vi")
    with inbox(kind, tmp_path) as store:
        add_trust_root(store, pki.root.cert_pem)
        page = InboxPage(store, today=lambda: dt.date(2025, 11, 20), pick_files=lambda _p: [str(package)],
                         pick_folder=lambda _p: "", pick_xlsx=lambda _p: "")
        qtbot.addWidget(page)
        page.form.setCurrentIndex(page.form.findData("ct20.province"))
        page.period.setText("2025")
        page.period.editingFinished.emit()
        page.show()
        page.import_files()
        qtbot.waitUntil(lambda: not page.busy(), timeout=60_000)
        assert not page.notes.isVisible()  # nothing selected yet
        source = next(i for i, row in enumerate(page.model.rows) if row.org_id == "so-ct-ninh-binh")
        index = page.proxy.mapFromSource(page.model.index(source, 0))
        page.table.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                           | QItemSelectionModel.SelectionFlag.Rows)
        assert page.notes.isVisible()
        text = page.notes.plain_text()
        assert REASON in text and "Lưu lượng xử lý" in text
        # another organisation (nothing received): nothing shown
        other = next(i for i, row in enumerate(page.model.rows) if row.current is None)
        page.table.selectionModel().select(page.proxy.mapFromSource(page.model.index(other, 0)),
                                           QItemSelectionModel.SelectionFlag.ClearAndSelect
                                           | QItemSelectionModel.SelectionFlag.Rows)
        assert not page.notes.isVisible()
        page.close()


def test_malformed_justifications_are_left_out_and_a_sample_is_said() -> None:
    notes = notes_from_data({"sample": True, "justifications": [
        {"path": "a", "warning": "Cảnh báo", "reason": "Lý do"}, {"warning": 3}, "x", {"warning": "w", "reason": " "}]})
    assert notes.sample and notes.justifications == [{"path": "a", "warning": "Cảnh báo", "reason": "Lý do"}]
    assert notes_from_data([]).justifications == [] and not notes_from_data({"sample": "yes"}).sample
