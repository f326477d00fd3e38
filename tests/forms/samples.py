"""Valid, warning-free values of each form: the baselines the rule tests mutate."""

from __future__ import annotations

import copy

HEADER = {
    "document": {
        "number": "215/BC-SCT",
        "date": "2025-11-10",
        "place": "Ninh Bình",
        "recipients": [{"name": "Bộ Công Thương (Cục ATMT);"}, {"name": "Lưu: VT."}],
        "signer_name": "Nguyễn Văn An",
        "signer_title": "PHÓ GIÁM ĐỐC",
        "authority": "kt",
        "head_title": "GIÁM ĐỐC",
    },
    "contact": {"name": "Trần Thị Bình", "phone": "0229 3871 234", "email": "binh.tt@ninhbinh.gov.vn"},
}


def cluster_row(i: int, status: str = "operating") -> dict:
    row = {
        "name": f"Cụm công nghiệp số {i}",
        "commune": "Phường Hoa Lư",
        "area_ha": 50.5,
        "occupancy_pct": 72.5,
        "facilities": 12,
        "wastewater_m3d": 800,
        "wwtp_status": status,
        "auto_monitoring": "yes",
        "data_transmitted": True,
        "effluent": "compliant",
    }
    if status in ("under_construction", "operating", "suspended"):
        row["design_capacity_m3d"] = 1500
    if status == "operating":
        row["actual_flow_m3d"] = 900
    return row


def province(rows: int = 3) -> dict:
    values = copy.deepcopy(HEADER)
    values.update({
        "program": {
            "plan_status": "issued",
            "plan_document": "1234/KH-UBND",
            "plan_date": "2025-10-01",
            "env_industry_enterprises": 14,
            "activities": "Đã ban hành kế hoạch và tổ chức triển khai.",
        },
        "clusters": {
            "established": rows + 2,
            "operating": rows,
            "wastewater": [cluster_row(i + 1) for i in range(rows)],
            "inspections": 4,
            "violations": 1,
            "monitoring_required": 10,
            "monitoring_installed": 8,
            "monitoring_transmitting": 7,
            "summary": "Các cụm công nghiệp cơ bản đáp ứng yêu cầu.",
        },
        "imports": {"coordination_activities": 2, "scrap_importers": 3, "violations": 0,
                    "summary": "Không phát hiện vi phạm."},
        "communication": {"events": 3, "participants": 250, "enterprises_reached": 40, "news_items": 12,
                          "summary": "Tổ chức 03 hội nghị."},
        "difficulties": "Thiếu kinh phí đầu tư hạ tầng xử lý nước thải.",
        "proposals": "Đề nghị Bộ hỗ trợ.",
    })
    return values


def facility_row(i: int) -> dict:
    return {
        "name": f"Nhà máy số {i}", "province": "phu-tho", "sector": "paper", "permit": "granted",
        "wastewater_m3y": 120000, "wastewater_treated_pct": 100, "solid_waste_t": 500,
        "solid_waste_recycled_t": 300, "hazardous_waste_t": 20, "hazardous_waste_transferred_t": 20,
        "ash_slag_gypsum_t": 1000, "ash_slag_gypsum_reused_t": 850, "emission_monitoring": "yes",
        "incidents": 0,
    }


def enterprise() -> dict:
    values = copy.deepcopy(HEADER)
    values["document"]["number"] = "88/BC-VINAPACO"
    values.update({
        "plan": {"approach": "separate_plan", "document": "45/KH-TCT", "date": "2025-10-05",
                 "summary": "Đã ban hành kế hoạch riêng."},
        "facilities": [facility_row(1), facility_row(2)],
        "cleaner_production": {"measures": "Thu hồi nhiệt, tái sử dụng nước.",
                               "investment_million_vnd": 1250.5, "energy_saved_toe": 35},
        "communication": {"events": 2, "participants": 120, "summary": "Tập huấn nội bộ."},
        "difficulties": "Chi phí đầu tư lớn.",
    })
    return values


def ministry_unit() -> dict:
    values = copy.deepcopy(HEADER)
    values["document"]["date"] = "2025-11-15"
    values.update({
        "tasks": [
            {"task_id": "hc-1", "task": "Hướng dẫn kỹ thuật", "timeframe": "2025–2027",
             "status": "in_progress", "result": "Đang xây dựng dự thảo."},
            {"task_id": "hc-2", "task": "Kiểm soát hóa chất", "timeframe": "Hằng năm",
             "status": "completed", "result": "Đã kiểm tra 12 doanh nghiệp.", "outputs": "Báo cáo 15/BC-HC"},
            {"task_id": "hc-3", "task": "Phối hợp", "timeframe": "Thường xuyên", "status": "not_started"},
        ],
        "other_activities": "Không.",
        "difficulties": "Thiếu nhân lực.",
    })
    return values


def kh1375() -> dict:
    values = copy.deepcopy(HEADER)
    values.update({
        "targets": {
            "legal_documents": {"achieved": 5, "evidence": "Thông tư 01/2024/TT-BCT"},
            "sources_inventoried_pct": {"achieved": 75, "evidence": "Báo cáo kiểm kê"},
            "ash_slag_gypsum_reused_pct": {"achieved": 85},
            "enterprises_trained_pct": {"achieved": 100},
            "plastic_bags": {"achieved": "Đã giảm 50 % túi ni lông khó phân hủy."},
            "energy_projects_policies": {"achieved": "Ban hành cơ chế khuyến khích."},
        },
        "priority_tasks": [
            {"number": "1", "name": "Chương trình 1", "timeframe": "2020 - 2025", "lead": "Bộ Công Thương",
             "product": "Báo cáo", "status": "completed", "result": "Hoàn thành.", "outputs": "QĐ 12/QĐ-BCT"},
            {"number": "2", "name": "Chương trình 2", "timeframe": "2020 - 2025", "lead": "Bộ Công Thương",
             "product": "Báo cáo"},
        ],
        "difficulties": "Không có.",
    })
    return values


BASELINES = {
    "ct20.province": province,
    "ct20.enterprise": enterprise,
    "ct20.ministry-unit": ministry_unit,
    "kh1375.unit": kh1375,
}
