"""The Inbox screen and ad hoc requests: the dialog records one as an officer types it, and the board
then expects only its addressees, by its deadline. Real packages, a real store, the real page."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.inbox.request_import import load_request
from desktop.inbox.requests import create_request, list_requests
from desktop.registry import all_organizations
from desktop.store import Store
from desktop.ui.inbox.inbox_page import InboxPage
from desktop.ui.inbox.request_dialog import RequestDialog
from tests.ui.export.drive import WAIT_MS, choose_file, replace_text
from tests.ui.helpers import type_text
from tests.ui.inbox.test_inbox_page import YEAR, packages, page, pki, states  # noqa: F401  (fixtures)


def _org_of(path: Path | str) -> str:
    return Path(path).name.removeprefix("BC-ct20.province-").split(f"-adhoc-{YEAR}")[0]


def test_a_request_typed_in_the_dialog_limits_the_board_to_its_addressees(qtbot, page: InboxPage,  # noqa: F811
                                                                          packages: list[Path]) -> None:  # noqa: F811
    page.import_paths(page.chosen["files"])
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    imported = [_org_of(p) for p in page.chosen["files"]]
    assert states(page).count("missing") == 29

    qtbot.mouseClick(page.request_button, Qt.MouseButton.LeftButton)
    dialog = page.request_dialog
    assert isinstance(dialog, RequestDialog) and dialog.isVisible()
    type_text(qtbot, dialog.number, "123/BCT-ATMT")
    dialog.date.setDate(QDate(YEAR, 3, 1))
    dialog.deadline.setDate(QDate(YEAR, 3, 20))
    type_text(qtbot, dialog.content, "Báo cáo nhanh tình hình xử lý nước thải")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "at least one organisation" in dialog.problem.text()
    type_text(qtbot, dialog.search, "ha noi")
    shown = [dialog.addressees.item(r) for r in range(dialog.addressees.count())
             if not dialog.addressees.item(r).isHidden()]
    assert shown and all("Hà Nội" in item.text() for item in shown)
    offered = {dialog.addressees.item(r).data(Qt.ItemDataRole.UserRole) for r in range(dialog.addressees.count())}
    assert "cuc-cong-nghiep" in offered and "cuc-atmt" not in offered  # never to itself: it sends the request
    silent = next(o.id for o in all_organizations() if o.kind == "province" and o.id not in imported)
    dialog.set_checked([imported[0], imported[1], silent])
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and page.request_dialog is None
    [record] = list_requests(page.store)
    assert page.request.request_id() == record.id and not page.period.isEnabled()
    assert page.period.text() == f"adhoc-{YEAR}-03-01"
    rows = {row.org_id: row.status for row in page.board.rows if row.expected}
    assert set(rows) == set(record.addressees) and len(rows) == 3
    # the packages came after the request's deadline; the third addressee has sent nothing
    assert [rows[imported[0]], rows[imported[1]], rows[silent]] == ["late", "late", "missing"]
    assert page.deadline.text().startswith(f"Deadline 20/03/{YEAR}")
    page.request.setCurrentIndex(page.request.findData(None))  # back to every expected organisation
    assert page.period.isEnabled() and len([r for r in page.board.rows if r.expected]) == 34


def test_the_chosen_request_is_signed_and_sent_from_the_inbox(qtbot, page: InboxPage, pki,  # noqa: F811
                                                              tmp_path: Path) -> None:
    assert not page.send_request_button.isEnabled()  # no request chosen
    record = create_request(page.store, number="9/ATMT", date=f"{YEAR}-03-01", requester="Bộ Công Thương",
                            content="Báo cáo nhanh", addressees=["habeco", "so-ct-ha-noi"], deadline=f"{YEAR}-03-20")
    page.request.reload(select=record.id)
    page.refresh()
    assert page.send_request_button.isEnabled()
    qtbot.mouseClick(page.send_request_button, Qt.MouseButton.LeftButton)
    dialog = page.request_send_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.result_panel.open_url = lambda _url: True
    replace_text(qtbot, dialog.folder, str(tmp_path / "yeu-cau"))
    choose_file(qtbot, dialog.signer, pki.signer.p12_path, pki.signer.password.decode())
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=WAIT_MS)
    assert dialog.error.text() == "" and dialog.pages.currentIndex() == 1, dialog.error.text()
    exported = dialog.exported
    assert exported is not None and exported.path == tmp_path / "yeu-cau" / f"YC-{record.id}.asice"
    assert dialog.signer.secret.text() == ""
    with Store.open(tmp_path / "reporter.sqlite3") as reporter:
        read = load_request(reporter, exported.path, trust_paths=(str(pki.root_pem),))
        assert (read.id, read.status) == (record.id, "valid")
        replace_text(qtbot, dialog.result_panel.recipient, "a@hanoi.gov.vn, b@habeco.vn")
        draft = dialog.result_panel.make_draft()
        assert draft is not None
        mail = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
        assert mail["To"] == "a@hanoi.gov.vn, b@habeco.vn" and "9/ATMT" in mail["Subject"]
        eml = tmp_path / "thu.eml"
        eml.write_bytes(draft.read_bytes())
        draft.unlink()
        assert load_request(reporter, eml, trust_paths=(str(pki.root_pem),)).id == record.id
    dialog.done(0)
