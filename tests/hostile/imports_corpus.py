"""The hostile imports corpus (tests/data/hostile/imports/make_imports.py), generated once per session."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

MAKER = Path(__file__).resolve().parents[1] / "data" / "hostile" / "imports" / "make_imports.py"


def maker() -> ModuleType:
    name = "tests_data_hostile_make_imports"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, MAKER)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


CASES: dict = maker().CASES
XLSX = sorted(name for name in CASES if name.endswith(".xlsx"))
