"""E-mail files (.eml) the consolidator saves from the mail program: the packages attached, and when
the message reached the Ministry's mail server (the first receipt, a proof of existence).

The receipt time is the one the receiving server wrote in the topmost `Received:` header (the
last hop, our own server's word); without one, the `Date:` header the sender's program wrote.
A time in the future is no proof and is ignored. Only attachments named like packages (or typed
as ASiC-E) are taken, each within the package size limit; the rest of the mail is never used.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from dataclasses import dataclass, field
from email.message import Message as MailMessage
from email.utils import parsedate_to_datetime
from pathlib import PurePosixPath, PureWindowsPath

from desktop.package.mail import PACKAGE_TYPE
from desktop.package.zipsafe import MAX_FILE_SIZE

MAIL_SUFFIXES = (".eml",)
PACKAGE_NAME_SUFFIXES = (".asice", ".sce")
MAX_MAIL_SIZE = 3 * MAX_FILE_SIZE  # base64 makes a package a third larger; a few may travel together
MAX_ATTACHMENTS = 20
FUTURE_SLACK = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class MailFile:
    received_at: dt.datetime | None
    packages: list[tuple[str, bytes]] = field(default_factory=list)  # (attachment name, bytes)
    oversized: list[str] = field(default_factory=list)  # attachments over the package size limit


def _moment(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        moment = parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment is None or moment.tzinfo is None:  # "-0000": the time zone is unknown, so is the moment
        return None
    return moment


def receipt_time(mail: MailMessage, now: dt.datetime | None = None) -> dt.datetime | None:
    """The topmost `Received:` header's time, else `Date:`; None when neither is a usable time."""
    now = now or dt.datetime.now(dt.UTC)
    received = mail.get_all("Received") or []
    candidates = [_moment(str(received[0]).rpartition(";")[2])] if received else []
    candidates.append(_moment(str(mail.get("Date") or "")))
    for moment in candidates:
        if moment is not None and moment <= now + FUTURE_SLACK:
            return moment
    return None


def _safe_name(name: str) -> str:
    """The attachment's own file name, without any folder a sender put in front of it."""
    return PureWindowsPath(PurePosixPath(name).name).name.strip() or "package.asice"


def _is_package(part: MailMessage, name: str | None) -> bool:
    if name and name.lower().endswith(PACKAGE_NAME_SUFFIXES):
        return True
    return part.get_content_type() == "/".join(PACKAGE_TYPE)


def read_mail(data: bytes, now: dt.datetime | None = None) -> MailFile:
    """The receipt time and the package attachments of one e-mail file's bytes."""
    mail = email.message_from_bytes(data, policy=email.policy.default)
    packages: list[tuple[str, bytes]] = []
    oversized: list[str] = []
    for part in mail.walk():
        if part.is_multipart():
            continue
        name = part.get_filename()
        if not _is_package(part, name):
            continue
        shown = _safe_name(name or "package.asice")
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes) or not payload:
            continue
        if len(payload) > MAX_FILE_SIZE:
            oversized.append(shown)
            continue
        packages.append((shown, payload))
        if len(packages) >= MAX_ATTACHMENTS:
            break
    return MailFile(receipt_time(mail, now), packages, oversized)
