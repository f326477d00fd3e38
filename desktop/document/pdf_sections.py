"""The body of the report, generated from the form definition: sections I, II, … with their fields.

Scalar fields print as "- Label: value unit." lines, long texts and tables under numbered headings,
derived figures (totals, shares) right under the table they come from. Empty fields are left out.
The result is a list of blocks, each to be set on portrait or landscape pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.units import cm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from desktop.document.pdf_layout import Styles, esc
from desktop.document.pdf_tables import build_table, format_value, with_unit
from desktop.forms.model import Derived, Field, FormDefinition, Section
from desktop.forms.values import choice_options, get_path, is_empty
from desktop.i18n.formatting import format_number

PORTRAIT = "portrait"
LANDSCAPE = "landscape"
TABLE_START = 7 * cm  # room a table needs to start on a page: its headings, header row, two rows


@dataclass
class Block:
    orientation: str
    flowables: list[Flowable] = field(default_factory=list)


@dataclass(frozen=True)
class Frames:
    portrait_width: float
    landscape_width: float


def _sentence(text: str) -> str:
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", ":", ";", "…")) else text + "."


def _line(styles: Styles, label: str, value: str) -> Paragraph:
    return Paragraph(f"- {esc(label)}: {esc(_sentence(value))}", styles.body)


def long_text(styles: Styles, text: str) -> list[Paragraph]:
    """One justified, indented paragraph per line of the text."""
    return [Paragraph(esc(line.strip()), styles.body) for line in text.splitlines() if line.strip()]


def scalar_text(f: Field, value: Any) -> str:
    return with_unit(format_value(f, value), (f.unit or {}).get("vi"))


def _derived_table(form: FormDefinition, item: Derived) -> str | None:
    by_key = {d.key: d for d in form.derived}
    seen = set()
    while item.kind == "ratio_pct" and item.key not in seen:
        seen.add(item.key)
        numerator = by_key.get(item.numerator or "")
        if numerator is None:
            return None
        item = numerator
    return item.table


def derived_lines(
    styles: Styles, form: FormDefinition, items: list[Derived], derived: dict
) -> list[Paragraph]:
    lines = []
    for item in items:
        value = get_path(derived, item.key)
        if value is None:
            continue
        label = item.label["vi"]
        unit = (item.unit or {}).get("vi")
        if item.kind == "count_by":
            column = form.fields[item.table or ""].column(item.column or "")
            labels = dict((k, lbl["vi"]) for k, lbl in choice_options(column)) if column else {}
            parts = [f"{labels.get(k, k)}: {format_number(n)}" for k, n in value.items()]
            text = "; ".join(parts)
        else:
            decimals = 2 if item.kind == "ratio_pct" else 3
            text = with_unit(format_number(value, decimals=decimals), unit)
            if item.target is not None and "mục tiêu" not in label.lower():
                text += f" (mục tiêu {with_unit(format_number(item.target), unit)})"
        lines.append(_line(styles, label, text))
    return lines


class SectionWriter:
    def __init__(self, form: FormDefinition, values: dict, derived: dict, styles: Styles, frames: Frames):
        self.form = form
        self.values = values
        self.derived = derived
        self.styles = styles
        self.frames = frames
        self.blocks: list[Block] = [Block(PORTRAIT)]
        self.by_table: dict[str, list[Derived]] = {}
        self.unplaced: list[Derived] = []
        for item in form.derived:
            table = _derived_table(form, item)
            if table:
                self.by_table.setdefault(table, []).append(item)
            else:
                self.unplaced.append(item)

    def add(self, *flowables: Flowable, orientation: str = PORTRAIT) -> None:
        if self.blocks[-1].orientation != orientation:
            self.blocks.append(Block(orientation))
        self.blocks[-1].flowables.extend(flowables)

    def write(self) -> list[Block]:
        for section in self.form.sections:
            if section.number:  # the unnumbered section is the document header, printed elsewhere
                self.section(section)
        if self.unplaced:
            self.add(*derived_lines(self.styles, self.form, self.unplaced, self.derived))
        return [block for block in self.blocks if block.flowables]

    def section(self, section: Section) -> None:
        styles = self.styles
        title = section.title["vi"]
        present = [(f, get_path(self.values, f.key)) for f in section.fields]
        present = [(f, v) for f, v in present if not is_empty(v)]
        single = len(section.fields) == 1
        # Headings stay with what follows them (keepWithNext), except before a table: a table may
        # start at the foot of a page, so it goes on right there (CondPageBreak) instead of
        # dragging its heading to the next page and leaving the rest of this one empty.
        pending = [f"{esc(section.number)}. {esc(title.upper())}"]
        if not present:
            self.add(Paragraph(pending[0], styles.heading), Paragraph("Không có.", styles.body))
            return
        number = 0
        for f, value in present:
            if f.type in ("longtext", "table"):
                number += 1
                label = f.label["vi"]
                if single and label.strip().casefold() == title.strip().casefold():
                    pass
                elif single:
                    pending.append(esc(label))
                else:
                    pending.append(f"{number}. {esc(label)}")
            if f.type == "table":
                headings = [Paragraph(text, styles.table_heading) for text in pending]
                self.table(f, value, headings)
            else:
                self.add(*(Paragraph(text, styles.heading) for text in pending))
                if f.type == "longtext":
                    self.add(*long_text(styles, value))
                else:
                    self.add(_line(styles, f.label["vi"], scalar_text(f, value)))
            pending = []

    def table(self, f: Field, rows: Any, headings: list[Flowable]) -> None:
        rows = [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []
        table, landscape = build_table(
            f, rows, self.styles, self.frames.portrait_width, self.frames.landscape_width
        )
        orientation = LANDSCAPE if landscape else PORTRAIT
        items = self.by_table.get(f.key, [])
        self.add(CondPageBreak(TABLE_START), *headings, table,
                 *derived_lines(self.styles, self.form, items, self.derived), orientation=orientation)
