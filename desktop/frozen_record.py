"""`FrozenRecord`: a frozen dataclass made when the class is first used, without compiling source.

`@dataclass` writes each class's `__init__`, `__repr__`, `__eq__`, `__hash__`, `__setattr__`
and `__delattr__` as source text and compiles it (`exec`): 1-4 ms per class. The window's start
imports some thirty record classes and uses half a dozen of them at once (the list of reports:
26 M instructions, a quarter of CT20's own work there; issue 16: start ≤ 1.5× a bare Qt window).

    class PackageRecord(FrozenRecord):
        report_id: str
        size: int = 0

behaves as `@dataclass(frozen=True) class PackageRecord: ...` from the moment it is first called
or asked for its fields (`dataclasses.fields`, `is_dataclass`, `inspect.signature`; `replace` and
`asdict` take an instance, so it is made by then). Making it (once, under a lock, for threads):

- `dataclasses` reads the fields by its own rules (defaults, `field(...)`, ClassVar) and sets
  `__dataclass_fields__`, `__dataclass_params__` (frozen) and `__match_args__`, with none of
  its methods generated;
- `__init__`, `__eq__` and `__hash__` are the templates of its number of fields
  (desktop.record_inits, compiled with that module) renamed to the fields: `__init__` binds the
  arguments as the dataclass's own does (the same signature, defaults and TypeErrors) and sets
  the fields in order, calling a default_factory for each field not given; `__eq__` compares,
  and `__hash__` hashes, the tuple of the fields, as the dataclass's do, at the same speed
  (Python 3.13's dataclasses compare field by field: the same but for a value unequal to
  itself, such as NaN, which a tuple takes as equal when it is the same object);
- `__repr__`, `__setattr__` and `__delattr__` are closures over the field names with the
  dataclass's results (the same repr, FrozenInstanceError); a method the class defines itself
  is kept, as dataclasses keeps it;
- `__doc__`, when the class has none, is the dataclass's ("Name(a: 'int', b: 'str' = 'x')"),
  worded when first read;
- the class becomes of the metaclass `_Made`, which adds nothing (a call costs what a
  dataclass's does, or less).

Mypy and the editors read the class as the same dataclass (`dataclass_transform`). A field that is
keyword-only, left out of `__init__` (`field(init=False)`) or an InitVar is refused when the class
is made, and so is a record of more than desktop.record_inits' number of fields. A record class
cannot inherit from another one, nor define `__new__`. An instance made without calling the class
(to fill its `__dict__` directly, for speed) comes from `blank(cls)`, never from
`object.__new__(cls)`, which would leave the class unmade (tests/test_frozen_record.py checks that
nothing in desktop/ calls it). Unpickling an instance in a process that has not used its class yet
is not a case here: records are never pickled.
"""

from __future__ import annotations

import builtins
import dataclasses
import threading
import types
from typing import TYPE_CHECKING, Any, TypeVar

from desktop.record_inits import EQS, HASHS, INITS

if TYPE_CHECKING:
    from collections.abc import Callable

    from typing_extensions import dataclass_transform
else:
    def dataclass_transform(**_kwargs: Any) -> Any:
        return lambda cls: cls

_FIELDS = "__dataclass_fields__"
_BUILTINS = {"__builtins__": builtins}  # the globals of the copies of __eq__ and __hash__
_LOCK = threading.RLock()


class _Made(type):
    """The metaclass of a record class once made: `type` itself, in all but name."""

    def __new__(mcs, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> _Made:
        raise TypeError(f"{name}: a record class cannot inherit from another record class")


class _FactoryDefault:
    """The default of a field with a default_factory in `__init__`'s signature (as dataclasses
    shows it); `__init__` replaces it with a new value from the factory."""

    def __repr__(self) -> str:
        return "<factory>"


_FACTORY = _FactoryDefault()


def _fill(record: Any, factories: tuple[tuple[str, Callable[[], Any]], ...]) -> None:
    for name, factory in factories:
        if getattr(record, name) is _FACTORY:
            object.__setattr__(record, name, factory())


class _DataclassDoc:
    """`__doc__` of a record class declared without one, worded as dataclasses does when first read."""

    def __get__(self, instance: Any, owner: type) -> str:
        import inspect

        return owner.__name__ + str(inspect.signature(owner)).replace(" -> None", "")


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
        undocumented = record.__dict__.get("__doc__") is None
        if undocumented:
            record.__doc__ = "-"  # dataclasses would word it now, with inspect; _DataclassDoc does when read
        dataclasses.dataclass(init=False, repr=False, eq=False)(record)  # the fields only: nothing compiled
        params = record.__dict__["__dataclass_params__"]
        params.init = params.repr = params.eq = params.frozen = True
        if undocumented:
            record.__doc__ = _DataclassDoc()
        _add_methods(record)
        record.__class__ = _Made  # calls go straight to type.__call__ from now on


def _add_methods(cls: Any) -> None:
    own = cls.__dict__
    fields = dataclasses.fields(cls)
    if len(fields) != len(own[_FIELDS]) and any("InitVar" in str(f.type) for f in own[_FIELDS].values()):
        raise TypeError(f"{cls.__name__}: a record has no InitVar")
    for f in fields:
        if not f.init or f.kw_only is True:
            raise TypeError(f"{cls.__name__}.{f.name}: a record's fields are all given to __init__, "
                            "by position or by name")
    if len(fields) >= len(INITS):
        raise TypeError(f"{cls.__name__}: a record has at most {len(INITS) - 1} fields "
                        "(scripts/record_inits.py writes the templates)")
    names = tuple(f.name for f in fields)
    field_names = frozenset(names)
    compared = tuple(f.name for f in fields if f.compare)
    hashed = tuple(f.name for f in fields if (f.compare if f.hash is None else f.hash))
    __eq__ = _renamed(EQS[len(compared)], compared, ("__class__",), ("NotImplemented",))
    __hash__ = _renamed(HASHS[len(hashed)], hashed, ("hash",))

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is cls or name in field_names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(cls, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is cls or name in field_names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(cls, self).__delattr__(name)

    # dataclasses' rules: what the class defines itself is kept (but a frozen class's __setattr__
    # and __delattr__ cannot be its own), and so is a __hash__ it sets explicitly
    methods: dict[str, Any] = {
        name: method for name, method in (
            ("__init__", _init_method(cls, fields)),
            ("__repr__", _repr_method(tuple(f.name for f in fields if f.repr))),
            ("__eq__", __eq__),
        ) if name not in own
    }
    explicit_hash = own.get("__hash__", dataclasses.MISSING)
    if explicit_hash is dataclasses.MISSING or (explicit_hash is None and "__eq__" in own):
        methods["__hash__"] = __hash__
    for name in ("__setattr__", "__delattr__"):
        if name in own:
            raise TypeError(f"Cannot overwrite attribute {name} in class {cls.__name__}")
    methods.update(__setattr__=__setattr__, __delattr__=__delattr__)
    for name, method in methods.items():
        method.__qualname__ = f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)


def _init_method(cls: Any, fields: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """The template for this number of fields, its parameters renamed to the fields, with the
    fields' defaults (`_FACTORY` for a default_factory) and its own globals."""
    names = tuple(f.name for f in fields)
    template: Any = INITS[len(names)]
    code = template.__code__
    placeholders = tuple(f"a{i}" for i in range(len(names)))
    if code.co_consts != (None, *placeholders) or code.co_varnames != ("self", *placeholders):
        raise RuntimeError(f"desktop.record_inits.{template.__name__} is not the template expected")
    code = code.replace(co_consts=(None, *names), co_name="__init__",
                        co_varnames=("__dataclass_self__" if "self" in names else "self", *names))
    if hasattr(code, "co_qualname"):  # Python 3.11+: what tracebacks and TypeErrors name
        code = code.replace(co_qualname=f"{cls.__qualname__}.__init__")
    defaults = []
    for f in fields:
        if f.default is not dataclasses.MISSING:
            defaults.append(f.default)
        elif f.default_factory is not dataclasses.MISSING:
            defaults.append(_FACTORY)
        elif defaults:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
    factories = tuple((f.name, f.default_factory) for f in fields if f.default_factory is not dataclasses.MISSING)
    namespace = {"_setattr": object.__setattr__, "_FACTORIES": factories, "_fill": _fill,
                 "_POST_INIT": "__post_init__" in cls.__dict__, **_BUILTINS}
    init = types.FunctionType(code, namespace, "__init__", tuple(defaults) or None)
    init.__annotations__ = {**{f.name: f.type for f in fields}, "return": None}
    init.__module__ = cls.__module__
    return init


def _renamed(template: Any, fields: tuple[str, ...], before: tuple[str, ...], after: tuple[str, ...] = ()) -> Any:
    """A copy of an `__eq__` or `__hash__` template that reads the attributes `fields` where the
    template reads "a0", "a1"... (its `co_names`, between the other names it uses)."""
    code = template.__code__
    if code.co_names != (*before, *(f"a{i}" for i in range(len(fields))), *after):
        raise RuntimeError(f"desktop.record_inits.{template.__name__} is not the template expected")
    return types.FunctionType(code.replace(co_names=(*before, *fields, *after)), _BUILTINS, template.__name__)


def _repr_method(names: tuple[str, ...]) -> Callable[[Any], str]:
    running: set[tuple[int, int]] = set()  # as dataclasses: a record inside itself shows as ...
    get_ident = threading.get_ident

    def __repr__(self: Any) -> str:
        key = id(self), get_ident()
        if key in running:
            return "..."
        running.add(key)
        try:
            shown = ", ".join([f"{name}={getattr(self, name)!r}" for name in names])
        finally:
            running.discard(key)
        return f"{self.__class__.__qualname__}({shown})"

    return __repr__


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
    def __signature__(cls) -> Any:  # inspect.signature(cls) before the first use: made, then asked again
        import inspect

        _make(cls)
        return inspect.signature(cls)


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
