"""A big report autosaves in a worker thread; what is typed meanwhile is saved next (issue 16).

Real store files and a real EditSession; the thread a save runs in is read at the store's
checkpoint between its writes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from desktop.store import Store
from desktop.store.history import AUTOSAVE, KEEP_NEWEST
from desktop.ui.editor.background_save import BACKGROUND_ROWS, table_rows
from desktop.ui.editor.session import EditSession

TABLE = "clusters.wastewater"


def _rows(count: int) -> list[dict]:
    return [{"name": f"Cụm công nghiệp Đồng Văn {n}", "commune": "Xã Duy Minh", "area_ha": 10 + n}
            for n in range(count)]


@pytest.fixture
def save_threads(store: Store) -> list[int]:
    """The thread of every values save of the store (its checkpoint between the writes)."""
    seen: list[int] = []
    original = store._checkpoint

    def checkpoint(stage: str) -> None:
        if stage == "save:history":
            seen.append(threading.get_ident())
        original(stage)

    store._checkpoint = checkpoint  # type: ignore[method-assign]
    return seen


@pytest.fixture
def sessions() -> Iterator[list[EditSession]]:
    made: list[EditSession] = []
    yield made
    for session in made:
        session.save_now()  # a worker still running is waited for


def _session(sessions: list[EditSession], store: Store, report_id: str) -> EditSession:
    session = EditSession(store, report_id)
    sessions.append(session)
    return session


def _saved(qtbot, session: EditSession) -> None:
    qtbot.waitUntil(lambda: not session.dirty and not session.background_saving(), timeout=15_000)


def test_a_big_report_autosaves_off_the_ui_thread(qtbot, store, new_report, sessions, save_threads):
    report_id = new_report("ct20.province", {"clusters": {"wastewater": _rows(2000)}})
    session = _session(sessions, store, report_id)
    assert table_rows(session.values) >= 2000 > BACKGROUND_ROWS
    session.edit_cells(TABLE, [(1999, "name", "Cụm CN Hòa Mạc")], "Cụm CN Hòa Mạc")
    _saved(qtbot, session)
    assert save_threads and save_threads[-1] != threading.get_ident()
    assert store.get_values(report_id)["clusters"]["wastewater"][1999]["name"] == "Cụm CN Hòa Mạc"
    last = store.history(report_id)[-1]
    assert last.source == AUTOSAVE and session.base_seq == last.seq == session.last_saved_seq


def test_a_small_report_autosaves_on_the_ui_thread_as_before(qtbot, store, new_report, sessions, save_threads):
    report_id = new_report("ct20.province", {"clusters": {"wastewater": _rows(3)}})
    session = _session(sessions, store, report_id)
    session.edit_cells(TABLE, [(0, "name", "Cụm CN Quang Minh")], "Cụm CN Quang Minh")
    _saved(qtbot, session)
    assert len(save_threads) == 2 and set(save_threads) == {threading.get_ident()}  # made, edited
    assert store.history(report_id)[-1].source == AUTOSAVE


def test_what_is_typed_during_a_background_save_is_saved_next(qtbot, store, new_report, sessions):
    report_id = new_report("ct20.province", {"clusters": {"wastewater": _rows(1200)}})
    session = _session(sessions, store, report_id)
    with store.shared.lock:  # the worker's write waits here while the user types on
        session.edit_cells(TABLE, [(0, "name", "Một")], "Một")
        qtbot.waitUntil(session.background_saving, timeout=5000)
        session.edit_cells(TABLE, [(1, "name", "Hai")], "Hai")
        assert session.dirty
    _saved(qtbot, session)
    rows = store.get_values(report_id)["clusters"]["wastewater"]
    assert (rows[0]["name"], rows[1]["name"]) == ("Một", "Hai")
    assert store.current_seq(report_id) == session.base_seq


def test_a_save_the_user_asks_for_waits_for_the_background_one(qtbot, store, new_report, sessions):
    report_id = new_report("ct20.province", {"clusters": {"wastewater": _rows(1200)}})
    session = _session(sessions, store, report_id)
    with store.shared.lock:
        session.edit_cells(TABLE, [(0, "name", "Một")], "Một")
        qtbot.waitUntil(session.background_saving, timeout=5000)
        session.edit_cells(TABLE, [(1, "name", "Hai")], "Hai")
    assert session.save_now() is True  # Ctrl+S: the running save ends, then this one is made
    assert not session.background_saving()
    qtbot.wait(50)  # the worker's late signal changes nothing
    assert not session.dirty and session.base_seq == store.current_seq(report_id)
    history = store.history(report_id)
    assert [e.source for e in history[-2:]] == [AUTOSAVE, "ui"]
    rows = store.get_values(report_id)["clusters"]["wastewater"]
    assert (rows[0]["name"], rows[1]["name"]) == ("Một", "Hai")


def test_a_report_changed_elsewhere_is_merged_on_the_ui_thread(qtbot, store, new_report, sessions):
    report_id = new_report("ct20.province", {"clusters": {"wastewater": _rows(800)}})
    session = _session(sessions, store, report_id)
    notices: list[str] = []
    session.notice.connect(notices.append)
    session.edit_cells(TABLE, [(5, "name", "Gõ ở đây")], "Gõ ở đây")
    elsewhere = store.get_values(report_id)
    elsewhere["clusters"]["wastewater"][700]["commune"] = "Xã Tiên Ngoại"
    store.save_values(report_id, elsewhere, source="cli")  # before the autosave timer fires
    _saved(qtbot, session)
    rows = store.get_values(report_id)["clusters"]["wastewater"]
    assert rows[5]["name"] == "Gõ ở đây" and rows[700]["commune"] == "Xã Tiên Ngoại"
    assert len(notices) == 1  # the user is told both changes were kept


def test_the_history_names_an_autosave_in_words():
    from desktop.ui.editor.history_dialog import describe_source

    assert describe_source(AUTOSAVE, None) not in ("", AUTOSAVE)
    assert describe_source(AUTOSAVE, None) != describe_source("ui", None)


def test_a_base_version_thinned_by_another_window_still_merges(qtbot, store, new_report, sessions):
    """Two windows on one report: the second's autosaves thin the first one's base version away."""
    report_id = new_report("ct20.province")
    first = _session(sessions, store, report_id)
    second = _session(sessions, store, report_id)
    first.edit_field("difficulties", "Thiếu kinh phí.")
    assert first.save_now(AUTOSAVE)
    base = first.base_seq  # an autosave
    first.edit_field("difficulties", "Thiếu kinh phí quan trắc.")
    first._autosave.stop()  # still unsaved while the other window works
    for n in range(KEEP_NEWEST + 10):
        second.edit_field("proposals", f"Kiến nghị số {n}")
        second.end_typing()
        assert second.save_now(AUTOSAVE)
    assert base not in {e.seq for e in store.history(report_id)}  # thinned
    asked: list = []
    first.ask_keep_mine = lambda conflicts: asked.append(conflicts) or True
    assert first.save_now(AUTOSAVE) and first.save_error is None
    # merged onto entry 1: the field this window changed twice is asked about, and kept
    assert [[c.field_path for c in conflicts] for conflicts in asked] == [["difficulties"]]
    values = store.get_values(report_id)
    assert values["difficulties"] == "Thiếu kinh phí quan trắc."
    assert values["proposals"] == f"Kiến nghị số {KEEP_NEWEST + 9}"


class Label(str):
    """A str subclass: JSON writes it, marshal refuses it."""


def test_values_marshal_cannot_copy_are_saved_on_the_ui_thread(qtbot, store, new_report, sessions, save_threads):
    report_id = new_report("ct20.province", {"clusters": {"wastewater": _rows(800)}})
    session = _session(sessions, store, report_id)
    session.values["clusters"]["wastewater"][3]["name"] = Label("Cụm CN Phố Nối")
    session.edit_cells(TABLE, [(4, "name", "Cụm CN Như Quỳnh")], "Cụm CN Như Quỳnh")
    _saved(qtbot, session)
    assert save_threads[-1] == threading.get_ident()
    rows = store.get_values(report_id)["clusters"]["wastewater"]
    assert (rows[3]["name"], rows[4]["name"]) == ("Cụm CN Phố Nối", "Cụm CN Như Quỳnh")
