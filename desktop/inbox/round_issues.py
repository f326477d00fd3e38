"""What the reporters of a round wrote in their own words: the difficulties and proposals of the
round's report (workflow.md: "grouped by theme and by reporter") and the annex of narrative
answers. Qt-free.

The forms give no theme of their own: each reporter writes one free text under each of the two
fields its form's `consolidation.issues` block names (FORMAT.md), "Khó khăn, vướng mắc" and
"Kiến nghị, đề xuất". Those fields are the themes: one heading each, titled by the newest form's
label, and under it one table per reporter kind with the reporters that wrote something there.
The report says how it is grouped. Each package is read with its own form version's block.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from desktop.forms import get_path
from desktop.inbox.consolidate import ORG, TT, Reporter, TableNumbers, basis
from desktop.inbox.model import Column, Part, Table, lower_first

if TYPE_CHECKING:
    from desktop.inbox.round_report import FeedState

# (the block's entry naming the theme's field, the default title, the workbook tabs' prefix); the
# entries are read as attributes of the block (no field's name spelled here: FORMAT.md)
THEMES: tuple[tuple[Callable[[Any], str | None], str, str], ...] = (
    (lambda block: block.difficulties, "Khó khăn, vướng mắc", "Khó khăn"),
    (lambda block: block.proposals, "Kiến nghị, đề xuất", "Kiến nghị"),
)
_IF_ANY = re.compile(r"\s*\((?:nếu có|if any)\)\s*$", re.IGNORECASE)


def theme_title(states: list[FeedState], key: Callable[[Any], str | None], default: str) -> str:
    """The label of the theme's field in the first feed's (newest) form, without "(nếu có)"."""
    for state in states:
        block = state.form.consolidation
        path = key(block) if block is not None else None
        field = state.form.field(path) if path else None
        if field is not None:
            return _IF_ANY.sub("", field.label["vi"]) or default
    return default


def issue_text(reporter: Reporter, key: Callable[[Any], str | None]) -> str:
    """What the reporter wrote under the theme's field of its own form version; "" for nothing."""
    block = reporter.form.consolidation
    path = key(block) if block is not None else None
    value = get_path(reporter.values, path) if path else None
    return value.strip() if isinstance(value, str) else ""


def grouping_note(titles: list[str]) -> str:
    themes = ", ".join(f"“{title}”" for title in titles)
    return ("Các mẫu báo cáo không phân loại khó khăn, vướng mắc và kiến nghị theo chủ đề; các nội dung dưới đây "
            f"được nhóm theo nội dung của mẫu báo cáo mà đơn vị ghi ({themes}), trong mỗi nội dung theo từng nhóm "
            "đơn vị báo cáo.")


def issues_part(states: list[FeedState], numbers: TableNumbers) -> Part:
    titles = [theme_title(states, key, default) for key, default, _tab in THEMES]
    blocks: list[str | Table] = [grouping_note(titles)]
    for number, ((key, _default, tab), title) in enumerate(zip(THEMES, titles, strict=True), start=1):
        blocks.append(f"{number}. {title}")
        for index, state in enumerate(states, start=1):
            blocks.append(f"{number}.{index}. {state.who[:1].upper()}{state.who[1:]}")
            if not state.reporters:
                blocks.append("Chưa có báo cáo được chấp nhận.")
                continue
            given = [(reporter, text) for reporter in state.reporters if (text := issue_text(reporter, key))]
            said = f"{basis(state.board, state.reporters, state.counted_as)}, "
            if not given:
                blocks.append(f"{said}không có {state.counted_as} nêu {lower_first(title)}.")
                continue
            table = Table(f"{tab} {index}", numbers.title(f"{title} của {state.who}"),
                          [TT, ORG, Column("text", title, "longtext")])
            table.rows = [{"tt": str(n), "org": reporter.name, "text": text}
                          for n, (reporter, text) in enumerate(given, start=1)]
            blocks += [f"{said}{len(given)} {state.counted_as} nêu {lower_first(title)}:", table]
    return Part("KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ CỦA CÁC ĐƠN VỊ", blocks)


def narrative_annex(states: list[FeedState]) -> Table | None:
    table = Table("Kết quả triển khai", "Kết quả triển khai do các đơn vị báo cáo", [
        TT, ORG, Column("topic", "Nội dung"), Column("text", "Kết quả triển khai", "longtext"),
    ])
    for state in states:
        for reporter in state.reporters:
            block = reporter.form.consolidation
            for path in (block.narrative if block is not None else ()):
                value = get_path(reporter.values, path)
                field = reporter.form.field(path)
                if isinstance(value, str) and value.strip() and field is not None:
                    table.rows.append({"tt": str(len(table.rows) + 1), "org": reporter.name,
                                       "topic": field.label["vi"], "text": value.strip()})
    return table if table.rows else None
