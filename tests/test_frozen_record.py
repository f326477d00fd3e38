"""`FrozenRecord` (desktop/frozen_record.py): a frozen dataclass made on first use, the same in
every way once used, and never made at all by a start that does not use it."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
import threading
import types
from collections.abc import Callable
from typing import Any, ClassVar

import pytest

from desktop.frozen_record import FrozenRecord
from desktop.record_inits import INITS


class Plain(FrozenRecord):
    name: str
    size: int = 0
    tags: tuple[str, ...] = ()


class Listed(FrozenRecord):
    items: list[int] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class Expected:  # what Plain declares, as the standard library makes it
    name: str
    size: int = 0
    tags: tuple[str, ...] = ()


def _fresh() -> type:
    class Fresh(FrozenRecord):
        a: int
        b: str = "x"

    return Fresh


def test_a_record_class_is_not_made_until_it_is_used() -> None:
    fresh = _fresh()
    assert "__dataclass_fields__" not in fresh.__dict__
    assert "__init__" not in fresh.__dict__
    record = fresh(1)
    assert "__dataclass_fields__" in fresh.__dict__
    assert record.a == 1 and record.b == "x"
    assert type(fresh).__call__ is type.__call__  # made: a call costs what a dataclass's does


def test_it_behaves_as_the_frozen_dataclass_it_declares() -> None:
    record = Plain("a", 3)
    expected = Expected("a", 3)
    assert repr(record) == repr(expected).replace("Expected", "Plain")
    assert record == Plain("a", 3) and record != Plain("a", 4) and record != Plain("b", 3)
    assert hash(record) == hash(Plain("a", 3))
    assert {record, Plain("a", 3)} == {record}
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.size = 4  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del record.name  # type: ignore[misc]
    with pytest.raises(TypeError):
        Plain()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Plain("a", 3, (), 9)  # type: ignore[call-arg]
    assert Plain(name="b", size=2).size == 2
    assert Plain.__match_args__ == ("name", "size", "tags")
    assert Plain.__doc__ == "Plain(name: 'str', size: 'int' = 0, tags: 'tuple[str, ...]' = ())"


def test_the_dataclass_functions_work_before_and_after_first_use() -> None:
    fresh = _fresh()
    assert dataclasses.is_dataclass(fresh)  # asked before any instance: made then
    assert str(inspect.signature(_fresh())) == "(a: 'int', b: 'str' = 'x') -> None"  # before, too
    assert [f.name for f in dataclasses.fields(fresh)] == ["a", "b"]
    record = Plain("a", 1, ("t",))
    assert dataclasses.asdict(record) == {"name": "a", "size": 1, "tags": ("t",)}
    assert dataclasses.replace(record, size=2) == Plain("a", 2, ("t",))
    assert Listed().items == [] and Listed().items is not Listed().items


def test_copies_and_pickles_are_equal_records() -> None:
    record = Plain("a", 1)
    assert copy.copy(record) == record and copy.deepcopy(record) == record
    assert pickle.loads(pickle.dumps(record)) == record


def test_threads_that_use_a_new_class_at_once_make_it_once() -> None:
    fresh = _fresh()
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []
    made: list[object] = []

    def use() -> None:
        barrier.wait()
        try:
            made.append(fresh(1))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(made) == 8 and all(m == fresh(1) for m in made)


def test_a_record_class_cannot_inherit_from_another_or_have_its_own_new() -> None:
    fresh = _fresh()
    for parent in (fresh, Plain):  # not made yet, made
        with pytest.raises(TypeError):
            class Child(parent):  # type: ignore[valid-type,misc]
                extra: int = 0
    with pytest.raises(TypeError):
        class WithNew(FrozenRecord):
            def __new__(cls):  # type: ignore[no-untyped-def]
                return object.__new__(cls)


def test_a_blank_record_is_of_a_made_class() -> None:
    """`blank(cls)`: an instance without __init__ (its __dict__ filled by the caller, for speed),
    whose class is made like any other record's."""
    from desktop.frozen_record import blank

    fresh = _fresh()
    record = blank(fresh)
    record.__dict__.update(a=1, b="y")
    assert record == fresh(1, "y") and repr(record).endswith("Fresh(a=1, b='y')")
    assert hash(record) == hash(fresh(1, "y"))


def test_nothing_makes_a_record_with_object_new() -> None:
    """object.__new__(cls) would leave a record class unmade (no __eq__, __repr__, __hash__ yet):
    desktop/ uses blank() instead."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "desktop"
    calls = []
    for path in root.rglob("*.py"):
        if path.name == "frozen_record.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "__new__"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "object"):
                calls.append(f"{path.relative_to(root)}:{node.lineno}")
    assert calls == []


# ---- the same class declared twice: as a record and as the standard library's frozen dataclass


def _declared_twice(name: str, namespace: Callable[[], dict[str, Any]]) -> tuple[Any, Any]:
    """(the record, the frozen dataclass) of one declaration (`namespace()` gives a fresh body)."""
    record = types.new_class(name, (FrozenRecord,), exec_body=lambda ns: ns.update(namespace()))
    standard = dataclasses.dataclass(frozen=True)(types.new_class(name, (), exec_body=lambda ns: ns.update(namespace())))
    return record, standard


def _error(call: Callable[[], Any]) -> str:
    with pytest.raises(TypeError) as raised:
        call()
    return str(raised.value)


def _with_factories() -> dict[str, Any]:
    return {
        "__annotations__": {"key": "str", "count": "int", "items": "list[int]", "extra": "dict[str, int]",
                            "note": "str | None", "limit": ClassVar[int]},
        "count": 0,
        "items": dataclasses.field(default_factory=list),
        "extra": dataclasses.field(default_factory=dict, repr=False),
        "note": dataclasses.field(default=None, compare=False),
        "limit": 5,
    }


def test_a_record_is_its_dataclass_in_signature_doc_fields_and_errors() -> None:
    record, standard = _declared_twice("Counted", _with_factories)
    assert str(inspect.signature(record)) == str(inspect.signature(standard))
    assert record.__doc__ == standard.__doc__
    assert record.__match_args__ == standard.__match_args__ == ("key", "count", "items", "extra", "note")
    assert [(f.name, f.type, f.default, f.default_factory, f.repr, f.compare, f.hash)
            for f in dataclasses.fields(record)] == [
        (f.name, f.type, f.default, f.default_factory, f.repr, f.compare, f.hash) for f in dataclasses.fields(standard)]
    assert repr(record.__dataclass_params__) == repr(standard.__dataclass_params__)
    assert record.limit == 5 and "limit" not in record.__match_args__
    for call in (lambda cls: cls(), lambda cls: cls("k", 1, [], {}, None, 9), lambda cls: cls("k", key="j"),
                 lambda cls: cls("k", size=3), lambda cls: cls(count=1)):
        assert _error(lambda call=call: call(record)) == _error(lambda call=call: call(standard))


def test_a_record_is_its_dataclass_in_values_equality_hash_and_repr() -> None:
    record, standard = _declared_twice("Counted", _with_factories)
    mine, theirs = record("k", 2, note="n"), standard("k", 2, note="n")
    assert vars(mine) == vars(theirs) and list(vars(mine)) == list(vars(theirs))  # the fields, in order
    assert record("k").items == [] and record("k").items is not record("k").items
    assert repr(mine) == repr(theirs) == "Counted(key='k', count=2, items=[], note='n')"
    assert mine == record("k", 2, note="other")  # `note` is not compared
    assert mine != record("k", 3) and mine != record("j", 2) and mine != theirs
    assert (mine == theirs) is (theirs == mine) is False
    nan = float("nan")
    assert record("k", nan) == record("k", nan)  # tuples compared (`is` first), as up to Python 3.12's dataclasses
    assert dataclasses.asdict(mine) == dataclasses.asdict(theirs)
    assert dataclasses.replace(mine, count=3) == record("k", 3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        mine.count = 3
    with pytest.raises(AttributeError):
        mine.other = 1  # type: ignore[attr-defined]


def test_hashes_are_the_dataclass_hashes_of_the_hashed_fields() -> None:
    def namespace() -> dict[str, Any]:
        return {"__annotations__": {"a": "int", "b": "str", "c": "tuple", "d": "str"},
                "c": dataclasses.field(default=(), hash=False), "d": dataclasses.field(default="", compare=False)}

    record, standard = _declared_twice("Hashed", namespace)
    assert hash(record(1, "x", (2,), "y")) == hash(standard(1, "x", (2,), "y")) == hash((1, "x"))
    assert record(1, "x", (2,)) != record(1, "x", (3,)) and record(1, "x", d="y") == record(1, "x", d="z")
    single, single_standard = _declared_twice("Single", lambda: {"__annotations__": {"a": "int"}})
    assert hash(single(4)) == hash(single_standard(4)) == hash((4,)) and single(4) == single(4) != single(5)
    empty, empty_standard = _declared_twice("Empty", lambda: {})
    assert empty() == empty() and hash(empty()) == hash(empty_standard()) and repr(empty()) == "Empty()"


def test_what_a_record_class_defines_itself_is_kept() -> None:
    def namespace() -> dict[str, Any]:
        def __repr__(self: Any) -> str:
            return "mine"

        def __eq__(self: Any, other: object) -> bool:
            return True

        def __post_init__(self: Any) -> None:
            object.__setattr__(self, "b", self.a * 2)

        return {"__annotations__": {"a": "int", "b": "int"}, "b": 0,
                "__repr__": __repr__, "__eq__": __eq__, "__post_init__": __post_init__}

    record, standard = _declared_twice("Own", namespace)
    assert repr(record(1)) == repr(standard(1)) == "mine"
    assert record(1) == record(2) and record(3).b == standard(3).b == 6
    assert hash(record(1)) == hash(standard(1))  # the __hash__ made for __eq__, as dataclasses makes it
    explicit = types.new_class("Explicit", (FrozenRecord,), exec_body=lambda ns: ns.update(
        {"__annotations__": {"a": "int"}, "__hash__": lambda self: 7}))
    assert hash(explicit(1)) == 7
    named_self = types.new_class("NamedSelf", (FrozenRecord,), exec_body=lambda ns: ns.update(
        {"__annotations__": {"self": "int", "other": "int"}}))
    assert named_self(1, other=2).self == 1 and named_self(self=3, other=4).other == 4
    with pytest.raises(TypeError):
        types.new_class("Settable", (FrozenRecord,), exec_body=lambda ns: ns.update(
            {"__annotations__": {"a": "int"}, "__setattr__": lambda self, name, value: None}))(1)


def test_fields_a_record_cannot_have_are_refused_when_it_is_made() -> None:
    for declared, values in (({"a": "int", "b": "int"}, {"b": dataclasses.field(default=0, init=False)}),
                             ({"a": "int", "b": "int"}, {"b": dataclasses.field(default=0, kw_only=True)}),
                             ({"a": "int", "b": "dataclasses.InitVar[int]"}, {}),
                             ({f"f{i}": "int" for i in range(len(INITS))}, {})):
        body = {"__annotations__": declared, **values}
        bad = types.new_class("Bad", (FrozenRecord,), exec_body=lambda ns, body=body: ns.update(body))
        with pytest.raises(TypeError):
            dataclasses.fields(bad)


def test_the_templates_are_what_the_script_writes() -> None:
    from scripts.record_inits import TARGET, source

    assert TARGET.read_text(encoding="utf-8") == source(), "run: python scripts/record_inits.py"


def test_every_record_class_of_the_app_can_be_made() -> None:
    """Each FrozenRecord class of desktop/ (outside the UI) is made without error: no field of a kind
    the records refuse, no more fields than the templates take."""
    import ast
    import importlib
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "desktop"
    made = []
    for path in sorted(root.rglob("*.py")):
        if "ui" in path.relative_to(root).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [node.name for node in tree.body if isinstance(node, ast.ClassDef)
                 and any(isinstance(base, ast.Name) and base.id == "FrozenRecord" for base in node.bases)]
        if names:
            module = importlib.import_module(".".join(("desktop", *path.relative_to(root).with_suffix("").parts)))
            for name in names:
                cls = getattr(module, name)
                assert dataclasses.fields(cls) and inspect.signature(cls) and cls.__doc__
                made.append(name)
    assert {"ReportRecord", "ReportMeta", "Period", "Delivery", "ReportRow", "InboxPackageRecord"} <= set(made)
