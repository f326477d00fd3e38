"""The Inbox screen and ad hoc requests: the dialog records one as an officer types it, and the board
then expects only its addressees, by its deadline. Real packages, a real store, the real page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.inbox.requests import list_requests
from desktop.registry import all_organizations
from desktop.ui.inbox.inbox_page import InboxPage
from desktop.ui.inbox.request_dialog import RequestDialog
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
