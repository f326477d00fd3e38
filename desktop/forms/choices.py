"""Reading a choice the way people write it: its label (any case, with or without accents), its key,
and for provinces a name with "Tỉnh"/"TP." in front or a former province's name (the 2025 mergers).

Messages name the options by their labels, never by their keys: keys are for files, not for people.
"""

from __future__ import annotations

import re
from typing import Any

from desktop.forms.model import Field
from desktop.forms.normalize import MAX_ABS_NUMBER, InputError, fold
from desktop.i18n import N_, Message

SHOWN_OPTIONS = 12
# "Tỉnh Hà Nam", "Thành phố Hải Phòng", "TP. Hồ Chí Minh", "TP HCM" is not guessed
_PROVINCE_PREFIX = re.compile(r"^(tinh|thanh pho|tp\.?|t\.|province of|city of)\s+")
Options = list[tuple[str, dict[str, str]]]


def _keys_of(text: str) -> set[str]:
    folded = fold(text)
    return {folded, folded.replace("_", " ").replace("-", " ")}


def option_list(options: Options) -> dict[str, str]:
    """The labels of the options, as one text per language ("Chưa có, Đã có kế hoạch, …")."""
    result = {}
    for lang in ("vi", "en"):
        labels = [label.get(lang) or label.get("vi", "") for _key, label in options[:SHOWN_OPTIONS]]
        if len(options) > SHOWN_OPTIONS:
            labels.append("…")
        result[lang] = ", ".join(labels)
    return result


def not_an_option(value: str, options: Options) -> InputError:
    return InputError(Message(N_("“{value}” is not one of the options: {allowed}."),
                              value=value[:50], allowed=option_list(options)))


def match_choice(field: Field, options: Options, value: Any) -> tuple[str, Message | None]:
    """The key of the option `value` names, and a note when it was read through a mapping.

    Raises InputError listing the options' labels.
    """
    if isinstance(value, bool) or not isinstance(value, (str, int)) or (isinstance(value, int)
                                                                     and abs(value) >= MAX_ABS_NUMBER):
        raise InputError(Message(N_("Expected one of the options: {allowed}."), allowed=option_list(options)))
    text = " ".join(str(value).split())  # a number ("3") may be an option's label
    for key, _label in options:
        if key == text:
            return key, None
    wanted = _keys_of(text)
    for key, label in options:
        if wanted & (_keys_of(label.get("vi", "")) | _keys_of(label.get("en", "")) | _keys_of(key)):
            return key, None
    if field.options_from == "provinces":
        found = _province(text, options)
        if found is not None:
            return found
    raise not_an_option(text, options)


def _bare_place(text: str) -> str:
    """"Tỉnh Hà Nam", "tinh ha nam", "TP. Hồ Chí Minh" → "ha nam", "ho chi minh"."""
    return " ".join(_PROVINCE_PREFIX.sub("", fold(text)).replace("-", " ").split())


def _province(text: str, options: Options) -> tuple[str, Message | None] | None:
    from desktop.registry import former_provinces

    bare = _bare_place(text)
    labels = {key: label for key, label in options}
    for key, label in options:
        if bare == _bare_place(label.get("vi", "")):
            return key, None
    for slug, entry in former_provinces().items():
        if bare in (_bare_place(entry.get("name", "")), slug.replace("-", " ")):
            new = entry.get("merged_into", "")
            if new not in labels:
                return None
            if new == slug:  # a province that kept its name
                return new, None
            note = Message(N_("“{old}” is a former province; since the 2025 merger it is part of {new}, "
                              "which was entered."), old=entry.get("name", text), new=labels[new])
            return new, note
    return None
