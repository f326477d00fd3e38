"""E-mail files (.eml): the packages attached, and the receipt time our mail server wrote."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from desktop.inbox.importer import import_packages
from desktop.inbox.mailfile import read_mail, receipt_time
from desktop.package.mail import PACKAGE_TYPE
from desktop.store import Store
from tests.inbox.scenario import Scenario
from tests.pki import TestPki

NOW = dt.datetime(2026, 11, 16, 3, 0, tzinfo=dt.UTC)


def _mail(*, received: list[str] = (), date: str | None = None,  # type: ignore[assignment]
          attachments: list[tuple[str, bytes]] = ()) -> EmailMessage:  # type: ignore[assignment]
    mail = EmailMessage()
    for header in received:
        mail["Received"] = header
    if date is not None:
        mail["Date"] = date
    mail["Subject"] = "Báo cáo"
    mail.set_content("Kính gửi Cục ATMT.")
    for name, data in attachments:
        mail.add_attachment(data, maintype=PACKAGE_TYPE[0], subtype=PACKAGE_TYPE[1], filename=name)
    return mail


def test_the_topmost_received_header_is_the_receipt_time() -> None:
    ours = dt.datetime(2026, 11, 15, 23, 59, 59, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    mail = _mail(received=[f"from relay by mx.moit.gov.vn; {format_datetime(ours)}",
                           "from sender by relay; Sat, 15 Nov 2026 10:00:00 +0700"],
                 date="Fri, 14 Nov 2026 08:00:00 +0700")
    assert receipt_time(mail, NOW) == ours


def test_without_a_usable_received_header_the_date_header_counts() -> None:
    assert receipt_time(_mail(received=["from a by b; not a date"], date="Fri, 14 Nov 2026 08:00:00 +0700"),
                        NOW) == dt.datetime(2026, 11, 14, 1, 0, tzinfo=dt.UTC)
    assert receipt_time(_mail(date="Fri, 14 Nov 2026 08:00:00 -0000"), NOW) is None  # zone unknown: no proof
    assert receipt_time(_mail(), NOW) is None


def test_a_time_in_the_future_is_no_proof() -> None:
    future = format_datetime(NOW + dt.timedelta(days=1))
    assert receipt_time(_mail(received=[f"from a by b; {future}"], date=future), NOW) is None


def test_only_package_attachments_are_taken_without_their_folders() -> None:
    mail = _mail(date="Fri, 14 Nov 2026 08:00:00 +0700", attachments=[("..\\..\\BC-x.asice", b"PK goi"),
                                                                      ("khong-ten", b"PK typed as ASiC-E")])
    mail.add_attachment(b"text", maintype="text", subtype="plain", filename="ghi-chu.asice.txt")
    mail.add_attachment(b"%PDF-1.7", maintype="application", subtype="pdf", filename="cong-van.pdf")
    read = read_mail(bytes(mail), NOW)
    assert read.packages == [("BC-x.asice", b"PK goi"), ("khong-ten", b"PK typed as ASiC-E")]
    assert read.oversized == []


def test_importing_mail_files_records_the_mail_time_and_reports_a_mail_without_packages(
        tmp_path: Path, scenario: Scenario, pki: TestPki) -> None:
    from tests.inbox.conftest import pin_test_signers

    org = scenario.province_ids()[2]
    package = scenario.packages[org][0]
    received = dt.datetime.combine(scenario.deadline, dt.time(16), dt.timezone(dt.timedelta(hours=7)))
    folder = tmp_path / "thu"
    folder.mkdir()
    (folder / "a.eml").write_bytes(bytes(_mail(received=[f"from x by mx.moit.gov.vn; {format_datetime(received)}"],
                                               attachments=[(package.name, package.read_bytes())])))
    (folder / "b.eml").write_bytes(bytes(_mail(date=format_datetime(received))))
    (folder / "c.eml").write_bytes(b"\x00\xff not a mail at all \r\n\r\n\x00")
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        pin_test_signers(store, pki, [org])
        result = import_packages(store, [folder], trust_paths=[pki.root_pem])
        (record,) = store.list_inbox_packages()
    outcomes = [(Path(i.file.split(" › ")[0]).name, i.outcome, i.status) for i in result.items]
    assert outcomes == [("a.eml", "imported", "valid"), ("b.eml", "error", "error"), ("c.eml", "error", "error")]
    assert result.items[1].problems[0].render("en") == f"The e-mail file {folder / 'b.eml'} carries no report package."
    assert dt.datetime.fromisoformat(record.received_at or "") == received and record.details["received_via"] == "email"
    assert record.file_name == package.name


def test_a_mail_with_many_packages_gives_at_most_twenty() -> None:
    mail = _mail(date="Fri, 14 Nov 2026 08:00:00 +0700",
                 attachments=[(f"BC-{n:02d}.asice", b"PK %d" % n) for n in range(25)])
    read = read_mail(bytes(mail), NOW)
    assert [name for name, _ in read.packages] == [f"BC-{n:02d}.asice" for n in range(20)]


def test_a_package_saved_beside_its_mail_gets_the_mail_time(tmp_path: Path, scenario: Scenario, pki: TestPki) -> None:
    from tests.inbox.conftest import pin_test_signers

    org = scenario.province_ids()[3]
    package = scenario.packages[org][0]
    received = dt.datetime.combine(scenario.deadline, dt.time(9), dt.timezone(dt.timedelta(hours=7)))
    folder = tmp_path / "thu"
    folder.mkdir()
    (folder / "A-goi.asice").write_bytes(package.read_bytes())  # sorts before the mail by name
    (folder / "z-thu.eml").write_bytes(bytes(_mail(received=[f"from x by mx; {format_datetime(received)}"],
                                                   attachments=[(package.name, package.read_bytes())])))
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        pin_test_signers(store, pki, [org])
        result = import_packages(store, [folder], trust_paths=[pki.root_pem])
        (record,) = store.list_inbox_packages()
    assert [i.outcome for i in result.items] == ["imported", "duplicate"]
    assert dt.datetime.fromisoformat(record.received_at or "") == received
