"""The parts of a plan round's report (desktop.inbox.plan_report): who reported, the targets, the
documents issued (each once), the programmes group by group, the difficulties by kind of reporter.

Vietnamese whatever the interface language: this is the draft of an official report. Every
national figure says on how many reporters it rests ("theo báo cáo của 12/46 cơ quan, đơn vị").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from desktop.forms.plan_round import PlanRound
from desktop.i18n.formatting import format_number
from desktop.inbox.board import Board
from desktop.inbox.doc_refs import DocumentList
from desktop.inbox.model import Column, Part, Table, lower_first, number

if TYPE_CHECKING:
    from desktop.forms.consolidation import ProgressSpec
    from desktop.inbox.plan_report import Reporter

TT = Column("tt", "TT")
ORG = Column("org", "Cơ quan, đơn vị")
KINDS = (("province", "Các Sở Công Thương"), ("enterprise", "Các Tổng công ty, doanh nghiệp"),
         ("ministry-unit", "Các đơn vị thuộc Bộ Công Thương"), ("", "Các cơ quan, đơn vị khác"))
KIND_COUNTED = {"province": "Sở Công Thương", "enterprise": "Tổng công ty, doanh nghiệp",
                "ministry-unit": "đơn vị thuộc Bộ"}
STATUS_VI = {"on_time": "Đúng hạn", "late": "Muộn hạn", "missing": "Chưa gửi",
             "rejected": "Báo cáo gửi đến không hợp lệ, chưa tổng hợp",
             "untrusted": "Đang xác minh chữ ký số, chưa tổng hợp"}


def _expected(boards: dict[int, Board]) -> dict[str, str]:
    """Every organisation expected to report in the round (id → name), in the board's order."""
    found: dict[str, str] = {}
    for board in boards.values():
        for row in board.rows:
            if row.expected:
                found.setdefault(row.org_id, row.org_name)
    return found


def basis(reporters: Iterable[Reporter], boards: dict[int, Board]) -> str:
    """ "theo báo cáo của 12/46 cơ quan, đơn vị" """
    return f"theo báo cáo của {len({r.org_id for r in reporters})}/{len(_expected(boards))} cơ quan, đơn vị"


def _n(value: Any, decimals: int = 2) -> str:
    return format_number(value, "vi", decimals=decimals)


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []


def status_part(years: tuple[int, ...], boards: dict[int, Board], kinds: dict[str, str], final: bool) -> Part:
    expected = _expected(boards)
    accepted = {year: {row.org_id for row in board.accepted()} for year, board in boards.items()}
    if not final:
        year = years[0]
        board = boards[year]
        counts = board.counts()
        by_kind = []
        for kind, label in KIND_COUNTED.items():
            ids = [i for i in expected if kinds.get(i) == kind]
            if ids:
                by_kind.append(f"{len([i for i in ids if i in accepted[year]])}/{len(ids)} {label}")
        summary = (f"Tính đến ngày {board.today.strftime('%d/%m/%Y')}, đã nhận và tổng hợp báo cáo năm {year} của "
                   f"{len(accepted[year] & set(expected))}/{len(expected)} cơ quan, đơn vị thực hiện Kế hoạch ("
                   f"{', '.join(by_kind)}); {counts['missing']} cơ quan, đơn vị chưa gửi báo cáo.")
        if counts["rejected"] or counts["untrusted"]:
            summary += (f" {counts['rejected'] + counts['untrusted']} báo cáo gửi đến chưa được tổng hợp (không "
                        "hợp lệ hoặc đang xác minh chữ ký số).")
        table = Table("Gửi báo cáo", f"Tình hình gửi báo cáo năm {year}",
                      [TT, ORG, Column("status", "Tình trạng"), Column("submitted", "Ngày gửi")])
        for index, row in enumerate(board.rows, start=1):
            when = row.submitted_at.strftime("%d/%m/%Y") if row.submitted_at and row.status in ("on_time", "late") \
                else ""
            table.rows.append({"tt": str(index), "org": row.org_name, "status": STATUS_VI.get(row.status, row.status),
                               "submitted": when})
        return Part("TÌNH HÌNH GỬI BÁO CÁO", [summary, table])
    ever = set().union(*accepted.values()) & set(expected)
    per_year = "; ".join(f"năm {y}: {len(accepted[y] & set(expected))}/{len(expected)}" for y in years)
    summary = (f"Trong giai đoạn {years[0]} - {years[-1]}, {len(ever)}/{len(expected)} cơ quan, đơn vị thực hiện Kế "
               f"hoạch đã gửi báo cáo ít nhất một năm ({per_year}).")
    columns = [TT, ORG, *[Column(f"y{y}", str(y)) for y in years]]
    table = Table("Gửi báo cáo", f"Tình hình gửi báo cáo các năm {years[0]} - {years[-1]}", columns)
    states = {y: {row.org_id: row.status for row in board.rows} for y, board in boards.items()}
    short = {"on_time": "Đúng hạn", "late": "Muộn hạn", "missing": "Chưa gửi", "rejected": "Không hợp lệ",
             "untrusted": "Đang xác minh"}
    for index, (org_id, name) in enumerate(expected.items(), start=1):
        table.rows.append({"tt": str(index), "org": name,
                           **{f"y{y}": short.get(states[y].get(org_id, "missing"), "") for y in years}})
    return Part("TÌNH HÌNH GỬI BÁO CÁO", [summary, table])


def targets_part(plan: PlanRound, reporters: list[Reporter], boards: dict[int, Board], final: bool) -> Part:
    form = plan.form
    facts: list[str] = []
    tables: list[Table] = []
    for index, target in enumerate(plan.targets, start=1):
        field = form.field(target.field)
        assert field is not None  # every version was checked by plan_round
        label = field.label["vi"]
        numeric = field.type in ("int", "decimal", "percent")
        unit = (field.unit or {}).get("vi")
        columns = [TT, ORG]
        if final:
            columns.append(Column("year", "Năm báo cáo"))
        columns.append(Column("value", "Kết quả", field.type if numeric else "longtext", unit, field.decimals))
        if target.evidence:
            columns.append(Column("evidence", "Minh chứng", "longtext"))
        table = Table(f"Mục tiêu {index}", f"Mục tiêu {index}. {label}", columns)
        values = []
        for reporter in reporters:
            value = reporter.value(target.field)
            evidence = " ".join(_texts(reporter.value(target.evidence))) if target.evidence else ""
            value = number(value) if numeric else " ".join(_texts(value))
            if value in (None, "") and not evidence:
                continue
            if numeric and value is not None:
                values.append((value, reporter))
            table.rows.append({"tt": str(len(table.rows) + 1), "org": reporter.name, "year": str(reporter.year),
                               "value": value, "evidence": evidence})
        who = basis([r for _v, r in values] if numeric else
                    [r for r in reporters if any(row["org"] == r.name for row in table.rows)], boards)
        if numeric and values:
            low, high = min(v for v, _r in values), max(v for v, _r in values)
            shown = f"{_n(low)}{unit or ''}" if low == high else f"từ {_n(low)}{unit or ''} đến {_n(high)}{unit or ''}"
            facts.append(f"{label}: {shown} ({who}).")
        elif table.rows:
            facts.append(f"{label}: {len(table.rows)} báo cáo nêu kết quả ({who}).")
        else:
            facts.append(f"{label}: chưa có cơ quan, đơn vị nào báo cáo.")
        if table.rows:
            tables.append(table)
    return Part("KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU CỤ THỂ ĐẾN NĂM " + str(plan.last_year),
                [*facts, *tables])


def documents_part(plan: PlanRound, reporters: list[Reporter], boards: dict[int, Board]) -> Part:
    listed = DocumentList()
    short: list[str] = []
    citing = []
    for reporter in reporters:
        texts = [t for path in plan.document_lists for t in _texts(reporter.value(path))]
        listed.add(reporter.name, texts)
        mine = {key for text in texts for key in _keys(text)}
        if mine:
            citing.append(reporter)
        claimed = number(reporter.value(plan.document_count)) if plan.document_count else None
        if claimed is not None and claimed > len(mine):
            short.append(f"{reporter.name} (năm {reporter.year}: báo cáo {_n(claimed, 0)} văn bản, nêu số, ký hiệu "
                         f"của {len(mine)})")
    years = " hoặc nhiều năm" if len(boards) > 1 else ""
    blocks: list[str | Table] = [
        f"Các cơ quan, đơn vị đã nêu {len(listed)} văn bản đã ban hành (quy phạm pháp luật, quy định, hướng dẫn kỹ "
        f"thuật và văn bản khác), {basis(citing, boards)}; mỗi văn bản chỉ tính một lần dù được nhiều cơ quan, đơn "
        f"vị{years} cùng nêu ({listed.citations()} lượt nêu)."
    ]
    if short:
        blocks.append("Một số báo cáo nêu số lượng văn bản nhưng không nêu đủ số, ký hiệu (phần thiếu không được tính "
                      "vào số văn bản trên): " + "; ".join(short) + ".")
    if len(listed):
        table = Table("Văn bản đã ban hành", "Danh mục văn bản đã ban hành",
                      [TT, Column("reference", "Số, ký hiệu văn bản"), Column("cited_by", "Cơ quan, đơn vị nêu")])
        for index, document in enumerate(listed.documents, start=1):
            table.rows.append({"tt": str(index), "reference": document.text, "cited_by": "; ".join(document.cited_by)})
        blocks.append(table)
    return Part("VĂN BẢN ĐÃ BAN HÀNH", blocks)


def _keys(text: str) -> set[str]:
    from desktop.inbox.doc_refs import references

    return {key for key, _written in references(text)}


def programmes_part(plan: PlanRound, progress: ProgressSpec, reporters: list[Reporter],
                    boards: dict[int, Board]) -> Part:
    form = plan.form
    table_field = form.field(progress.table)
    assert table_field is not None
    status_field = table_field.column(progress.status)
    labels = {o.key: o.label["vi"] for o in status_field.options} if status_field is not None else {}
    rank = {key: i for i, key in enumerate(plan.status_order)}
    by_programme: dict[str, list[tuple[Reporter, dict]]] = {}
    for reporter in reporters:
        rows = reporter.value(progress.table)
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, dict) and row.get(progress.status) in rank:
                by_programme.setdefault(str(row.get(progress.id)), []).append((reporter, row))
    overall: dict[str, int] = {}
    tables: list[Table] = []
    for programme in plan.programmes:
        group = programme["group"]
        if not tables or tables[-1].title != group:
            tables.append(Table(f"Nhóm {len(tables) + 1}", group, [
                TT, Column("name", "Tên chương trình, dự án, đề án"), Column("timeframe", "Thời hạn hoàn thành"),
                Column("lead", "Cơ quan chủ trì"), Column("coordinating", "Cơ quan phối hợp"),
                Column("status", "Tình hình thực hiện"), Column("result", "Kết quả, sản phẩm", "longtext")]))
            subgroup = None
        if programme.get("subgroup") and programme["subgroup"] != subgroup:
            subgroup = programme["subgroup"]
            tables[-1].rows.append({"tt": "", "name": f"{subgroup}:"})
        reports = by_programme.get(programme["number"], [])
        statuses = []
        for key in plan.status_order:
            names = [r.name for r, row in reports if row.get(progress.status) == key]
            if names:
                statuses.append(f"{labels.get(key, key)}: {', '.join(names)}")
        results = []
        for reporter, row in reports:
            text = " ".join(_texts(row.get(progress.result)))
            outputs = " ".join(_texts(row.get(progress.outputs))) if progress.outputs else ""
            if text or outputs:
                results.append(f"{reporter.name}: {text}" + (f" (sản phẩm: {outputs})" if outputs else ""))
        best = min((rank[row[progress.status]] for _r, row in reports), default=None)
        key = plan.status_order[best] if best is not None else ""
        overall[key] = overall.get(key, 0) + 1
        tables[-1].rows.append({
            "tt": programme["number"], "name": programme["name"], "timeframe": programme["timeframe"],
            "lead": programme["lead"], "coordinating": programme["coordinating"],
            "status": "\n".join(statuses) or "Chưa có cơ quan, đơn vị báo cáo", "result": "\n".join(results),
        })
    counted = ", ".join(f"{overall[k]} {lower_first(labels.get(k, k))}" for k in plan.status_order if overall.get(k))
    if overall.get(""):
        counted += f"{', ' if counted else ''}{overall['']} chưa có cơ quan, đơn vị báo cáo"
    reporting = [r for r in reporters if any(r in [x for x, _row in v] for v in by_programme.values())]
    summary = (f"Trong {len(plan.programmes)} chương trình, dự án, đề án ưu tiên của Kế hoạch: {counted} "
               f"({basis(reporting, boards)}; tình hình chung của mỗi chương trình là mức cao nhất mà các cơ quan, "
               "đơn vị báo cáo).")
    return Part("KẾT QUẢ THỰC HIỆN CÁC CHƯƠNG TRÌNH, DỰ ÁN, ĐỀ ÁN ƯU TIÊN", [summary, *tables])


def issues_part(difficulties: str | None, proposals: str | None, reporters: list[Reporter],
                kinds: dict[str, str], final: bool) -> Part:
    blocks: list[str | Table] = []
    by_org: dict[str, list[Reporter]] = {}
    for reporter in sorted(reporters, key=lambda r: r.year):
        by_org.setdefault(reporter.org_id, []).append(reporter)
    known = {kind for kind, _label in KINDS[:-1]}
    for number_, (kind, label) in enumerate(KINDS, start=1):
        table = Table(f"Khó khăn - {label[4:]}"[:31], f"{number_}. {label}", [
            TT, ORG, Column("difficulty_text", "Khó khăn, vướng mắc", "longtext"),
            Column("proposal_text", "Kiến nghị, đề xuất", "longtext")])
        for org_id, reports in by_org.items():
            if (kinds.get(org_id, "") if kinds.get(org_id, "") in known else "") != kind:
                continue
            row = {"tt": "", "org": reports[0].name, "difficulty_text": "", "proposal_text": ""}
            for key, path in (("difficulty_text", difficulties), ("proposal_text", proposals)):
                parts = []
                for report in reports:
                    texts = _texts(report.value(path)) if path else []
                    if texts:
                        parts.append((f"Năm {report.year}: " if final and len(reports) > 1 else "") + " ".join(texts))
                row[key] = "\n".join(parts)
            if row["difficulty_text"] or row["proposal_text"]:
                row["tt"] = str(len(table.rows) + 1)
                table.rows.append(row)
        if table.rows:
            blocks.append(table)
    if not blocks:
        blocks.append("Các cơ quan, đơn vị không nêu khó khăn, vướng mắc và kiến nghị.")
    return Part("KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ CỦA CÁC CƠ QUAN, ĐƠN VỊ", blocks)
