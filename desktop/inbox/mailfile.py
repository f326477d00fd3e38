"""E-mail files (.eml) the consolidator saves from the mail program: the packages attached, and when
the message reached the Ministry's mail server (the first receipt, a proof of existence).

The receipt time is the one the receiving server wrote in the topmost `Received:` header (the
last hop, our own server's word); without one, the `Date:` header the sender's program wrote.
A time in the future is no proof and is ignored. Only attachments named like packages (or typed
as ASiC-E) are taken, each within the package size limit; the rest of the mail is never used.
The sender (`From:`) is kept with the receipt. A message forwarded inside another one, or wrapped
in an S/MIME signature, is looked into, a few levels deep; a hostile mail (thousands of parts, deep
nesting, broken MIME) gives what could be read, never an endless walk.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.message import Message as MailMessage
from email.utils import parsedate_to_datetime
from pathlib import PurePosixPath, PureWindowsPath

from desktop.package.mail import PACKAGE_TYPE
from desktop.package.zipsafe import MAX_FILE_SIZE

MAIL_SUFFIXES = (".eml", ".msg")
PACKAGE_NAME_SUFFIXES = (".asice", ".sce")
MAX_MAIL_SIZE = 3 * MAX_FILE_SIZE  # base64 makes a package a third larger; a few may travel together
MAX_ATTACHMENTS = 20
FUTURE_SLACK = dt.timedelta(minutes=5)
MAX_PARTS = 1000  # MIME parts looked at in one mail
MAX_DEPTH = 8  # multipart and forwarded-message levels looked into
MAX_BOUNDARY_LINES = 10_000  # lines starting with "--" (MIME boundaries) in one mail
MAX_CONTAINERS = 200  # multiparts, attached messages and S/MIME wrappings in one mail


@dataclass(frozen=True)
class MailFile:
    received_at: dt.datetime | None
    packages: list[tuple[str, bytes]] = field(default_factory=list)  # (attachment name, bytes)
    oversized: list[str] = field(default_factory=list)  # attachments over the package size limit
    sender: str | None = None  # "Name <address>" as the From: header (or Outlook) says
    message_id: str | None = None
    subject: str | None = None
    truncated: bool = False  # more parts or packages than are looked at

    def facts(self) -> dict[str, str]:
        """What the Inbox keeps about the mail beside each package (its first receipt)."""
        return {k: v for k, v in (("from", self.sender), ("message_id", self.message_id),
                                  ("subject", self.subject)) if v}


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


def header_text(mail: MailMessage, name: str) -> str | None:
    """A header's text, RFC 2047 encoded words decoded, on one line."""
    try:
        value = mail.get(name)
        if value is None:
            return None
        text = str(value)
        if "=?" in text:
            text = str(make_header(decode_header(text)))
    except Exception:  # a malformed header or encoded word: kept as it came
        text = str(mail.get(name, ""))
    return " ".join(text.split())[:300] or None


def receipt_time(mail: MailMessage, now: dt.datetime | None = None, *,
                 delivered: dt.datetime | None = None, sent: dt.datetime | None = None) -> dt.datetime | None:
    """The topmost `Received:` header's time, else `delivered` (the time Outlook says the server
    delivered it), else `Date:` (else `sent`); None when none is a usable time."""
    now = now or dt.datetime.now(dt.UTC)
    try:
        received = mail.get_all("Received") or []
    except Exception:
        received = []
    candidates = [_moment(str(received[0]).rpartition(";")[2])] if received else []
    candidates.append(delivered if delivered is not None and delivered.tzinfo is not None else None)
    candidates.append(_moment(header_text(mail, "Date")))
    candidates.append(sent if sent is not None and sent.tzinfo is not None else None)
    for moment in candidates:
        if moment is not None and moment <= now + FUTURE_SLACK:
            return moment
    return None


def safe_name(name: str) -> str:
    """The attachment's own file name, without any folder a sender put in front of it."""
    return PureWindowsPath(PurePosixPath(name).name).name.strip() or "package.asice"


def _is_package(part: MailMessage, name: str | None) -> bool:
    if name and name.lower().endswith(PACKAGE_NAME_SUFFIXES):
        return True
    return part.get_content_type() == "/".join(PACKAGE_TYPE)


def _leaves(mail: MailMessage) -> tuple[list[MailMessage], bool]:
    """The mail's single parts, depth first in order, at most MAX_PARTS of them and MAX_DEPTH deep
    (an iterative walk: a hostile nesting never exhausts the stack); True when some were left."""
    leaves: list[MailMessage] = []
    stack: list[tuple[MailMessage, int]] = [(mail, 0)]
    seen = 0
    cut = False
    while stack:
        part, depth = stack.pop()
        seen += 1
        if seen > MAX_PARTS:
            return leaves, True
        if depth >= MAX_DEPTH:  # left out; the parts beside it are still taken
            cut = True
            continue
        if not part.is_multipart():
            inner = _smime_content(part)
            if inner is not None:  # an opaque S/MIME signed message: the MIME it carries
                stack.append((inner, depth + 1))
            else:
                leaves.append(part)
            continue
        children = part.get_payload()
        if isinstance(children, list):  # a multipart's parts, or a forwarded message (message/rfc822)
            stack.extend((child, depth + 1) for child in reversed(children) if isinstance(child, MailMessage))
    return leaves, cut


def too_complex(data: bytes) -> bool:
    """More MIME boundaries or containers than any real mail has (read_mail refuses it unparsed)."""
    lowered = data.lower()  # bytes.count is a fast scan; a case-blind regex over 30 MB is not
    containers = lowered.count(b"boundary") + lowered.count(b"message/rfc822") + lowered.count(b"pkcs7-mime")
    return data.count(b"\n--") > MAX_BOUNDARY_LINES or containers > MAX_CONTAINERS


def _smime_content(part: MailMessage) -> MailMessage | None:
    """The message inside an opaque S/MIME signature (application/pkcs7-mime, signed-data), as
    Outlook sends a signed mail without "clear text signed". The S/MIME signature is not checked:
    each package carries its own. Encrypted mail (enveloped-data) cannot be read: None."""
    if part.get_content_type() not in ("application/pkcs7-mime", "application/x-pkcs7-mime"):
        return None
    if str(part.get_param("smime-type") or "signed-data").lower() != "signed-data":
        return None
    try:
        from asn1crypto import cms

        payload = part.get_payload(decode=True)
        info = cms.ContentInfo.load(payload if isinstance(payload, bytes) else b"")
        if info["content_type"].native != "signed_data":
            return None
        content = info["content"]["encap_content_info"]["content"].native
    except Exception:  # not CMS at all: an ordinary attachment
        return None
    if not isinstance(content, bytes) or not content or too_complex(content):
        return None
    return email.message_from_bytes(content, policy=email.policy.compat32)


def _filename(part: MailMessage) -> str | None:
    try:
        name = part.get_filename()
        if name and "=?" in name:  # RFC 2047 inside the parameter, as many mail programs write it
            name = str(make_header(decode_header(name)))
        return name
    except Exception:  # a broken RFC 2231 parameter or encoded word
        return None


class MailTooComplexError(ValueError):
    """More MIME boundaries than any real mail carries: not parsed at all."""


def parse_mime(data: bytes) -> MailMessage:
    """A MIME message's bytes parsed; MailTooComplexError when they are too complex to parse."""
    if too_complex(data):
        raise MailTooComplexError()  # the parser nests a frame per level: refused before it starts
    # compat32: the modern policy parses every header of every part into objects, 15 times slower
    return email.message_from_bytes(data, policy=email.policy.compat32)


def package_parts(mail: MailMessage) -> tuple[Iterator[tuple[str, bytes]], bool]:
    """The parts of `mail` that are packages (named or typed so), in order, each as (its file name
    without folders, its decoded bytes), decoded one at a time as they are asked for; True when
    parts were left out (more than MAX_PARTS, or nested deeper than MAX_DEPTH)."""
    leaves, cut = _leaves(mail)
    return _decoded_packages(leaves), cut


def _decoded_packages(leaves: list[MailMessage]) -> Iterator[tuple[str, bytes]]:
    for part in leaves:
        name = _filename(part)
        if not _is_package(part, name):
            continue
        try:
            payload = part.get_payload(decode=True)
        except Exception:  # broken transfer encoding: nothing usable in this part
            continue
        if isinstance(payload, bytes) and payload:
            yield safe_name(name or "package.asice"), payload


def read_mail(data: bytes, now: dt.datetime | None = None) -> MailFile:
    """The receipt time, the sender and the package attachments of one e-mail file's bytes."""
    mail = parse_mime(data)
    packages: list[tuple[str, bytes]] = []
    oversized: list[str] = []
    parts, truncated = package_parts(mail)
    for shown, payload in parts:
        if len(payload) > MAX_FILE_SIZE:
            oversized.append(shown)
            continue
        if len(packages) >= MAX_ATTACHMENTS:
            truncated = True
            break
        packages.append((shown, payload))
    return MailFile(receipt_time(mail, now), packages, oversized, sender=header_text(mail, "From"),
                    message_id=header_text(mail, "Message-ID"), subject=header_text(mail, "Subject"),
                    truncated=truncated)
