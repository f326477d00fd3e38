"""Submission time: the proven time decides (a trusted timestamp, else the Inbox's first receipt,
from the e-mail when the package came in an e-mail file); the signer's claimed time is shown,
never decides; a correction keeps the timeliness of the revision it corrects."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

import pytest

from desktop.inbox.board import build_board
from desktop.inbox.importer import import_packages
from desktop.inbox.receipts import issue_receipt
from desktop.package.mail import PACKAGE_TYPE
from desktop.signing.signers import VN_TZ, OpenedSigner, open_p12
from desktop.store import Store
from tests.inbox.helpers import signed_package
from tests.pki import TestPki, issue_signer

ORGS = {"so-ct-ha-noi": "Sở Công Thương thành phố Hà Nội", "so-ct-hai-phong": "Sở Công Thương thành phố Hải Phòng",
        "so-ct-hue": "Sở Công Thương thành phố Huế"}


@pytest.fixture(scope="module")
def officers(tmp_path_factory: pytest.TempPathFactory, pki: TestPki) -> dict[str, OpenedSigner]:
    folder = tmp_path_factory.mktemp("officers")
    opened = {}
    for org, name in ORGS.items():
        identity = issue_signer(pki, folder, org, "Cán bộ thử nghiệm", name)
        opened[org] = open_p12(identity.p12_path, identity.password)
    return opened


def mail_file(folder: Path, package: Path, received: dt.datetime, sent: dt.datetime) -> Path:
    """The .eml the consolidator saves from the mail program: our server's Received header, the
    sender's Date header, the package attached."""
    mail = EmailMessage()
    mail["Received"] = f"from mail.sct.gov.vn by mail.moit.gov.vn; {format_datetime(received)}"
    mail["Date"] = format_datetime(sent)
    mail["Subject"] = "Báo cáo Chỉ thị 20"
    mail.set_content("Kính gửi Cục ATMT.")
    mail.add_attachment(package.read_bytes(), maintype=PACKAGE_TYPE[0], subtype=PACKAGE_TYPE[1], filename=package.name)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{package.stem}.eml"
    path.write_bytes(bytes(mail))
    return path


def _period() -> tuple[str, dt.date]:
    """An ad hoc request of a week ago whose deadline was yesterday."""
    today = dt.datetime.now(VN_TZ).date()
    return f"adhoc-{(today - dt.timedelta(days=7)).isoformat()}", today - dt.timedelta(days=1)


def test_received_after_the_deadline_is_late_whatever_the_signer_claims(
        tmp_path: Path, pki: TestPki, officers: dict[str, OpenedSigner]) -> None:
    period, deadline = _period()
    claimed = dt.datetime.combine(deadline, dt.time(10), VN_TZ)  # "signed" on the deadline day
    late = signed_package(officers["so-ct-ha-noi"], tmp_path / "a", "so-ct-ha-noi", period, signed_at=claimed,
                          deadline=deadline.isoformat())
    on_time = signed_package(officers["so-ct-hai-phong"], tmp_path / "b", "so-ct-hai-phong", period,
                             signed_at=claimed, deadline=deadline.isoformat())
    received = dt.datetime.combine(deadline, dt.time(23, 59, 59), VN_TZ)  # the last second still counts
    eml = mail_file(tmp_path / "mail", on_time, received=received, sent=claimed)
    backdated = signed_package(officers["so-ct-hue"], tmp_path / "c", "so-ct-hue", period,
                               signed_at=dt.datetime.now(VN_TZ).replace(microsecond=0) - dt.timedelta(minutes=30),
                               deadline=deadline.isoformat())
    early_mail = mail_file(tmp_path / "mail", backdated, received=claimed, sent=claimed)
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        result = import_packages(store, [late, eml, early_mail], trust_paths=[pki.root_pem])
        assert [i.status for i in result.items] == ["valid", "valid", "valid"]
        by_org = {item.org: item for item in result.items}  # the e-mail files are read first
        assert by_org["so-ct-hai-phong"].file.endswith(f"› {on_time.name}")
        assert dt.datetime.fromisoformat(by_org["so-ct-hai-phong"].received or "") == received
        board = build_board(store, period, "ct20.province")
    rows = {row.org_id: row for row in board.rows}
    assert board.deadline == deadline
    ha_noi = rows["so-ct-ha-noi"]  # claimed before the deadline, received today: late
    assert ha_noi.status == "late" and ha_noi.proof == "receipt" and ha_noi.claimed_at == claimed
    assert ha_noi.submitted_at is not None and (
        ha_noi.submitted_at.astimezone(VN_TZ).date() >= dt.datetime.now(VN_TZ).date() - dt.timedelta(days=1))
    assert ha_noi.to_json("en")["claimed"] == claimed.isoformat()
    hai_phong = rows["so-ct-hai-phong"]  # the e-mail reached the Ministry at 23:59:59 of the deadline day
    assert hai_phong.status == "on_time" and hai_phong.submitted_at == received
    hue = rows["so-ct-hue"]  # received on the deadline day, its claimed signing time later than that
    assert hue.status == "on_time" and hue.submitted_at == claimed
    assert any(p.render("vi").startswith("Thời điểm ký do máy tính của người ký tự khai") for p in hue.problems)


def test_a_correction_keeps_the_timeliness_of_the_revision_it_corrects(
        tmp_path: Path, pki: TestPki, officers: dict[str, OpenedSigner]) -> None:
    period, deadline = _period()
    signed = dt.datetime.combine(deadline, dt.time(9), VN_TZ)
    in_time = dt.datetime.combine(deadline, dt.time(11), VN_TZ)
    first = {org: signed_package(officers[org], tmp_path / org, org, period, signed_at=signed,
                                 deadline=deadline.isoformat()) for org in ("so-ct-ha-noi", "so-ct-hai-phong")}
    later = signed + dt.timedelta(hours=3)
    second = {org: signed_package(officers[org], tmp_path / f"{org}-2", org, period, revision=2, supersedes=first[org],
                                  signed_at=later, deadline=deadline.isoformat())
              for org in first}
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        items = import_packages(store, list(first.values()), trust_paths=[pki.root_pem],
                                received=dict.fromkeys(first.values(), in_time)).items
        asked = next(i for i in items if i.org == "so-ct-ha-noi")
        issue_receipt(store, asked.inbox_id, "correction_requested", tmp_path / "ptn", officers["so-ct-hue"],
                      message="Đề nghị bổ sung số liệu quan trắc.")
        import_packages(store, list(second.values()), trust_paths=[pki.root_pem])  # received today: after the deadline
        rows = {row.org_id: row for row in build_board(store, period, "ct20.province").rows}
    corrected = rows["so-ct-ha-noi"]
    assert (corrected.revision, corrected.status) == (2, "on_time")  # asked for by Cục ATMT
    assert corrected.current is not None and corrected.current.corrects == asked.inbox_id
    assert corrected.submitted_at is not None and corrected.submitted_at.astimezone(VN_TZ).date() > deadline  # Vietnam's day
    unasked = rows["so-ct-hai-phong"]
    assert (unasked.revision, unasked.status) == (2, "late")  # a revision nobody asked for: its own time
    assert [(e.revision, e.state) for e in unasked.history] == [(2, "late"), (1, "superseded")]


def test_a_correction_of_a_late_report_stays_late(tmp_path: Path, pki: TestPki,
                                                  officers: dict[str, OpenedSigner]) -> None:
    period, deadline = _period()
    signed = dt.datetime.combine(deadline, dt.time(9), VN_TZ)
    first = signed_package(officers["so-ct-hue"], tmp_path / "1", "so-ct-hue", period, signed_at=signed,
                           deadline=deadline.isoformat())
    second = signed_package(officers["so-ct-hue"], tmp_path / "2", "so-ct-hue", period, revision=2, supersedes=first,
                            signed_at=signed + dt.timedelta(hours=1), deadline=deadline.isoformat())
    third = signed_package(officers["so-ct-hue"], tmp_path / "3", "so-ct-hue", period, revision=3, supersedes=second,
                           signed_at=signed + dt.timedelta(hours=2), deadline=deadline.isoformat())
    late = dt.datetime.combine(deadline + dt.timedelta(days=1), dt.time(0, 0, 1), VN_TZ)
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        (r1,) = import_packages(store, [first], trust_paths=[pki.root_pem], received={first: late}).items
        issue_receipt(store, r1.inbox_id, "correction_requested", tmp_path / "ptn", officers["so-ct-ha-noi"])
        (r2,) = import_packages(store, [second], trust_paths=[pki.root_pem]).items
        issue_receipt(store, r2.inbox_id, "correction_requested", tmp_path / "ptn", officers["so-ct-ha-noi"])
        import_packages(store, [third], trust_paths=[pki.root_pem])
        row = next(r for r in build_board(store, period, "ct20.province").rows if r.org_id == "so-ct-hue")
    assert (row.revision, row.status) == (3, "late")  # two corrections back: the first arrived at 00:00:01
    assert row.current is not None and row.current.corrects == r2.inbox_id
