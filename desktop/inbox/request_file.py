"""The signed request file Cục ATMT sends the addressees of an ad hoc request, and its e-mail draft.

`YC-<id>.asice`: a one-page PDF "Yêu cầu báo cáo đột xuất" (PAdES-signed, the data file inside) and
`du-lieu.json` with `"format": "ct20.request"` (schema in `desktop.package.requestfile`, which is
also the one reader of such files), sealed in an ASiC-E container signed by the consolidator.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from desktop import __version__
from desktop.document.fonts import report_fonts
from desktop.document.pdf_layout import CentredRule, closing_block, esc, header_block, make_styles
from desktop.i18n import N_, LocalizedError, Message
from desktop.inbox.pdf_doc import FRAMES, issuer, official_document
from desktop.inbox.requests import get_request, request_addressee_names
from desktop.inbox.signed_file import sign_file, signature_box
from desktop.package import asic
from desktop.package.datajson import encode_data_file
from desktop.package.mail import DRAFT_POLICY, MAIL_LANGUAGE, PACKAGE_TYPE, size_text
from desktop.package.requestfile import FORMAT, FORMAT_VERSION, check_request_data
from desktop.registry import Organization
from desktop.signing.pdfsign import SignatureBox
from desktop.signing.signers import VN_TZ
from desktop.signing.spec import SignerSpec
from desktop.store.records import RequestRecord


class RequestExportError(LocalizedError):
    pass


@dataclass(frozen=True)
class ExportedRequest:
    path: Path
    request_id: str
    size: int

    def to_json(self) -> dict[str, Any]:
        return {"request": self.request_id, "file": str(self.path), "size": self.size}


def request_file_name(record: RequestRecord) -> str:
    return f"YC-{record.id}.asice"


def _vn_date(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def request_data(store: Any, record: RequestRecord, at: dt.datetime) -> dict[str, Any]:
    sender = issuer(store)
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION,
        "request": {"id": record.id, "number": record.number, "date": record.date, "requester": record.requester,
                    "content": record.content, "deadline": record.deadline,
                    "addressees": [{"id": org_id, "name": name}
                                   for org_id, name in request_addressee_names(store, record)]},
        "issuer": {"id": sender.id, "name": sender.name},
        "generated": {"app": f"ct20 {__version__}", "at": at.isoformat()},
    }


def render_request_pdf(data: dict[str, Any], sender: Organization,
                       document: dict[str, Any]) -> tuple[bytes, SignatureBox]:
    fonts = report_fonts()
    styles = make_styles(fonts)
    width = FRAMES.portrait_width
    request = data["request"]
    label = styles.cell.clone("request-label", fontName=fonts.bold, fontSize=12, leading=15)
    value = styles.cell.clone("request-value", fontSize=12, leading=15)
    lines = [
        ("Văn bản yêu cầu", f"Công văn số {request['number']} ngày {_vn_date(request['date'])} "
                            f"của {request['requester']}"),
        ("Nội dung yêu cầu", request["content"]),
        ("Thời hạn gửi báo cáo", _vn_date(request["deadline"])),
        ("Đơn vị được yêu cầu", "; ".join(a["name"] for a in request["addressees"])),
        ("Mã yêu cầu", request["id"]),
    ]
    facts = Table([[Paragraph(esc(a), label), Paragraph(esc(b), value)] for a, b in lines],
                  colWidths=[width * 0.3, width * 0.7])
    facts.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.regular, 12), ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    story: list[Flowable] = [
        header_block(styles, sender, document, width), Spacer(1, 14),
        Paragraph("YÊU CẦU BÁO CÁO ĐỘT XUẤT", styles.title), CentredRule(width * 0.3), Spacer(1, 10),
        Paragraph(esc(f"{sender.name} đề nghị các đơn vị dưới đây báo cáo theo yêu cầu sau, bằng ứng dụng CT20 "
                      "(nhập tệp này vào ứng dụng để lập báo cáo):"), styles.body),
        facts, Spacer(1, 8),
    ]
    closing, space = closing_block(styles, document, None, width)
    story.append(closing)
    buffer = io.BytesIO()
    doc = official_document(buffer, fonts, title=f"Yêu cầu báo cáo đột xuất {request['number']}",
                            author=sender.name, subject=f"Yêu cầu báo cáo đột xuất số {request['number']}")
    doc.build(story)
    return buffer.getvalue(), signature_box(space)


def export_request(
    store: Any,
    request_id: str,
    out_dir: str | Path,
    signer_spec: SignerSpec,
    *,
    timestamp_url: str | None = None,
    now: dt.datetime | None = None,
) -> ExportedRequest:
    """Sign the request as `YC-<id>.asice` in `out_dir` (replacing an earlier export of the same request)."""
    record = get_request(store, request_id)
    moment = (now or dt.datetime.now(VN_TZ)).astimezone(VN_TZ).replace(microsecond=0)
    data = request_data(store, record, moment)
    problems = check_request_data(data)
    if problems:  # never sign what the reporters' app would refuse
        raise RequestExportError(Message(N_("The request cannot be sent: {problems}"),
                                         problems="; ".join(p.render() for p in problems)))
    data_json = encode_data_file(data)
    sender = issuer(store)
    profile = store.get_profile()
    document = {
        "date": moment.date().isoformat(), "place": sender.place or "Hà Nội", "authority": "none",
        "signer_title": profile.get("signer_title") or "", "signer_name": profile.get("signer_name") or "",
        "recipients": [{"name": "Như trên;"}, {"name": "Lưu: VT, ATMT."}],
    }
    pdf, box = render_request_pdf(data, sender, document)
    built = sign_file(pdf, box, data_json, signer_spec, moment=moment, location=sender.place or None,
                      timestamp_url=timestamp_url)
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = asic.write_package(folder, request_file_name(record), built.data)
    except OSError as exc:
        raise RequestExportError(Message(N_("Cannot write {file}: {error}"), file=str(folder),
                                         error=exc.strerror or str(exc))) from None
    store.audit("inbox.request.export", details={"request": record.id, "file": path.name, "size": len(built.data)})
    return ExportedRequest(path.resolve(), record.id, len(built.data))


def build_request_draft(store: Any, record: RequestRecord, *, recipients: list[str], file_name: str,
                        data: bytes) -> EmailMessage:
    """The e-mail (.eml draft) carrying the signed request to its addressees."""
    mail = EmailMessage(policy=DRAFT_POLICY)
    if recipients:
        mail["To"] = ", ".join(recipients)
    mail["Subject"] = Message(N_("Ad hoc report requested: letter {number} of {date}"), number=record.number,
                              date=_vn_date(record.date)).render(MAIL_LANGUAGE)
    mail["X-Unsent"] = "1"
    body = Message(
        N_("The Industrial Safety Techniques and Environment Agency asks, under letter {number} of {date} of "
           "{requester}, for an ad hoc report:\n\n{content}\n\nDeadline: {deadline}.\n\n"
           "The signed request {file} ({size}) is attached: import it into CT20 (“New report”, ad hoc, "
           "“Import a request…”) and the report carries the request.\n\nRespectfully,\n{sender}\n"),
        number=record.number, date=_vn_date(record.date), requester=record.requester, content=record.content,
        deadline=_vn_date(record.deadline), file=file_name, size=size_text(len(data), MAIL_LANGUAGE),
        sender=issuer(store).name,
    ).render(MAIL_LANGUAGE)
    mail.set_content(body)
    mail.add_attachment(data, maintype=PACKAGE_TYPE[0], subtype=PACKAGE_TYPE[1], filename=file_name)
    return mail
