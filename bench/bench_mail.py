"""Reading received e-mail: an .eml and an Outlook .msg carrying 20 packages of 1 MB, and a hostile
mail with 9,000 parts (just under the count refused unread), each beside the modern e-mail policy
parsing the same bytes (why mailfile.py parses with compat32). Prints figures; asserts nothing.

    python bench/bench_mail.py [--size-mb 1] [--rounds 3]
"""

from __future__ import annotations

import argparse
import email
import email.policy
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from figures import Figure, publish  # noqa: E402

from desktop.inbox.mailfile import MAX_ATTACHMENTS, read_mail  # noqa: E402
from desktop.inbox.msgfile import read_msg  # noqa: E402
from tests.inbox.msgwriter import MsgAttachment, MsgMessage, write_msg  # noqa: E402


def best(rounds: int, job) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        job()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    size = int(args.size_mb * 1024 * 1024)
    packages = [(f"BC-{n:02d}.asice", os.urandom(size)) for n in range(MAX_ATTACHMENTS)]

    from email.message import EmailMessage

    mail = EmailMessage()
    mail["From"] = "Sở Công Thương <sct@example.vn>"
    mail["Received"] = "from relay by mx; Sat, 15 Nov 2026 16:00:00 +0700"
    mail.set_content("Kính gửi Cục ATMT.")
    for name, data in packages:
        mail.add_attachment(data, maintype="application", subtype="vnd.etsi.asic-e+zip", filename=name)
    eml = bytes(mail)
    msg = write_msg(MsgMessage(sender_name="Sở Công Thương", sender_address="sct@example.vn",
                               attachments=[MsgAttachment(n, d) for n, d in packages]))
    parts = 9_000
    hostile = (b"From: x@y\r\nContent-Type: multipart/mixed; boundary=\"q\"\r\n\r\n"
               + b"".join(b"--q\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; "
                          b"filename=\"p%d.asice\"\r\n\r\nPK\r\n" % n for n in range(parts)) + b"--q--\r\n")

    def modern(data: bytes):  # type: ignore[no-untyped-def]
        return lambda: email.message_from_bytes(data, policy=email.policy.default)

    eml_ms, eml_base = best(args.rounds, lambda: read_mail(eml)), best(args.rounds, modern(eml))
    msg_ms = best(args.rounds, lambda: read_msg(msg))
    hostile_ms, hostile_base = best(1, lambda: read_mail(hostile)), best(1, modern(hostile))
    mb = len(eml) / 1024 / 1024
    publish([
        Figure(f".eml, {MAX_ATTACHMENTS} packages, {mb:.0f} MB: read", eml_ms, "ms",
               "modern e-mail policy, parse only", eml_base),
        Figure(f".msg, {MAX_ATTACHMENTS} packages, {len(msg) / 1024 / 1024:.0f} MB: read", msg_ms, "ms",
               ".eml of the same packages", eml_ms),
        Figure(f"hostile .eml, {parts:,} parts ({len(hostile) // 1024} KB): read", hostile_ms, "ms",
               "modern e-mail policy, parse only", hostile_base),
    ], title="Reading received e-mail", setup=f"{args.rounds} rounds, best")


if __name__ == "__main__":
    main()
