"""Every save may carry the version it was based on; a save over a newer one is refused, and the
three-way merge keeps both sides' changes where they do not touch the same value."""

from __future__ import annotations

import pytest

from desktop.store import ReportChangedError, Store
from desktop.store.merge import merge3, take_theirs
from tests.store.helpers import new_report


def test_a_save_based_on_an_older_version_is_refused(store: Store) -> None:
    report_id = new_report(store, {"a": 1})
    values, seq = store.values_with_seq(report_id)
    assert (values, seq) == ({"a": 1}, 1)
    assert store.save_values(report_id, {"a": 2}, base_seq=seq) == 2  # nobody else saved: fine
    with pytest.raises(ReportChangedError) as refused:
        store.save_values(report_id, {"a": 3}, base_seq=seq)  # based on version 1, the store has 2
    assert (refused.value.base_seq, refused.value.current_seq) == (1, 2)
    assert "changed elsewhere" in refused.value.render("en")
    assert store.get_values(report_id) == {"a": 2} and store.current_seq(report_id) == 2
    assert store.save_values(report_id, {"a": 3}) == 3  # without a version: as before


def test_changes_to_different_values_are_both_kept() -> None:
    base = {"document": {"number": "1", "place": "Huế"}, "rows": [{"a": 1, "b": 2}, {"a": 3, "b": 4}]}
    mine = {"document": {"number": "2", "place": "Huế"}, "rows": [{"a": 10, "b": 2}, {"a": 3, "b": 4}]}
    theirs = {"document": {"number": "1", "place": "Hà Nội"}, "rows": [{"a": 1, "b": 2}, {"a": 3, "b": 40}],
              "new": "x"}
    merged, conflicts = merge3(base, mine, theirs)
    assert conflicts == []
    assert merged == {"document": {"number": "2", "place": "Hà Nội"},
                      "rows": [{"a": 10, "b": 2}, {"a": 3, "b": 40}], "new": "x"}


def test_the_same_value_changed_on_both_sides_is_a_conflict() -> None:
    base = {"document": {"number": "1"}, "rows": [{"a": 1}], "gone": "y"}
    mine = {"document": {"number": "2"}, "rows": [{"a": 2}], "gone": "y"}
    theirs = {"document": {"number": "3"}, "rows": [{"a": 3}]}  # and removed "gone"
    merged, conflicts = merge3(base, mine, theirs)
    assert [(c.field_path, c.row, c.mine, c.theirs) for c in conflicts] == [
        ("document.number", None, "2", "3"), ("rows", 0, 2, 3)]
    assert merged == {"document": {"number": "2"}, "rows": [{"a": 2}]}  # "gone": removed by them only
    assert take_theirs(merged, conflicts) == theirs


def test_tables_of_different_lengths_merge_as_a_whole() -> None:
    base = {"rows": [{"a": 1}]}
    mine = {"rows": [{"a": 1}, {"a": 2}]}
    theirs = {"rows": [{"a": 1}, {"a": 9}, {"a": 8}]}
    merged, conflicts = merge3(base, mine, theirs)
    assert [c.field_path for c in conflicts] == ["rows"] and merged == mine
    assert merge3(base, mine, base) == (mine, [])



def test_a_fill_never_reverts_a_save_made_while_it_merged(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`fill_report` (the CLI's `report fill`) reads the values, merges the file into them and
    saves; an editor's save landing in between is kept, the file merged onto it."""
    from desktop.reporting.reports import create_report, fill_report

    db = tmp_path / "ct20.sqlite3"
    with Store.open(db) as cli, Store.open(db) as editor:
        report_id = create_report(cli, form_id="ct20.province", org_id="so-ct-ha-noi", period="2025")

        def editor_saves_meanwhile(_store: object) -> None:  # after the fill read, before it writes
            values, seq = editor.values_with_seq(report_id)
            values["proposals"] = "typed in the editor"
            editor.save_values(report_id, values, source="ui", base_seq=seq)

        cli.before_first_write = editor_saves_meanwhile
        fill_report(cli, report_id, {"difficulties": "from the values file"})
        final = cli.get_values(report_id)
    assert final["proposals"] == "typed in the editor"
    assert final["difficulties"] == "from the values file"
