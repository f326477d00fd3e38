"""The reminder letter (công văn đôn đốc) of a reporting round, and the list of its addressees' e-mails.

Round-agnostic: the caller says which round (its title and legal basis, in Vietnamese and
English), by when the reports were due, and who is addressed: each organisation still missing
("missing") or asked to correct what it sent ("correction", with the reasons). `write_reminders`
writes the draft letter as a Decree 30 công văn (PDF through the document kit, DOCX through
desktop/document/docx.py like the consolidated report's draft) and a text file of the addressees' e-mail
addresses, ready to paste into the "To" line of a mail client.

The letter is a draft: no number, no signature; the officer finishes it in Word. Vietnamese is
the official language of the letter; an English rendering exists for the reader who needs it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.document.pdf_layout import MOTTO, NATIONAL_TITLE, issuing_body_line, recipient_lines, signer_lines
from desktop.document.text import display_text
from desktop.forms.normalize import looks_like_email
from desktop.i18n import N_, LocalizedError, Message
from desktop.inbox.outputs import publish
from desktop.inbox.reminder_letter import Letter, render_reminder_docx, render_reminder_pdf
from desktop.registry import Organization, UnknownOrganizationError, get_organization

REASONS = ("missing", "correction")
LANGUAGES = ("vi", "en")
SENDER_ID = "cuc-atmt"  # the registry's Cục ATMT: the letter's sender unless a request says otherwise
LIST_LIMIT = 10  # a sensible `list_limit`: more addressees than this go to a list attached to the letter
NATIONAL_TITLE_EN = "SOCIALIST REPUBLIC OF VIET NAM"
MOTTO_EN = "Independence - Freedom - Happiness"
PARENT_EN = {"BỘ CÔNG THƯƠNG": "MINISTRY OF INDUSTRY AND TRADE"}
COPIES_EN = {"Cục trưởng (để báo cáo)": "Director General (for information)", "Lưu: VT.": "Filed: Records."}
NAMES_EN = {"cuc-atmt": "Industrial Safety Techniques and Environment Agency"}


class ReminderError(LocalizedError):
    """The reminder cannot be drafted as asked (nobody to remind, an unknown organisation …)."""


@dataclass(frozen=True)
class Recipient:
    """One organisation the letter reminds: still missing, or asked to correct its report."""

    org_id: str
    reason: str = "missing"  # "missing" | "correction"
    correction_reasons: tuple[str, ...] = ()  # plain words, printed as given (Vietnamese)


@dataclass(frozen=True)
class Signer:
    """Who signs the letter: "CỤC TRƯỞNG", or "KT. CỤC TRƯỞNG" / "PHÓ CỤC TRƯỞNG" for a deputy."""

    title: str = "CỤC TRƯỞNG"
    head_title: str = "CỤC TRƯỞNG"
    authority: str = "none"  # "none" | "kt" | "tl" | "tuq" | "q" (desktop.document.pdf_layout)
    name: str = ""


@dataclass(frozen=True)
class ReminderRequest:
    """Everything the letter says, apart from the organisations' names (read from the registry).

    `round_title_*` names the reports awaited, without a leading "báo cáo" / "report", e.g.
    "tình hình thực hiện Chỉ thị số 20/CT-TTg năm 2025" / "on the implementation of Directive
    20/CT-TTg, year 2025". `legal_basis_*` is the document that sets the duty, e.g. "Quyết định số
    2678/QĐ-BCT ngày 29 tháng 9 năm 2025 của Bộ trưởng Bộ Công Thương".
    """

    round_title_vi: str
    round_title_en: str
    deadline: dt.date  # the due date that has passed
    legal_basis_vi: str
    legal_basis_en: str
    recipients: tuple[Recipient, ...]
    new_deadline: dt.date | None = None  # "trước ngày …": the date asked for now
    date: dt.date | None = None  # the letter's date; None leaves "ngày … tháng … năm" to fill in
    sender_id: str = SENDER_ID
    number: str = ""  # e.g. "125/ATMT-MT"; empty leaves "Số:      /ATMT-…" to fill in
    number_suffix: str = ""  # e.g. "ATMT-MT"; defaults to the sender's short code
    signer: Signer = field(default_factory=Signer)
    copies_to: tuple[str, ...] | None = None  # after "Như trên"; default: "Cục trưởng (để báo cáo)" when a
    # deputy signs ("KT. CỤC TRƯỞNG"), and "Lưu: VT."
    contact: str = ""  # "Ông Nguyễn Văn A, điện thoại …, thư điện tử …"
    file_stem: str = "cong-van-don-doc"
    list_limit: int | None = None  # more addressees than this: "Kính gửi: Các cơ quan, đơn vị có tên tại danh
    # sách kèm theo" and the list attached after the signature (e.g. LIST_LIMIT); None: every name in "Kính gửi"
    report_to_vi: str = "Lãnh đạo Bộ"  # whom the consolidated report goes to: "Thủ tướng Chính phủ" for Decision 1375
    report_to_en: str = "the Ministry's leadership"


@dataclass(frozen=True)
class Reminders:
    docx: Path
    pdf: Path
    addresses: Path
    emails: list[str]
    without_email: list[str]  # ids of the recipients with no known e-mail address

    def to_json(self) -> dict[str, Any]:
        return {"docx": str(self.docx), "pdf": str(self.pdf), "addresses": str(self.addresses),
                "emails": list(self.emails), "without_email": list(self.without_email)}


def _date_vi(day: dt.date) -> str:
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _short_date_vi(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _date_en(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def _sender(request: ReminderRequest, custom: list[dict] | None) -> Organization:
    try:
        org = get_organization(request.sender_id, custom)
    except UnknownOrganizationError:
        org = Organization(request.sender_id, "ministry-unit", "Cục Kỹ thuật an toàn và Môi trường công nghiệp",
                           short="Cục ATMT", parent_body="BỘ CÔNG THƯƠNG", place="Hà Nội", number_suffix="BC-ATMT")
    return org


def _code(org: Organization) -> str:
    """The sender's code in a letter's number: "ATMT" from "BC-ATMT" (a report's) or "Cục ATMT"."""
    suffix = org.number_suffix.split("-", 1)[1] if org.number_suffix.startswith("BC-") else org.number_suffix
    if suffix:
        return suffix
    short = org.short.split()[-1] if org.short else ""
    return short or org.id.upper()


def _organizations(request: ReminderRequest, custom: list[dict] | None) -> list[tuple[Recipient, Organization]]:
    if not request.recipients:
        raise ReminderError(Message(N_("There is nobody to remind: every organisation has reported.")))
    seen: set[str] = set()
    result = []
    for addressee in request.recipients:
        if addressee.reason not in REASONS:
            raise ReminderError(Message(N_("Unknown reason for a reminder: “{reason}”."), reason=addressee.reason))
        if addressee.org_id in seen:
            continue
        seen.add(addressee.org_id)
        result.append((addressee, get_organization(addressee.org_id, custom)))
    return result


def _copies(request: ReminderRequest) -> tuple[str, ...]:
    if request.copies_to is not None:
        return request.copies_to
    if request.signer.authority != "none":  # a deputy signs: the head is told
        return ("Cục trưởng (để báo cáo)", "Lưu: VT.")
    return ("Lưu: VT.",)


def _reasons(addressee: Recipient) -> list[str]:
    return [_sentence(r) for r in addressee.correction_reasons if _sentence(r)]


def _sentence(text: str) -> str:
    text = " ".join(display_text(text).split()).rstrip(" .;")
    return text[:1].upper() + text[1:] if text else text


def _vi(request: ReminderRequest, sender: Organization, orgs: list[tuple[Recipient, Organization]]) -> Letter:
    missing = [org for a, org in orgs if a.reason == "missing"]
    corrections = [(a, org) for a, org in orgs if a.reason == "correction"]
    name = sender.name
    short = sender.short or name
    due = _short_date_vi(request.deadline)
    paragraphs = [
        f"Thực hiện {request.legal_basis_vi}, các cơ quan, đơn vị có trách nhiệm gửi báo cáo "
        f"{request.round_title_vi} về {name} ({short}) trước ngày {due} để tổng hợp, báo cáo {request.report_to_vi}."
    ]
    when = f"Đến {_date_vi(request.date)}" if request.date else "Đến nay"
    listed = request.list_limit is not None and len(orgs) > request.list_limit
    if missing and listed:
        paragraphs.append(f"{when}, {short} chưa nhận được báo cáo của {len(missing)} cơ quan, đơn vị (danh sách "
                          "kèm theo).")
    elif missing and not corrections:
        paragraphs.append(f"{when}, {short} chưa nhận được báo cáo của Quý Cơ quan, đơn vị.")
    elif missing:
        joined = ", ".join(org.name for org in missing)
        paragraphs.append(f"{when}, {short} chưa nhận được báo cáo của các cơ quan, đơn vị: {joined}.")
    if corrections and listed:
        paragraphs.append(f"Báo cáo đã gửi của {len(corrections)} cơ quan, đơn vị cần được chỉnh sửa, bổ sung (nội "
                          "dung cụ thể tại danh sách kèm theo).")
    for addressee, org in [] if listed else corrections:
        reasons = _reasons(addressee)
        text = f"Báo cáo của {org.name} đã gửi cần được chỉnh sửa, bổ sung"
        paragraphs.append(text + (": " + "; ".join(r[:1].lower() + r[1:] for r in reasons) + "." if reasons
                                  else "."))
    by = f" trước ngày {_short_date_vi(request.new_deadline)}" if request.new_deadline else ""
    fix = " hoặc báo cáo đã chỉnh sửa, bổ sung" if corrections and missing else ""
    what = "báo cáo đã chỉnh sửa, bổ sung" if corrections and not missing else "báo cáo" + fix
    paragraphs.append(
        f"Để kịp thời tổng hợp, báo cáo {request.report_to_vi} theo quy định, {short} đề nghị Quý Cơ quan, đơn vị "
        f"khẩn trương hoàn thiện và gửi {what} (bản điện tử có chữ ký số) về {short}{by}."
    )
    if request.contact:
        paragraphs.append(f"Thông tin chi tiết xin liên hệ: {_sentence(request.contact)}.")
    paragraphs.append(f"{short} trân trọng đề nghị Quý Cơ quan, đơn vị quan tâm, phối hợp thực hiện./.")
    subject = "chỉnh sửa, bổ sung" if corrections and not missing else "gửi"
    names = ["Các cơ quan, đơn vị có tên tại danh sách kèm theo"] if listed else [org.name for _a, org in orgs]
    dated = _date_vi(request.date) if request.date else "ngày      tháng      năm"
    rows = [(org.name, "Chưa gửi báo cáo" if a.reason == "missing" else
             "Chỉnh sửa, bổ sung báo cáo" + (": " + "; ".join(_reasons(a)) if _reasons(a) else ""))
            for a, org in orgs]
    return Letter(
        parent=sender.parent_body.upper(), body=issuing_body_line(sender),
        number=_number(request, sender), about=f"V/v đôn đốc {subject} báo cáo {request.round_title_vi}",
        national=NATIONAL_TITLE, motto=MOTTO,
        dateline=f"{sender.place or 'Hà Nội'}, " + (_date_vi(request.date) if request.date
                                                    else "ngày      tháng      năm"),
        greeting="Kính gửi:",
        addressees=[f"- {n}{'.' if i == len(names) - 1 else ';'}" for i, n in enumerate(names)],
        paragraphs=paragraphs, copies_title="Nơi nhận:",
        copies=recipient_lines(_copies(request), "các đơn vị" if len(names) > 1 else names[0]),
        signer=signer_lines({"authority": request.signer.authority, "head_title": request.signer.head_title,
                             "signer_title": request.signer.title}),
        signer_name=request.signer.name,
        annex_title="DANH SÁCH CÁC CƠ QUAN, ĐƠN VỊ ĐƯỢC ĐÔN ĐỐC" if listed else "",
        annex_subtitle=f"(Kèm theo Công văn số {_bare_number(request, sender)} {dated} của {name})",
        annex_rows=rows if listed else [],
    )


def _en(request: ReminderRequest, sender: Organization, orgs: list[tuple[Recipient, Organization]]) -> Letter:
    missing = [org for a, org in orgs if a.reason == "missing"]
    corrections = [(a, org) for a, org in orgs if a.reason == "correction"]
    name = NAMES_EN.get(sender.id, sender.name)
    paragraphs = [
        f"Under {request.legal_basis_en}, the agencies and units concerned send their report "
        f"{request.round_title_en} to the {name} by {_date_en(request.deadline)}, for consolidation and "
        f"reporting to {request.report_to_en}."
    ]
    when = f"As of {_date_en(request.date)}" if request.date else "To date"
    listed = request.list_limit is not None and len(orgs) > request.list_limit
    if missing and listed:
        paragraphs.append(f"{when}, the Agency has not received the reports of {len(missing)} agencies and units "
                          "(list attached).")
    elif missing and not corrections:
        paragraphs.append(f"{when}, the Agency has not received your report.")
    elif missing:
        paragraphs.append(f"{when}, the Agency has not received the reports of: "
                          + ", ".join(org.name for org in missing) + ".")
    if corrections and listed:
        paragraphs.append(f"The reports of {len(corrections)} agencies and units need corrections or additions "
                          "(details in the attached list).")
    for addressee, org in [] if listed else corrections:
        reasons = _reasons(addressee)
        text = f"The report sent by {org.name} needs corrections or additions"
        paragraphs.append(text + (": " + "; ".join(reasons) + "." if reasons else "."))
    by = f" by {_date_en(request.new_deadline)}" if request.new_deadline else ""
    what = "corrected report" if corrections and not missing else "report"
    paragraphs.append(f"So that the consolidated report reaches {request.report_to_en} in time, the Agency asks "
                      f"you to complete and send your {what} (electronic, digitally signed){by}.")
    if request.contact:
        paragraphs.append(f"For further information, please contact: {_sentence(request.contact)}.")
    paragraphs.append("The Agency thanks you for your cooperation.")
    parent = PARENT_EN.get(sender.parent_body.upper(), sender.parent_body.upper())
    names = ["The agencies and units in the attached list"] if listed else [org.name for _a, org in orgs]
    subject = "correct" if corrections and not missing else "send"
    rows = [(org.name, "Report not sent" if a.reason == "missing" else
             "Correct the report" + (": " + "; ".join(_reasons(a)) if _reasons(a) else ""))
            for a, org in orgs]
    return Letter(
        parent=parent, body=name.upper(), number=_number(request, sender).replace("Số:", "No.:"),
        about=f"Re: reminder to {subject} the report {request.round_title_en}",
        national=NATIONAL_TITLE_EN, motto=MOTTO_EN,
        dateline=f"{sender.place or 'Hà Nội'}, " + (_date_en(request.date) if request.date else "…"),
        greeting="To:", addressees=[f"- {n}" for n in names], paragraphs=paragraphs, copies_title="Copies to:",
        copies=[f"- {COPIES_EN.get(c, c).rstrip(' ;.')}" for c in ("As above", *_copies(request))],
        signer=[line.replace("CỤC TRƯỞNG", "DIRECTOR GENERAL").replace("PHÓ ", "DEPUTY ")
                for line in signer_lines({"authority": request.signer.authority,
                                          "head_title": request.signer.head_title,
                                          "signer_title": request.signer.title})],
        signer_name=request.signer.name,
        annex_title="LIST OF THE AGENCIES AND UNITS REMINDED" if listed else "",
        annex_subtitle=f"(Attached to letter {_number(request, sender).replace('Số:', 'No.')} of the {name})",
        annex_rows=rows if listed else [],
    )


def _bare_number(request: ReminderRequest, sender: Organization) -> str:
    """ "125/ATMT-MT", or "       /ATMT" left for the officer to number."""
    return request.number or f"       /{request.number_suffix or _code(sender)}"


def _number(request: ReminderRequest, sender: Organization) -> str:
    if request.number:
        return f"Số: {request.number}"
    return f"Số:        /{request.number_suffix or _code(sender)}"


def letter_text(request: ReminderRequest, *, language: str = "vi", custom: list[dict] | None = None) -> Letter:
    """The letter's words (what both files print), for a preview."""
    if language not in LANGUAGES:
        raise ReminderError(Message(N_("Unknown language “{language}”."), language=language))
    sender = _sender(request, custom)
    orgs = _organizations(request, custom)
    return (_vi if language == "vi" else _en)(request, sender, orgs)


# --- the addresses and the files ---------------------------------------------------------------

def _emails(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    found: list[str] = []
    for item in items:
        for part in str(item).replace(",", ";").split(";"):
            address = part.strip()
            if address and looks_like_email(address) and address.lower() not in {f.lower() for f in found}:
                found.append(address)
    return found


def addresses_text(orgs: Sequence[Organization], known: Mapping[str, str | Sequence[str]],
                   language: str = "vi") -> tuple[str, list[str], list[str]]:
    """The text file: all addresses on the first line ("; " between them, as a mail client's "To"
    takes them), then one line per organisation, with those whose address is unknown said so."""
    emails: list[str] = []
    without: list[str] = []
    lines = []
    for org in orgs:
        mine = _emails(known.get(org.id))
        if not mine:
            without.append(org.id)
            lines.append(f"{org.name}: " + ("chưa có địa chỉ thư điện tử" if language == "vi"
                                            else "no e-mail address known"))
            continue
        lines.append(f"{org.name}: {'; '.join(mine)}")
        emails += [m for m in mine if m.lower() not in {e.lower() for e in emails}]
    text = "; ".join(emails) + "\n\n" + "\n".join(lines) + "\n"
    return text, emails, without


def write_reminders(
    request: ReminderRequest,
    out_dir: str | Path,
    *,
    addresses: Mapping[str, str | Sequence[str]] | None = None,
    custom: list[dict] | None = None,
    language: str = "vi",
) -> Reminders:
    """`<stem>.pdf`, `<stem>.docx` and `<stem>-email.txt` in `out_dir`, all three or none.

    `addresses` maps an organisation id to its e-mail address(es) (the caller knows them: from
    earlier packages of the Inbox, see `known_addresses`); `custom` is the user's added
    organisations (the store's `custom_organizations()`), so that one can be reminded too."""
    letter = letter_text(request, language=language, custom=custom)
    orgs = [org for _a, org in _organizations(request, custom)]
    title = f"Công văn đôn đốc báo cáo {request.round_title_vi}" if language == "vi" else \
        f"Reminder: report {request.round_title_en}"
    text, emails, without = addresses_text(orgs, addresses or {}, language)
    stem = request.file_stem if language == "vi" else f"{request.file_stem}-en"
    files = {
        f"{stem}.pdf": render_reminder_pdf(letter, title=title),
        f"{stem}.docx": render_reminder_docx(letter, title=title),
        f"{stem}-email.txt": text.encode("utf-8"),
    }
    written = publish(Path(out_dir), files)
    return Reminders(docx=written[f"{stem}.docx"], pdf=written[f"{stem}.pdf"],
                     addresses=written[f"{stem}-email.txt"], emails=emails, without_email=without)


def known_addresses(store: Any, org_ids: Iterable[str] | None = None) -> dict[str, list[str]]:
    """The e-mail address each organisation last reported with: its packages' contact e-mail or the
    sender of the mail that brought them, newest package first."""
    from desktop.inbox.receipt_mail import reporter_email

    wanted = set(org_ids) if org_ids is not None else None
    found: dict[str, list[str]] = {}
    records = sorted(store.list_inbox_packages(), key=lambda r: (r.imported_at or "", r.id), reverse=True)
    for record in records:
        org_id = record.org_id
        if record.status == "invalid":  # its claims are unproven: never write to an address it names
            continue
        if not org_id or (wanted is not None and org_id not in wanted) or org_id in found:
            continue
        address = reporter_email(store, record.id)
        if address:
            found[org_id] = [address]
    return found

