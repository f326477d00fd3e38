"""Make the fixture store of the current schema: `python -m tests.store.make_store_fixture`.

Run it once when a schema version is released (after adding a migration step), and commit
`tests/data/stores/v<N>.sqlite3` with `v<N>.json`, the content every later version must keep.
Never regenerate the fixture of an older version: it stands for stores already on users' disks.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.store import SCHEMA_VERSION, Store

from .helpers import dump_store

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "stores"


class _Clock:
    def __init__(self) -> None:
        self.now = datetime(2025, 11, 3, 1, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=7)
        return self.now


def fill(store: Store, version: int = SCHEMA_VERSION) -> None:
    """A little of everything a user stores, with Vietnamese text and a compressed snapshot."""
    store.set_profile({
        "org_id": "so-ct-phu-tho", "signer": "Nguyễn Thị Hương", "title": "Phó Giám đốc",
        "phone": "0210 3846 123", "email": "sct@phutho.gov.vn",
    })
    store.set_setting("ui.language", "vi")
    store.set_setting("window", {"width": 1366, "height": 768, "maximized": True})
    store.add_organization({
        "id": "cty-giay-viet-tri", "kind": "enterprise", "name": "Công ty CP Giấy Việt Trì",
        "place": "Phú Thọ",
    })
    clusters = [
        {"name": f"Cụm công nghiệp Đồng Lạng {n}", "area_ha": 50 + n * 0.25,
         "wastewater": n % 3 == 0, "note": "Đang đầu tư hạ tầng" if n % 5 == 0 else None}
        for n in range(1, 121)
    ]
    draft = store.create_report(
        form_id="ct20.province", form_version="2025.1", org_id="so-ct-phu-tho", period="2025",
        values={"document.number": "", "document.place": "Phú Thọ"}, source="ui",
    )
    store.save_values(draft, {"document.number": "15/BC-SCT", "document.place": "Phú Thọ",
                              "clusters.list": clusters}, source="ui")
    store.save_values(draft, {"document.number": "15/BC-SCT", "document.place": "Phú Thọ",
                              "clusters.list": clusters[:100]}, source="import",
                      note="Báo cáo 2025.xlsx")
    store.restore_history(draft, 2)
    store.set_report_meta(draft, "acknowledged_warnings", ["clusters.list[3].area_ha"])

    submitted = store.create_report(
        form_id="ct20.province", form_version="2025.1", org_id="so-ct-phu-tho",
        period="adhoc-2025-10-01", reference="4567/BCT-ATMT", deadline="2025-10-20",
        values={"difficulties": "Thiếu kinh phí quan trắc tự động."},
    )
    store.set_status(submitted, "submitted")
    revision = store.create_report(
        form_id="ct20.province", form_version="2025.1", org_id="so-ct-phu-tho",
        period="adhoc-2025-10-01", reference="4567/BCT-ATMT", deadline="2025-10-20",
        values=store.get_values(submitted), revision=2, supersedes=submitted,
    )
    store.save_values(revision, {"difficulties": "Thiếu kinh phí và nhân lực quan trắc."})

    trashed = store.create_report(
        form_id="ct20.enterprise", form_version="2025.1", org_id="cty-giay-viet-tri",
        period="2025", values={"document.number": "01/BC"},
    )
    store.trash_report(trashed)
    store.audit("report.export", report_id=submitted, details={"package": "so-ct-phu-tho.ct20"})
    if version >= 2:
        fill_v2(store)
    if version >= 3:
        fill_v3(store)
    if version >= 5:
        fill_v5(store)
    if version >= 6:
        fill_v6(store)
    if version >= 7:
        fill_v7(store)
    if version >= 8:
        fill_v8(store)
    if version >= 9:
        fill_v9(store)


def fill_v2(store: Store) -> None:
    """Schema 2: a kept package of a submitted revision, and a trusted root certificate."""
    exported = store.create_report(
        form_id="ct20.province", form_version="2025.1", org_id="so-ct-phu-tho", period="2024",
        values={"document": {"number": "201/BC-SCT", "place": "Phú Thọ"}},
    )
    store.submit_package(
        exported, file_name="BC-ct20.province-so-ct-phu-tho-2024-r1.asice",
        data=b"PK\x03\x04" + "gói báo cáo đã ký".encode() * 64,
        signer={"name": "Nguyễn Thị Hương", "organization": "Sở Công Thương tỉnh Phú Thọ",
                "serial": "5A17C0DE"},
        signed_at="2025-11-03T09:12:00+07:00", details={"timestamped": False},
    )
    pem = _fixed_root_pem()
    store.add_trust_root(
        "3f" * 32, subject="CN=CT20 Fixture Root CA,O=CT20 Test PKI,C=VN",
        not_after="2035-11-03T00:00:00+00:00", pem=pem,
    )


def fill_v3(store: Store) -> None:
    """Schema 3: the inbox (a valid, an untrusted accepted and a rejected package) and receipts."""
    problem = {"msgid": "The data file was changed after signing", "params": {}}
    received = []
    for n, (status, problems) in enumerate((("valid", []), ("untrusted", [problem]), ("invalid", [problem]))):
        record, _ = store.add_inbox_package(
            file_name=f"BC-ct20.province-so-ct-ha-noi-2025-r{n + 1}.asice",
            data=b"PK\x03\x04" + f"gói nhận được số {n}".encode() * 40, status=status, problems=problems,
            org_id="so-ct-ha-noi", form_id="ct20.province", form_version="2025.1", period="2025",
            revision=n + 1, report_id="0f0e0d0c-0b0a-4908-8706-050403020100",
            supersedes=None if n == 0 else "ab" * 32,
            signer={"name": "Trần Văn Bình", "organization": "Sở Công Thương thành phố Hà Nội"},
            signed_at="2025-11-14T16:20:00+07:00", timestamped=n == 0,
            details={"claimed": status == "invalid", "org_name": "Sở Công Thương thành phố Hà Nội"},
        )
        received.append(record)
    store.decide_inbox_package(received[1].id, "accepted")
    store.add_receipt(
        direction="issued", data=b"PK\x03\x04" + "phiếu tiếp nhận".encode() * 30,
        file_name="PTN-ct20.province-so-ct-ha-noi-2025-r1.asice", package_sha256=received[0].sha256,
        decision="accepted", message="Đã tiếp nhận, số liệu đầy đủ.", status="valid",
        signer={"name": "Lê Thị Cúc"}, signed_at="2025-11-17T08:00:00+07:00", inbox_id=received[0].id,
    )
    exported = next(p for p in store.list_packages())
    store.add_receipt(
        direction="received", data=b"PK\x03\x04" + "phiếu trả lời".encode() * 30,
        file_name="PTN-ct20.province-so-ct-phu-tho-2024-r1.asice", package_sha256=exported.sha256,
        decision="correction_requested", message="Đề nghị bổ sung số liệu quan trắc.", status="untrusted",
        signer={"name": "Lê Thị Cúc"}, signed_at="2025-11-18T08:00:00+07:00", report_id=exported.report_id,
    )
    store.set_report_meta(exported.report_id, "receipt", {"decision": "correction_requested",
                                                           "message": "Đề nghị bổ sung số liệu quan trắc."})


def fill_v5(store: Store) -> None:
    """Schema 5: a signer pinned for an organisation by a decision, a package received by e-mail
    (its first receipt time) with a trusted timestamp's time."""
    held = next(r for r in store.list_inbox_packages() if r.status == "untrusted")
    store.pin_signer(org_id="so-ct-ha-noi", fingerprint="5e" * 32,
                     subject="CN=Trần Văn Bình,O=Sở Công Thương tỉnh Hà Nam",
                     certificate=b"0\x82\x01\x00" + "chứng thư".encode(), reason="Công văn số 12/SCT-KTAT cử ông Bình",
                     by_login="lan", by_name="Nguyễn Thị Lan", inbox_id=held.id)
    store.add_inbox_package(
        file_name="BC-ct20.province-so-ct-hue-2025-r1.asice", data=b"PK\x03\x04" + "gói qua thư".encode() * 40,
        status="valid", problems=[], org_id="so-ct-hue", form_id="ct20.province", form_version="2025.1",
        period="2025", revision=1, signer={"name": "Lê Văn Huế"}, signed_at="2025-11-15T22:00:00+07:00",
        timestamped=True, details={"received_via": "email"}, received_at="2025-11-15T23:59:59+07:00",
        proven_at="2025-11-15T22:00:05+07:00",
    )


def fill_v6(store: Store) -> None:
    """Schema 6: an ad hoc request recorded in the Inbox."""
    store.add_request(request_id="yc-2025-10-01-4567-bct-atmt", number="4567/BCT-ATMT", date="2025-10-01",
                      requester="Bộ Công Thương", content="Báo cáo đột xuất về xử lý nước thải tại các cụm công nghiệp",
                      addressees=["so-ct-phu-tho", "so-ct-ha-noi"], deadline="2025-10-20",
                      created_by="Lê Thị Thu", details={})


def fill_v9(store: Store) -> None:
    """Schema 9: autosaves in a report's history (older ones are thinned as they age)."""
    from desktop.store.history import AUTOSAVE

    report = store.create_report(
        form_id="ct20.enterprise", form_version="2025.1", org_id="cty-giay-viet-tri", period="2026",
        values={"document.number": "02/BC"}, source="ui",
    )
    for n in range(1, 4):
        store.save_values(report, {"document.number": "02/BC", "note": "Đang nhập " * n}, source=AUTOSAVE)


def fill_v7(store: Store) -> None:
    """Schema 7: the receipt register (the officer's pattern and a number given to a receipt) and a
    receipt answering a rejected package."""
    rejected = next(r for r in store.list_inbox_packages() if r.status == "invalid")
    store.set_receipt_numbering(pattern="{number}/ATMT-MT", year=2025, next_number=123,
                                by={"login": "lan", "name": "Nguyễn Thị Lan"})
    number = store.take_receipt_number(year=2025, inbox_id=rejected.id, by={"login": "lan", "name": "Nguyễn Thị Lan"})
    kept, _ = store.add_receipt(
        direction="issued", data=b"PK\x03\x04" + "phiếu trả lời gói bị từ chối".encode() * 30,
        file_name="PTN-goi-3.asice", package_sha256=rejected.sha256, decision="rejected",
        message="Gói bị hỏng, đề nghị ký và gửi lại.", status="valid", signer={"name": "Lê Thị Cúc"},
        signed_at="2025-11-19T08:00:00+07:00", inbox_id=rejected.id,
    )
    store.bind_receipt_number(year=number.year, seq=number.seq, receipt_sha256=kept.sha256)


def fill_v8(store: Store) -> None:
    """Schema 8: the delivery log of an exported package (saved, an e-mail draft, marked sent)."""
    exported = next(p for p in store.list_packages())
    for kind, path in (("saved", "C:\\Users\\huong\\Documents\\Báo cáo\\" + exported.file_name),
                       ("email_draft", "C:\\Users\\huong\\Documents\\Báo cáo\\BC-2024-r1.eml"),
                       ("marked_sent", "")):
        store.record_delivery(exported.report_id, package_sha256=exported.sha256, kind=kind, path=path)


def _fixed_root_pem() -> str:
    """A real, reproducible self-signed certificate (Ed25519 signatures are deterministic)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.x509.oid import NameOID

    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "CT20 Test PKI"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "CT20 Fixture Root CA")])
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(20251103).not_valid_before(datetime(2025, 11, 3, tzinfo=UTC))
        .not_valid_after(datetime(2035, 11, 3, tzinfo=UTC))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, None)
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def make(version: int = SCHEMA_VERSION) -> Path:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    target = FIXTURES / f"v{version}.sqlite3"
    if target.exists():
        raise SystemExit(f"{target} exists; released fixtures are never regenerated")
    work = target.with_name(f".v{version}.work.sqlite3")
    with Store.open(work, clock=_Clock()) as store:
        fill(store, version)
        content = dump_store(store)
        store.backup(target)  # one self-contained file, no -wal beside it
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    expected = target.with_suffix(".json")
    expected.write_text(json.dumps(content, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    print(make(int(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_VERSION))
