"""Hypothesis strategies for input from people and files we do not control.

Values are what a values file, a pasted spreadsheet or a careless script can hand the form
engine: any Unicode (lone surrogates included: JSON's "\\ud800" decodes to one), numbers far
outside any real figure, the texts "NaN" and "Infinity", 20,000-character texts, emoji,
decomposed and composed Vietnamese side by side, unknown keys and nested junk.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from hypothesis import strategies as st

from desktop.forms import get_form

VIETNAMESE = "Nguyễn Thị Hương — Sở Công Thương tỉnh Ninh Bình, Cụm công nghiệp Gián Khẩu"
SPECIAL_TEXTS = [
    "NaN", "nan", "-NaN", "Infinity", "-Infinity", "inf", "1e309", "-1e309", "1e-400", "0x1F", "1_000",
    "١٢٣", "𝟐𝟎𝟐𝟓-01-01", "٢٠٢٥-١٢-٣١", "31/02/2025", "29/02/2024", "0000-00-00", "9999-12-31",
    "1.234.567,89", "1,234,567.89", "1.2.3", ",,,", "−5", "+", "-", ".", "١,٥", "1 234", "1\u00a0234",
    "true", "Có", "KHÔNG", "x", "", " ", "\t\n", "\x00", "\u200b", "\ufeff1", "\ud800", "a\udfffb",
    "👍", "👨‍👩‍👧‍👦", "🇻🇳", "e\u0301", "\u0065\u0301\u0302", VIETNAMESE,
    unicodedata.normalize("NFD", VIETNAMESE), "Ǆ", "ß", "İ", "ﬁ", "\u202eevil", "<script>", "'; DROP TABLE reports;--",
    "{document.number}", "{0}", "%s", "issued", "ISSUED", "Đã ban hành",
]
NUMBERS = [
    0, -0.0, 1, -1, 2**31, 2**53 + 1, 2**63, 10**15, -(10**15), 10**15 - 1, 10**100, -(10**308),
    1e308, 1.7976931348623157e308, 5e-324, 1e-12, 0.1 + 0.2, float("nan"), float("inf"), float("-inf"),
    True, False,
]


@cache  # build each strategy once: building and validating them is what costs time
def hostile_text() -> st.SearchStrategy[str]:
    any_char = st.characters(codec=None, exclude_categories=())  # surrogates and controls included
    return st.one_of(
        st.sampled_from(SPECIAL_TEXTS),
        st.text(any_char, max_size=40),
        # 20,000+ characters without asking hypothesis to draw each one
        st.builds(lambda part, times: part * times, st.sampled_from(["ễ", "a", "👍", "e\u0301", "x\u200b"]),
                  st.integers(19_990, 21_000)),
        st.builds(lambda a, b: a + b, st.sampled_from(SPECIAL_TEXTS), st.text(any_char, max_size=5)),
    )


@cache
def hostile_leaf() -> st.SearchStrategy[object]:
    return st.one_of(
        st.none(),
        st.booleans(),
        st.sampled_from(NUMBERS),
        # more digits than Python will turn into text (4,300): built, so the strategy's repr stays short
        st.builds(lambda digits, sign: sign * 10**digits, st.sampled_from([4301, 5000]), st.sampled_from([1, -1])),
        st.integers(min_value=-(10**40), max_value=10**40),
        st.floats(allow_nan=True, allow_infinity=True),
        st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(lambda d: abs(d) < 10**30),
        hostile_text(),
        st.binary(max_size=8),
        st.just(()),  # a tuple: not JSON, but the Python API may be handed one
    )


@cache
def junk(max_leaves: int = 12) -> st.SearchStrategy[object]:
    return st.recursive(
        hostile_leaf(),
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.one_of(hostile_text(), st.integers()), children, max_size=4),
        ),
        max_leaves=max_leaves,
    )


@cache
def field_value(form_id: str, path: str) -> st.SearchStrategy[object]:
    """Hostile input aimed at one field: rows of the right columns for a table, junk otherwise."""
    field = get_form(form_id).fields[path]
    if not field.is_table:
        return junk(6)
    column_keys = [c.key for c in field.columns]
    cell = st.one_of(hostile_leaf(), junk(4))
    row = st.one_of(
        st.dictionaries(st.sampled_from(column_keys), cell, max_size=len(column_keys)),
        st.dictionaries(st.one_of(st.sampled_from(column_keys), hostile_text()), cell, max_size=3),
        junk(3),
    )
    return st.one_of(st.lists(row, max_size=6), junk(4))


@st.composite
def values_input(draw: st.DrawFn, form_id: str) -> object:
    """A values object as a file could hold it: nested, dotted, or junk, known and unknown keys."""
    form = get_form(form_id)
    shape = draw(st.sampled_from(["dotted", "nested", "junk", "unknown"]))
    if shape == "junk":
        return draw(junk())
    paths = draw(st.lists(st.sampled_from(sorted(form.fields)), min_size=1, max_size=6, unique=True))
    data: dict[object, object] = {}
    for path in paths:
        value = draw(field_value(form_id, path))
        if shape == "nested" and "." in path:
            group, _, key = path.partition(".")
            node = data.setdefault(group, {})
            if isinstance(node, dict):
                node[key] = value
        else:
            data[path] = value
    if shape == "unknown":
        key = draw(st.one_of(hostile_text(), st.sampled_from(["document.nope", "document..number", ".", "document."])))
        data[key] = draw(junk(3))
    return data
