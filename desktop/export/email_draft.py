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


def build_draft(store: Store, report_id: str, *, recipient: str, file_name: str, package: bytes) -> EmailMessage:
    report = store.get_report(report_id)
    org = organization(store, report.org_id)
    message = EmailMessage(policy=DRAFT_POLICY)
    if recipient.strip():
        message["To"] = recipient.strip()
    message["Subject"] = mail_subject(store, report)
    message["X-Unsent"] = "1"
    body = Message(
        N_("Dear Industrial Safety Techniques and Environment Agency,\n\n"
           "{org} sends with this email its report {form}, period {period}, as the digitally signed "
           "package {file} ({size}).\n\n"
           "The package holds the report as a signed PDF and its data file; it can be checked with "
           "CT20 (\"ct20 verify\").\n\n"
           "Respectfully,\n{org}\n"),
        org=org.name, form=pick(form_of(report).title, MAIL_LANGUAGE),
        period=period_label(report, MAIL_LANGUAGE), file=file_name,
        size=size_text(len(package), MAIL_LANGUAGE),
    )
    message.set_content(body.render(MAIL_LANGUAGE))
    message.add_attachment(package, maintype=PACKAGE_TYPE[0], subtype=PACKAGE_TYPE[1], filename=file_name)
    return message


def write_draft(message: EmailMessage, file_name: str, folder: Path | None = None) -> Path:
    """Write the draft as `<package name>.eml` in a fresh temporary folder (removed when the app
    exits), or in `folder`."""
    folder = Path(folder) if folder is not None else private_temp_dir("ct20-mail-")
    path = folder / (Path(file_name).stem + ".eml")
    path.write_bytes(message.as_bytes())
    return path
