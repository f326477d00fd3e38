"""Text from reporters made safe for the files we write, whatever arrives.

Two rules, used by every writer (XLSX, DOCX, PDF):

- `xml_text`: what XML 1.0 cannot carry is removed — the C0 controls except tab and line feed
  (a carriage return becomes a line feed), U+FFFE and U+FFFF, and lone surrogate halves (JSON's
  "\\ud800" decodes to one). openpyxl and python-docx refuse such text with an exception, which
  would stop a whole consolidation because of one package.
- `display_text`: `xml_text`, and also the characters that change what the eye sees without being
  seen — C1 controls, bidi embeddings, overrides, isolates and marks (U+202E turns "exe.pdf" into
  "fdp.exe"), zero-width spaces and joiners, the word joiner, invisible operators and BOMs.

`break_long_tokens` cuts runs without a break opportunity (a pasted URL, base64) into pieces a
line breaker can place, so line breaking stays linear in the length of the text.
"""

from __future__ import annotations

import re

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_INVISIBLE = re.compile("[\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")
_LINE_SEPARATORS = re.compile("\r\n?|[\u2028\u2029\x85]")
# Any character one of the three patterns above would change: text without any (nearly all of
# it) is returned as it is after one search instead of three substitutions.
_TOUCHED = re.compile("[\r\u2028\u2029\x85\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
                      "\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


def xml_text(text: str) -> str:
    """The text without what XML cannot carry; line breaks as "\\n"."""
    text = _LINE_SEPARATORS.sub("\n", text)
    return _XML_ILLEGAL.sub("", text)


def display_text(text: str) -> str:
    """`xml_text`, also without invisible controls that mislead the reader (bidi, zero-width)."""
    if _TOUCHED.search(text) is None:
        return text
    return _INVISIBLE.sub("", xml_text(text))


def break_long_tokens(text: str, budget: int, mark: str = " ") -> str:
    """Every run of more than `budget` characters without white space cut into pieces of `budget`
    characters joined by `mark`. Linear in the length of the text."""
    if budget < 1 or len(text) <= budget:
        return text
    pieces = re.split(r"(\s+)", text)
    if all(len(piece) <= budget for piece in pieces):
        return text
    out = []
    for piece in pieces:
        if len(piece) > budget and not piece[0].isspace():
            piece = mark.join(piece[i:i + budget] for i in range(0, len(piece), budget))
        out.append(piece)
    return "".join(out)
