"""The email draft (.eml) that carries a signed receipt back to the reporter. Qt-free.

The same draft format as the export's (desktop.export.email_draft: `X-Unsent: 1`, the subject
folded safely, written in Vietnamese whatever the interface language); the recipient is the
reporter's contact e-mail as its package's data file gives it.
"""

from __future__ import annotations

import json
from email.message import EmailMessage
from typing import Any

from desktop.forms import Period, UnknownFormError, get_form
from desktop.forms.normalize import looks_like_email
from desktop.i18n import N_, Message, pick
from desktop.package.mail import DRAFT_POLICY, MAIL_LANGUAGE, PACKAGE_TYPE, size_text
from desktop.store import Store

_REPORT_PREFIX = "báo cáo "


def reporter_email(store: Store, inbox_id: int) -> str:  # type: ignore[no-untyped-def]
    """The contact e-mail the package's data file gives (`values.contact.email`), else the address
    of the e-mail the package came with, or ""."""
    from desktop.package import asic

    try:
        if store.get_inbox_package(inbox_id).status == "invalid":  # its contact is only a claim: answer the sender
            sender = _sender_address(store, inbox_id)
            if sender:
                return sender
    except Exception:
        pass
    try:
        data: Any = json.loads(asic.read_package(store.inbox_package_bytes(inbox_id)).data_json)
    except Exception:  # a damaged or unreadable package has no contact to offer
        data = None
    values = data.get("values") if isinstance(data, dict) else None
    contact = values.get("contact") if isinstance(values, dict) else None
    email = contact.get("email") if isinstance(contact, dict) else None
    if isinstance(email, str) and looks_like_email(email.strip()):
        return email.strip()
    return _sender_address(store, inbox_id)


def _sender_address(store, inbox_id: int) -> str:  # type: ignore[no-untyped-def]
    from email.utils import parseaddr

    try:
        mail = store.get_inbox_package(inbox_id).details.get("mail")
    except Exception:
        return ""
    sender = mail.get("from") if isinstance(mail, dict) else None
    address = parseaddr(sender)[1].strip() if isinstance(sender, str) else ""
    return address if looks_like_email(address) else ""


def _form_title(record) -> str:  # type: ignore[no-untyped-def]
    try:
        title = pick(get_form(record.form_id or "", record.form_version).title, MAIL_LANGUAGE)
    except UnknownFormError:
        return record.form_id or ""
    return title[len(_REPORT_PREFIX):] if title.lower().startswith(_REPORT_PREFIX) else title


def _period(record) -> str:  # type: ignore[no-untyped-def]
    try:
        return Period.parse(record.period or "").label().render(MAIL_LANGUAGE)
    except Exception:
        return record.period or ""


def build_receipt_draft(store: Store, inbox_id: int, *, recipient: str, file_name: str, receipt: bytes,  # type: ignore[no-untyped-def]
                        decision: str, message: str) -> EmailMessage:
    from desktop.inbox.pdf_doc import issuer
    from desktop.inbox.receipts import decision_text, organization_verified

    record = store.get_inbox_package(inbox_id)
    org = (record.details.get("org_name") or record.org_id or "") if organization_verified(record) else record.file_name
    form, period = _form_title(record), _period(record)
    mail = EmailMessage(policy=DRAFT_POLICY)
    if recipient.strip():
        mail["To"] = recipient.strip()
    mail["Subject"] = Message(N_("Receipt of the report {form} — {org} — {period}"), form=form, org=org,
                              period=period).render(MAIL_LANGUAGE)
    mail["X-Unsent"] = "1"
    body = Message(
        N_("Dear {org},\n\n"
           "The Industrial Safety Techniques and Environment Agency sends with this email its signed receipt "
           "{file} ({size}) for your report {form}, period {period} (package {package}).\n\n"
           "Decision: {decision}.\n"),
        org=org, file=file_name, size=size_text(len(receipt), MAIL_LANGUAGE), form=form, period=period,
        package=record.file_name, decision=decision_text(decision).render(MAIL_LANGUAGE),
    ).render(MAIL_LANGUAGE)
    if message.strip():
        body += Message(N_("Message: {message}\n"), message=message.strip()).render(MAIL_LANGUAGE)
    body += Message(
        N_("\nImport the receipt into CT20 (Report menu, “Import a receipt…”): the report then shows this "
           "answer.\n\nRespectfully,\n{receiver}\n"),
        receiver=issuer(store).name,
    ).render(MAIL_LANGUAGE)
    mail.set_content(body)
    mail.add_attachment(receipt, maintype=PACKAGE_TYPE[0], subtype=PACKAGE_TYPE[1], filename=file_name)
    return mail
