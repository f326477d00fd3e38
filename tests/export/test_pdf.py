"""The report PDF, read back the way a receiver reads it: pdftotext, pypdf and pdftoppm.

A full report of every form (tests/data/full_<form>.json: every field filled, Vietnamese with all
its diacritics, several table rows, a 50-row cluster table) must show every value, NFC, in the
order of the form definition; the layout must follow Decree 30 (header, page numbers, landscape
pages for wide tables, a signature block with an empty reserved rectangle).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import time
import unicodedata
from pathlib import Path

import pypdf
import pytest

from desktop.document.fonts import BUNDLED_FILES, report_fonts
from desktop.export.pdf import PdfResult, render_report_pdf
from desktop.forms import Period, compute_derived, get_form, get_path, validate
from desktop.forms.values import choice_options
from desktop.i18n.formatting import format_number
from desktop.paths import resources_dir
from desktop.registry import get_organization
from tests.export.reports import FORMS, PERIODS, cluster_row, large_province_values, load_full

ADDRESSEE = "Bộ Công Thương (Cục Kỹ thuật an toàn và Môi trường công nghiệp)"  # a province's, a corporation's
UNIT_ADDRESSEE = "Cục Kỹ thuật an toàn và Môi trường công nghiệp"  # a Ministry unit writes to Cục ATMT itself
MM = 72 / 25.4


def render(form_id: str, values: dict | None = None, **kwargs) -> PdfResult:
    values = load_full(form_id) if values is None else values
    return render_report_pdf(get_form(form_id), values, org=get_organization(FORMS[form_id]),
                             period=Period.parse(PERIODS[form_id]), **kwargs)


@pytest.fixture(scope="module")
def rendered() -> dict[str, PdfResult]:
    return {form_id: render(form_id) for form_id in FORMS}


def pdftotext(data: bytes, *args: str) -> str:
    done = subprocess.run(["pdftotext", *args, "-enc", "UTF-8", "-", "-"], input=data,
                          capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


# --- what the report must say, computed here from the definition, independently of the renderer


def shown(field, value, *, unit: bool = True) -> str:
    if field.type in ("int", "decimal", "percent"):
        text = format_number(value, "vi")
    elif field.type == "date":
        text = dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    elif field.type == "bool":
        text = "Có" if value else "Không"
    elif field.type == "choice":
        text = dict((k, label["vi"]) for k, label in choice_options(field))[value]
    else:
        text = value
    suffix = (field.unit or {}).get("vi") if unit else None
    return text if not suffix else text + suffix if suffix == "%" else f"{text} {suffix}"


def expected(form_id: str) -> tuple[list[str], list[str]]:
    """(everything in reading order, the cells of tables) of the full report of a form."""
    form, values = get_form(form_id), load_full(form_id)
    org = get_organization(FORMS[form_id])
    document = values["document"]
    day = dt.date.fromisoformat(document["date"])
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    addressee = form.default_recipients[0].rstrip(" ;.")
    assert addressee == (UNIT_ADDRESSEE if form.id == "ct20.ministry-unit" else ADDRESSEE)
    items = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             f"Số: {document['number']}",
             f"{document['place']}, ngày {day.day:02d} tháng {month} năm {day.year}",
             "BÁO CÁO", f"Kính gửi: {addressee}.", f"{org.name} báo cáo như sau:"]
    cells: list[str] = []
    derived = compute_derived(form, values)
    by_table: dict[str, list] = {}
    for item in form.derived:
        table = item.table or next(d.table for d in form.derived if d.key == item.numerator)
        by_table.setdefault(table, []).append(item)
    for section in form.sections:
        if not section.number:
            continue
        items.append(f"{section.number}. {section.title['vi'].upper()}")
        for field in section.fields:
            value = get_path(values, field.key)
            assert value is not None, f"the full report leaves {field.key} empty"
            if field.type == "longtext":
                items += [line.strip() for line in value.splitlines() if line.strip()]
            elif field.type == "table":
                for row in value:
                    for column in field.columns:
                        if column.key in row:
                            text = shown(column, row[column.key], unit=False)  # units: in the header
                            items += [line for line in text.splitlines() if line.strip()]
                            cells.append(text)
                for item in by_table.get(field.key, []):
                    result = get_path(derived, item.key)
                    if isinstance(result, dict):
                        items.append(item.label["vi"] + ": ")
                    elif result is not None:
                        items.append(f"{item.label['vi']}: {format_number(result)}")
            else:
                items.append(f"{field.label['vi']}: {shown(field, value)}")
    contact = values["contact"]
    items += [contact["name"], contact["phone"], contact["email"], "Trên đây là báo cáo", "Nơi nhận:",
              "- Như trên;"]
    names = [r["name"].rstrip(";.") for r in document["recipients"]]
    items += [f"- {name}" for name in names if name != addressee]
    if document.get("authority") == "kt":
        items.append(f"KT. {document['head_title']}")
    items += [document["signer_title"], document["signer_name"]]
    return [unicodedata.normalize("NFC", i) for i in items], cells


def assert_in_order(text: str, items: list[str]) -> None:
    """Each item occurs in `text` after the previous one (whitespace-insensitive)."""
    haystack = flat(text)
    position = 0
    for index, item in enumerate(items):
        found = haystack.find(flat(item), position)
        assert found >= 0, (
            f"item {index} {item!r} missing after …{haystack[max(position - 80, 0):position + 80]}…"
        )
        position = found + len(flat(item))


# --- tests


def test_fixtures_are_full_valid_nfc_reports():
    for form_id in FORMS:
        values = load_full(form_id)
        assert validate(get_form(form_id), values).ok, form_id
        raw = Path(__file__).resolve().parents[1].joinpath("data", f"full_{form_id}.json").read_text("utf-8")
        assert unicodedata.is_normalized("NFC", raw)
        assert re.search(r"[ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]", raw)
    assert len(load_full("ct20.province")["clusters"]["wastewater"]) == 50


@pytest.mark.parametrize("form_id", list(FORMS))
def test_raw_text_holds_every_value_in_order(rendered, form_id):
    text = pdftotext(rendered[form_id].data, "-raw")
    assert unicodedata.is_normalized("NFC", text)
    items, _cells = expected(form_id)
    assert_in_order(text, items)


@pytest.mark.parametrize("form_id", list(FORMS))
def test_pypdf_text_holds_every_value_in_order(rendered, form_id):
    reader = pypdf.PdfReader(io.BytesIO(rendered[form_id].data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert unicodedata.is_normalized("NFC", text)
    assert_in_order(text, expected(form_id)[0])


@pytest.mark.parametrize("form_id", list(FORMS))
def test_layout_text_holds_every_value(rendered, form_id):
    """-layout interleaves the lines of wrapped table cells: outside tables the order holds,
    inside them every word of every cell is there."""
    text = pdftotext(rendered[form_id].data, "-layout")
    assert unicodedata.is_normalized("NFC", text)
    items, cells = expected(form_id)
    cell_lines = {line for cell in cells for line in cell.splitlines()}
    closing = items.index("Nơi nhận:")  # two columns side by side: line by line they interleave
    assert_in_order(text, [i for i in items[:closing] if i not in cell_lines])
    for item in items[closing:]:
        assert flat(item) in flat(text)
    words = set(flat(text).split())
    missing = {w for cell in cells for w in cell.split() if w not in words}
    assert not missing


def test_header_and_title_follow_decree_30(rendered):
    first = pdftotext(rendered["ct20.province"].data, "-raw", "-l", "1").splitlines()
    assert first[:4] == ["UBND TỈNH NINH BÌNH", "SỞ CÔNG THƯƠNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc"]
    assert first[4] == "Số: 215/BC-SCT Ninh Bình, ngày 10 tháng 11 năm 2025"
    assert flat(" ".join(first[5:8])).startswith(
        "BÁO CÁO Tình hình thực hiện Chỉ thị số 20/CT-TTg ngày 12/7/2025 của Thủ tướng Chính phủ năm 2025")
    ministry = flat(pdftotext(rendered["ct20.ministry-unit"].data, "-raw", "-l", "1"))
    assert ministry.startswith("BỘ CÔNG THƯƠNG CỤC ĐIỆN LỰC CỘNG HÒA")
    assert "Chính phủ 6 tháng cuối năm 2025" in ministry


@pytest.mark.parametrize("org_id", ["habeco", "mie", "veam"])
def test_a_joint_stock_corporation_has_no_ministry_line_above_it(org_id):
    org = get_organization(org_id)
    pdf = render_report_pdf(get_form("ct20.enterprise"), load_full("ct20.enterprise"), org=org,
                            period=Period.parse("2025")).data
    first = flat(pdftotext(pdf, "-raw", "-l", "1"))
    assert first.startswith(f"{org.name.upper()} CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert "BỘ CÔNG THƯƠNG" not in first.split("CỘNG HÒA")[0]
    if org_id != "habeco":
        assert org.name.endswith(" - CTCP")


def test_a_ministry_unit_reports_to_cuc_atmt_and_may_have_no_difficulties():
    values = load_full("ct20.ministry-unit")
    del values["difficulties"]
    form = get_form("ct20.ministry-unit")
    assert form.version == "2025.2" and not validate(form, values).errors
    text = flat(pdftotext(render("ct20.ministry-unit", values).data, "-raw"))
    assert "Kính gửi: Cục Kỹ thuật an toàn và Môi trường công nghiệp." in text
    assert "2. Đề xuất sửa đổi, bổ sung nội dung Kế hoạch (nếu có) Đề nghị bổ sung nhiệm vụ theo dõi" in text
    full = flat(pdftotext(render("ct20.ministry-unit").data, "-raw"))
    assert "1. Khó khăn, vướng mắc (nếu có) Số liệu về chất thải" in full
    older = get_form("ct20.ministry-unit", "2025.1")  # a released version keeps its rules
    assert older.field("difficulties").required and older.field("plan_amendments") is None


def test_small_numbers_and_january_dates_get_a_leading_zero():
    values = load_full("ct20.province")
    values["document"].update(number="5/BC-SCT", date="2026-01-05")
    text = flat(pdftotext(render("ct20.province", values).data, "-raw", "-l", "1"))
    assert "Số: 05/BC-SCT Ninh Bình, ngày 05 tháng 01 năm 2026" in text
    values["document"].update(date="2026-03-09")
    assert "ngày 09 tháng 3 năm 2026" in flat(pdftotext(render("ct20.province", values).data, "-raw", "-l", "1"))


def test_choices_print_their_vietnamese_label_and_numbers_vietnamese_format(rendered):
    text = flat(pdftotext(rendered["ct20.province"].data, "-raw"))
    assert "Kế hoạch thực hiện Chương trình trên địa bàn: Đã ban hành." in text
    assert "Số doanh nghiệp ngành công nghiệp môi trường: 1.234." in text
    assert "Ngày ban hành: 05/09/2025." in text
    assert "Tổng công suất thiết kế của các HTXLNT đang vận hành: 37.000 m³/ngày đêm." in text
    assert "Tỷ lệ cụm có HTXLNT tập trung đang vận hành: 44%." in text
    assert "issued" not in text and "under_construction" not in text
    enterprise = flat(pdftotext(rendered["ct20.enterprise"].data, "-raw"))
    assert "Kinh phí đầu tư cho bảo vệ môi trường: 48.750,5 triệu đồng." in enterprise


def test_wide_tables_go_on_landscape_pages_with_the_header_repeated(rendered):
    result = rendered["ct20.province"]
    reader = pypdf.PdfReader(io.BytesIO(result.data))
    shapes = [page.mediabox.width > page.mediabox.height for page in reader.pages]
    assert shapes[0] is False and shapes[-1] is False
    landscape = [i for i, wide in enumerate(shapes) if wide]
    assert len(landscape) >= 3 and landscape == list(range(landscape[0], landscape[-1] + 1))
    for index in landscape:
        page = flat(reader.pages[index].extract_text())
        if "Cụm công nghiệp" in page:  # a page of rows (the totals under the table may follow alone)
            assert "Tên cụm công nghiệp" in page and "(14)" in page  # header and column numbers
    small = pypdf.PdfReader(io.BytesIO(rendered["ct20.ministry-unit"].data))
    assert all(p.mediabox.width < p.mediabox.height for p in small.pages)  # 8 columns fit portrait


def test_page_numbers_top_centre_from_page_two(rendered):
    data = rendered["ct20.province"].data
    assert pdftotext(data, "-raw", "-f", "1", "-l", "1").splitlines()[0] != "1"
    for page in (2, 3, rendered["ct20.province"].page_count):
        lines = pdftotext(data, "-raw", "-f", str(page), "-l", str(page)).splitlines()
        assert lines[0] == str(page)


def test_signature_box_is_an_empty_rectangle_in_the_signature_block(rendered):
    for form_id, result in rendered.items():
        box = result.signature_box
        assert box.page_index == result.page_count - 1
        reader = pypdf.PdfReader(io.BytesIO(result.data))
        page = reader.pages[box.page_index]
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert box.x2 - box.x1 >= 60 * MM and box.y2 - box.y1 >= 25 * MM
        assert width / 2 < box.x1 and box.x2 <= width - 15 * MM and box.y1 >= 20 * MM
        words = _words(result.data, box.page_index + 1)
        inside = [w for w, (x1, y1, x2, y2) in words
                  if x1 < box.x2 and x2 > box.x1 and height - y2 < box.y2 and height - y1 > box.y1]
        assert not inside, (form_id, inside)
        above = [w for w, (x1, y1, x2, y2) in words if x1 >= box.x1 - 30 and height - y2 >= box.y2]
        below = [w for w, (x1, y1, x2, y2) in words if x1 >= box.x1 - 30 and height - y1 <= box.y1]
        signer = load_full(form_id)["document"]
        assert signer["signer_title"].split()[-1] in above
        assert signer["signer_name"].split()[-1] in below


def _words(data: bytes, page: int) -> list[tuple[str, tuple[float, ...]]]:
    html = pdftotext(data, "-bbox", "-f", str(page), "-l", str(page))
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', html)
    return [(w, (float(a), float(b), float(c), float(d))) for a, b, c, d, w in found]


def test_closing_block_lists_recipients_and_signer(rendered):
    text = pdftotext(rendered["ct20.province"].data, "-raw", "-f", str(rendered["ct20.province"].page_count))
    lines = [line.strip() for line in text.splitlines()]
    start = lines.index("Nơi nhận:")
    assert lines[start + 1:start + 6] == [
        "- Như trên;", "- UBND tỉnh Ninh Bình (để báo cáo);", "- Sở Nông nghiệp và Môi trường;",
        "- Giám đốc, các Phó Giám đốc Sở;", "- Lưu: VT, KTATMT."]
    assert lines[start + 6:start + 9] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị Thu Hương"]
    direct = flat(pdftotext(rendered["kh1375.unit"].data, "-raw"))
    assert "KT." not in direct and direct.endswith("GIÁM ĐỐC Nguyễn Văn Thành")


def test_empty_optional_fields_are_left_out():
    values = load_full("ct20.province")
    del values["proposals"]
    del values["communication"]
    text = flat(pdftotext(render("ct20.province", values).data, "-raw"))
    assert "Kiến nghị, đề xuất" not in text
    assert "IV. TUYÊN TRUYỀN, PHỔ BIẾN Không có." in text


def test_the_document_is_vietnamese_whatever_the_interface_language(rendered):
    english = render("ct20.enterprise", lang="en")
    assert pdftotext(english.data, "-raw") == pdftotext(rendered["ct20.enterprise"].data, "-raw")


def test_fonts_are_embedded_and_document_properties_set(rendered):
    data = rendered["ct20.province"].data
    fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True).stdout.decode()
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows)  # every font embedded (subset)
    family = report_fonts().display_name.replace(" ", "")
    assert all(family in row for row in rows)
    reader = pypdf.PdfReader(io.BytesIO(data))
    meta = reader.metadata
    assert meta.author == "Sở Công Thương tỉnh Ninh Bình"
    assert meta.title.startswith("Báo cáo tình hình thực hiện Chỉ thị số 20/CT-TTg")
    assert meta.subject == ("Báo cáo tình hình thực hiện Chỉ thị số 20/CT-TTg ngày 12/7/2025 của Thủ tướng "
                            "Chính phủ, kỳ báo cáo: năm 2025")
    assert meta["/Keywords"] == "Sở Công Thương tỉnh Ninh Bình, năm 2025"
    assert meta.creator.startswith("CT20 Desktop")
    assert reader.trailer["/Root"]["/Lang"] == "vi-VN"


# Every viewer shows a PDF's document properties (title, subject, keywords): they speak words,
# never the form's id or version, the organisation's id or the period's code (the data file
# embedded in the PDF carries those for machines).
@pytest.mark.parametrize("form_id", FORMS)
def test_document_properties_show_no_internal_id(rendered, form_id):
    form, org = get_form(form_id), get_organization(FORMS[form_id])
    codes = [form.id, form.version, org.id]
    if not re.fullmatch(r"\d{4}", PERIODS[form_id]):
        codes.append(PERIODS[form_id])  # "2026-H1", "adhoc-…"; a bare year is also its name
    data = rendered[form_id].data
    info = pypdf.PdfReader(io.BytesIO(data)).metadata
    shown = {key: str(info.get(key, "")) for key in ("/Title", "/Subject", "/Keywords", "/Author")}
    assert shown["/Subject"] and shown["/Keywords"] and shown["/Title"]
    for key, text in shown.items():
        for code in codes:
            assert code not in text, (key, code, text)
    assert form.title["vi"] in shown["/Subject"]
    assert Period.parse(PERIODS[form_id]).label().render("vi").lower() in shown["/Subject"]
    assert org.name in shown["/Keywords"]
    xmp = pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    for code in codes:
        assert code not in xmp, (code, "XMP")


def test_page_streams_are_flate_compressed_without_ascii85(rendered):
    """ASCII85 (reportlab's default) on top of Flate makes every page stream a quarter bigger."""
    reader = pypdf.PdfReader(io.BytesIO(rendered["ct20.province"].data))
    for page in reader.pages:
        contents = page["/Contents"]
        for stream in contents if isinstance(contents, pypdf.generic.ArrayObject) else [contents]:
            assert stream.get_object()["/Filter"] in ("/FlateDecode", ["/FlateDecode"])
    assert b"ASCII85Decode" not in rendered["ct20.province"].data


def test_bundled_font_and_licence_are_shipped():
    folder = resources_dir() / "fonts"
    for name in BUNDLED_FILES.values():
        assert (folder / name).stat().st_size > 100_000
    licence = (folder / "LiberationSerif-OFL.txt").read_text("utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert report_fonts(prefer_system=False).display_name == "Liberation Serif"


def test_rendered_pages_have_ink_where_the_layout_puts_it(rendered, tmp_path):
    """Pixels, not just text: the first page's header columns and a landscape table page."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm is needed (apt-get install poppler-utils)")
    from PIL import Image

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(rendered["ct20.province"].data)
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "2", str(pdf), str(tmp_path / "p")],
                   check=True)
    first, table = (Image.open(p).convert("L") for p in sorted(tmp_path.glob("p-*.png")))
    assert first.width < first.height and table.width > table.height

    def inked(image, box) -> bool:
        return image.crop(box).getextrema()[0] < 128

    w, h = first.size
    assert inked(first, (int(w * 0.15), int(h * 0.05), int(w * 0.5), int(h * 0.12)))  # issuing body
    assert inked(first, (int(w * 0.5), int(h * 0.05), int(w * 0.95), int(h * 0.12)))  # national motto
    assert not inked(first, (0, 0, int(w * 0.1), h))  # the 30 mm left margin stays white
    tw, th = table.size
    assert inked(table, (int(tw * 0.08), int(th * 0.2), int(tw * 0.92), int(th * 0.8)))


@pytest.mark.slow
def test_a_province_report_with_2000_clusters_renders(record_property):
    values = large_province_values(2000)
    started = time.perf_counter()
    result = render("ct20.province", values)
    seconds = time.perf_counter() - started
    record_property("seconds", round(seconds, 2))
    print(f"\n2,000-row province report: {seconds:.2f} s, {result.page_count} pages, {len(result.data):,} bytes")
    assert result.page_count > 100
    text = flat(pdftotext(result.data, "-raw", "-f", str(result.page_count - 40)))
    assert cluster_row(1999)["name"] in text  # the last row made it in
    assert "Số cụm công nghiệp trong bảng: 2.000." in text
    assert seconds < 60


@pytest.mark.parametrize("form_id", list(FORMS))
def test_a_new_report_with_only_its_defaults_renders(form_id):
    """A preview of a fresh draft: no number, no date, no signer yet — blanks, not a crash."""
    from desktop.forms import initial_values

    org = get_organization(FORMS[form_id])
    result = render(form_id, initial_values(get_form(form_id), org=org.as_dict()))
    text = flat(pdftotext(result.data, "-raw"))
    assert f"Số: /{org.number_suffix}" in text and "ngày tháng năm" in text
    assert result.signature_box.page_index == result.page_count - 1


def test_markup_characters_and_huge_cells_print_as_typed():
    values = load_full("ct20.ministry-unit")
    values["tasks"][0]["result"] = ("Kết quả <b>đậm</b> & \"trích dẫn\" — " * 700)[:19_990]
    values["tasks"][1]["outputs"] = "https://example.gov.vn/" + "tai-lieu-" * 40
    values["other_activities"] = "Hợp đồng A&B <số 12> ký ngày 05/01/2025."
    started = time.perf_counter()
    result = render("ct20.ministry-unit", values)
    assert time.perf_counter() - started < 20
    text = flat(pdftotext(result.data, "-raw"))
    assert "Hợp đồng A&B <số 12> ký ngày 05/01/2025." in text
    assert text.count("Kết quả <b>đậm</b> & \"trích dẫn\"") > 500
    assert "tai-lieu-tai-lieu-" in text.replace(" ", "")


@pytest.mark.parametrize(("authority", "lines"), [
    ("none", ["PHÓ GIÁM ĐỐC"]),
    ("kt", ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
    ("tl", ["TL. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
    ("tuq", ["TUQ. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]),
])
def test_authority_lines(authority, lines):
    from desktop.document.pdf_layout import signer_lines

    document = {"authority": authority, "head_title": "Giám đốc", "signer_title": "Phó Giám đốc"}
    assert signer_lines(document) == lines
    assert signer_lines({"authority": "q", "head_title": "GIÁM ĐỐC", "signer_title": "GIÁM ĐỐC"}) == ["Q. GIÁM ĐỐC"]
