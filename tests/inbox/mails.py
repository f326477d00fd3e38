"""Received e-mails for the tests: .eml bytes (Python's own e-mail writer) and Outlook .msg bytes
(tests/inbox/msgwriter.py) carrying genuinely signed packages."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from desktop.package.mail import PACKAGE_TYPE
from desktop.signing.signers import VN_TZ
from tests.inbox.msgwriter import MsgAttachment, MsgMessage, write_msg

SENDER = "Sở Công Thương Ninh Bình <sct@ninhbinh.gov.vn>"
SERVER = "mx.moit.gov.vn"


def received_headers(ours: dt.datetime) -> list[str]:
    """Our server's hop on top (the receipt time), the sender's relay an hour before it below."""
    return [f"from relay.ninhbinh.gov.vn by {SERVER} with ESMTPS id 4Xk; {format_datetime(ours.astimezone(VN_TZ))}",
            f"from pc by relay.ninhbinh.gov.vn; {format_datetime((ours - dt.timedelta(hours=1)).astimezone(VN_TZ))}"]


def eml(packages: list[Path], *, received: dt.datetime | None = None, date: dt.datetime | None = None,
        sender: str = SENDER, message_id: str = "<bao-cao-1@ninhbinh.gov.vn>", subject: str = "Báo cáo CT20") -> bytes:
    mail = EmailMessage()
    for header in received_headers(received) if received else []:
        mail["Received"] = header
    mail["From"] = sender
    mail["To"] = "atmt@moit.gov.vn"
    mail["Subject"] = subject
    mail["Message-ID"] = message_id
    if date is not None:
        mail["Date"] = format_datetime(date.astimezone(VN_TZ))
    mail.set_content("Kính gửi Cục ATMT, xin gửi báo cáo kèm theo.")
    for package in packages:
        mail.add_attachment(package.read_bytes(), maintype=PACKAGE_TYPE[0], subtype=PACKAGE_TYPE[1],
                            filename=package.name)
    mail.add_attachment(b"%PDF-1.7 cong van", maintype="application", subtype="pdf", filename="cong-van.pdf")
    return bytes(mail)


def forwarded_eml(inner: bytes, *, received: dt.datetime, sender: str = "Văn thư <vanthu@moit.gov.vn>") -> bytes:
    """A message forwarded as an attachment (message/rfc822) inside another one."""
    from email import message_from_bytes, policy

    mail = EmailMessage()
    for header in received_headers(received):
        mail["Received"] = header
    mail["From"] = sender
    mail["Subject"] = "Fwd: Báo cáo CT20"
    mail.set_content("Chuyển tiếp.")
    mail.add_attachment(message_from_bytes(inner, policy=policy.default))
    return bytes(mail)


def msg(packages: list[Path], *, received: dt.datetime | None = None, delivered: dt.datetime | None = None,
        submitted: dt.datetime | None = None, message_id: str = "<bao-cao-2@ninhbinh.gov.vn>",
        forwarded: list[Path] = ()) -> bytes:  # type: ignore[assignment]
    """What Outlook saves when a received message is dragged out of it."""
    headers = None
    if received is not None:
        lines = [f"Received: {h}" for h in received_headers(received)]
        lines += [f"From: {SENDER}", f"Message-ID: {message_id}", "Subject: =?utf-8?q?B=C3=A1o_c=C3=A1o?="]
        if submitted is not None:
            lines.append(f"Date: {format_datetime(submitted.astimezone(VN_TZ))}")
        headers = "\r\n".join(lines) + "\r\n\r\n"
    attachments = [MsgAttachment(p.name, p.read_bytes(), "/".join(PACKAGE_TYPE)) for p in packages]
    attachments.append(MsgAttachment("cong-van.pdf", b"%PDF-1.7 cong van", "application/pdf"))
    if forwarded:
        inner = MsgMessage(subject="Báo cáo", sender_name="Sở Công Thương", sender_address="sct@ninhbinh.gov.vn",
                           attachments=[MsgAttachment(p.name, p.read_bytes()) for p in forwarded])
        attachments.append(MsgAttachment(message=inner))
    return write_msg(MsgMessage(
        subject="Báo cáo CT20", sender_name="Sở Công Thương Ninh Bình", sender_address="sct@ninhbinh.gov.vn",
        headers=headers, delivered=delivered, submitted=submitted, message_id=message_id, attachments=attachments))
