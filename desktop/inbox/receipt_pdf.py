"""The receipt's one-page PDF, "Phiếu tiếp nhận", in the layout of the reports (pdf-layout.md).

Vietnamese whatever the interface language, like the report PDF: it is the official answer.
Returns the PDF and the rectangle of the signature space, where the signing step puts the
visible signature.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop.document.fonts import report_fonts
from desktop.document.pdf_layout import BODY_SIZE, CentredRule, closing_block, esc, header_block, make_styles
from desktop.forms import Period
from desktop.inbox.pdf_doc import FRAMES, official_document
from desktop.inbox.signed_file import signature_box
from desktop.registry import Organization
from desktop.signing.pdfsign import SignatureBox
from desktop.signing.signers import vn_time

TITLE = "PHIẾU TIẾP NHẬN"
DECISIONS_VI = {
    "received": "Đã tiếp nhận báo cáo",
    "accepted": "Chấp nhận báo cáo",
    "correction_requested": "Đề nghị chỉnh sửa, bổ sung báo cáo",
    "rejected": "Không chấp nhận gói báo cáo",
}
VERDICTS_VI = {
    "valid": "Hợp lệ: gói tài liệu nguyên vẹn, chữ ký số hợp lệ, chứng thư số tin cậy",
    "untrusted": "Gói tài liệu nguyên vẹn, chữ ký số đúng nhưng chứng thư số chưa được xác thực",
    "invalid": "Không hợp lệ",
}
TIMELINESS_VI = {"on_time": "Đúng hạn", "late": "Muộn hạn"}


def period_text(period: str | None) -> str:
    try:
        parsed = Period.parse(period or "")
    except Exception:
        return period or "không rõ"
    if parsed.kind == "year":
        return f"năm {parsed.year}"
    if parsed.kind == "half":
        return f"6 tháng {'đầu' if parsed.half == 1 else 'cuối'} năm {parsed.year}"
    assert parsed.date is not None
    return f"đột xuất, theo yêu cầu ngày {parsed.date.strftime('%d/%m/%Y')}"


def sha256_groups(text: str) -> str:
    """The digest in groups of 8, as people compare it by eye (and so that it wraps)."""
    return " ".join(text[i:i + 8] for i in range(0, len(text), 8))


def _moment(text: str | None) -> str:
    if not text:
        return ""
    try:
        return vn_time(dt.datetime.fromisoformat(text))
    except ValueError:
        return text


def fact_lines(receipt: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, value) lines of the receipt's table, from its data file."""
    form = receipt.get("form") or {}
    package = receipt.get("package") or {}
    check = receipt.get("verification") or {}
    submission = receipt.get("submission") or {}
    signer = check.get("signer") or {}
    signed = _moment(check.get("signed_at"))
    if signed:
        signed += " (có dấu thời gian)" if check.get("timestamped") else " (thời gian do máy người ký tự ghi)"
    verdict = VERDICTS_VI.get(str(check.get("status")), str(check.get("status")))
    rejection = receipt.get("rejection") or {}
    problems = [p.get("vi", "") for p in check.get("problems") or [] if isinstance(p, dict)]
    if problems and not rejection:
        verdict += ": " + "; ".join(problems[:3])
    lines = [("Đơn vị gửi", sender_line(receipt))]
    if receipt.get("form"):
        lines += [
            ("Báo cáo", f"{form.get('title') or form.get('id') or 'không rõ'}"),
            ("Kỳ báo cáo", period_text(receipt.get("period"))),
            ("Lần gửi", str((receipt.get("report") or {}).get("revision") or "không rõ")),
        ]
    lines += [
        ("Tệp nhận được", f"{package.get('file_name', '')} ({package.get('size', 0)} byte)"),
        ("Mã SHA-256 của tệp", sha256_groups(package.get("sha256", ""))),
        ("Người ký", ", ".join(x for x in (signer.get("name"), signer.get("organization")) if x) or "không rõ"),
        ("Thời điểm ký", signed or "không rõ"),
        ("Thời điểm tiếp nhận", _moment(receipt.get("imported_at"))),
        ("Kết quả kiểm tra", verdict),
    ]
    if submission.get("state") in TIMELINESS_VI:
        deadline = submission.get("deadline")
        when = f" (hạn {dt.date.fromisoformat(deadline).strftime('%d/%m/%Y')})" if deadline else ""
        lines.append(("Thời hạn", TIMELINESS_VI[submission["state"]] + when))
    lines.append(("Kết quả xử lý", DECISIONS_VI.get(receipt.get("decision", ""), receipt.get("decision", ""))))
    reasons = [r.get("vi", "") for r in rejection.get("reasons") or [] if isinstance(r, dict)]
    if reasons:
        lines.append(("Lý do", "\n".join(f"- {reason}" for reason in reasons)))
    if isinstance(rejection.get("what_to_do"), dict):
        lines.append(("Đề nghị", rejection["what_to_do"].get("vi", "")))
    if receipt.get("message"):
        lines.append(("Nội dung", receipt["message"]))
    return lines


def sender_line(receipt: dict[str, Any]) -> str:
    """The organisation when it is established; otherwise what the package only claims, said so."""
    org = receipt.get("organization") or {}
    if org.get("name") or org.get("id"):
        return str(org.get("name") or org.get("id"))
    claimed = receipt.get("claimed_organization") or {}
    if claimed.get("name") or claimed.get("id"):
        return f"Chưa xác thực được; gói ghi là của {claimed.get('name') or claimed.get('id')}"
    return "Không xác định được (gói tài liệu không hợp lệ)"


def subject_line(receipt: dict[str, Any]) -> str:
    org = receipt.get("organization") or {}
    if org.get("name") and receipt.get("form"):
        return f"Báo cáo của {org['name']}, kỳ báo cáo {period_text(receipt.get('period'))}"
    return f"Gói tài liệu {(receipt.get('package') or {}).get('file_name') or ''}".strip()


def render_receipt_pdf(receipt: dict[str, Any], issuer: Organization, document: dict[str, Any]) -> tuple[bytes,
                                                                                                          SignatureBox]:
    fonts = report_fonts()
    styles = make_styles(fonts)
    width = FRAMES.portrait_width
    org = receipt.get("organization") or {}
    subject = subject_line(receipt)
    label = styles.cell.clone("receipt-label", fontName=fonts.bold, fontSize=12, leading=15)
    value = styles.cell.clone("receipt-value", fontSize=12, leading=15)
    rows = [[Paragraph(esc(a), label), Paragraph(esc(b).replace("\n", "<br/>"), value)]
            for a, b in fact_lines(receipt)]
    facts = Table(rows, colWidths=[width * 0.3, width * 0.7])
    facts.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.regular, 12),
        ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    story: list[Flowable] = [
        header_block(styles, issuer, document, width), Spacer(1, 14), Paragraph(TITLE, styles.title),
        Paragraph(esc(subject), styles.title), CentredRule(width * 0.3),
    ]
    addressee = org.get("name") or f"Người gửi tệp {(receipt.get('package') or {}).get('file_name') or ''}"
    story.append(Paragraph(f"Kính gửi: {esc(addressee)}.", styles.addressee))
    story += [
        Paragraph(esc(f"{issuer.name} xác nhận đã nhận được gói báo cáo điện tử sau:"), styles.body),
        facts, Spacer(1, BODY_SIZE / 2),
    ]
    closing, space = closing_block(styles, document, addressee, width)
    story.append(closing)
    buffer = io.BytesIO()
    doc = official_document(buffer, fonts, title=f"Phiếu tiếp nhận: {subject}", author=issuer.name,
                            subject=f"Xác nhận đã nhận gói báo cáo điện tử — {subject}")
    doc.build(story)
    return buffer.getvalue(), signature_box(space)
