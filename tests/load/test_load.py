"""A store with 5,000 reports and an Inbox with 2,000 packages: the list opens and filters, the
board computes, with the right rows. The time limits are loose on purpose (a slow CI machine
passes): they catch work that grows with the square of the rows, not a few milliseconds;
bench/bench_load.py prints the real figures."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from desktop.inbox.board import build_board
from desktop.store import Store
from tests.load.many import PROVINCE_FORM, BigInbox, ManyReports, big_inbox, many_reports
from tests.ui.helpers import type_text

LIMIT = 5.0  # seconds; each step below takes well under a second on a laptop


def timed(step: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = step()
    elapsed = time.perf_counter() - started
    assert elapsed < LIMIT, f"{elapsed:.2f} s"
    return result


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> ManyReports:
    return many_reports(tmp_path_factory.mktemp("many") / "ct20.sqlite3")


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> BigInbox:
    return big_inbox(tmp_path_factory.mktemp("inbox") / "atmt.sqlite3")


@pytest.fixture
def store(reports: ManyReports) -> Iterator[Store]:
    with Store.open(reports.path, readonly=True) as opened:
        yield opened


def test_five_thousand_reports_are_listed(store: Store, reports: ManyReports) -> None:
    listed = timed(store.list_reports)
    assert len(listed) == reports.total - reports.trashed
    assert len(timed(lambda: store.list_reports(include_trashed=True))) == reports.total
    assert listed[0].updated_at >= listed[-1].updated_at  # the most recently changed first


def test_the_report_list_opens_and_filters_five_thousand_reports(qtbot, store: Store, reports: ManyReports) -> None:
    from desktop.ui.report_list import ReportListPage

    page = timed(lambda: ReportListPage(store, lambda: dt.date(2026, 11, 21)))
    qtbot.addWidget(page)
    timed(page.reload)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    assert page.model.rowCount() == reports.total
    assert page.proxy.rowCount() == reports.total - reports.trashed

    timed(lambda: page.show_view("submitted"))
    assert page.proxy.rowCount() == reports.submitted
    timed(lambda: page.show_view("trash"))
    assert page.proxy.rowCount() == reports.trashed
    timed(lambda: page.show_view("current"))

    index = page.form_filter.findData(PROVINCE_FORM)
    timed(lambda: page.form_filter.setCurrentIndex(index))
    assert page.proxy.rowCount() == reports.by_form[PROVINCE_FORM]
    timed(lambda: page.form_filter.setCurrentIndex(0))

    timed(lambda: type_text(qtbot, page.search, reports.searched))  # a search on every keystroke
    assert page.proxy.rowCount() == reports.reference_hits > 0
    assert all(reports.searched in row[1] for row in page.visible_rows())
    timed(page.search.clear)
    timed(lambda: page.table.sortByColumn(1, page.table.horizontalHeader().sortIndicatorOrder()))
    assert page.proxy.rowCount() == reports.total - reports.trashed
    page.table.selectRow(page.proxy.rowCount() - 1)
    assert page.selected_report_id() is not None


def test_the_board_computes_over_two_thousand_packages(inbox: BigInbox) -> None:
    with Store.open(inbox.path, readonly=True) as store:
        assert len(timed(store.list_inbox_packages)) == inbox.total
        board = timed(lambda: build_board(store, inbox.year, PROVINCE_FORM, today=dt.date(2026, 11, 21)))
        sent = {r.org_id for r in store.list_inbox_packages(form_id=PROVINCE_FORM, period=inbox.year)}
    rows = {row.org_id: row for row in board.rows}
    assert set(rows) >= sent and len(sent) == inbox.provinces
    assert sum(board.counts().values()) == len(board.rows)
    assert all(rows[org].history for org in sent)


def test_the_inbox_page_shows_the_board_of_two_thousand_packages(qtbot, inbox: BigInbox) -> None:
    from desktop.ui.inbox import InboxPage

    with Store.open(inbox.path) as store:
        page = timed(lambda: InboxPage(store, today=lambda: dt.date(2026, 11, 21)))
        qtbot.addWidget(page)
        page.show()
        page.form.setCurrentIndex(page.form.findData(PROVINCE_FORM))
        page.period.setText(inbox.year)
        timed(page.refresh)
        assert page.model.rowCount() >= inbox.provinces
        timed(lambda: page.states.set_states({"rejected"}))
        assert 0 < page.proxy.rowCount() < page.model.rowCount()
