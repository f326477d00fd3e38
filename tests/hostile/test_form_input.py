"""Hostile input through the form engine: every case ends in a stored value or a clear refusal.

A refusal is an InputError (or another LocalizedError) whose message renders in both languages
and can be printed; any other exception is a bug. A refused fill changes nothing in the store.
"""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.forms import Context, coerce_values, compute_derived, get_form, merge_values, validate
from desktop.forms.values import DELETE
from desktop.i18n import DEFAULT_LANGUAGE, LANGUAGES, LocalizedError, set_language
from desktop.reporting.reports import create_report, fill_report, validate_report
from desktop.store import Store, codec
from tests.export.reports import FORMS, PERIODS
from tests.hostile.strategies import junk, values_input

BOUNDED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                            HealthCheck.data_too_large])


def assert_clear(error: LocalizedError) -> None:
    """The refusal says something in every language (it may quote the bad input back)."""
    for lang in LANGUAGES:
        assert error.render(lang).strip()


def assert_storable(value: object) -> None:
    """What would be stored is canonical JSON: finite numbers, valid UTF-8, NFC text."""
    text = codec.dumps(value)
    text.encode("utf-8")
    assert codec.loads(text) == value
    assert unicodedata.is_normalized("NFC", text), "stored text must be NFC"


def store_snapshot(store: Store) -> str:
    """Everything the store holds, as one digest (values, history, reports, audit, packages)."""
    digest = hashlib.sha256()
    for table in ("reports", "report_values", "report_history", "audit_log", "packages", "profile", "settings"):
        for row in store.shared.raw.execute(f"SELECT * FROM {table} ORDER BY rowid"):  # fixed table names
            digest.update(repr(row).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@pytest.mark.parametrize("form_id", sorted(FORMS))
def test_coerce_then_validate_never_raises_anything_else(form_id: str) -> None:
    form = get_form(form_id)

    @BOUNDED
    @given(data=values_input(form_id), lang=st.sampled_from(["vi", "en"]))
    def check(data: object, lang: str) -> None:
        try:
            changes = coerce_values(form, data, lang=lang)
        except LocalizedError as error:
            assert_clear(error)
            return
        for path, value in changes.items():
            assert path in form.fields
            if value is not DELETE:
                assert_storable(value)
                assert not (isinstance(value, float) and not math.isfinite(value))
        merged, _changed = merge_values({}, changes)
        assert_storable(merged)
        result = validate(form, merged, Context())
        for issue in result.errors + result.warnings:
            for lang_ in LANGUAGES:
                issue.message.render(lang_).encode("utf-8")
        compute_derived(form, merged)

    check()


def as_stored(value: object) -> object:
    """What a store can hold: the JSON text it keeps, read back (None if it could not keep it)."""
    try:
        return codec.loads(codec.dumps(value))
    except (TypeError, ValueError):
        return None


def test_validate_survives_junk_stored_values() -> None:
    """A store edited by hand or written by a bug: the checks report it, they do not crash."""
    form = get_form("ct20.province")

    @BOUNDED
    @given(values=st.one_of(junk(), st.dictionaries(st.sampled_from(sorted(form.fields)), junk(5))).map(as_stored))
    def check(values: object) -> None:
        result = validate(form, values if isinstance(values, dict) else {}, Context())
        for issue in result.errors + result.warnings:
            issue.message.render("vi")

    check()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "ct20.sqlite3") as opened:
        yield opened


@pytest.mark.parametrize("form_id", ["ct20.province", "ct20.enterprise"])
def test_fill_report_stores_or_refuses_and_a_refusal_changes_nothing(store: Store, form_id: str) -> None:
    report_id = create_report(store, form_id=form_id, org_id=FORMS[form_id], period=PERIODS[form_id])
    outcomes = {"stored": 0, "refused": 0}

    @BOUNDED
    @given(data=values_input(form_id), lang=st.sampled_from(["vi", "en"]))
    def check(data: object, lang: str) -> None:
        before = store_snapshot(store)
        try:
            result = fill_report(store, report_id, data, lang=lang, source="hostile")
        except LocalizedError as error:
            assert_clear(error)
            assert store_snapshot(store) == before, "a refused fill changed the store"
            outcomes["refused"] += 1
            return
        outcomes["stored"] += 1
        stored = store.get_values(report_id)
        assert_storable(stored)
        if result.changed == 0:
            assert store_snapshot(store) == before
        validate_report(store, report_id)
        json.dumps(stored, ensure_ascii=False).encode("utf-8")

    check()
    assert outcomes["stored"] and outcomes["refused"], outcomes  # both paths were really exercised


VALUES_FILES = {
    "surrogate.json": b'{"document": {"number": "15/BC\\ud800"}}',
    "huge-int.json": b'{"program": {"env_industry_enterprises": ' + b"9" * 5000 + b"}}",
    "huge-int-in-text.json": b'{"document": {"number": ' + b"7" * 4400 + b"}}",
    "nan.json": b'{"program": {"env_industry_enterprises": NaN}}',
    "deep.json": b"[" * 100_000 + b"]" * 100_000,
    "utf16.json": '{"document": {"number": "1"}}'.encode("utf-16"),
    "latin1.json": '{"document": {"place": "Hà Nam"}}'.encode("latin-1"),
    "bom.json": b'\xef\xbb\xbf{"document": {"number": "15/BC-SCT"}}',
    "empty.json": b"",
    "not-json.json": b"<html>",
    "long-text.json": ('{"difficulties": "' + "ễ" * 25_000 + '"}').encode(),
    "emoji.json": '{"document": {"place": "Ninh Bình 👍🇻🇳"}}'.encode(),
}


@pytest.mark.parametrize("name", sorted(VALUES_FILES))
def test_the_cli_answers_a_hostile_values_file_in_one_sentence(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ct20 report fill --from FILE`: stored, or refused in plain words; never "Unexpected error"."""
    from desktop.cli import main

    db = tmp_path / "ct20.sqlite3"
    with Store.open(db) as store:
        report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
        before = store_snapshot(store)
    values_file = tmp_path / name
    values_file.write_bytes(VALUES_FILES[name])
    capsys.readouterr()
    try:
        code = main(["--db", str(db), "--lang", "en", "report", "fill", report_id, "--from", str(values_file)])
    finally:
        set_language(DEFAULT_LANGUAGE)  # main() sets the process's language; later tests expect the default
    err = capsys.readouterr().err
    assert "Unexpected error" not in err and "Traceback" not in err, err
    with Store.open(db, readonly=True) as store:
        if code == 0:
            assert_storable(store.get_values(report_id))
        else:
            assert code == 2 and err.strip(), (code, err)
            assert store_snapshot(store) == before


@BOUNDED
@given(raw=st.one_of(st.binary(max_size=200), st.builds(lambda d: json.dumps(d).encode(), junk().map(as_stored))))
def test_reading_any_bytes_as_a_values_file_gives_data_or_a_clear_refusal(raw: bytes) -> None:
    import tempfile

    from desktop.reporting.reports import read_values_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "values.json"
        path.write_bytes(raw)
        try:
            data = read_values_file(path)
        except LocalizedError as error:
            assert_clear(error)
            return
    try:
        coerce_values(get_form("ct20.province"), data)
    except LocalizedError as error:
        assert_clear(error)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_values_file_naming_a_key_twice_is_refused_naming_the_key(
    lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Python would keep the last of the two values without a word, and the officer may have meant
    the first: the fill refuses the file, names the key, and stores nothing."""
    from desktop.cli import main

    db = tmp_path / "ct20.sqlite3"
    with Store.open(db) as store:
        report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
        before = store_snapshot(store)
    values_file = tmp_path / "values.json"
    values_file.write_text('{"document": {"number": "15/BC-SCT", "place": "Ninh Bình", "number": "16/BC-SCT"}}',
                           encoding="utf-8")
    capsys.readouterr()
    try:
        code = main(["--db", str(db), "--lang", lang, "report", "fill", report_id, "--from", str(values_file)])
    finally:
        set_language(DEFAULT_LANGUAGE)
    err = capsys.readouterr().err
    assert code == 2
    assert "“number”" in err and "values.json" in err, err
    assert ("twice" in err) if lang == "en" else ("hai lần" in err), err
    with Store.open(db, readonly=True) as store:
        assert store_snapshot(store) == before
