"""Packages straight from e-mail: .eml and Outlook .msg files with one or several packages import
with the mail's receipt time and sender as the first receipt; a mail without a package is said
plainly; hostile mail never crashes the import."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.inbox.importer import import_packages
from desktop.package.roots import add_trust_root
from desktop.package.verify import verify_package
from desktop.signing.signers import VN_TZ
from desktop.store import Store
from tests.inbox.helpers import bulk_packages, ec_signer, pin_for_provinces
from tests.inbox.mails import SENDER, eml, forwarded_eml, msg
from tests.inbox.scenario import reporting_year
from tests.inbox.test_cli_inbox import ct20
from tests.pki import TestPki

# bulk packages are signed an hour before now: they arrived after that
ARRIVED = dt.datetime.now(VN_TZ).replace(microsecond=0) - dt.timedelta(minutes=20)


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory, pki: TestPki) -> list[Path]:
    folder = tmp_path_factory.mktemp("goi-thu")
    return bulk_packages(ec_signer(pki, folder), folder / "goi", 6, reporting_year())


@pytest.fixture
def store(tmp_path: Path, pki: TestPki, packages: list[Path]):  # type: ignore[no-untyped-def]
    with Store.open(tmp_path / "atmt.sqlite3") as opened:
        add_trust_root(opened, pki.root.cert_pem)
        pin_for_provinces(opened, verify_package(packages[0], trust_roots=[]).signer_certificate)
        yield opened


def _moment(text: str | None) -> dt.datetime:
    return dt.datetime.fromisoformat(text or "")


def test_an_eml_with_several_packages_records_each_with_the_mail_time_and_sender(tmp_path: Path, store: Store,
                                                                                 packages: list[Path]) -> None:
    path = tmp_path / "thu.eml"
    path.write_bytes(eml(packages[:3], received=ARRIVED, date=ARRIVED - dt.timedelta(hours=5)))
    result = import_packages(store, [path])
    assert [(i.outcome, i.status) for i in result.items] == [("imported", "valid")] * 3
    assert [i.file for i in result.items] == [f"{path} › {p.name}" for p in packages[:3]]
    records = store.list_inbox_packages()
    assert sorted(r.file_name for r in records) == sorted(p.name for p in packages[:3])
    for record in records:
        assert _moment(record.received_at) == ARRIVED  # the topmost Received:, not the relay's, not Date:
        assert record.details["received_via"] == "email"
        assert record.details["mail"] == {"from": SENDER, "message_id": "<bao-cao-1@ninhbinh.gov.vn>",
                                          "subject": "Báo cáo CT20"}
    assert {i.sender for i in result.items} == {SENDER}
    assert all(_moment(i.received) == ARRIVED for i in result.items)


def test_an_eml_without_received_headers_counts_its_date(tmp_path: Path, store: Store, packages: list[Path]) -> None:
    sent = ARRIVED - dt.timedelta(minutes=3)
    (tmp_path / "thu.eml").write_bytes(eml(packages[:1], date=sent))
    (item,) = import_packages(store, [tmp_path / "thu.eml"]).items
    assert item.outcome == "imported" and _moment(item.received) == sent


def test_an_outlook_msg_with_several_packages_records_the_receipt_time_and_sender(
        tmp_path: Path, store: Store, packages: list[Path]) -> None:
    path = tmp_path / "Báo cáo CT20.msg"
    path.write_bytes(msg(packages[:2], received=ARRIVED, delivered=ARRIVED + dt.timedelta(minutes=2),
                         submitted=ARRIVED - dt.timedelta(hours=2)))
    assert path.read_bytes()[:8] == bytes.fromhex("D0CF11E0A1B11AE1")  # an OLE compound file, as Outlook writes
    result = import_packages(store, [path])
    assert [(i.outcome, i.status) for i in result.items] == [("imported", "valid")] * 2
    for record in store.list_inbox_packages():
        assert _moment(record.received_at) == ARRIVED
        assert record.details["mail"]["from"] == SENDER
        assert record.details["mail"]["message_id"] == "<bao-cao-2@ninhbinh.gov.vn>"


def test_a_msg_without_transport_headers_counts_the_servers_delivery_time(tmp_path: Path, store: Store,
                                                                          packages: list[Path]) -> None:
    delivered = ARRIVED - dt.timedelta(minutes=7)
    (tmp_path / "a.msg").write_bytes(msg(packages[:1], delivered=delivered, submitted=delivered - dt.timedelta(hours=1)))
    (tmp_path / "b.msg").write_bytes(msg(packages[1:2], submitted=delivered - dt.timedelta(minutes=1)))
    first, second = import_packages(store, [tmp_path / "a.msg", tmp_path / "b.msg"]).items
    assert _moment(first.received) == delivered  # PR_MESSAGE_DELIVERY_TIME
    assert _moment(second.received) == delivered - dt.timedelta(minutes=1)  # only the submit time is left
    assert first.sender == "Sở Công Thương Ninh Bình <sct@ninhbinh.gov.vn>"  # from the MAPI sender properties


def test_packages_in_a_forwarded_message_are_taken(tmp_path: Path, store: Store, packages: list[Path]) -> None:
    inner = eml(packages[:1], received=ARRIVED - dt.timedelta(days=1))
    (tmp_path / "fwd.eml").write_bytes(forwarded_eml(inner, received=ARRIVED))
    (tmp_path / "fwd.msg").write_bytes(msg(packages[1:2], received=ARRIVED, forwarded=packages[2:3]))
    result = import_packages(store, [tmp_path / "fwd.eml", tmp_path / "fwd.msg"])
    assert [(Path(i.file.split(" › ")[0]).name, i.file.split(" › ")[1], i.outcome) for i in result.items] == [
        ("fwd.eml", packages[0].name, "imported"), ("fwd.msg", packages[1].name, "imported"),
        ("fwd.msg", packages[2].name, "imported")]
    assert all(_moment(i.received) == ARRIVED for i in result.items)  # the outer mail reached us then


@pytest.mark.parametrize("suffix", [".eml", ".msg"])
def test_a_message_without_a_package_is_reported_plainly(tmp_path: Path, store: Store, suffix: str) -> None:
    path = tmp_path / f"hoi-dap{suffix}"
    path.write_bytes(eml([], received=ARRIVED) if suffix == ".eml" else msg([], received=ARRIVED))
    (item,) = import_packages(store, [path]).items
    assert (item.outcome, item.status, item.inbox_id) == ("error", "error", None)
    assert [p.render("en") for p in item.problems] == [f"The e-mail file {path} carries no report package."]
    assert item.problems[0].render("vi").startswith("Tệp thư")
    assert store.list_inbox_packages() == []


def test_the_same_package_by_eml_and_by_msg_is_one_record(tmp_path: Path, store: Store, packages: list[Path]) -> None:
    (tmp_path / "a.eml").write_bytes(eml(packages[:1], received=ARRIVED))
    (tmp_path / "b.msg").write_bytes(msg(packages[:1], received=ARRIVED + dt.timedelta(hours=1)))
    result = import_packages(store, [tmp_path])
    assert [i.outcome for i in result.items] == ["imported", "duplicate"]
    (record,) = store.list_inbox_packages()
    assert _moment(record.received_at) == ARRIVED  # the first receipt stays


def test_cli_imports_a_msg_and_shows_the_sender(tmp_path: Path, store: Store, packages: list[Path]) -> None:
    path = tmp_path / "thu.msg"
    path.write_bytes(msg(packages[:2], received=ARRIVED))
    run = ct20(Path(store.path), "inbox", "import", str(path), "--json")
    assert run.code == 0, run.err
    assert [(r["outcome"], r["sender"], _moment(r["received"])) for r in run.json] == [
        ("imported", SENDER, ARRIVED)] * 2
    text = ct20(Path(store.path), "inbox", "import", str(path))
    assert f"From: {SENDER}" in text.out and "2 already in the inbox" in text.out
    listed = ct20(Path(store.path), "inbox", "list", "--json")
    assert [row["sender"] for row in listed.json] == [SENDER, SENDER]


def test_the_receipt_goes_to_the_contact_else_to_the_sender_of_the_mail(tmp_path: Path, store: Store,
                                                                       packages: list[Path]) -> None:
    from desktop.inbox.receipt_mail import reporter_email

    damaged = tmp_path / "BC-hong.asice"
    damaged.write_bytes(b"PK\x03\x04 not a package")
    (tmp_path / "thu.eml").write_bytes(eml([packages[0], damaged], received=ARRIVED))
    good, bad = import_packages(store, [tmp_path / "thu.eml"]).items
    assert (good.status, bad.status) == ("valid", "invalid")
    assert reporter_email(store, good.inbox_id) == "khanhdq@ninhbinh.gov.vn"  # the data file's contact
    assert reporter_email(store, bad.inbox_id) == "sct@ninhbinh.gov.vn"  # no readable contact: the sender
