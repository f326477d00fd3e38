"""The annex of a report: the warnings the reporter acknowledged and why (giải trình).

A warning is allowed, not hidden: the receiver reads the reporter's reason beside the figure it
concerns, in the signed PDF as in `du-lieu.json` ("justifications").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from desktop.document.pdf_layout import CentredRule, Styles, esc

ANNEX_TITLE = "PHỤ LỤC"
ANNEX_SUBJECT = "Giải trình các cảnh báo của báo cáo"


def justification_annex(styles: Styles, justifications: Sequence[Mapping[str, Any]], width: float,
                        number: str | None = None) -> list[Flowable]:
    """A new page "PHỤ LỤC — Giải trình các cảnh báo": TT, the warning, the reporter's reason.
    Nothing when there is no justification."""
    if not justifications:
        return []
    attached = f"(Kèm theo Báo cáo số {number})" if number else "(Kèm theo Báo cáo)"
    story: list[Flowable] = [
        PageBreak(),
        Paragraph(esc(ANNEX_TITLE), styles.title),
        Paragraph(esc(ANNEX_SUBJECT), styles.title),
        CentredRule(width / 4),
        Paragraph(f"<i>{esc(attached)}</i>", styles.header),
        Spacer(1, 10),
    ]
    rows: list[list[Any]] = [[Paragraph("TT", styles.cell_header), Paragraph("Cảnh báo", styles.cell_header),
                              Paragraph("Giải trình của đơn vị", styles.cell_header)]]
    for number_in_list, item in enumerate(justifications, start=1):
        rows.append([Paragraph(str(number_in_list), styles.cell_center),
                     Paragraph(esc(item.get("warning", "")), styles.cell),
                     Paragraph(esc(item.get("reason", "")), styles.cell)])
    table = Table(rows, colWidths=[width * 0.08, width * 0.46, width * 0.46], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]))
    story.append(table)
    return story
