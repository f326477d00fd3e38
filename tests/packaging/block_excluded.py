"""The modules packaging/ct20.spec leaves out of the bundle, made unimportable as in the frozen app.

As a pytest plugin, it runs any tests as the bundle would run their code:

    python -m pytest -p tests.packaging.block_excluded tests/inbox tests/signing ...

An import of an excluded module (or of one of its submodules) then fails with the
ModuleNotFoundError the frozen app would meet, so a feature whose code path needs an excluded
module fails its own tests. A library the spec replaces by a stand-in of ours (STAND_INS, e.g.
Pillow) is imported from packaging/standins/ instead, as the bundle imports it; the tests that
read pictures with the real Pillow cannot run this way.

The tools the tests themselves use (pytest, pypdf, Babel ...) are
excluded from the bundle too, but stay importable here: TOOLING.

To try the app without a module the spec still bundles (before excluding it), name it in the
environment variable CT20_BLOCK_EXTRA (comma-separated), e.g. the XML library:

    CT20_BLOCK_EXTRA=lxml python -m pytest -p tests.packaging.block_excluded tests/signing ...
"""

from __future__ import annotations

import ast
import contextlib
import importlib.abc
import importlib.machinery
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
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


STAND_IN_FOLDER = SPEC.parent / "standins"


def _spec_literal(name: str, spec: Path = SPEC) -> Any:
    tree = ast.parse(spec.read_text(encoding="utf-8"), filename=str(spec))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{spec} assigns no {name}")


def spec_excludes(spec: Path = SPEC) -> list[str]:
    """EXCLUDES of the spec, read from its source."""
    return list(_spec_literal("EXCLUDES", spec))


def spec_stand_ins(spec: Path = SPEC) -> list[str]:
    """STAND_INS of the spec: excluded libraries the bundle replaces by a package of packaging/standins/."""
    return list(_spec_literal("STAND_INS", spec))


EXTRA_VARIABLE = "CT20_BLOCK_EXTRA"


def extra_names() -> list[str]:
    """Modules named in CT20_BLOCK_EXTRA (comma-separated): blocked as if the spec excluded them."""
    return [name.strip() for name in os.environ.get(EXTRA_VARIABLE, "").split(",") if name.strip()]


def blocked_names(excludes: Iterable[str] | None = None) -> list[str]:
    """The excluded modules the app's code must do without (all but TOOLING), with those of
    CT20_BLOCK_EXTRA when `excludes` is not given: these are blocked even when the tests use them
    (a library's optional use of a test tool, e.g. pyHanko's of lxml, shows only that way)."""
    names = {name for name in (spec_excludes() if excludes is None else excludes)
             if name not in TOOLING and name.split(".")[0] not in TOOLING}
    return sorted(names | set(extra_names() if excludes is None else ()))


def is_blocked(fullname: str, names: Sequence[str]) -> bool:
    return any(fullname == name or fullname.startswith(name + ".") for name in names)


class ExcludedFinder(importlib.abc.MetaPathFinder):
    """First on sys.meta_path: refuses the blocked modules, as the bundle has no file for them,
    and finds those of `stand_ins` in packaging/standins/ only, as the bundle has only those."""

    def __init__(self, names: Sequence[str], stand_ins: Sequence[str] = ()) -> None:
        self.names = list(names)
        self.stand_ins = list(stand_ins)
        self.refused: set[str] = set()

    def find_spec(self, fullname: str, path: Any = None, target: ModuleType | None = None) -> Any:
        if is_blocked(fullname, self.stand_ins):
            parent = fullname.rpartition(".")[0]
            folder = [str(STAND_IN_FOLDER / parent.replace(".", "/"))] if parent else [str(STAND_IN_FOLDER)]
            spec = importlib.machinery.PathFinder.find_spec(fullname, folder)
            if spec is not None:
                return spec
        if is_blocked(fullname, self.names):
            self.refused.add(fullname)
            raise ModuleNotFoundError(f"No module named {fullname!r} (excluded by packaging/ct20.spec)",
                                      name=fullname)
        return None


def _dependents(names: Sequence[str]) -> list[str]:
    """The loaded modules that are blocked, or hold a blocked module among their globals (they
    imported it at their top: `from lxml import etree`), so would fail to import in the bundle."""
    found = []
    for name, module in list(sys.modules.items()):
        if is_blocked(name, names):
            found.append(name)
            continue
        values = getattr(module, "__dict__", {}).values()
        if any(isinstance(value, ModuleType) and is_blocked(value.__name__, names) for value in list(values)):
            found.append(name)
    return found


def _forget(loaded: Iterable[str]) -> dict[tuple[str, str], ModuleType]:
    """Remove `loaded` from sys.modules and from their parent packages' attributes (which
    `from package import module` would find first); returns those attributes."""
    attributes = {}
    for name in loaded:
        module = sys.modules.pop(name, None)
        parent_name, _, child = name.rpartition(".")
        parent = sys.modules.get(parent_name)
        if parent_name and parent is not None and getattr(parent, child, None) is module and module is not None:
            attributes[(parent_name, child)] = module
            delattr(parent, child)
    return attributes


def install(names: Sequence[str] | None = None) -> ExcludedFinder:
    """Block `names` (default: blocked_names()) from now on; those already imported, and the
    modules that imported them at their top, are forgotten, so that the next import fails too."""
    finder = ExcludedFinder(blocked_names() if names is None else names,
                            [name for name in spec_stand_ins() if names is None or name in names])
    _forget(_dependents(finder.names))
    sys.meta_path.insert(0, finder)
    return finder


@contextlib.contextmanager
def blocked(names: Sequence[str]) -> Iterator[ExcludedFinder]:
    """`names` unimportable inside the block, as `install` makes them (the modules loaded with
    them are forgotten), then everything as it was before."""
    saved = {name: sys.modules[name] for name in _dependents(names)}
    finder = ExcludedFinder(names, [name for name in spec_stand_ins() if name in names])
    attributes = _forget(saved)
    sys.meta_path.insert(0, finder)
    try:
        yield finder
    finally:
        sys.meta_path.remove(finder)
        for name in _dependents(names):  # what was imported inside the block, without the names
            sys.modules.pop(name, None)
        sys.modules.update(saved)
        for (parent, child), module in attributes.items():
            setattr(sys.modules[parent], child, module)


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
