"""Every rule of forms.md: one case that triggers it and one that does not."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.forms import Context, get_form, validate
from desktop.forms.values import delete_path, get_path, set_path
from tests.forms.samples import BASELINES

DEADLINES = {
    "ct20.province": dt.date(2025, 11, 15),
    "ct20.enterprise": dt.date(2025, 11, 15),
    "ct20.ministry-unit": dt.date(2025, 11, 20),
    "kh1375.unit": None,
}


def S(path, value):
    def apply(values):
        set_path(values, path, value)
    return apply


def D(path):
    def apply(values):
        delete_path(values, path)
    return apply


def R(table, index, column, value):
    def apply(values):
        row = values
        for part in table.split("."):
            row = row[part]
        row = row[index]
        if value is None:
            row.pop(column, None)
        else:
            row[column] = value
    return apply


def both(*steps):
    def apply(values):
        for step in steps:
            step(values)
    return apply


P, E, M, K = "ct20.province", "ct20.enterprise", "ct20.ministry-unit", "kh1375.unit"
W_ROWS = "clusters.wastewater"

# (form, path of the issue, severity, mutation that triggers, mutation that does not)
CASES = [
    # the document header, common to every form
    *[(form, "document.number", "E", D("document.number"), S("document.number", "1/BC")) for form in BASELINES],
    (P, "document.date", "E", D("document.date"), S("document.date", "2025-11-01")),
    (P, "document.date", "W", S("document.date", "2025-11-16"), S("document.date", "2025-11-15")),
    (M, "document.date", "W", S("document.date", "2025-11-21"), S("document.date", "2025-11-20")),
    (P, "document.signer_name", "E", D("document.signer_name"), S("document.signer_name", "Lê Văn C")),
    (P, "document.signer_title", "E", D("document.signer_title"), S("document.signer_title", "GIÁM ĐỐC")),
    (P, "document.head_title", "E", both(S("document.authority", "tl"), D("document.head_title")),
     both(S("document.authority", "none"), D("document.head_title"))),
    (P, "contact.email", "E", S("contact.email", "binh.ninhbinh.gov.vn"), S("contact.email", "a@b.vn")),
    # ct20.province
    (P, "program.plan_status", "E", D("program.plan_status"), S("program.plan_status", "drafting")),
    (P, "program.plan_document", "E", D("program.plan_document"),
     both(S("program.plan_status", "drafting"), D("program.plan_document"))),
    (P, "program.plan_date", "E", D("program.plan_date"),
     both(S("program.plan_status", "not_started"), D("program.plan_date"))),
    (P, "program.plan_date", "E", S("program.plan_date", "2025-11-11"), S("program.plan_date", "2025-11-10")),
    (P, "program.activities", "E", D("program.activities"), S("program.activities", "Có")),
    (P, "clusters.established", "E", D("clusters.established"), S("clusters.established", 3)),
    (P, "clusters.operating", "E", D("clusters.operating"), S("clusters.operating", 3)),
    (P, "clusters.operating", "E", S("clusters.established", 2), S("clusters.established", 3)),
    (P, W_ROWS, "W", S("clusters.operating", 2), S("clusters.operating", 3)),
    (P, "clusters.monitoring_installed", "W", S("clusters.monitoring_installed", 11),
     S("clusters.monitoring_installed", 10)),
    (P, "clusters.monitoring_transmitting", "E", S("clusters.monitoring_transmitting", 9),
     S("clusters.monitoring_transmitting", 8)),
    (P, "clusters.summary", "E", D("clusters.summary"), S("clusters.summary", "Tốt")),
    (P, f"{W_ROWS}[1].name", "E", R(W_ROWS, 1, "name", None), R(W_ROWS, 1, "name", "CCN Gián Khẩu")),
    (P, f"{W_ROWS}[2].name", "W", R(W_ROWS, 2, "name", "cụm CÔNG nghiệp  số 1"), R(W_ROWS, 2, "name", "Cụm số 1b")),
    (P, f"{W_ROWS}[0].wwtp_status", "E", R(W_ROWS, 0, "wwtp_status", None), R(W_ROWS, 0, "wwtp_status", "operating")),
    (P, f"{W_ROWS}[0].design_capacity_m3d", "E", R(W_ROWS, 0, "design_capacity_m3d", None),
     both(R(W_ROWS, 0, "wwtp_status", "planned"), R(W_ROWS, 0, "design_capacity_m3d", None),
          R(W_ROWS, 0, "actual_flow_m3d", None))),
    (P, f"{W_ROWS}[0].design_capacity_m3d", "E",
     both(R(W_ROWS, 0, "wwtp_status", "suspended"), R(W_ROWS, 0, "design_capacity_m3d", 0),
          R(W_ROWS, 0, "actual_flow_m3d", None)),
     both(R(W_ROWS, 0, "wwtp_status", "suspended"), R(W_ROWS, 0, "design_capacity_m3d", 0.5),
          R(W_ROWS, 0, "actual_flow_m3d", None))),
    (P, f"{W_ROWS}[0].actual_flow_m3d", "E",
     both(R(W_ROWS, 0, "wwtp_status", "none"), R(W_ROWS, 0, "design_capacity_m3d", None), R(W_ROWS, 0, "actual_flow_m3d", 5)),
     both(R(W_ROWS, 0, "wwtp_status", "none"), R(W_ROWS, 0, "design_capacity_m3d", None), R(W_ROWS, 0, "actual_flow_m3d", 0))),
    (P, f"{W_ROWS}[0].actual_flow_m3d", "W", R(W_ROWS, 0, "actual_flow_m3d", 1500.5), R(W_ROWS, 0, "actual_flow_m3d", 1500)),
    (P, f"{W_ROWS}[0].actual_flow_m3d", "W", R(W_ROWS, 0, "actual_flow_m3d", 799), R(W_ROWS, 0, "actual_flow_m3d", 800)),
    (P, f"{W_ROWS}[0].actual_flow_m3d", "W",
     R(W_ROWS, 0, "actual_flow_m3d", 700),
     both(R(W_ROWS, 0, "wwtp_status", "suspended"), R(W_ROWS, 0, "actual_flow_m3d", 700))),
    (P, f"{W_ROWS}[0].data_transmitted", "E", R(W_ROWS, 0, "auto_monitoring", "no"), R(W_ROWS, 0, "auto_monitoring", "yes")),
    (P, f"{W_ROWS}[0].occupancy_pct", "E", R(W_ROWS, 0, "occupancy_pct", 100.5), R(W_ROWS, 0, "occupancy_pct", 100)),
    (P, f"{W_ROWS}[0].area_ha", "E", R(W_ROWS, 0, "area_ha", -1), R(W_ROWS, 0, "area_ha", 0)),
    (P, f"{W_ROWS}[0].note", "E", R(W_ROWS, 0, "note", "x" * 501), R(W_ROWS, 0, "note", "x" * 500)),
    (P, "imports.summary", "E", D("imports.summary"), S("imports.summary", "Tốt")),
    (P, "communication.participants", "W", S("communication.events", 0), S("communication.participants", 0)),
    (P, "communication.participants", "W", S("communication.events", 0),
     both(S("communication.events", 0), D("communication.participants"))),
    (P, "difficulties", "E", D("difficulties"), S("difficulties", "Không")),
    (P, "proposals", "E", S("proposals", "x" * 20001), S("proposals", "x" * 20000)),
    (P, "clusters.inspections", "E", S("clusters.inspections", -3), S("clusters.inspections", 0)),
    # ct20.enterprise
    (E, "plan.approach", "E", D("plan.approach"), S("plan.approach", "integrated")),
    (E, "plan.document", "E", D("plan.document"), both(S("plan.approach", "not_yet"), D("plan.document"))),
    (E, "plan.date", "E", D("plan.date"), both(S("plan.approach", "not_yet"), D("plan.date"))),
    (E, "plan.summary", "E", D("plan.summary"), S("plan.summary", "Có")),
    (E, "facilities", "E", S("facilities", []), S("facilities", [{"name": "A", "province": "ha-noi",
                                                                  "sector": "beverage", "permit": "not_required"}])),
    (E, "facilities[0].name", "E", R("facilities", 0, "name", None), R("facilities", 0, "name", "Nhà máy Bãi Bằng")),
    (E, "facilities[0].province", "E", R("facilities", 0, "province", None), R("facilities", 0, "province", "ha-noi")),
    (E, "facilities[0].province", "E", R("facilities", 0, "province", "ha-nam"), R("facilities", 0, "province", "ninh-binh")),
    (E, "facilities[0].sector", "E", R("facilities", 0, "sector", None), R("facilities", 0, "sector", "other")),
    (E, "facilities[0].permit", "E", R("facilities", 0, "permit", None), R("facilities", 0, "permit", "in_progress")),
    (E, "facilities[0].solid_waste_recycled_t", "W", R("facilities", 0, "solid_waste_recycled_t", 501),
     R("facilities", 0, "solid_waste_recycled_t", 500)),
    (E, "facilities[0].hazardous_waste_transferred_t", "W", R("facilities", 0, "hazardous_waste_transferred_t", 20.001),
     R("facilities", 0, "hazardous_waste_transferred_t", 19)),
    (E, "facilities[0].ash_slag_gypsum_reused_t", "W", R("facilities", 0, "ash_slag_gypsum_reused_t", 1001),
     R("facilities", 0, "ash_slag_gypsum_reused_t", 1000)),
    (E, "facilities[1].wastewater_treated_pct", "E", R("facilities", 1, "wastewater_treated_pct", 101),
     R("facilities", 1, "wastewater_treated_pct", 99.5)),
    (E, "cleaner_production.measures", "E", D("cleaner_production.measures"), S("cleaner_production.measures", "Có")),
    (E, "communication.participants", "W", S("communication.events", 0), S("communication.events", 1)),
    (E, "difficulties", "E", D("difficulties"), S("difficulties", "Không")),
    # ct20.ministry-unit
    (M, "tasks[0].status", "E", R("tasks", 0, "status", None), R("tasks", 0, "status", "recurring")),
    (M, "tasks[0].result", "E", R("tasks", 0, "result", None),
     both(R("tasks", 0, "status", "not_started"), R("tasks", 0, "result", None))),
    (M, "tasks[1].outputs", "W", R("tasks", 1, "outputs", None),
     both(R("tasks", 1, "status", "in_progress"), R("tasks", 1, "outputs", None))),
    # kh1375.unit
    (K, "targets.sources_inventoried_pct.achieved", "W", S("targets.sources_inventoried_pct.achieved", 69.9),
     S("targets.sources_inventoried_pct.achieved", 70)),
    (K, "targets.ash_slag_gypsum_reused_pct.achieved", "W", S("targets.ash_slag_gypsum_reused_pct.achieved", 79),
     S("targets.ash_slag_gypsum_reused_pct.achieved", 80)),
    (K, "targets.enterprises_trained_pct.achieved", "W", S("targets.enterprises_trained_pct.achieved", 99),
     S("targets.enterprises_trained_pct.achieved", 100)),
    (K, "priority_tasks[0].result", "E", R("priority_tasks", 0, "result", None),
     both(R("priority_tasks", 0, "status", None), R("priority_tasks", 0, "result", None),
          R("priority_tasks", 0, "outputs", None))),
    (K, "priority_tasks[0].outputs", "W", R("priority_tasks", 0, "outputs", None),
     both(R("priority_tasks", 0, "status", "recurring"), R("priority_tasks", 0, "outputs", None))),
    (K, "difficulties", "E", D("difficulties"), S("difficulties", "Không")),
]


def _issues(form_id, values):
    result = validate(get_form(form_id), values, Context(deadline=DEADLINES[form_id]))
    return {(i.path, i.severity) for i in result.errors + result.warnings}, result


@pytest.mark.parametrize("form_id", list(BASELINES))
def test_baseline_is_clean(form_id):
    issues, _ = _issues(form_id, BASELINES[form_id]())
    assert issues == set()


@pytest.mark.parametrize(("form_id", "path", "severity", "trigger", "quiet"), CASES,
                         ids=[f"{c[0]}:{c[1]}:{c[2]}:{i}" for i, c in enumerate(CASES)])
def test_rule_triggers_and_stays_quiet(form_id, path, severity, trigger, quiet):
    values = BASELINES[form_id]()
    trigger(values)
    issues, result = _issues(form_id, values)
    assert (path, severity) in issues, issues
    message = next(i for i in result.errors + result.warnings if i.path == path)
    assert message.message.render("vi") and message.message.render("en")

    values = BASELINES[form_id]()
    quiet(values)
    issues, _ = _issues(form_id, values)
    assert not any(p == path for p, _sev in issues), issues


def test_table_row_limit_is_an_error():
    values = BASELINES["ct20.province"](rows=2001)
    set_path(values, "clusters.operating", 2001)
    set_path(values, "clusters.established", 2001)
    issues, _ = _issues("ct20.province", values)
    assert ("clusters.wastewater", "E") in issues
    values = BASELINES["ct20.province"](rows=2000)
    set_path(values, "clusters.operating", 2000)
    set_path(values, "clusters.established", 2000)
    issues, _ = _issues("ct20.province", values)
    assert issues == set()


def test_messages_name_the_row_for_users():
    values = BASELINES["ct20.province"]()
    values["clusters"]["wastewater"][12 % 3]["design_capacity_m3d"] = 0
    _, result = _issues("ct20.province", values)
    issue = next(i for i in result.errors if i.path.endswith("design_capacity_m3d"))
    assert issue.row == 0 and issue.column == "design_capacity_m3d" and issue.section == "clusters"
    assert "row 1" in issue.message.render("en")


def test_values_of_wrong_type_in_a_stored_report_are_errors_not_crashes():
    values = BASELINES["ct20.province"]()
    values["clusters"]["operating"] = "ba"
    values["clusters"]["wastewater"][0] = "not a row"
    values["program"]["plan_status"] = "maybe"
    issues, _ = _issues("ct20.province", values)
    assert {("clusters.operating", "E"), ("clusters.wastewater[0]", "E"), ("program.plan_status", "E")} <= issues


@pytest.mark.parametrize(("form_id", "choice", "dependent", "table_row"), [
    (E, "plan.approach", "plan.document", None),
    (E, "plan.approach", "plan.date", None),
    (P, "auto_monitoring", "data_transmitted", 0),
])
def test_a_conditional_rule_waits_while_the_choice_is_not_made(form_id, choice, dependent, table_row):
    """Issue 14.6: nothing fires while the choice is still "(chưa chọn)"; it fires once an answer is given."""
    values = BASELINES[form_id]()
    if table_row is None:
        delete_path(values, choice)
        delete_path(values, dependent)
        path = dependent
    else:
        R(W_ROWS, table_row, choice, None)(values)
        R(W_ROWS, table_row, dependent, True)(values)  # a value the rule would forbid once "no" is chosen
        path = f"{W_ROWS}[{table_row}].{dependent}"
    issues, _ = _issues(form_id, values)
    assert not any(p == path for p, _sev in issues), issues
    if table_row is None:
        set_path(values, choice, "separate_plan")
    else:
        R(W_ROWS, table_row, choice, "no")(values)
    issues, _ = _issues(form_id, values)
    assert (path, "E") in issues, issues


def _cell_by_cell(form, values, context):  # type: ignore[no-untyped-def]
    """The rules as `check` states them, applied to every cell of every table, one at a time: what
    `validate` finds in a table, quicker, must be exactly this (uniqueness apart: across rows)."""
    from desktop.forms.rules import _Validator
    from desktop.forms.values import get_path

    checker = _Validator(form, values, context)
    for top in form.fields.values():
        value = get_path(values, top.key)
        checker.check(top, top, top.key, value, None)
        if top.is_table and isinstance(value, list):
            checker.scope.table = top
            for index, row in enumerate(value):
                checker.scope.row = row
                for column in top.columns:
                    checker.check(column, top, None, row.get(column.key), index)
            checker.scope.table = checker.scope.row = None
    return checker.result


def _seen(result, lang="vi"):  # type: ignore[no-untyped-def]
    return [(i.path, i.severity, i.code, i.row, i.column, i.message.render(lang))
            for i in result.errors + result.warnings if i.code != "unique"]


@pytest.mark.parametrize("form_id", sorted(BASELINES))
def test_every_table_cell_is_judged_as_check_judges_it_alone(form_id):
    """Each column of each table, in turn empty, blank, of the wrong type, False, zero, negative or
    another row's value, next to the baseline's rows: `validate` (which skips, per cell, the rules
    that cannot find anything there) reports exactly what checking every cell on its own does."""
    import copy

    form = get_form(form_id)
    values = BASELINES[form_id]()
    context = Context(deadline=DEADLINES[form_id])
    odd = (None, "", "x", False, True, 0, -1, 10**9, 1.5, "2025-02-30", [], "1.234,5", -0.5, 7)
    for table in (f for f in form.fields.values() if f.is_table):
        from desktop.forms.values import get_path

        rows = get_path(values, table.key)
        if not isinstance(rows, list) or not rows:
            continue
        mutated = copy.deepcopy(values)
        target = get_path(mutated, table.key)
        base = copy.deepcopy(rows[0])
        for column in table.columns:
            for value in odd:
                row = copy.deepcopy(base)
                if value is None:
                    row.pop(column.key, None)
                else:
                    row[column.key] = value
                target.append(row)
        found = validate(form, mutated, context)
        assert _seen(found) == _seen(_cell_by_cell(form, mutated, context))
        assert len(found.errors) + len(found.warnings) > len(table.columns)  # the odd cells were judged


def _cell_fails(checker, column, value):  # type: ignore[no-untyped-def]
    """The per-cell test `plain_failures` stands for: False only for a value present, of the
    column's type and within its length or bounds (one cell, written out plainly)."""
    import math

    t = column.type
    if t in ("text", "longtext"):
        return not (type(value) is str and value != "" and (not column.max_length or len(value) <= column.max_length))
    if t in ("int", "decimal", "percent"):
        kinds = (int,) if t == "int" else (int, float)
        low = -math.inf if column.min is None else column.min
        high = math.inf if column.max is None else column.max
        return not (type(value) in kinds and low <= value <= high)
    if t == "date":
        from desktop.forms.rules_columns import is_date

        return not (type(value) is str and is_date(value))
    if t == "bool":
        return type(value) is not bool
    if t == "choice":
        return not (type(value) is str and value in checker.options(column))
    return True


@pytest.mark.parametrize("form_id", sorted(BASELINES))
def test_a_column_tested_whole_fails_exactly_the_cells_that_fail_alone(form_id):
    """`plain_failures` first tests a column whole with built-ins (min, max, a set of types): for
    columns all sound, all sound but one, with NaN, infinities, booleans among numbers, str
    subclasses and gaps, the positions it returns are those a test of each cell alone fails."""
    import random

    from desktop.forms.rules import _Validator
    from desktop.forms.rules_columns import plain_failures

    class Text(str):
        pass

    form = get_form(form_id)
    checker = _Validator(form, BASELINES[form_id](), Context(deadline=DEADLINES[form_id]))
    rng = random.Random(20)
    odd = [None, "", "x", Text("x"), False, True, 0, -1, 10**12, 1.5, -0.5, float("nan"), float("inf"),
           float("-inf"), "2025-02-30", "2025-02-28", [], {}, "ab" * 300]
    for table in (f for f in form.fields.values() if f.is_table):
        for column in table.columns:
            sound = [v for v in odd if not _cell_fails(checker, column, v)]
            sound += [o.key for o in column.options] if column.type == "choice" else []
            columns = [[], [None] * 5]
            if sound:
                columns += [[rng.choice(sound) for _ in range(40)] for _ in range(3)]
                columns += [[rng.choice(sound) for _ in range(20)] + [value] + [rng.choice(sound) for _ in range(5)]
                            for value in odd]
            columns += [[rng.choice(odd) for _ in range(30)] for _ in range(5)]
            for values in columns:
                expected = [at for at, value in enumerate(values) if _cell_fails(checker, column, value)]
                assert plain_failures(column, values, checker.options) == expected, (column.key, values)


def test_the_key_of_a_unique_column_is_fold():
    """A "unique" column's values repeat each other when `fold` makes them equal: its quicker key
    for Vietnamese text is fold's, on Vietnamese, other Latin, Greek, CJK and spacing alike."""
    import random

    from desktop.forms.fold import fold
    from desktop.forms.rules_columns import unique_key, unique_keys

    texts = ["Cụm công nghiệp số 1", "CỤM CÔNG NGHIỆP  SỐ 1 ", "Đà Nẵng", "đường Ơn Ưng", "straße", "ﬁ",
             "\u212a", "a\u034fb", "e\u0301", "東京", "İstanbul", "x\u0345y", "ΣΑΣ", " \t ", "", "a\u00a0b", "a\u2003b"]
    rng = random.Random(16)
    pool = [chr(c) for c in [*range(0x20, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00), 0x2003, 0xA0, 0x3000]]
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(0, 12))) for _ in range(20000)]
    assert [unique_key(t) for t in texts] == [fold(t) for t in texts]
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ 0123456789-/"
    vietnamese = ["".join(rng.choice(letters) for _ in range(rng.randint(0, 30))) for _ in range(3000)]
    vietnamese += ["Cụm công nghiệp số 1", "CỤM  CÔNG NGHIỆP SỐ 1 ", "Đà Nẵng", "đường Ơn Ưng", ""]
    for batch in (texts, vietnamese, [*vietnamese, "a\0b"], [*vietnamese, "東京"], [], [""], ["", ""]):
        assert unique_keys(batch) == [fold(t) for t in batch]


def test_a_condition_made_once_for_a_table_holds_where_the_scope_says_it_holds():
    """`row_condition` (made once per table) agrees with `_Scope.holds` (asked per row) for every
    kind of condition, on a column of the row or on another field, on odd values too."""
    from desktop.forms.rules import _Validator
    from desktop.forms.rules_columns import row_condition

    form = get_form("ct20.province")
    values = BASELINES["ct20.province"]()
    table = form.field("clusters.wastewater")
    checker = _Validator(form, values, Context())
    leaves = [{"field": "wwtp_status", "in": ["operating", "none"]}, {"field": "wwtp_status", "not_in": ["none"]},
              {"field": "actual_flow_m3d", "present": True}, {"field": "actual_flow_m3d", "present": False},
              {"field": "actual_flow_m3d", "op": ">", "value": 10}, {"field": "clusters.operating", "op": ">=", "value": 1},
              {"field": "clusters.operating", "in": [0]}, {"field": "program.plan_status", "not_in": ["x"]}]
    conditions = [*leaves, {"all": leaves[:2]}, {"any": leaves[2:4]}, {"all": []}, {"any": []},
                  {"all": [leaves[5], {"any": [leaves[6], leaves[0]]}]}, {"any": [leaves[6], leaves[4]]}]
    rows = [{}, {"wwtp_status": "operating", "actual_flow_m3d": 20}, {"wwtp_status": "none", "actual_flow_m3d": "x"},
            {"wwtp_status": "", "actual_flow_m3d": 0}, {"wwtp_status": None, "actual_flow_m3d": [1]}]
    checker.scope.table = table
    for cond in conditions:
        test = row_condition(cond, table, values)
        for row in rows:
            checker.scope.row = row
            made = test if isinstance(test, bool) else test(row)
            assert bool(made) == bool(checker.scope.holds(cond)), (cond, row)


def test_a_comparison_found_holding_with_built_ins_is_one_apply_finds_nothing_in():
    """`compare_failures` leaves out only cells where `apply` would find nothing: numbers, NaN,
    infinities, the other column empty, of text or a boolean."""
    from desktop.forms.rules import _Validator
    from desktop.forms.rules_columns import compare_failures

    form = get_form("ct20.province")
    table = form.field("clusters.wastewater")
    column = table.column("actual_flow_m3d")
    numbers = [0, 1, 1200, 1500, 2.5, float("nan"), float("inf"), -float("inf"), 10**12]
    others = [*numbers, None, "x", True, False]
    rows = [{"actual_flow_m3d": left, "design_capacity_m3d": right, "wastewater_m3d": right}
            for left in numbers for right in others]
    values = [row["actual_flow_m3d"] for row in rows]
    for rule in column.rules:
        if rule.check != "compare":
            continue
        checker = _Validator(form, {}, Context())
        kept = set(compare_failures(rule, table, values, rows, range(len(rows))))
        checker.scope.table = table
        for at, row in enumerate(rows):
            checker.scope.row = row
            before = len(checker.result.errors) + len(checker.result.warnings)
            checker.apply(rule, column, table, None, values[at], at)
            if len(checker.result.errors) + len(checker.result.warnings) > before:
                assert at in kept, (rule, row)


@pytest.mark.parametrize("form_id", sorted(BASELINES))
def test_validation_in_steps_finds_what_validate_finds_a_table_column_at_a_time(form_id):
    """The editor's first checks run a step at a time (issue 16): the same issues, in the same
    order, with one step per column of every table that has rows."""
    from desktop.forms.rules import validate_in_steps

    form = get_form(form_id)
    values = BASELINES[form_id]()
    tables = [f for f in form.fields.values() if f.is_table]
    for table in tables:  # a row with a wrong value in each table
        rows = list(get_path(values, table.key) or [{}])
        set_path(values, table.key, [*rows, {column.key: "?" for column in table.columns}])
    steps = validate_in_steps(form, values, Context())
    count = 0
    while True:
        try:
            next(steps)
            count += 1
        except StopIteration as done:
            stepped = done.value
            break
    whole = validate(form, values)
    assert stepped.to_json() == whole.to_json() and whole.errors
    assert count == sum(len(table.columns) for table in tables)
