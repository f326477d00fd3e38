"""The national tables particular to one form: wastewater treatment in the provinces' industrial
clusters (`ct20.province`) and the corporations' facilities with the ash-slag-gypsum reuse rate
against the 80 % target of Decision 1375/QĐ-TTg (`ct20.enterprise`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.forms import FormDefinition, get_path
from desktop.forms.model import Field
from desktop.forms.values import choice_options
from desktop.i18n.formatting import format_number
from desktop.inbox.consolidate import ORG, TT, Reporter, TableNumbers
from desktop.inbox.model import Column, Part, Table, number, ratio_pct, total
from desktop.registry import current_province, provinces

REUSE_TARGET_PCT = 80.0  # Decision 1375/QĐ-TTg, unless the form's derived value says otherwise


def _n(value: Any) -> str:
    return format_number(value or 0, "vi")


def _label(field: Field, key: str, value: Any) -> str:
    column = field.column(key)
    if column is None or value is None:
        return ""
    if column.type == "bool":
        return "Có" if value else "Không"
    if column.type == "choice":
        return next((label["vi"] for option, label in choice_options(column) if option == value), str(value))
    return str(value)


def _column(field: Field, key: str, label: str | None = None) -> Column:
    column = field.column(key)
    assert column is not None, key
    kind = column.type if column.type in ("int", "decimal", "percent") else "text"
    return Column(key, label or column.label["vi"], kind, (column.unit or {}).get("vi"))


def _rows(reporter: Reporter, key: str) -> list[dict[str, Any]]:
    rows = get_path(reporter.values, key)
    return [row for row in rows if isinstance(row, dict)] if isinstance(rows, list) else []


# ---- ct20.province ----------------------------------------------------------------------------

def province_part(form: FormDefinition, reporters: list[Reporter], numbers: TableNumbers) -> Part:
    table_field = form.fields["clusters.wastewater"]
    status_field = table_field.column("wwtp_status")
    assert status_field is not None
    statuses = [(key, label["vi"]) for key, label in choice_options(status_field)]
    m3d = "m³/ngày đêm"
    columns = [
        TT, Column("org", "Tỉnh, thành phố"), Column("listed", "Số CCN được báo cáo", "int"),
        *(Column(f"status.{key}", f"HTXLNT: {label.lower()}", "int") for key, label in statuses),
        Column("design", "Công suất thiết kế của HTXLNT đang vận hành", "decimal", m3d),
        Column("flow", "Lưu lượng xử lý thực tế", "decimal", m3d),
        Column("monitoring", "Số CCN có quan trắc nước thải tự động, liên tục", "int"),
        Column("plant_pct", "Tỷ lệ CCN có HTXLNT đang vận hành", "percent", "%", 2),
    ]
    by_province = Table("XLNT theo tỉnh", numbers.title(
        "Hệ thống xử lý nước thải tập trung tại các cụm công nghiệp theo tỉnh, thành phố"), columns)
    for index, reporter in enumerate(reporters, start=1):
        derived = reporter.derived
        by_status = get_path(derived, "clusters.by_wwtp_status") or {}
        by_province.rows.append({
            "tt": str(index), "org": reporter.place, "listed": get_path(derived, "clusters.listed") or 0,
            **{f"status.{key}": by_status.get(key, 0) for key, _ in statuses},
            "design": get_path(derived, "clusters.operating_design_capacity_m3d") or 0,
            "flow": get_path(derived, "clusters.operating_actual_flow_m3d") or 0,
            "monitoring": get_path(derived, "clusters.with_auto_monitoring") or 0,
            "plant_pct": get_path(derived, "clusters.with_operating_plant_pct"),
        })
    sums: dict[str, Any] = {c.key: total(row[c.key] for row in by_province.rows) or 0 for c in columns[2:-1]}
    sums["plant_pct"] = ratio_pct(sums["status.operating"], sums["listed"]) if "status.operating" in sums else None
    by_province.total = {"tt": "", "org": "Cả nước", **sums}

    keys = ("name", "commune", "area_ha", "wastewater_m3d", "wwtp_status", "design_capacity_m3d",
            "actual_flow_m3d", "auto_monitoring", "effluent")
    listed = Table("Danh sách CCN", numbers.title(
        "Danh sách các cụm công nghiệp và tình trạng xử lý nước thải tập trung"),
        [TT, Column("province", "Tỉnh, thành phố"), *(_column(table_field, key) for key in keys)])
    for reporter in reporters:
        for row in _rows(reporter, "clusters.wastewater"):
            cells: dict[str, Any] = {"tt": str(len(listed.rows) + 1), "province": reporter.place}
            for key in keys:
                column = table_field.column(key)
                value = row.get(key)
                cells[key] = number(value) if column is not None and column.type in ("int", "decimal") \
                    else _label(table_field, key, value)
            listed.rows.append(cells)
    summary = (
        f"Theo báo cáo của {len(reporters)} tỉnh, thành phố, cả nước có {_n(sums['listed'])} cụm công nghiệp "
        f"được báo cáo, trong đó {_n(sums.get('status.operating'))} cụm có hệ thống xử lý nước thải tập trung "
        f"đang vận hành (tỷ lệ {_n(sums['plant_pct'])}%), tổng công suất thiết kế {_n(sums['design'])} {m3d}, "
        f"lưu lượng xử lý thực tế {_n(sums['flow'])} {m3d}; {_n(sums['monitoring'])} cụm có quan trắc nước thải "
        "tự động, liên tục."
    )
    return Part("XỬ LÝ NƯỚC THẢI TẬP TRUNG TẠI CÁC CỤM CÔNG NGHIỆP", [summary, by_province, listed])


# ---- ct20.enterprise --------------------------------------------------------------------------

_TOTALS = (  # (column key, derived key under "facilities.", label, kind, unit)
    ("count", "count", "Số cơ sở sản xuất", "int", None),
    ("wastewater", "total_wastewater_m3y", "Nước thải phát sinh", "decimal", "m³/năm"),
    ("solid", "total_solid_waste_t", "Chất thải rắn công nghiệp thông thường phát sinh", "decimal", "tấn"),
    ("solid_recycled", "total_solid_waste_recycled_t", "trong đó tái chế, tái sử dụng", "decimal", "tấn"),
    ("hazardous", "total_hazardous_waste_t", "Chất thải nguy hại phát sinh", "decimal", "tấn"),
    ("hazardous_transferred", "total_hazardous_waste_transferred_t", "Chất thải nguy hại chuyển giao xử lý",
     "decimal", "tấn"),
    ("ash", "total_ash_slag_gypsum_t", "Tro, xỉ, thạch cao phát sinh", "decimal", "tấn"),
    ("ash_reused", "total_ash_slag_gypsum_reused_t", "Tro, xỉ, thạch cao tái chế, tái sử dụng", "decimal", "tấn"),
    ("incidents", "total_incidents", "Sự cố môi trường", "int", None),
)
_FACILITY_SUMS = {"wastewater": "wastewater_m3y", "solid": "solid_waste_t", "hazardous": "hazardous_waste_t",
                  "ash": "ash_slag_gypsum_t", "ash_reused": "ash_slag_gypsum_reused_t"}


def _target(form: FormDefinition) -> float:
    item = next((d for d in form.derived if d.key == "facilities.ash_slag_gypsum_reuse_pct"), None)
    return float(item.target) if item is not None and item.target is not None else REUSE_TARGET_PCT


def _verdict(rate: float | None, target: float) -> str:
    if rate is None:
        return "Không phát sinh"
    return "Đạt" if rate >= target else "Chưa đạt"


def _province_names() -> dict[str, str]:
    return {org.province: org.place for org in provinces()}


def enterprise_part(form: FormDefinition, reporters: list[Reporter], numbers: TableNumbers) -> Part:
    target = _target(form)
    columns = [TT, ORG, *(Column(key, label, kind, unit) for key, _, label, kind, unit in _TOTALS),
               Column("ash_rate", "Tỷ lệ tro, xỉ, thạch cao được tái chế, tái sử dụng", "percent", "%", 2),
               Column("verdict", f"Đánh giá so với mục tiêu {_n(target)}%")]
    totals = Table("Cơ sở theo đơn vị", numbers.title("Kết quả bảo vệ môi trường tại các cơ sở sản xuất"), columns)
    for index, reporter in enumerate(reporters, start=1):
        row: dict[str, Any] = {"tt": str(index), "org": reporter.name}
        for key, derived_key, *_ in _TOTALS:
            row[key] = get_path(reporter.derived, f"facilities.{derived_key}") or 0
        row["ash_rate"] = ratio_pct(row["ash_reused"], row["ash"])
        row["verdict"] = _verdict(row["ash_rate"], target)
        totals.rows.append(row)
    sums: dict[str, Any] = {key: total(row[key] for row in totals.rows) or 0 for key, *_ in _TOTALS}
    sums["ash_rate"] = ratio_pct(sums["ash_reused"], sums["ash"])
    sums["verdict"] = _verdict(sums["ash_rate"], target)
    totals.total = {"tt": "", "org": "Tổng cộng", **sums}
    reached = "đạt" if sums["verdict"] == "Đạt" else "chưa đạt"
    summary = (
        f"Các cơ sở sản xuất của {len(reporters)} đơn vị phát sinh {_n(sums['ash'])} tấn tro, xỉ, thạch cao, "
        f"trong đó {_n(sums['ash_reused'])} tấn được tái chế, tái sử dụng, đạt tỷ lệ {_n(sums['ash_rate'])}%, "
        f"{reached} mục tiêu {_n(target)}% theo Quyết định số 1375/QĐ-TTg."
    )
    by_province = _by_province(reporters, numbers)
    return Part("KẾT QUẢ BẢO VỆ MÔI TRƯỜNG TẠI CÁC CƠ SỞ SẢN XUẤT",
                [summary, totals, by_province, _facility_list(form, reporters, numbers)])


def _by_province(reporters: list[Reporter], numbers: TableNumbers) -> Table:
    names = _province_names()
    groups: dict[str, list[dict[str, Any]]] = {}
    for reporter in reporters:
        for row in _rows(reporter, "facilities"):
            slug = str(row.get("province") or "")
            groups.setdefault(current_province(slug) or slug or "", []).append(row)
    order = {slug: i for i, slug in enumerate(names)}
    columns = [TT, Column("province", "Tỉnh, thành phố"), Column("count", "Số cơ sở sản xuất", "int"),
               *(Column(key, label, kind, unit) for key, _, label, kind, unit in _TOTALS if key in _FACILITY_SUMS),
               Column("ash_rate", "Tỷ lệ tro, xỉ, thạch cao được tái chế, tái sử dụng", "percent", "%", 2)]
    table = Table("Cơ sở theo tỉnh", numbers.title("Các cơ sở sản xuất theo tỉnh, thành phố"), columns)
    for slug in sorted(groups, key=lambda s: (order.get(s, len(order)), s)):
        rows = groups[slug]
        cells: dict[str, Any] = {"tt": str(len(table.rows) + 1), "province": names.get(slug, slug or "Không rõ"),
                                 "count": len(rows)}
        for key, source in _FACILITY_SUMS.items():
            cells[key] = total(row.get(source) for row in rows) or 0
        cells["ash_rate"] = ratio_pct(cells["ash_reused"], cells["ash"])
        table.rows.append(cells)
    sums: dict[str, Any] = {c.key: total(r[c.key] for r in table.rows) or 0 for c in columns[2:-1]}
    sums["ash_rate"] = ratio_pct(sums["ash_reused"], sums["ash"])
    table.total = {"tt": "", "province": "Cả nước", **sums}
    return table


def _facility_list(form: FormDefinition, reporters: list[Reporter], numbers: TableNumbers) -> Table:
    field = form.fields["facilities"]
    keys = ("name", "province", "sector", "permit", "wastewater_m3y", "solid_waste_t", "hazardous_waste_t",
            "ash_slag_gypsum_t", "ash_slag_gypsum_reused_t")
    table = Table("Danh sách cơ sở", numbers.title("Danh sách các cơ sở sản xuất"),
                  [TT, ORG, *(_column(field, key) for key in keys)])
    for reporter in reporters:
        for row in _rows(reporter, "facilities"):
            cells: dict[str, Any] = {"tt": str(len(table.rows) + 1), "org": reporter.name}
            for key in keys:
                column = field.column(key)
                value = row.get(key)
                if key == "province" and isinstance(value, str):
                    value = current_province(value) or value
                cells[key] = number(value) if column is not None and column.type in ("int", "decimal") \
                    else _label(field, key, value)
            table.rows.append(cells)
    return table


FORM_PARTS: dict[str, Callable[[FormDefinition, list[Reporter], TableNumbers], Part]] = {
    "ct20.province": province_part,
    "ct20.enterprise": enterprise_part,
}
