"""`FrozenRecord`: a frozen dataclass whose methods are made when the class is first used.

`@dataclass` writes each class's `__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__`
and `__delattr__` as source text and compiles it when the class is defined: 1-4 ms per class, and
the window's start imports some thirty of them, most of which (the Inbox's, the trust list's,
receipts', deliveries') no start ever instantiates (issue 16: start ≤ 1.5× a bare Qt window).

    class PackageRecord(FrozenRecord):
        report_id: str
        size: int = 0

is `@dataclass(frozen=True) class PackageRecord: ...`, exactly, from the moment it is first
called or asked for its fields (`dataclasses.fields`, `is_dataclass`; `replace` and `asdict` take
an instance, so it is made by then): the class is then handed to `dataclasses.dataclass(frozen=True)`
once (under a lock, for threads) and becomes a plain class of the metaclass `_Made`, which adds
nothing (so making a record costs what a dataclass's does). Mypy and the editors read it as the
same dataclass (`dataclass_transform`). A record class cannot inherit from another one, nor define
`__new__`. An instance made without calling the class (to fill its `__dict__` directly, for
speed) comes from `blank(cls)`, never from `object.__new__(cls)`, which would leave the class
unmade (tests/test_frozen_record.py checks that nothing in desktop/ calls it). Unpickling an
instance in a process that has not used its class yet is not a case here: records are never
pickled.
"""

from __future__ import annotations

import dataclasses
import threading
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:
    def dataclass_transform(**_kwargs: Any) -> Any:
        return lambda cls: cls

_FIELDS = "__dataclass_fields__"
_LOCK = threading.RLock()


class _Made(type):
    """The metaclass of a record class once made: `type` itself, in all but name."""

    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> _Made:
        raise TypeError(f"{name}: a record class cannot inherit from another record class")


T = TypeVar("T")


def blank(cls: type[T]) -> T:
    """An instance of the record class `cls` without its `__init__` (the caller fills `__dict__`)."""
    if type(cls) is _Pending:
        _make(cls)
    return object.__new__(cls)


def _make(cls: Any) -> None:
    """Turn `cls` into the frozen dataclass it declares (once)."""
    with _LOCK:
        if type(cls) is not _Pending:
            return
        record: Any = cls
        dataclasses.dataclass(frozen=True)(record)
        record.__class__ = _Made  # calls go straight to type.__call__ from now on


class _Pending(type):
    """The metaclass of a record class not made yet."""

    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> _Pending:
        if "__new__" in namespace:
            raise TypeError(f"{name}: a record class has no __new__ of its own")
        if any(isinstance(base, (_Pending, _Made)) for base in bases):
            raise TypeError(f"{name}: a record class cannot inherit from another record class")
        return super().__new__(mcs, name, bases, namespace)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        _make(cls)
        return type.__call__(cls, *args, **kwargs)

    def __getattr__(cls, name: str) -> Any:  # only for what the class does not have (yet)
        if name == _FIELDS:
            _make(cls)
            return cls.__dict__[_FIELDS]
        raise AttributeError(name)

    @property
    def __signature__(cls) -> Any:  # inspect.signature(cls), also while dataclass() words __doc__ with it
        import inspect

        if "__init__" not in cls.__dict__:
            _make(cls)
        init = inspect.signature(cls.__dict__["__init__"])
        return init.replace(parameters=list(init.parameters.values())[1:])


class _Base(type):
    """The metaclass of `FrozenRecord` itself: its subclasses are `_Pending`."""

    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> type:
        if bases:  # a record class
            return _Pending(name, tuple(b for b in bases if b is not FrozenRecord) or (object,), namespace)
        return super().__new__(mcs, name, bases, namespace)


@dataclass_transform(frozen_default=True)
class FrozenRecord(metaclass=_Base):
    """Base of the lazily made frozen dataclasses (the module's doc). The records themselves do not
    inherit from it: `class R(FrozenRecord)` makes a plain class of the metaclass `_Pending`."""
