"""`FrozenRecord` (desktop/frozen_record.py): a frozen dataclass made on first use, the same in
every way once used, and never made at all by a start that does not use it."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
import threading

import pytest

from desktop.frozen_record import FrozenRecord


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
