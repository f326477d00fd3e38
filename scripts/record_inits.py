"""Write desktop/record_inits.py, the method templates of the record classes:
`python scripts/record_inits.py` (tests/test_frozen_record.py checks that the file is what this writes).

desktop.frozen_record gives each record class an `__init__`, `__eq__` and `__hash__` made from the
templates of its number of fields, renamed (`code.replace`), instead of compiling source text at
run time as dataclasses does. `init_N` sets its parameters as the attributes of the same names,
in order, with `object.__setattr__` as the dataclass's own does (the attributes stay in the
object's inline values, which Python 3.11 and 3.12 read faster than a materialised `__dict__`):
its parameter names (`co_varnames`) and the attribute names (`co_consts`) become the fields';
what else differs between classes (a default_factory, `__post_init__`) comes from the globals
each class's copy is given. `eq_N` and `hash_N` read the attributes `a0`...: their names
(`co_names`) are replaced by the fields'.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "desktop" / "record_inits.py"
MAX_FIELDS = 32

HEADER = '''"""The method templates of desktop.frozen_record, one per number of fields (0 to {max_fields}).

Written by `python scripts/record_inits.py`; do not edit (tests/test_frozen_record.py checks that
it is up to date). Compiled with the module, like any other: a record class's `__init__`,
`__eq__` and `__hash__` are copies of these with its own names (desktop.frozen_record), so no
source text is compiled at run time. The names used here and not defined (`_setattr`,
`_FACTORIES`, `_fill`, `_POST_INIT`) are the globals of each `__init__`.
"""

# ruff: noqa
# mypy: ignore-errors
'''


def source(max_fields: int = MAX_FIELDS) -> str:
    parts = [HEADER.format(max_fields=max_fields)]
    for count in range(max_fields + 1):
        names = [f"a{i}" for i in range(count)]
        parameters = "".join(f", {name}" for name in names)
        sets = "".join(f"    _setattr(self, \"{name}\", {name})\n" for name in names)
        parts.append(
            f"\n\ndef init_{count}(self{parameters}):\n"
            f"{sets}"
            f"    if _FACTORIES:\n"
            f"        _fill(self, _FACTORIES)\n"
            f"    if _POST_INIT:\n"
            f"        self.__post_init__()\n"
        )
    for count in range(max_fields + 1):
        mine = "".join(f"self.a{i}, " for i in range(count))
        theirs = "".join(f"other.a{i}, " for i in range(count))
        parts.append(
            f"\n\ndef eq_{count}(self, other):\n"
            f"    if other.__class__ is self.__class__:\n"
            f"        return ({mine}) == ({theirs})\n"
            f"    return NotImplemented\n"
        )
    for count in range(max_fields + 1):
        mine = "".join(f"self.a{i}, " for i in range(count))
        parts.append(f"\n\ndef hash_{count}(self):\n    return hash(({mine}))\n")
    for kind in ("init", "eq", "hash"):
        listed = ", ".join(f"{kind}_{count}" for count in range(max_fields + 1))
        parts.append(f"\n\n{kind.upper()}S = ({listed})\n")
    return "".join(parts)


def main() -> int:
    TARGET.write_text(source(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
