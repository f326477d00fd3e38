"""Inputs that reach every construct of the two DOCX renderers, for the comparison of our OOXML
writer with the python-docx reference (tests/inbox/test_docx_writer.py) and for bench figures.

`feature_report`: portrait and landscape tables in one part, a part with no blocks, a long table
crossing the writer's chunk boundary, numbers, decimals and None, texts with tabs, line breaks,
leading and trailing spaces, & < > " ' and characters XML forbids; landscape and portrait annexes.
`letters`: reminder letters with one addressee, several, and the attached list (vi and en).
"""

from __future__ import annotations

import datetime as dt

from desktop.forms import Period
from desktop.inbox.model import Column, Consolidated, Part, Table
from desktop.inbox.reminder_letter import Letter
from desktop.inbox.reminders import Recipient, ReminderRequest, Signer, letter_text
from desktop.registry import Organization

ESCAPES = "A & B <c> \"d\" 'e' ]]> &amp;"
SPACES = "  hai khoảng trắng đầu, một cuối "
FORBIDDEN = "x\x01y\x0bz\x1f\ufffe\uffff\ud800w\r\ncr\u2028ls\u202erlo"


def wide_table(title: str, rows: int, *, total: bool = True) -> Table:
    columns = [Column("tt", "TT"), Column("org", "Đơn vị báo cáo"), Column("listed", "Số cụm", "int"),
               *[Column(f"c{i}", f"Cột số {i} có tên dài", "decimal", unit="m³/ngày", decimals=2) for i in range(8)],
               Column("note", "Ghi chú", "longtext")]
    table = Table("Wide", title, columns)
    texts = [ESCAPES, SPACES, FORBIDDEN, "Tab\tgiữa\tô", "dòng một\ndòng hai\n", "Sở Công Thương Hà Nội", "", None]
    for index in range(rows):
        row: dict = {"tt": str(index + 1), "org": texts[index % len(texts)], "listed": index,
                     "note": texts[(index + 3) % len(texts)]}
        for i in range(8):
            row[f"c{i}"] = None if (index + i) % 7 == 0 else (index * 1.25 + i) / 3
        table.rows.append(row)
    if total:
        table.total = {"tt": "", "org": "Cả nước", "listed": sum(range(rows)), "c0": 12345.678}
    return table


def narrow_table(title: str, rows: int) -> Table:
    columns = [Column("tt", "TT"), Column("org", "Cơ quan & đơn vị <1>"), Column("share", "Tỷ lệ", "percent",
                                                                             unit="%", decimals=1)]
    table = Table("Narrow", title, columns)
    for index in range(rows):
        table.rows.append({"tt": str(index + 1), "org": f"Đơn vị {index} {ESCAPES if index % 3 == 0 else ''}",
                           "share": index * 7.5 if index % 4 else 0})
    return table


def feature_report(long_rows: int = 4100) -> Consolidated:
    parts = [
        Part("I. TÌNH HÌNH GỬI BÁO CÁO", ["Đoạn đầu " + ESCAPES, narrow_table("Bảng 1. Gửi báo cáo", 12),
                                          "Câu dẫn của bảng rộng: " + SPACES,
                                          wide_table("Bảng 2. Bảng rộng " + FORBIDDEN, 30),
                                          "Đoạn sau bảng rộng, trên trang dọc."]),
        Part("II. PHẦN KHÔNG CÓ NỘI DUNG", []),
        Part("III. BẢNG DÀI", [wide_table("Bảng 3. Bảng dài qua nhiều khối", long_rows, total=True)]),
        Part("IV. CHỈ CÓ ĐOẠN VĂN", ["Một đoạn " + FORBIDDEN, "Hai\tđoạn", SPACES]),
        Part("V. KẾT THÚC BẰNG BẢNG RỘNG", [wide_table("Bảng 4. Rộng ở cuối", 5, total=False)]),
    ]
    annexes = [Part("PHỤ LỤC I", [wide_table("Phụ lục I. Danh sách", 40)]),
               Part("PHỤ LỤC II", [narrow_table("Phụ lục II. Hẹp & ngắn", 3), narrow_table("Phụ lục II. b", 2)])]
    return Consolidated("ct20.province", "2025.1", Period.parse("2025"), "Tổng hợp tình hình " + ESCAPES,
                        dt.date(2025, 11, 20), parts, 7, intro="Mở đầu " + FORBIDDEN, closing="Kết thúc " + ESCAPES,
                        annexes=annexes, cutoff=(dt.date(2024, 12, 15), dt.date(2025, 12, 14)))


def portrait_report() -> Consolidated:
    """No landscape page at all, the last part ending on paragraphs."""
    parts = [Part("I. MỘT PHẦN", [narrow_table("Bảng 1. Hẹp", 4), "Đoạn cuối."])]
    return Consolidated("ct20.enterprise", "2025.1", Period.parse("2025-H1"), "Tổng hợp", dt.date(2025, 7, 1),
                        parts, 1, intro="Mở đầu.", closing="Kết thúc.")


ISSUERS = [
    Organization("cuc-atmt", "ministry-unit", "Cục Kỹ thuật an toàn và Môi trường công nghiệp",
                 parent_body="Bộ Công Thương", place="Hà Nội", number_suffix="ATMT"),
    Organization("bo-ct", "ministry", "Bộ Công Thương & <Cục>", place="", number_suffix="BCT"),
]
SIGNERS = [None, {"authority": "kt", "head_title": "CỤC TRƯỞNG", "signer_title": "PHÓ CỤC TRƯỞNG & <2>"}]
RECIPIENTS = [None, ["Bộ trưởng (để báo cáo);", "Lưu: VT & <TH>."], []]

REQUEST = ReminderRequest(
    round_title_vi="tình hình thực hiện Chỉ thị số 20/CT-TTg năm 2025 & <kỳ>",
    round_title_en="on the implementation of Directive 20/CT-TTg, year 2025",
    deadline=dt.date(2025, 11, 15),
    legal_basis_vi="Quyết định số 2678/QĐ-BCT ngày 29 tháng 9 năm 2025 của Bộ trưởng Bộ Công Thương",
    legal_basis_en="Decision 2678/QĐ-BCT of 29 September 2025 of the Minister of Industry and Trade",
    recipients=(Recipient("so-ct-lai-chau"), Recipient("so-ct-ho-chi-minh"),
                Recipient("mie", "correction", ("thiếu số liệu " + FORBIDDEN, "chưa nêu khó khăn"))),
    new_deadline=dt.date(2025, 11, 25),
    date=dt.date(2025, 11, 18),
    signer=Signer(title="PHÓ CỤC TRƯỞNG", authority="kt", name="Nguyễn Văn An"),
    contact="bà Trần Thị Bình, điện thoại 024 2220 2358 " + ESCAPES,
)


def letters() -> list[tuple[str, Letter]]:
    one = ReminderRequest(**{**REQUEST.__dict__, "recipients": (Recipient("so-ct-lai-chau"),), "date": None,
                             "signer": Signer(), "contact": ""})
    listed = ReminderRequest(**{**REQUEST.__dict__, "list_limit": 2})
    return [("several", letter_text(REQUEST)), ("english", letter_text(REQUEST, language="en")),
            ("one", letter_text(one)), ("listed", letter_text(listed)),
            ("listed-en", letter_text(listed, language="en"))]
