"""`report fill` applies normalize's character rule: marks removed, controls and bidi refused naming
the field, and a refused file changes nothing."""

from __future__ import annotations

from tests.cli.conftest import write_json
from tests.cli.test_cli import new_report, snapshot


def test_fill_removes_invisible_marks(ct20, tmp_path):
    report_id = new_report(ct20)
    values = {"clusters": {"wastewater": [{"name": "\ufeffCCN\u200d Gián\u2060 Khẩu\u200b"}]}}
    assert ct20("report", "fill", report_id, "--from", str(write_json(tmp_path / "v.json", values))).code == 0
    assert ct20("report", "show", report_id).json["clusters"]["wastewater"] == [{"name": "CCN Gián Khẩu"}]


def test_fill_refuses_controls_and_direction_overrides_naming_the_field(ct20, db, tmp_path):
    report_id = new_report(ct20)
    before = snapshot(db, report_id)
    for text, code in (("CCN\u202eA", "U+202E"), ("CCN\x0bA\x01", "U+0001"), ("\u2066CCN", "U+2066")):
        values = {"clusters": {"wastewater": [{"name": "Cụm đúng"}, {"name": text}]}}
        refused = ct20("--lang", "en", "report", "fill", report_id, "--from",
                       str(write_json(tmp_path / "v.json", values)))
        assert refused.code == 2, refused.err
        assert "clusters.wastewater[1].name" in refused.err and code in refused.err
        assert "“Industrial cluster”" in refused.err, refused.err
        assert snapshot(db, report_id) == before


def test_fill_refuses_more_rows_than_the_table_takes_with_the_count(ct20, db, tmp_path):
    report_id = new_report(ct20)
    before = snapshot(db, report_id)
    values = {"clusters": {"wastewater": [{"name": f"CCN {i}"} for i in range(2001)]}}
    refused = ct20("--lang", "en", "report", "fill", report_id, "--from", str(write_json(tmp_path / "v.json", values)))
    assert refused.code == 2 and "Too many rows (2001); at most 2000." in refused.err, refused.err
    assert snapshot(db, report_id) == before
    values["clusters"]["wastewater"].pop()
    assert ct20("report", "fill", report_id, "--from", str(write_json(tmp_path / "v.json", values))).code == 0
