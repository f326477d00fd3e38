"""Full test reports of every form (tests/data/full_<form>.json) and the 2,000-row province report.

`python -m tests.export.reports` rewrites the JSON fixtures from the builders below; the tests and
the benchmark read the fixtures, and build the large province report from the same row builder.
`python -m tests.export.reports --images` redraws the reference images in docs/images.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from desktop.forms import get_form
from desktop.registry import get_organization

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
FORMS = {  # form id → the organisation that reports it in the fixtures
    "ct20.province": "so-ct-ninh-binh",
    "ct20.enterprise": "habeco",
    "ct20.ministry-unit": "cuc-dien-luc",
    "kh1375.unit": "so-ct-hai-phong",
}
PERIODS = {"ct20.province": "2025", "ct20.enterprise": "2025", "ct20.ministry-unit": "2025-H2",
           "kh1375.unit": "2025"}

_COMMUNES = [
    "Gia Viễn", "Hoa Lư", "Tam Điệp", "Yên Mô", "Kim Sơn", "Nho Quan", "Yên Khánh", "Phủ Lý",
    "Duy Tiên", "Kim Bảng", "Thanh Liêm", "Bình Lục", "Lý Nhân", "Ý Yên", "Vụ Bản", "Nghĩa Hưng",
    "Hải Hậu", "Giao Thủy", "Xuân Trường", "Trực Ninh", "Mỹ Lộc", "Nam Trực", "Đồng Văn", "Khánh Nhạc",
]
_CLUSTER_NAMES = [
    "Gián Khẩu", "Khánh Nhạc", "Khánh Thượng", "Gia Lập", "Đồng Hướng", "Xích Thổ", "Phú Sơn",
    "Cầu Yên", "Kim Tân", "La Mát", "Yên Ninh", "Quang Sơn", "Thành Lợi", "An Xá", "Đồng Côi",
    "Hải Minh", "Thịnh Lâu", "Trực Hùng", "Nghĩa Sơn", "Xuân Tiến", "Hồng Tiến", "Cát Thành",
    "Ý Yên", "Tống Xá", "Liêm Phong", "Bình Lục", "Nhân Hòa", "Châu Sơn", "Tâm Hòa", "Hòa Mạc",
]
_STATUSES = ["operating", "operating", "operating", "under_construction", "planned", "none", "suspended"]
_NOTES = ["", "Đang nâng cấp mô-đun xử lý số 2", "Đề nghị hỗ trợ vốn đầu tư", "",
          "Đã ký hợp đồng vận hành với đơn vị có năng lực", ""]


def cluster_row(index: int) -> dict:
    """One realistic row of `clusters.wastewater` (valid under every error rule of the form)."""
    base = _CLUSTER_NAMES[index % len(_CLUSTER_NAMES)]
    round_ = index // len(_CLUSTER_NAMES)
    name = f"Cụm công nghiệp {base}" + (f" {round_ + 1}" if round_ else "")
    status = _STATUSES[index % len(_STATUSES)]
    area = round(18.5 + (index * 7.3) % 60, 1)
    wastewater = round(120 + (index * 37.25) % 1900, 2)
    row = {
        "name": name,
        "commune": f"Xã {_COMMUNES[index % len(_COMMUNES)]}",
        "area_ha": area,
        "occupancy_pct": round(35 + (index * 13.7) % 64, 1),
        "facilities": 4 + (index * 3) % 45,
        "wastewater_m3d": wastewater,
        "wwtp_status": status,
    }
    if status in ("under_construction", "operating", "suspended"):
        row["design_capacity_m3d"] = 500 + (index % 9) * 250 + (1000 if index % 5 == 0 else 0)
    if status == "operating":
        row["actual_flow_m3d"] = round(min(row["design_capacity_m3d"], wastewater * 1.04), 1)
    monitoring = ["yes", "no", "not_required"][index % 3]
    row["auto_monitoring"] = monitoring
    if monitoring == "yes":
        row["data_transmitted"] = index % 2 == 0
    row["effluent"] = ["compliant", "non_compliant", "not_assessed"][index % 3] if status == "operating" \
        else "not_assessed"
    note = _NOTES[index % len(_NOTES)]
    if note:
        row["note"] = note
    return row


def _document(number: str, date: str, place: str, recipients: list[str], signer: str, title: str,
              authority: str = "kt", head: str = "GIÁM ĐỐC") -> dict:
    document = {
        "number": number, "date": date, "place": place,
        "recipients": [{"name": r} for r in recipients],
        "signer_name": signer, "signer_title": title, "authority": authority,
    }
    if authority != "none":
        document["head_title"] = head
    return document


def province_values(rows: int = 50) -> dict:
    clusters = [cluster_row(i) for i in range(rows)]
    return {
        "document": _document(
            "215/BC-SCT", "2025-11-10", "Ninh Bình",
            ["Bộ Công Thương (Cục Kỹ thuật an toàn và Môi trường công nghiệp);", "UBND tỉnh Ninh Bình (để báo cáo);",
             "Sở Nông nghiệp và Môi trường;", "Giám đốc, các Phó Giám đốc Sở;", "Lưu: VT, KTATMT."],
            "Trần Thị Thu Hương", "PHÓ GIÁM ĐỐC"),
        "contact": {"name": "Đỗ Quốc Khánh", "phone": "0229 3871 456", "email": "khanhdq@ninhbinh.gov.vn"},
        "program": {
            "plan_status": "issued",
            "plan_document": "Kế hoạch số 178/KH-UBND",
            "plan_date": "2025-09-05",
            "env_industry_enterprises": 1234,
            "activities": (
                "Sở Công Thương đã tham mưu UBND tỉnh ban hành Kế hoạch thực hiện Chương trình phát triển "
                "ngành công nghiệp môi trường giai đoạn 2025–2030 trên địa bàn tỉnh.\n"
                "Tổ chức rà soát, thống kê các doanh nghiệp hoạt động trong lĩnh vực tái chế, xử lý chất thải; "
                "hướng dẫn doanh nghiệp tiếp cận các chính sách ưu đãi về thuế, tín dụng xanh.\n"
                "- Phối hợp với Sở Khoa học và Công nghệ đánh giá 12 công nghệ xử lý chất thải rắn sinh hoạt."
            ),
        },
        "clusters": {
            "established": 62,
            "operating": rows,
            "wastewater": clusters,
            "inspections": 18,
            "violations": 7,
            "monitoring_required": 41,
            "monitoring_installed": 29,
            "monitoring_transmitting": 23,
            "summary": (
                "Công tác bảo vệ môi trường tại các cụm công nghiệp có chuyển biến tích cực; tỷ lệ cụm có hệ "
                "thống xử lý nước thải tập trung tăng so với năm 2024.\n"
                "Tuy nhiên, một số cụm công nghiệp thành lập trước năm 2015 chưa có hệ thống xử lý nước thải "
                "tập trung, nước thải của các cơ sở được xử lý cục bộ trước khi xả ra nguồn tiếp nhận."
            ),
        },
        "imports": {
            "coordination_activities": 4,
            "scrap_importers": 9,
            "violations": 1,
            "summary": "Phối hợp kiểm tra 9 doanh nghiệp nhập khẩu phế liệu giấy, nhựa và sắt thép; phát hiện "
                       "01 trường hợp lưu giữ phế liệu không đúng quy định, đã chuyển cơ quan chức năng xử lý.",
        },
        "communication": {
            "events": 6,
            "participants": 1850,
            "enterprises_reached": 327,
            "news_items": 45,
            "summary": "Tổ chức 06 hội nghị phổ biến Chỉ thị số 20/CT-TTg và Luật Bảo vệ môi trường cho "
                       "doanh nghiệp trong các cụm công nghiệp; đăng tải 45 tin, bài trên Cổng thông tin điện tử.",
        },
        "difficulties": (
            "Nguồn vốn đầu tư hạ tầng bảo vệ môi trường tại các cụm công nghiệp còn hạn chế; nhiều chủ đầu tư "
            "hạ tầng gặp khó khăn về tài chính.\n"
            "Đội ngũ cán bộ làm công tác môi trường cấp xã còn mỏng, kiêm nhiệm nhiều việc."
        ),
        "proposals": (
            "Đề nghị Bộ Công Thương sớm ban hành hướng dẫn về tiêu chí cụm công nghiệp xanh; hỗ trợ kinh phí "
            "đào tạo, tập huấn về quan trắc tự động, liên tục cho cán bộ quản lý cụm công nghiệp."
        ),
    }


def enterprise_values() -> dict:
    sectors = ["beverage", "beverage", "paper", "chemicals", "power", "other"]
    provinces = ["ha-noi", "hai-phong", "thanh-hoa", "nghe-an", "quang-ninh", "ninh-binh"]
    plants = ["Nhà máy Bia Hà Nội – Mê Linh", "Công ty CP Bia Hà Nội – Hải Phòng", "Nhà máy Bia Thanh Hóa",
              "Nhà máy Bia Hà Nội – Nghệ An", "Nhà máy Bia Hà Nội – Quảng Ninh", "Nhà máy Rượu Hà Nội – Ninh Bình"]
    permits = ["granted", "granted", "in_progress", "granted", "not_yet", "not_required"]
    facilities = []
    for i, name in enumerate(plants):
        solid = 1200.5 + i * 315.25
        ash = 860 + i * 97.5
        hazardous = 12.75 + i * 3.5
        facilities.append({
            "name": name, "province": provinces[i], "sector": sectors[i], "permit": permits[i],
            "wastewater_m3y": 185000 + i * 23750.5, "wastewater_treated_pct": 96.5 + i * 0.5,
            "solid_waste_t": solid, "solid_waste_recycled_t": round(solid * 0.78, 2),
            "hazardous_waste_t": hazardous, "hazardous_waste_transferred_t": hazardous,
            "ash_slag_gypsum_t": ash, "ash_slag_gypsum_reused_t": round(ash * 0.81, 1),
            "emission_monitoring": ["yes", "no", "not_required"][i % 3], "incidents": i % 2,
            **({"note": "Đã hoàn thành cải tạo hệ thống xử lý nước thải công suất 3.000 m³/ngày đêm"}
               if i == 1 else {}),
        })
    return {
        "document": _document(
            "87/BC-HABECO", "2025-11-12", "Hà Nội",
            ["Bộ Công Thương (Cục Kỹ thuật an toàn và Môi trường công nghiệp);", "Hội đồng quản trị Tổng công ty;",
             "Các công ty con, công ty liên kết;", "Lưu: VT, Ban KTCN."],
            "Vũ Thanh Sơn", "PHÓ TỔNG GIÁM ĐỐC", head="TỔNG GIÁM ĐỐC"),
        "contact": {"name": "Phạm Ngọc Ánh", "phone": "024 3845 6789", "email": "anhpn@habeco.com.vn"},
        "plan": {
            "approach": "integrated", "document": "Quyết định số 245/QĐ-HABECO", "date": "2025-08-20",
            "summary": "Tổng công ty lồng ghép nội dung Chỉ thị số 20/CT-TTg vào Kế hoạch sản xuất kinh doanh "
                       "và Chương trình tiết kiệm năng lượng năm 2025; giao chỉ tiêu cụ thể cho từng đơn vị.",
        },
        "facilities": facilities,
        "cleaner_production": {
            "measures": "Thu hồi CO₂ từ quá trình lên men; tái sử dụng nước rửa chai cho khâu vệ sinh; lắp đặt "
                        "hệ thống điện mặt trời mái nhà công suất 1,2 MWp tại Nhà máy Bia Hà Nội – Mê Linh.\n"
                        "Thay thế lò hơi đốt than bằng lò hơi đốt sinh khối tại hai nhà máy.",
            "investment_million_vnd": 48750.5,
            "energy_saved_toe": 1325.75,
        },
        "communication": {"events": 11, "participants": 2430,
                          "summary": "Tổ chức tập huấn về phân loại chất thải rắn tại nguồn cho người lao động."},
        "difficulties": "Chi phí đầu tư công nghệ thu hồi nhiệt và xử lý khí thải lò hơi còn cao.",
        "proposals": "Đề nghị Bộ Công Thương hướng dẫn cơ chế tín dụng xanh cho dự án giảm phát thải.",
    }


def ministry_values() -> dict:
    org = get_organization(FORMS["ct20.ministry-unit"])
    statuses = ["completed", "recurring", "in_progress", "not_started"]
    tasks = []
    for i, task in enumerate(org.tasks):
        row = dict(task)
        row["status"] = statuses[i % len(statuses)]
        if row["status"] != "not_started":
            row["result"] = [
                "Đã phối hợp với Cục ATMT xây dựng dự thảo Kế hoạch; tổ chức 02 hội thảo lấy ý kiến.\n"
                "Kế hoạch đã được Lãnh đạo Bộ phê duyệt tháng 9/2025.",
                "Lồng ghép yêu cầu bảo vệ môi trường khi thẩm định 14 dự án nhiệt điện, thủy điện nhỏ.",
                "Đang rà soát Nghị định số 135/2024/NĐ-CP về điện mặt trời mái nhà tự sản xuất, tự tiêu thụ.",
            ][i % 3]
        if row["status"] == "completed":
            row["outputs"] = "Quyết định số 2456/QĐ-BCT ngày 18/9/2025"
        if i == 1:
            row["note"] = "Báo cáo định kỳ hằng quý"
        tasks.append(row)
    return {
        "document": _document(
            "112/BC-ĐL", "2025-11-18", "Hà Nội",
            ["Cục Kỹ thuật an toàn và Môi trường công nghiệp;",
             "Thứ trưởng Nguyễn Hoàng Long (để b/c);", "Lưu: VT, ĐL."],
            "Lê Văn Đức", "PHÓ CỤC TRƯỞNG", head="CỤC TRƯỞNG"),
        "contact": {"name": "Hoàng Thị Yến", "phone": "024 2222 1234", "email": "yenht@moit.gov.vn"},
        "tasks": tasks,
        "other_activities": "Tham gia Đoàn kiểm tra liên ngành về an toàn đập, hồ chứa thủy điện mùa mưa lũ "
                            "năm 2025 tại các tỉnh Lào Cai, Tuyên Quang và Sơn La.",
        "difficulties": "Số liệu về chất thải của các nhà máy nhiệt điện chưa được cập nhật đầy đủ, kịp thời.",
        "proposals": "Đề nghị Cục ATMT chủ trì xây dựng cơ sở dữ liệu dùng chung về tro, xỉ, thạch cao.",
        "plan_amendments": "Đề nghị bổ sung nhiệm vụ theo dõi phát thải bụi mịn tại các nhà máy nhiệt điện.",
    }


def kh1375_values() -> dict:
    priority = json.loads((Path(__file__).resolve().parents[2] / "desktop/forms/data/"
                           "kh1375-priority-tasks.json").read_text(encoding="utf-8"))
    rows = []
    for i, task in enumerate(priority):
        row = {k: task[k] for k in ("number", "name", "timeframe", "lead", "product")}  # the form's fixed columns
        status = {0: "completed", 2: "in_progress", 6: "recurring", 11: "completed", 20: "not_started"}.get(i)
        if status:
            row["status"] = status
            if status != "not_started":
                row["result"] = (f"Sở Công Thương phối hợp triển khai nội dung số {task['number']} "
                                 "trên địa bàn thành phố.")
            if row["status"] == "completed":
                row["outputs"] = f"Văn bản số {300 + i}/SCT-KTATMT"
        rows.append(row)
    rows[6]["note"] = "Thực hiện lồng ghép với Chương trình khuyến công"
    return {
        "document": _document(
            "301/BC-SCT", "2025-12-05", "Hải Phòng",
            ["Bộ Công Thương (Cục Kỹ thuật an toàn và Môi trường công nghiệp);", "UBND thành phố Hải Phòng;",
             "Lưu: VT, KTATMT."],
            "Nguyễn Văn Thành", "GIÁM ĐỐC", authority="none"),
        "contact": {"name": "Bùi Thị Lụa", "phone": "0225 3842 777", "email": "luabt@haiphong.gov.vn"},
        "targets": {
            "legal_documents": {"achieved": 3, "evidence": "Quyết định số 12/2024/QĐ-UBND về quản lý chất thải rắn "
                                                          "công nghiệp thông thường trên địa bàn thành phố."},
            "sources_inventoried_pct": {"achieved": 76.5, "evidence": "Kiểm kê 412/538 nguồn thải lớn."},
            "ash_slag_gypsum_reused_pct": {"achieved": 82.3, "evidence": "Tro, xỉ của Nhà máy Nhiệt điện "
                                                                        "Hải Phòng được dùng làm phụ gia xi măng."},
            "enterprises_trained_pct": {"achieved": 100, "evidence": "Tập huấn cho 1.265 doanh nghiệp."},
            "plastic_bags": {"achieved": "Các siêu thị lớn trên địa bàn đã thay túi nilon khó phân hủy bằng túi "
                                         "phân hủy sinh học.", "evidence": "Biên bản kiểm tra 24 siêu thị."},
            "energy_projects_policies": {"achieved": "Đề xuất tiêu chí môi trường khi thẩm định dự án điện gió "
                                                     "ngoài khơi.", "evidence": "Văn bản số 2150/SCT-NL."},
        },
        "priority_tasks": rows,
        "difficulties": "Thiếu kinh phí cho công tác kiểm kê nguồn thải; số liệu của doanh nghiệp chưa đồng bộ.",
        "proposals": "Đề nghị Bộ Công Thương tiếp tục hỗ trợ xây dựng cơ sở dữ liệu nguồn thải công nghiệp.",
    }


BUILDERS = {"ct20.province": province_values, "ct20.enterprise": enterprise_values,
            "ct20.ministry-unit": ministry_values, "kh1375.unit": kh1375_values}


def fixture_path(form_id: str) -> Path:
    return DATA_DIR / f"full_{form_id}.json"


def load_full(form_id: str) -> dict:
    return json.loads(fixture_path(form_id).read_text(encoding="utf-8"))


def large_province_values(rows: int = 2000) -> dict:
    values = load_full("ct20.province")
    values["clusters"]["wastewater"] = [cluster_row(i) for i in range(rows)]
    values["clusters"]["operating"] = rows
    values["clusters"]["established"] = rows + 12
    return values


def _nfc(data):
    if isinstance(data, str):
        return unicodedata.normalize("NFC", data)
    if isinstance(data, list):
        return [_nfc(x) for x in data]
    if isinstance(data, dict):
        return {k: _nfc(v) for k, v in data.items()}
    return data


# docs/images/<name>.png ← page <page> of the full report of <form>, at 80 dpi
REFERENCE_IMAGES = {
    "pdf-page1": ("ct20.province", 1),
    "pdf-table-page": ("ct20.province", 2),
    "pdf-signature-block": ("ct20.province", -1),
    "pdf-wide-table-page": ("ct20.enterprise", 2),
    "pdf-portrait-table-page": ("ct20.ministry-unit", 1),
}


def write_reference_images(folder: Path) -> None:
    """The PDF pages the docs show, rendered with pdftoppm as a reader's viewer would."""
    import subprocess
    import tempfile

    from desktop.export.pdf import render_report_pdf
    from desktop.forms import Period

    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (form_id, page) in REFERENCE_IMAGES.items():
            result = render_report_pdf(get_form(form_id), load_full(form_id), org=get_organization(FORMS[form_id]),
                                       period=Period.parse(PERIODS[form_id]))
            pdf = Path(tmp) / f"{form_id}.pdf"
            pdf.write_bytes(result.data)
            number = str(result.page_count if page < 0 else page)
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", number, "-l", number, "-singlefile", str(pdf),
                            str(folder / name)], check=True)
            print(folder / f"{name}.png")


def main() -> None:
    import sys

    if sys.argv[1:2] == ["--images"]:
        write_reference_images(Path(sys.argv[2]) if len(sys.argv) > 2 else DATA_DIR.parents[1] / "docs" / "images")
        return
    from desktop.forms import coerce_values, merge_values, validate

    for form_id, build in BUILDERS.items():
        values = _nfc(build())
        form = get_form(form_id)
        stored, _ = merge_values({}, coerce_values(form, values))  # the values as the store keeps them
        result = validate(form, stored)
        if not result.ok:
            raise SystemExit(f"{form_id}: " + "; ".join(f"{i.path}: {i.message.render('en')}" for i in result.errors))
        for issue in result.warnings:
            print(f"  warning {form_id} {issue.path}: {issue.message.render('en')}")
        fixture_path(form_id).write_text(
            json.dumps(stored, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
        print(fixture_path(form_id))


if __name__ == "__main__":
    main()
