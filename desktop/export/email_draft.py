"""The email draft (.eml) that carries a package to the Ministry. Qt-free.

Outlook opens an .eml with `X-Unsent: 1` as a new message ready to send; Thunderbird opens it too
(Message → Edit as new). The draft is written in Vietnamese whatever the interface language,
because the Ministry reads it.
"""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from desktop.forms import Period
from desktop.i18n import N_, Message, pick
from desktop.package.mail import DRAFT_POLICY, MAIL_LANGUAGE, PACKAGE_TYPE, size_text
from desktop.paths import private_temp_dir
from desktop.reporting.reports import form_of, organization
from desktop.store import Store

_REPORT_PREFIX = "báo cáo "


def period_label(report, lang: str) -> str:
    try:
        text = Period.parse(report.period).label().render(lang)
    except Exception:
        text = report.period
    if report.reference:
        text = Message(N_("{period} — {reference}"), period=text, reference=report.reference).render(lang)
    return text


def mail_subject(store: Store, report) -> str:
    """ "Báo cáo <form title> — <organisation> — <period>" (the title's own "Báo cáo" not repeated)."""
    title = pick(form_of(report).title, MAIL_LANGUAGE)
    if title.lower().startswith(_REPORT_PREFIX):
        title = title[len(_REPORT_PREFIX):]
    return Message(N_("Report {title} — {org} — {period}"), title=title,
                   org=organization(store, report.org_id).name,
                   period=period_label(report, MAIL_LANGUAGE)).render(MAIL_LANGUAGE)


def contact_line(store: Store, report) -> str:
    """ "Cán bộ đầu mối: <name>, điện thoại …, thư điện tử …" from the report, else the profile; "" if none."""
    values = store.get_values(report.id)
    found = values.get("contact")
    contact: dict = found if isinstance(found, dict) else {}
    profile: dict = store.get_profile() or {}
    name = str(contact.get("name") or profile.get("contact_name") or "").strip()
    phone = str(contact.get("phone") or profile.get("contact_phone") or "").strip()
    mail = str(contact.get("email") or profile.get("contact_email") or "").strip()
    parts = [name] if name else []
    if phone:
        parts.append(Message(N_("phone {phone}"), phone=phone).render(MAIL_LANGUAGE))
    if mail:
        parts.append(Message(N_("e-mail {email}"), email=mail).render(MAIL_LANGUAGE))
    if not parts:
        return ""
    return Message(N_("Contact person: {contact}."), contact=", ".join(parts)).render(MAIL_LANGUAGE)


def mail_body(store: Store, report, *, file_name: str, size: int) -> str:
    """The letter, in plain Vietnamese: what is attached, how to open it, whom to call. No commands."""
    org = organization(store, report.org_id)
    body = Message(
        N_("Dear Industrial Safety Techniques and Environment Agency,\n\n"
           "{org} sends with this email its report {form}, period {period}: the attached file {file} ({size}), "
           "digitally signed.\n\n"
           "The file holds the report as a signed PDF together with its data; the Ministry's CT20 application "
           "opens it and checks the signature.\n\n"
           "{contact}"
           "Respectfully,\n{org}\n"),
        org=org.name, form=pick(form_of(report).title, MAIL_LANGUAGE),
        period=period_label(report, MAIL_LANGUAGE), file=file_name,
        size=size_text(size, MAIL_LANGUAGE), contact="",
    )
    contact = contact_line(store, report)
    body.params["contact"] = contact + "\n\n" if contact else ""
    return body.render(MAIL_LANGUAGE)


def build_draft(store: Store, report_id: str, *, recipient: str, file_name: str, package: bytes) -> EmailMessage:
    report = store.get_report(report_id)
    message = EmailMessage(policy=DRAFT_POLICY)
    if recipient.strip():
        message["To"] = recipient.strip()
    message["Subject"] = mail_subject(store, report)
    message["X-Unsent"] = "1"
    message.set_content(mail_body(store, report, file_name=file_name, size=len(package)))
    message.add_attachment(package, maintype=PACKAGE_TYPE[0], subtype=PACKAGE_TYPE[1], filename=file_name)
    return message


def webmail_text(store: Store, report_id: str, *, package_path: Path, size: int, recipient: str = "") -> str:
    """For webmail users, what to paste: the file to attach, the recipient, the subject and the body."""
    report = store.get_report(report_id)
    lines = [Message(N_("File to attach: {path}"), path=str(package_path)).render(MAIL_LANGUAGE)]
    if recipient.strip():
        lines.append(Message(N_("To: {recipient}"), recipient=recipient.strip()).render(MAIL_LANGUAGE))
    lines.append(Message(N_("Subject: {subject}"), subject=mail_subject(store, report)).render(MAIL_LANGUAGE))
    lines += ["", mail_body(store, report, file_name=package_path.name, size=size)]
    return "\n".join(lines)


def write_draft(message: EmailMessage, file_name: str, folder: Path | None = None) -> Path:
    """Write the draft as `<package name>.eml` in `folder` (next to the package, where the user finds
    it again), or in a fresh temporary folder (removed when the app exits) when there is none or it
    cannot be written."""
    data = message.as_bytes()
    name = Path(file_name).stem + ".eml"
    if folder is not None:
        try:
            path = Path(folder) / name
            path.write_bytes(data)
            return path
        except OSError:
            pass  # a read-only stick, a folder gone: the temporary folder still serves
    path = private_temp_dir("ct20-mail-") / name
    path.write_bytes(data)
    return path
