"""Emitting and disconnecting signals from Python without wearing out `True`.

PySide6 6.12.0's `SignalInstance.emit()` and `SignalInstance.disconnect()` return `True` or
`False` without taking a reference to it. The caller drops that reference all the same, so every
emit from Python lowers the reference count of `True` by one. On Python 3.11 (where `True` is not
immortal yet) the count reaches zero after a few thousand emits and the interpreter aborts with
"Fatal Python error: bool_dealloc" — an officer opening and closing reports all day lost the app
after about 130 editors. Signals emitted by Qt itself (C++) are not affected.

Every emit and disconnect in `desktop/ui` goes through `emit()` and `disconnect()` here, which
give the missing reference back when the installed PySide6 drops it. Whether it does is measured
once, on a probe object, so a fixed PySide6 costs nothing and never gets an extra reference.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

_PROBES = 16

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    ping = Signal()


def _returned_bool_without_reference() -> bool:
    """Whether `SignalInstance.emit()` hands out `True` without a reference (and undo the probe's harm)."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBES):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    for _ in range(max(lost, 0)):
        _incref(True)
    return lost >= _PROBES


DROPS_REFERENCE = _returned_bool_without_reference()


def _give_back(result: object) -> None:
    if DROPS_REFERENCE and isinstance(result, bool):
        _incref(result)


def emit(signal: SignalInstance, *args: Any) -> None:
    """`signal.emit(*args)`, safe on every PySide6 version (see the module's doc)."""
    _give_back(signal.emit(*args))  # type: ignore[func-returns-value]  # the stubs say None; 6.12 returns a bool


def disconnect(signal: SignalInstance, slot: Callable[..., Any] | None = None) -> bool:
    """`signal.disconnect(slot)` (every slot when None); True when a connection was removed."""
    result = signal.disconnect() if slot is None else signal.disconnect(slot)
    _give_back(result)
    return bool(result)
