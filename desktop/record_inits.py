"""The method templates of desktop.frozen_record, one per number of fields (0 to 32).

Written by `python scripts/record_inits.py`; do not edit (tests/test_frozen_record.py checks that
it is up to date). Compiled with the module, like any other: a record class's `__init__`,
`__eq__` and `__hash__` are copies of these with its own names (desktop.frozen_record), so no
source text is compiled at run time. The names used here and not defined (`_setattr`,
`_FACTORIES`, `_fill`, `_POST_INIT`) are the globals of each `__init__`.
"""

# ruff: noqa
# mypy: ignore-errors


def init_0(self):
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_1(self, a0):
    _setattr(self, "a0", a0)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_2(self, a0, a1):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_3(self, a0, a1, a2):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_4(self, a0, a1, a2, a3):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_5(self, a0, a1, a2, a3, a4):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_6(self, a0, a1, a2, a3, a4, a5):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_7(self, a0, a1, a2, a3, a4, a5, a6):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_8(self, a0, a1, a2, a3, a4, a5, a6, a7):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_9(self, a0, a1, a2, a3, a4, a5, a6, a7, a8):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_10(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_11(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_12(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_13(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_14(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    _setattr(self, "a13", a13)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_15(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    _setattr(self, "a13", a13)
    _setattr(self, "a14", a14)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_16(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    _setattr(self, "a13", a13)
    _setattr(self, "a14", a14)
    _setattr(self, "a15", a15)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_17(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    _setattr(self, "a13", a13)
    _setattr(self, "a14", a14)
    _setattr(self, "a15", a15)
    _setattr(self, "a16", a16)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_18(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    _setattr(self, "a13", a13)
    _setattr(self, "a14", a14)
    _setattr(self, "a15", a15)
    _setattr(self, "a16", a16)
    _setattr(self, "a17", a17)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_19(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    _setattr(self, "a13", a13)
    _setattr(self, "a14", a14)
    _setattr(self, "a15", a15)
    _setattr(self, "a16", a16)
    _setattr(self, "a17", a17)
    _setattr(self, "a18", a18)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_20(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    _setattr(self, "a13", a13)
    _setattr(self, "a14", a14)
    _setattr(self, "a15", a15)
    _setattr(self, "a16", a16)
    _setattr(self, "a17", a17)
    _setattr(self, "a18", a18)
    _setattr(self, "a19", a19)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_21(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    _setattr(self, "a13", a13)
    _setattr(self, "a14", a14)
    _setattr(self, "a15", a15)
    _setattr(self, "a16", a16)
    _setattr(self, "a17", a17)
    _setattr(self, "a18", a18)
    _setattr(self, "a19", a19)
    _setattr(self, "a20", a20)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_22(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    _setattr(self, "a13", a13)
    _setattr(self, "a14", a14)
    _setattr(self, "a15", a15)
    _setattr(self, "a16", a16)
    _setattr(self, "a17", a17)
    _setattr(self, "a18", a18)
    _setattr(self, "a19", a19)
    _setattr(self, "a20", a20)
    _setattr(self, "a21", a21)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_23(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21, a22):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    _setattr(self, "a13", a13)
    _setattr(self, "a14", a14)
    _setattr(self, "a15", a15)
    _setattr(self, "a16", a16)
    _setattr(self, "a17", a17)
    _setattr(self, "a18", a18)
    _setattr(self, "a19", a19)
    _setattr(self, "a20", a20)
    _setattr(self, "a21", a21)
    _setattr(self, "a22", a22)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_24(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21, a22, a23):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    _setattr(self, "a13", a13)
    _setattr(self, "a14", a14)
    _setattr(self, "a15", a15)
    _setattr(self, "a16", a16)
    _setattr(self, "a17", a17)
    _setattr(self, "a18", a18)
    _setattr(self, "a19", a19)
    _setattr(self, "a20", a20)
    _setattr(self, "a21", a21)
    _setattr(self, "a22", a22)
    _setattr(self, "a23", a23)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_25(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21, a22, a23, a24):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    _setattr(self, "a13", a13)
    _setattr(self, "a14", a14)
    _setattr(self, "a15", a15)
    _setattr(self, "a16", a16)
    _setattr(self, "a17", a17)
    _setattr(self, "a18", a18)
    _setattr(self, "a19", a19)
    _setattr(self, "a20", a20)
    _setattr(self, "a21", a21)
    _setattr(self, "a22", a22)
    _setattr(self, "a23", a23)
    _setattr(self, "a24", a24)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_26(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21, a22, a23, a24, a25):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    _setattr(self, "a13", a13)
    _setattr(self, "a14", a14)
    _setattr(self, "a15", a15)
    _setattr(self, "a16", a16)
    _setattr(self, "a17", a17)
    _setattr(self, "a18", a18)
    _setattr(self, "a19", a19)
    _setattr(self, "a20", a20)
    _setattr(self, "a21", a21)
    _setattr(self, "a22", a22)
    _setattr(self, "a23", a23)
    _setattr(self, "a24", a24)
    _setattr(self, "a25", a25)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_27(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21, a22, a23, a24, a25, a26):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    _setattr(self, "a13", a13)
    _setattr(self, "a14", a14)
    _setattr(self, "a15", a15)
    _setattr(self, "a16", a16)
    _setattr(self, "a17", a17)
    _setattr(self, "a18", a18)
    _setattr(self, "a19", a19)
    _setattr(self, "a20", a20)
    _setattr(self, "a21", a21)
    _setattr(self, "a22", a22)
    _setattr(self, "a23", a23)
    _setattr(self, "a24", a24)
    _setattr(self, "a25", a25)
    _setattr(self, "a26", a26)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_28(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21, a22, a23, a24, a25, a26, a27):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    _setattr(self, "a13", a13)
    _setattr(self, "a14", a14)
    _setattr(self, "a15", a15)
    _setattr(self, "a16", a16)
    _setattr(self, "a17", a17)
    _setattr(self, "a18", a18)
    _setattr(self, "a19", a19)
    _setattr(self, "a20", a20)
    _setattr(self, "a21", a21)
    _setattr(self, "a22", a22)
    _setattr(self, "a23", a23)
    _setattr(self, "a24", a24)
    _setattr(self, "a25", a25)
    _setattr(self, "a26", a26)
    _setattr(self, "a27", a27)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_29(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21, a22, a23, a24, a25, a26, a27, a28):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    _setattr(self, "a13", a13)
    _setattr(self, "a14", a14)
    _setattr(self, "a15", a15)
    _setattr(self, "a16", a16)
    _setattr(self, "a17", a17)
    _setattr(self, "a18", a18)
    _setattr(self, "a19", a19)
    _setattr(self, "a20", a20)
    _setattr(self, "a21", a21)
    _setattr(self, "a22", a22)
    _setattr(self, "a23", a23)
    _setattr(self, "a24", a24)
    _setattr(self, "a25", a25)
    _setattr(self, "a26", a26)
    _setattr(self, "a27", a27)
    _setattr(self, "a28", a28)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_30(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21, a22, a23, a24, a25, a26, a27, a28, a29):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    _setattr(self, "a13", a13)
    _setattr(self, "a14", a14)
    _setattr(self, "a15", a15)
    _setattr(self, "a16", a16)
    _setattr(self, "a17", a17)
    _setattr(self, "a18", a18)
    _setattr(self, "a19", a19)
    _setattr(self, "a20", a20)
    _setattr(self, "a21", a21)
    _setattr(self, "a22", a22)
    _setattr(self, "a23", a23)
    _setattr(self, "a24", a24)
    _setattr(self, "a25", a25)
    _setattr(self, "a26", a26)
    _setattr(self, "a27", a27)
    _setattr(self, "a28", a28)
    _setattr(self, "a29", a29)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_31(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21, a22, a23, a24, a25, a26, a27, a28, a29, a30):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    _setattr(self, "a13", a13)
    _setattr(self, "a14", a14)
    _setattr(self, "a15", a15)
    _setattr(self, "a16", a16)
    _setattr(self, "a17", a17)
    _setattr(self, "a18", a18)
    _setattr(self, "a19", a19)
    _setattr(self, "a20", a20)
    _setattr(self, "a21", a21)
    _setattr(self, "a22", a22)
    _setattr(self, "a23", a23)
    _setattr(self, "a24", a24)
    _setattr(self, "a25", a25)
    _setattr(self, "a26", a26)
    _setattr(self, "a27", a27)
    _setattr(self, "a28", a28)
    _setattr(self, "a29", a29)
    _setattr(self, "a30", a30)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def init_32(self, a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, a20, a21, a22, a23, a24, a25, a26, a27, a28, a29, a30, a31):
    _setattr(self, "a0", a0)
    _setattr(self, "a1", a1)
    _setattr(self, "a2", a2)
    _setattr(self, "a3", a3)
    _setattr(self, "a4", a4)
    _setattr(self, "a5", a5)
    _setattr(self, "a6", a6)
    _setattr(self, "a7", a7)
    _setattr(self, "a8", a8)
    _setattr(self, "a9", a9)
    _setattr(self, "a10", a10)
    _setattr(self, "a11", a11)
    _setattr(self, "a12", a12)
    _setattr(self, "a13", a13)
    _setattr(self, "a14", a14)
    _setattr(self, "a15", a15)
    _setattr(self, "a16", a16)
    _setattr(self, "a17", a17)
    _setattr(self, "a18", a18)
    _setattr(self, "a19", a19)
    _setattr(self, "a20", a20)
    _setattr(self, "a21", a21)
    _setattr(self, "a22", a22)
    _setattr(self, "a23", a23)
    _setattr(self, "a24", a24)
    _setattr(self, "a25", a25)
    _setattr(self, "a26", a26)
    _setattr(self, "a27", a27)
    _setattr(self, "a28", a28)
    _setattr(self, "a29", a29)
    _setattr(self, "a30", a30)
    _setattr(self, "a31", a31)
    if _FACTORIES:
        _fill(self, _FACTORIES)
    if _POST_INIT:
        self.__post_init__()


def eq_0(self, other):
    if other.__class__ is self.__class__:
        return () == ()
    return NotImplemented


def eq_1(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, ) == (other.a0, )
    return NotImplemented


def eq_2(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, ) == (other.a0, other.a1, )
    return NotImplemented


def eq_3(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, ) == (other.a0, other.a1, other.a2, )
    return NotImplemented


def eq_4(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, ) == (other.a0, other.a1, other.a2, other.a3, )
    return NotImplemented


def eq_5(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, )
    return NotImplemented


def eq_6(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, )
    return NotImplemented


def eq_7(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, )
    return NotImplemented


def eq_8(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, )
    return NotImplemented


def eq_9(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, )
    return NotImplemented


def eq_10(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, )
    return NotImplemented


def eq_11(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, )
    return NotImplemented


def eq_12(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, )
    return NotImplemented


def eq_13(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, )
    return NotImplemented


def eq_14(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, other.a13, )
    return NotImplemented


def eq_15(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, other.a13, other.a14, )
    return NotImplemented


def eq_16(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, other.a13, other.a14, other.a15, )
    return NotImplemented


def eq_17(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, other.a13, other.a14, other.a15, other.a16, )
    return NotImplemented


def eq_18(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, other.a13, other.a14, other.a15, other.a16, other.a17, )
    return NotImplemented


def eq_19(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, other.a13, other.a14, other.a15, other.a16, other.a17, other.a18, )
    return NotImplemented


def eq_20(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, other.a13, other.a14, other.a15, other.a16, other.a17, other.a18, other.a19, )
    return NotImplemented


def eq_21(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, other.a13, other.a14, other.a15, other.a16, other.a17, other.a18, other.a19, other.a20, )
    return NotImplemented


def eq_22(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, other.a13, other.a14, other.a15, other.a16, other.a17, other.a18, other.a19, other.a20, other.a21, )
    return NotImplemented


def eq_23(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, other.a13, other.a14, other.a15, other.a16, other.a17, other.a18, other.a19, other.a20, other.a21, other.a22, )
    return NotImplemented


def eq_24(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, self.a23, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, other.a13, other.a14, other.a15, other.a16, other.a17, other.a18, other.a19, other.a20, other.a21, other.a22, other.a23, )
    return NotImplemented


def eq_25(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, self.a23, self.a24, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, other.a13, other.a14, other.a15, other.a16, other.a17, other.a18, other.a19, other.a20, other.a21, other.a22, other.a23, other.a24, )
    return NotImplemented


def eq_26(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, self.a23, self.a24, self.a25, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, other.a13, other.a14, other.a15, other.a16, other.a17, other.a18, other.a19, other.a20, other.a21, other.a22, other.a23, other.a24, other.a25, )
    return NotImplemented


def eq_27(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, self.a23, self.a24, self.a25, self.a26, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, other.a13, other.a14, other.a15, other.a16, other.a17, other.a18, other.a19, other.a20, other.a21, other.a22, other.a23, other.a24, other.a25, other.a26, )
    return NotImplemented


def eq_28(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, self.a23, self.a24, self.a25, self.a26, self.a27, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, other.a13, other.a14, other.a15, other.a16, other.a17, other.a18, other.a19, other.a20, other.a21, other.a22, other.a23, other.a24, other.a25, other.a26, other.a27, )
    return NotImplemented


def eq_29(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, self.a23, self.a24, self.a25, self.a26, self.a27, self.a28, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, other.a13, other.a14, other.a15, other.a16, other.a17, other.a18, other.a19, other.a20, other.a21, other.a22, other.a23, other.a24, other.a25, other.a26, other.a27, other.a28, )
    return NotImplemented


def eq_30(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, self.a23, self.a24, self.a25, self.a26, self.a27, self.a28, self.a29, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, other.a13, other.a14, other.a15, other.a16, other.a17, other.a18, other.a19, other.a20, other.a21, other.a22, other.a23, other.a24, other.a25, other.a26, other.a27, other.a28, other.a29, )
    return NotImplemented


def eq_31(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, self.a23, self.a24, self.a25, self.a26, self.a27, self.a28, self.a29, self.a30, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, other.a13, other.a14, other.a15, other.a16, other.a17, other.a18, other.a19, other.a20, other.a21, other.a22, other.a23, other.a24, other.a25, other.a26, other.a27, other.a28, other.a29, other.a30, )
    return NotImplemented


def eq_32(self, other):
    if other.__class__ is self.__class__:
        return (self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, self.a23, self.a24, self.a25, self.a26, self.a27, self.a28, self.a29, self.a30, self.a31, ) == (other.a0, other.a1, other.a2, other.a3, other.a4, other.a5, other.a6, other.a7, other.a8, other.a9, other.a10, other.a11, other.a12, other.a13, other.a14, other.a15, other.a16, other.a17, other.a18, other.a19, other.a20, other.a21, other.a22, other.a23, other.a24, other.a25, other.a26, other.a27, other.a28, other.a29, other.a30, other.a31, )
    return NotImplemented


def hash_0(self):
    return hash(())


def hash_1(self):
    return hash((self.a0, ))


def hash_2(self):
    return hash((self.a0, self.a1, ))


def hash_3(self):
    return hash((self.a0, self.a1, self.a2, ))


def hash_4(self):
    return hash((self.a0, self.a1, self.a2, self.a3, ))


def hash_5(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, ))


def hash_6(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, ))


def hash_7(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, ))


def hash_8(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, ))


def hash_9(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, ))


def hash_10(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, ))


def hash_11(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, ))


def hash_12(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, ))


def hash_13(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, ))


def hash_14(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, ))


def hash_15(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, ))


def hash_16(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, ))


def hash_17(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, ))


def hash_18(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, ))


def hash_19(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, ))


def hash_20(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, ))


def hash_21(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, ))


def hash_22(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, ))


def hash_23(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, ))


def hash_24(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, self.a23, ))


def hash_25(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, self.a23, self.a24, ))


def hash_26(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, self.a23, self.a24, self.a25, ))


def hash_27(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, self.a23, self.a24, self.a25, self.a26, ))


def hash_28(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, self.a23, self.a24, self.a25, self.a26, self.a27, ))


def hash_29(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, self.a23, self.a24, self.a25, self.a26, self.a27, self.a28, ))


def hash_30(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, self.a23, self.a24, self.a25, self.a26, self.a27, self.a28, self.a29, ))


def hash_31(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, self.a23, self.a24, self.a25, self.a26, self.a27, self.a28, self.a29, self.a30, ))


def hash_32(self):
    return hash((self.a0, self.a1, self.a2, self.a3, self.a4, self.a5, self.a6, self.a7, self.a8, self.a9, self.a10, self.a11, self.a12, self.a13, self.a14, self.a15, self.a16, self.a17, self.a18, self.a19, self.a20, self.a21, self.a22, self.a23, self.a24, self.a25, self.a26, self.a27, self.a28, self.a29, self.a30, self.a31, ))


INITS = (init_0, init_1, init_2, init_3, init_4, init_5, init_6, init_7, init_8, init_9, init_10, init_11, init_12, init_13, init_14, init_15, init_16, init_17, init_18, init_19, init_20, init_21, init_22, init_23, init_24, init_25, init_26, init_27, init_28, init_29, init_30, init_31, init_32)


EQS = (eq_0, eq_1, eq_2, eq_3, eq_4, eq_5, eq_6, eq_7, eq_8, eq_9, eq_10, eq_11, eq_12, eq_13, eq_14, eq_15, eq_16, eq_17, eq_18, eq_19, eq_20, eq_21, eq_22, eq_23, eq_24, eq_25, eq_26, eq_27, eq_28, eq_29, eq_30, eq_31, eq_32)


HASHS = (hash_0, hash_1, hash_2, hash_3, hash_4, hash_5, hash_6, hash_7, hash_8, hash_9, hash_10, hash_11, hash_12, hash_13, hash_14, hash_15, hash_16, hash_17, hash_18, hash_19, hash_20, hash_21, hash_22, hash_23, hash_24, hash_25, hash_26, hash_27, hash_28, hash_29, hash_30, hash_31, hash_32)
