"""The modules packaging/ct20.spec leaves out of the bundle, made unimportable as in the frozen app.

As a pytest plugin, it runs any tests as the bundle would run their code:

    python -m pytest -p tests.packaging.block_excluded tests/inbox tests/signing ...

An import of an excluded module (or of one of its submodules) then fails with the
ModuleNotFoundError the frozen app would meet, so a feature whose code path needs an excluded
module fails its own tests. The tools the tests themselves use (pytest, pypdf, Babel ...) are
excluded from the bundle too, but stay importable here: TOOLING.
"""

from __future__ import annotations

import ast
import importlib.abc
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

SPEC = Path(__file__).resolve().parents[2] / "packaging" / "ct20.spec"

# Excluded from the bundle, used by the tests (or by pytest and its plugins), never by the app's code.
TOOLING = frozenset({
    "pytest", "_pytest", "pytestqt", "hypothesis", "pypdf", "mypy", "ruff", "babel", "unittest", "doctest",
    "pdb", "pydoc", "pydoc_data", "test", "setuptools", "pkg_resources", "pip", "distutils",
    "multiprocessing", "xmlrpc", "_pydecimal", "numpy", "pygments", "IPython", "PySide6.QtTest",
    # extract-msg: tests/inbox/msgwriter.py writes .msg files with its compound-file writer
    "extract_msg", "RTFDE", "lark", "bs4", "soupsieve", "compressed_rtf", "ebcdic", "red_black_dict_mod",
    "red_black_set_mod",
    # python-docx (on lxml): the tests read the Word drafts back with it, and compare our writer
    # with the renderers it ran (tests/inbox/docx_reference.py)
    "docx", "lxml",
})


def spec_excludes(spec: Path = SPEC) -> list[str]:
    """EXCLUDES of the spec, read from its source."""
    tree = ast.parse(spec.read_text(encoding="utf-8"), filename=str(spec))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "EXCLUDES" for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise AssertionError(f"{spec} assigns no EXCLUDES")


def blocked_names(excludes: Iterable[str] | None = None) -> list[str]:
    """The excluded modules the app's code must do without (all but TOOLING)."""
    return sorted(name for name in (spec_excludes() if excludes is None else excludes)
                  if name not in TOOLING and name.split(".")[0] not in TOOLING)


def is_blocked(fullname: str, names: Sequence[str]) -> bool:
    return any(fullname == name or fullname.startswith(name + ".") for name in names)


class ExcludedFinder(importlib.abc.MetaPathFinder):
    """First on sys.meta_path: refuses the blocked modules, as the bundle has no file for them."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = list(names)
        self.refused: set[str] = set()

    def find_spec(self, fullname: str, path: Any = None, target: ModuleType | None = None) -> None:
        if is_blocked(fullname, self.names):
            self.refused.add(fullname)
            raise ModuleNotFoundError(f"No module named {fullname!r} (excluded by packaging/ct20.spec)",
                                      name=fullname)
        return None


def install(names: Sequence[str] | None = None) -> ExcludedFinder:
    """Block `names` (default: blocked_names()) from now on; those already imported are forgotten,
    so that the next import of them fails too."""
    finder = ExcludedFinder(blocked_names() if names is None else names)
    for loaded in [name for name in sys.modules if is_blocked(name, finder.names)]:
        del sys.modules[loaded]
    sys.meta_path.insert(0, finder)
    return finder


def pytest_configure(config: Any) -> None:
    config._ct20_excluded_finder = install()


def pytest_report_header(config: Any) -> str:
    finder = getattr(config, "_ct20_excluded_finder", None)
    count = len(finder.names) if finder else 0
    return f"ct20: {count} modules excluded by packaging/ct20.spec are blocked"


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: Any) -> None:
    finder = getattr(config, "_ct20_excluded_finder", None)
    if finder and finder.refused:
        terminalreporter.write_line("ct20: imports refused (excluded by the spec): " + ", ".join(sorted(finder.refused)))
