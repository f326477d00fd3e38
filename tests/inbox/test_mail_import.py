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


def _signed_mime(packages: list[Path]) -> bytes:
    """The MIME a signing mail program signs: a text and the packages."""
    from email.mime.application import MIMEApplication
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    inner = MIMEMultipart()
    inner.attach(MIMEText("Kính gửi Cục ATMT.", "plain", "utf-8"))
    for package in packages:
        part = MIMEApplication(package.read_bytes(), "vnd.etsi.asic-e+zip")
        part.add_header("Content-Disposition", "attachment", filename=package.name)
        inner.attach(part)
    return inner.as_bytes()


def _smime_signed(content: bytes, *, detached: bool) -> bytes:
    """An S/MIME signature over `content` by a throw-away certificate (cryptography's PKCS#7 builder)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs7
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.EMAIL_ADDRESS, "sct@ninhbinh.gov.vn")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
            .sign(key, hashes.SHA256()))
    options = [pkcs7.PKCS7Options.DetachedSignature] if detached else []
    return pkcs7.PKCS7SignatureBuilder().set_data(content).add_signer(cert, key, hashes.SHA256()).sign(
        serialization.Encoding.DER, options)


def _headers(received: dt.datetime) -> bytes:
    from tests.inbox.mails import received_headers

    return "".join(f"Received: {h}\r\n" for h in received_headers(received)).encode() + (
        f"From: {SENDER}\r\nSubject: =?utf-8?q?B=C3=A1o_c=C3=A1o?=\r\nMIME-Version: 1.0\r\n").encode()


def test_packages_in_s_mime_signed_mail(tmp_path: Path, store: Store, packages: list[Path]) -> None:
    import base64

    from tests.inbox.msgwriter import MsgAttachment, MsgMessage, write_msg

    content = _signed_mime(packages[:1])
    signature = base64.encodebytes(_smime_signed(content, detached=True)).replace(b"\n", b"\r\n")
    clear = (_headers(ARRIVED) + b'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; '
             b'micalg=sha-256; boundary="ky"\r\n\r\n--ky\r\n' + content + b"\r\n--ky\r\n"
             b'Content-Type: application/pkcs7-signature; name="smime.p7s"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
             + signature + b"--ky--\r\n")
    opaque_cms = base64.encodebytes(_smime_signed(_signed_mime(packages[1:2]), detached=False)).replace(b"\n", b"\r\n")
    opaque = (_headers(ARRIVED) + b'Content-Type: application/pkcs7-mime; smime-type=signed-data; name="smime.p7m"\r\n'
              b"Content-Transfer-Encoding: base64\r\n\r\n" + opaque_cms)
    (tmp_path / "a-clear.eml").write_bytes(clear)
    (tmp_path / "b-opaque.eml").write_bytes(opaque)
    (tmp_path / "c-outlook.msg").write_bytes(write_msg(MsgMessage(
        message_class="IPM.Note.SMIME.MultipartSigned", sender_name="Sở Công Thương", sender_address="sct@ninhbinh.gov.vn",
        delivered=ARRIVED, attachments=[MsgAttachment("smime.p7m", (
            b'Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg=sha-256; boundary="ky"'
            b"\r\n\r\n" + clear.split(b'boundary="ky"\r\n\r\n', 1)[1].replace(content, _signed_mime(packages[2:3]))),
            "multipart/signed")])))
    result = import_packages(store, [tmp_path])
    assert [(Path(i.file.split(" › ")[0]).name, i.file.split(" › ")[-1], i.outcome) for i in result.items] == [
        ("a-clear.eml", packages[0].name, "imported"), ("b-opaque.eml", packages[1].name, "imported"),
        ("c-outlook.msg", packages[2].name, "imported")]
    assert all(_moment(i.received) == ARRIVED for i in result.items)
