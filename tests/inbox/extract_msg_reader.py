"""The Outlook .msg reader CT20 used before it had its own (desktop/inbox/msgfile.py): the same
limits and choices, on top of extract-msg, which stays a test dependency (tests/inbox/msgwriter.py
uses its compound-file writer). tests/inbox/test_msgfile.py reads one corpus with both and compares:
an independent reader of the same files, and a record of where the two differ and why.
"""


from __future__ import annotations

import contextlib
import datetime as dt
import email
import email.policy
import logging
from typing import Any

from desktop.inbox.mailfile import (
    MAX_ATTACHMENTS,
    MAX_DEPTH,
    MAX_PARTS,
    PACKAGE_NAME_SUFFIXES,
    MailFile,
    MailTooComplexError,
    receipt_time,
    safe_name,
)
from desktop.inbox.msgfile import MAX_ATTACHMENT_ENTRIES, MsgError
from desktop.package.mail import PACKAGE_TYPE
from desktop.package.zipsafe import MAX_FILE_SIZE

_PACKAGE_MIME = "/".join(PACKAGE_TYPE)
# extract-msg logs what it finds wrong in a file; the import says it in its own words instead
# (without a handler, Python would print those records on the console of `ct20`)
logging.getLogger("extract_msg").addHandler(logging.NullHandler())
_ATTACHMENT_ENTRY = "__attach_version1.0_#".encode("utf-16-le")  # a directory entry's name, as stored
_DELIVERY_TIME = "0E060040"  # PR_MESSAGE_DELIVERY_TIME
_SUBMIT_TIME = "00390040"  # PR_CLIENT_SUBMIT_TIME




def _text(value: Any, limit: int = 300) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split())[:limit] or None


def _time(value: Any) -> dt.datetime | None:
    return value if isinstance(value, dt.datetime) and value.tzinfo is not None else None


def _attachment_name(attachment: Any) -> str | None:
    for attribute in ("longFilename", "shortFilename", "name", "displayName"):
        try:
            name = getattr(attachment, attribute, None)
        except Exception:
            continue
        if isinstance(name, str) and name.strip():
            return name
    return None


class _Collector:
    def __init__(self) -> None:
        self.packages: list[tuple[str, bytes]] = []
        self.oversized: list[str] = []
        self.truncated = False
        self.seen = 0

    def collect(self, message: Any, depth: int) -> None:
        try:
            attachments = list(message.attachments)
        except Exception:  # an attachment extract-msg cannot make sense of: the others are lost with it
            self.truncated = True
            return
        for attachment in attachments:
            self.seen += 1
            if self.seen > MAX_PARTS:
                self.truncated = True
                return
            self._one(attachment, depth)

    def _one(self, attachment: Any, depth: int) -> None:
        from extract_msg.enums import AttachmentType

        try:
            kind = attachment.type
            data = attachment.data
        except Exception:
            return
        if kind in (AttachmentType.MSG, AttachmentType.SIGNED_EMBEDDED):  # a message attached (forwarded)
            if depth + 1 >= MAX_DEPTH:
                self.truncated = True
            elif data is not None:
                self.collect(data, depth + 1)
            return
        if kind not in (AttachmentType.DATA, AttachmentType.SIGNED) or not isinstance(data, bytes) or not data:
            return
        name = _attachment_name(attachment)
        mime = str(getattr(attachment, "mimetype", "") or "").lower()
        if not ((name and name.lower().endswith(PACKAGE_NAME_SUFFIXES)) or mime == _PACKAGE_MIME):
            return
        shown = safe_name(name or "package.asice")
        if len(data) > MAX_FILE_SIZE:
            self.oversized.append(shown)
        elif len(self.packages) >= MAX_ATTACHMENTS:
            self.truncated = True
        else:
            self.packages.append((shown, data))


def read_msg_with_extract_msg(data: bytes, now: dt.datetime | None = None) -> MailFile:
    """The receipt time, the sender and the package attachments of one Outlook .msg file's bytes."""
    import extract_msg
    from extract_msg.enums import ErrorBehavior

    if data.count(_ATTACHMENT_ENTRY) > MAX_ATTACHMENT_ENTRIES:  # extract-msg reads them all, slower and slower
        raise MailTooComplexError()
    tolerant = (ErrorBehavior.ATTACH_NOT_IMPLEMENTED | ErrorBehavior.ATTACH_BROKEN
                | ErrorBehavior.STANDARDS_VIOLATION | ErrorBehavior.OLE_DEFECT_INCORRECT
                | ErrorBehavior.NAMED_NAME_STREAM | ErrorBehavior.CUSTOM_ATTACH_TOLERANT)
    try:
        message = extract_msg.openMsg(data, errorBehavior=tolerant, delayAttachments=True)
    except Exception as exc:
        raise MsgError(str(exc)) from None
    try:
        headers = _headers(message)
        collector = _Collector()
        collector.collect(message, 0)
        received = receipt_time(headers, now, delivered=_time(_property(message, _DELIVERY_TIME)),
                                sent=_time(_property(message, _SUBMIT_TIME)))
        return MailFile(received, collector.packages, collector.oversized, sender=_field(message, "sender"),
                        message_id=_field(message, "messageId"), subject=_field(message, "subject"),
                        truncated=collector.truncated)
    finally:
        with contextlib.suppress(Exception):
            message.close()


def _property(message: Any, tag: str) -> Any:
    try:
        return message.getPropertyVal(tag)
    except Exception:
        return None


def _field(message: Any, name: str) -> str | None:
    try:
        return _text(getattr(message, name))
    except Exception:
        return None


def _headers(message: Any) -> email.message.Message:
    """The transport headers Outlook kept (PR_TRANSPORT_MESSAGE_HEADERS), parsed; empty without."""
    try:
        text = message.headerText
    except Exception:
        text = None
    if not isinstance(text, str):
        text = ""
    if text.startswith("Microsoft Mail Internet Headers Version 2.0"):
        text = text[43:].lstrip()
    return email.message_from_string(text[:1_000_000], policy=email.policy.compat32)
