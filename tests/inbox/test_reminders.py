"""The reminder letter (công văn đôn đốc): its PDF read back with pdftotext, its DOCX read back with
python-docx, the list of e-mail addresses, and the addresses known from a real Inbox."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from docx import Document

from desktop.inbox.reminders import (
    LIST_LIMIT,
    Recipient,
    ReminderError,
    ReminderRequest,
    Signer,
    known_addresses,
    letter_text,
    write_reminders,
)
from desktop.package import asic
from desktop.registry import UnknownOrganizationError, get_organization
from desktop.store import Store

LEGAL_VI = "Quyết định số 2678/QĐ-BCT ngày 29 tháng 9 năm 2025 của Bộ trưởng Bộ Công Thương"
REQUEST = ReminderRequest(
    round_title_vi="tình hình thực hiện Chỉ thị số 20/CT-TTg năm 2025",
    round_title_en="on the implementation of Directive 20/CT-TTg, year 2025",
    deadline=dt.date(2025, 11, 15),
    legal_basis_vi=LEGAL_VI,
    legal_basis_en="Decision 2678/QĐ-BCT of 29 September 2025 of the Minister of Industry and Trade",
    recipients=(Recipient("so-ct-lai-chau"), Recipient("so-ct-ho-chi-minh"),
                Recipient("mie", "correction", ("thiếu số liệu xử lý nước thải", "chưa nêu khó khăn"))),
    new_deadline=dt.date(2025, 11, 25),
    date=dt.date(2025, 11, 18),
    signer=Signer(title="PHÓ CỤC TRƯỞNG", authority="kt", name="Nguyễn Văn An"),
    contact="bà Trần Thị Bình, Phòng Môi trường công nghiệp, điện thoại 024 2220 2358",
)


def pdftotext(path: Path, *args: str) -> str:
    done = subprocess.run(["pdftotext", *args, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True)
    return done.stdout


def flat(text: str) -> str:
    return " ".join(text.split())


def docx_text(path: Path) -> str:
    """Every paragraph of the body and of the table cells, in document order."""
    doc = Document(str(path))
    lines = []
    for element in doc.element.body.iter():
        if element.tag.endswith("}p"):
            lines.append("".join(node.text or "" for node in element.iter() if node.tag.endswith("}t")))
    return "\n".join(lines)


def test_the_letter_names_each_recipient_its_reason_and_the_dates(tmp_path: Path) -> None:
    result = write_reminders(REQUEST, tmp_path, addresses={"so-ct-ho-chi-minh": "vanthu@hcm.gov.vn"})
    for path in (result.pdf, result.docx, result.addresses):
        assert path.parent == tmp_path.resolve() and path.stat().st_size > 0
    names = [get_organization(r.org_id).name for r in REQUEST.recipients]
    for text in (flat(pdftotext(result.pdf)), flat(docx_text(result.docx))):
        assert "BỘ CÔNG THƯƠNG" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert "Hà Nội, ngày 18 tháng 11 năm 2025" in text
        assert "V/v đôn đốc gửi báo cáo tình hình thực hiện Chỉ thị số 20/CT-TTg năm 2025" in text
        assert "Kính gửi:" in text
        for index, name in enumerate(names):
            assert f"- {name}{'.' if index == len(names) - 1 else ';'}" in text
        assert f"Thực hiện {LEGAL_VI}" in text and "trước ngày 15/11/2025" in text
        assert ("Đến ngày 18 tháng 11 năm 2025, Cục ATMT chưa nhận được báo cáo của các cơ quan, đơn vị: "
                f"{names[0]}, {names[1]}.") in text
        assert (f"Báo cáo của {names[2]} đã gửi cần được chỉnh sửa, bổ sung: thiếu số liệu xử lý nước thải; "
                "chưa nêu khó khăn.") in text
        assert "trước ngày 25/11/2025" in text
        assert "Thông tin chi tiết xin liên hệ: Bà Trần Thị Bình" in text
        assert "Nơi nhận: - Như trên; - Cục trưởng (để báo cáo); - Lưu: VT." in text
        assert "KT. CỤC TRƯỞNG PHÓ CỤC TRƯỞNG" in text and "Nguyễn Văn An" in text
    layout = pdftotext(result.pdf, "-layout")
    assert "CỤC KỸ THUẬT AN TOÀN VÀ" in layout and "MÔI TRƯỜNG CÔNG NGHIỆP" in layout  # broken between words
    assert "Số:" in layout and "/ATMT" in layout
    # the order of the letter: header, greeting, body, closing
    text = flat(pdftotext(result.pdf))
    assert text.index("Kính gửi:") < text.index("Thực hiện") < text.index("Nơi nhận:")


def test_the_docx_is_a_word_document_on_a_decree_30_page(tmp_path: Path) -> None:
    result = write_reminders(REQUEST, tmp_path)
    doc = Document(str(result.docx))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.core_properties.title.startswith("Công văn đôn đốc báo cáo")
    fonts = subprocess.run(["pdffonts", str(result.pdf)], check=True, capture_output=True, text=True).stdout
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded


def test_only_missing_or_only_corrections_change_the_wording(tmp_path: Path) -> None:
    one = ReminderRequest(**{**REQUEST.__dict__, "recipients": (Recipient("so-ct-lai-chau"),), "date": None,
                             "new_deadline": None, "contact": ""})
    text = flat(pdftotext(write_reminders(one, tmp_path / "one").pdf))
    assert "Kính gửi: Sở Công Thương tỉnh Lai Châu." in text
    assert "Đến nay, Cục ATMT chưa nhận được báo cáo của Quý Cơ quan, đơn vị." in text
    assert "ngày tháng năm" in text  # the date left for the officer
    assert "Thông tin chi tiết" not in text and "trước ngày 25/11/2025" not in text
    fix = ReminderRequest(**{**REQUEST.__dict__, "recipients": (Recipient("mie", "correction"),)})
    text = flat(pdftotext(write_reminders(fix, tmp_path / "fix").pdf))
    assert "V/v đôn đốc chỉnh sửa, bổ sung báo cáo" in text
    assert "chưa nhận được" not in text
    assert f"Báo cáo của {get_organization('mie').name} đã gửi cần được chỉnh sửa, bổ sung." in text
    assert "gửi báo cáo đã chỉnh sửa, bổ sung" in text


def test_the_english_letter(tmp_path: Path) -> None:
    result = write_reminders(REQUEST, tmp_path, language="en")
    assert result.pdf.name == "cong-van-don-doc-en.pdf"
    text = flat(pdftotext(result.pdf))
    assert "SOCIALIST REPUBLIC OF VIET NAM" in text and "MINISTRY OF INDUSTRY AND TRADE" in text
    assert "Under Decision 2678/QĐ-BCT" in text and "by 15 November 2025" in text
    assert "needs corrections or additions: Thiếu số liệu xử lý nước thải; Chưa nêu khó khăn." in text
    assert "by 25 November 2025" in text and "Copies to: - As above - Director General (for information)" in text
    assert "KT. DIRECTOR GENERAL" in text
    assert "Kính gửi" not in text
    with pytest.raises(ReminderError):
        letter_text(REQUEST, language="fr")


def test_the_addresses_file_lists_each_recipient_and_who_has_none(tmp_path: Path) -> None:
    addresses = {"so-ct-lai-chau": ["vanthu@laichau.gov.vn", "VANTHU@laichau.gov.vn", "không phải thư"],
                 "so-ct-ho-chi-minh": "a@hcm.gov.vn; b@hcm.gov.vn", "habeco": "x@habeco.vn"}
    result = write_reminders(REQUEST, tmp_path, addresses=addresses)
    assert result.emails == ["vanthu@laichau.gov.vn", "a@hcm.gov.vn", "b@hcm.gov.vn"]  # not HABECO's: not addressed
    assert result.without_email == ["mie"]
    lines = result.addresses.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "vanthu@laichau.gov.vn; a@hcm.gov.vn; b@hcm.gov.vn"
    mie = get_organization("mie").name
    assert f"{mie}: chưa có địa chỉ thư điện tử" in lines
    assert json.loads(json.dumps(result.to_json()))["emails"] == result.emails


def test_a_user_added_organisation_can_be_reminded(tmp_path: Path) -> None:
    custom = [{"id": "cty-giay-an-hoa", "kind": "enterprise", "name": "Công ty cổ phần Giấy An Hòa",
               "parent_body": "", "number_suffix": "BC-GAH"}]
    request = ReminderRequest(**{**REQUEST.__dict__, "recipients": (Recipient("cty-giay-an-hoa"),)})
    result = write_reminders(request, tmp_path, custom=custom)
    assert "Kính gửi: Công ty cổ phần Giấy An Hòa." in flat(pdftotext(result.pdf))


def test_bad_requests_are_refused_with_a_message(tmp_path: Path) -> None:
    empty = ReminderRequest(**{**REQUEST.__dict__, "recipients": ()})
    with pytest.raises(ReminderError) as caught:
        write_reminders(empty, tmp_path)
    assert "nobody to remind" in str(caught.value.message.msgid)
    with pytest.raises(UnknownOrganizationError):
        write_reminders(ReminderRequest(**{**REQUEST.__dict__, "recipients": (Recipient("so-ct-atlantis"),)}),
                        tmp_path)
    with pytest.raises(ReminderError):
        write_reminders(ReminderRequest(**{**REQUEST.__dict__, "recipients": (Recipient("mie", "late"),)}), tmp_path)
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_known_addresses_come_from_trusted_packages_only(consolidator: Store) -> None:
    """The contact e-mail of each organisation's newest package whose signature holds; nothing
    from a package that failed its checks (its claims are unproven)."""
    expected: dict[str, list[str]] = {}
    newest: dict[str, str] = {}
    for record in consolidator.list_inbox_packages():
        if record.status == "invalid" or not record.org_id:
            continue
        if newest.get(record.org_id, "") > record.imported_at:
            continue
        data = json.loads(asic.read_package(consolidator.inbox_package_bytes(record.id)).data_json)
        newest[record.org_id] = record.imported_at
        expected[record.org_id] = [data["values"]["contact"]["email"]]
    invalid_only = {r.org_id for r in consolidator.list_inbox_packages() if r.status == "invalid"} - set(expected)
    found = known_addresses(consolidator)
    assert found == expected and expected
    assert not invalid_only & set(found)
    some = sorted(expected)[:2]
    assert known_addresses(consolidator, some) == {k: expected[k] for k in some}


def test_many_recipients_go_to_a_list_attached_to_the_letter(tmp_path: Path) -> None:
    from desktop.registry import provinces

    missing = [Recipient(org.id) for org in provinces()[:12]]
    fix = Recipient("mie", "correction", ("thiếu số liệu tro, xỉ",))
    request = ReminderRequest(**{**REQUEST.__dict__, "recipients": (*missing, fix),
                                 "signer": Signer(), "list_limit": LIST_LIMIT})
    every_name = write_reminders(ReminderRequest(**{**request.__dict__, "list_limit": None}), tmp_path / "all")
    assert all(f"- {org.name};" in flat(pdftotext(every_name.pdf)) for org in provinces()[:12])  # not asked
    result = write_reminders(request, tmp_path)
    pages = pdftotext(result.pdf).split("\f")
    letter, attached = flat(" ".join(pages[:-2])), flat(pages[-2])
    assert "Kính gửi: Các cơ quan, đơn vị có tên tại danh sách kèm theo." in letter
    assert "Cục ATMT chưa nhận được báo cáo của 12 cơ quan, đơn vị (danh sách kèm theo)." in letter
    assert "Báo cáo đã gửi của 1 cơ quan, đơn vị cần được chỉnh sửa, bổ sung" in letter
    assert provinces()[0].name not in letter  # not 13 names in the greeting
    assert "Nơi nhận: - Như trên; - Lưu: VT." in letter and "Cục trưởng (để báo cáo)" not in letter  # the head signs
    assert attached.startswith("2 DANH SÁCH CÁC CƠ QUAN, ĐƠN VỊ ĐƯỢC ĐÔN ĐỐC (Kèm theo Công văn số /ATMT ngày 18 "
                               "tháng 11 năm 2025 của Cục Kỹ thuật an toàn và Môi trường công nghiệp)")
    for index, org in enumerate(provinces()[:12], start=1):
        assert f"{index} {org.name} Chưa gửi báo cáo" in attached
    assert "13 Tổng công ty Máy và Thiết bị công nghiệp" in attached  # its "- CTCP" wraps in the cell
    assert attached.endswith("Chỉnh sửa, bổ sung báo cáo: Thiếu số liệu tro, xỉ")
    rows = Document(str(result.docx)).tables[-1].rows
    assert [c.text for c in rows[0].cells] == ["TT", "Cơ quan, đơn vị", "Nội dung đề nghị"] and len(rows) == 14
    assert rows[13].cells[1].text == get_organization("mie").name
