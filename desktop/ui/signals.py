"""Emitting and disconnecting signals from Python without wearing out `True`.

PySide6 6.12.0's `SignalInstance.emit()` and `SignalInstance.disconnect()` return `True` or
`False` without taking a reference to it. The caller drops that reference all the same, so every
emit from Python lowers the reference count of `True` by one. On Python 3.11 (where `True` is not
immortal yet) the count reaches zero after a few thousand emits and the interpreter aborts with
"Fatal Python error: bool_dealloc" — an officer opening and closing reports all day lost the app
after about 130 editors. Signals emitted by Qt itself (C++) are not affected.

Every emit and disconnect in `desktop/ui` goes through `emit()` and `disconnect()` here, which
give the missing reference back when the installed PySide6 drops it. Whether it does is measured
once, on a probe object, so a fixed PySide6 costs nothing and never gets an extra reference. The
probe runs, and ctypes is loaded, once a few emits and disconnects are owed (OWED_AT_MOST), not
at import nor at the first: the references owed meanwhile are given back then. `True` and `False`
are held hundreds of times over by the loaded code, so a few dozen owed for a while are harmless;
the starts emit a few before their first paint (issue 16: the probe with ctypes is some 10 M
instructions).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_PROBES = 16
OWED_AT_MOST = 64  # bools handed out by emit() or disconnect() before the probe runs


class _Probe(QObject):
    ping = Signal()


def _incref_function() -> Callable[[object], None]:
    import ctypes  # here: only a PySide6 that drops the reference needs it

    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]
    incref.restype = None
    return incref


def _returned_bool_without_reference() -> bool:
    """Whether `SignalInstance.emit()` hands out `True` without a reference (and undo the probe's harm)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    if lost > 0:
        incref = _incref_function()
        for _ in range(lost):
            incref(True)
    return lost >= _PROBES


_incref: Callable[[object], None] | None = None  # Py_IncRef, once the probe has found it needed
_probed = False
_owed = {True: 0, False: 0}  # bools handed out before the probe: their references may be owed


def drops_reference() -> bool:
    """Whether the installed PySide6 drops the reference of what `emit()` returns (probed once)."""
    global _incref, _probed
    if not _probed:
        _probed = True
        if _returned_bool_without_reference():
            _incref = _incref_function()
    return _incref is not None


def _give_back(result: object) -> None:
    if not isinstance(result, bool):
        return
    if not _probed:
        _owed[result] += 1
        if sum(_owed.values()) < OWED_AT_MOST:
            return
        if drops_reference():  # every one handed out so far, this one included
            assert _incref is not None
            for value, count in _owed.items():
                for _ in range(count):
                    _incref(value)
        _owed.update({True: 0, False: 0})
        return
    if _incref is not None:
        _incref(result)


def emit(signal: SignalInstance, *args: Any) -> None:
    """`signal.emit(*args)`, safe on every PySide6 version (see the module's doc)."""
    _give_back(signal.emit(*args))  # type: ignore[func-returns-value]  # the stubs say None; 6.12 returns a bool


def disconnect(signal: SignalInstance, slot: Callable[..., Any] | None = None) -> bool:
    """`signal.disconnect(slot)` (every slot when None); True when a connection was removed."""
    result = signal.disconnect() if slot is None else signal.disconnect(slot)
    _give_back(result)
    return bool(result)
