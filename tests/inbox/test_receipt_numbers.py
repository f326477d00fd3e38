"""The receipt register on both stores: the officer's pattern and next number, unique per year,
given back when signing failed, shared by two officers, and carried by `migrate-from-local`."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from desktop.store import Store
from desktop.store.pg import PgInboxStore, init_inbox
from desktop.store.pg.transfer import migrate_from_local
from desktop.store.receipt_numbers import DEFAULT_PATTERN, ReceiptNumberTakenError
from desktop.store.shared import SharedInbox
from tests.inbox.test_inbox_api import second_officer
from tests.pgtest import throwaway_database

BY = {"login": "nva", "name": "Nguyễn Văn A"}


def test_numbers_follow_the_officers_pattern_and_next_number(inbox_store: Any) -> None:
    assert inbox_store.receipt_numbering().pattern == DEFAULT_PATTERN
    assert inbox_store.take_receipt_number(year=2026).text == "01/ATMT-MT"  # Decree 30: 01, not 1
    inbox_store.set_receipt_numbering(pattern="{number}/PTN-ATMT", year=2026, next_number=123, by=BY)
    taken = [inbox_store.take_receipt_number(year=2026, by=BY) for _ in range(2)]
    assert [(n.seq, n.text) for n in taken] == [(123, "123/PTN-ATMT"), (124, "124/PTN-ATMT")]
    numbering = inbox_store.receipt_numbering()
    assert (numbering.pattern, numbering.year, numbering.next, numbering.by_name) == (
        "{number}/PTN-ATMT", 2026, 125, "Nguyễn Văn A")
    with pytest.raises(ReceiptNumberTakenError) as taken_error:  # unique per year
        inbox_store.set_receipt_numbering(pattern="{number}/X", year=2026, next_number=124)
    assert "124" in taken_error.value.render("vi") and "125" in taken_error.value.render("vi")
    # A new year starts again at 1, and the same number may be given once in each year.
    assert inbox_store.take_receipt_number(year=2027).text == "01/PTN-ATMT"
    assert [(n.year, n.seq) for n in inbox_store.list_receipt_numbers()] == [
        (2026, 1), (2026, 123), (2026, 124), (2027, 1)]
    assert [n.by_name for n in inbox_store.list_receipt_numbers(year=2026)] == ["", "Nguyễn Văn A", "Nguyễn Văn A"]
    for bad in ("ATMT-MT", "{number}/{number}", "{number}" + "x" * 80):
        with pytest.raises(ValueError):
            inbox_store.set_receipt_numbering(pattern=bad, year=2027, next_number=5)


def test_a_number_whose_receipt_failed_is_given_back_only_when_it_was_the_last(inbox_store: Any) -> None:
    first = inbox_store.take_receipt_number(year=2026)
    assert inbox_store.release_receipt_number(year=2026, seq=first.seq)
    again = inbox_store.take_receipt_number(year=2026)
    assert again.seq == first.seq  # no gap
    later = inbox_store.take_receipt_number(year=2026)
    assert not inbox_store.release_receipt_number(year=2026, seq=again.seq)  # a later one was given meanwhile
    inbox_store.bind_receipt_number(year=2026, seq=later.seq, receipt_sha256="a" * 64)
    assert not inbox_store.release_receipt_number(year=2026, seq=later.seq)  # it belongs to a receipt
    kept = {n.seq: n.receipt_sha256 for n in inbox_store.list_receipt_numbers(year=2026)}
    assert kept == {again.seq: None, later.seq: "a" * 64}


def test_two_officers_never_get_the_same_number(inbox_store: Any) -> None:
    inbox_store.set_receipt_numbering(pattern="{number}/ATMT-MT", year=2026, next_number=10)
    with second_officer(inbox_store) as other:
        mine = [inbox_store.take_receipt_number(year=2026) for _ in range(3)]
        theirs = [other.take_receipt_number(year=2026) for _ in range(3)]
    seqs = [n.seq for n in mine + theirs]
    assert sorted(seqs) == list(range(10, 16)) and len(set(seqs)) == 6


def test_officers_taking_numbers_at_once_on_the_server(tmp_path: Path) -> None:
    with throwaway_database() as url:
        init_inbox(url)
        results: list[int] = []
        errors: list[BaseException] = []

        def officer() -> None:
            try:
                with PgInboxStore.open(url) as store:
                    results.extend(store.take_receipt_number(year=2026).seq for _ in range(10))
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=officer) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors, errors
        assert sorted(results) == list(range(1, 41))


def test_the_register_moves_to_the_shared_inbox(tmp_path: Path) -> None:
    with Store.open(tmp_path / "atmt.sqlite3") as local:
        local.set_receipt_numbering(pattern="{number}/ATMT-MT", year=2026, next_number=40, by=BY)
        local.take_receipt_number(year=2026, by=BY)
        with throwaway_database() as url:
            init_inbox(url)
            with SharedInbox(Store.open(tmp_path / "other.sqlite3"), PgInboxStore.open(url)) as shared:
                assert migrate_from_local(local, shared.inbox).counts["receipt_numbers"] == 1
                assert migrate_from_local(local, shared.inbox).counts["receipt_numbers"] == 0
                assert shared.take_receipt_number(year=2026).text == "41/ATMT-MT"
                assert [n.text for n in shared.list_receipt_numbers()] == ["40/ATMT-MT", "41/ATMT-MT"]
