"""Step 7: a package counts for an organisation only when its signer is authorised for it (its
certificate names the organisation, or Cục ATMT pinned it); a package never supersedes another
organisation's."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from desktop.inbox.board import build_board
from desktop.inbox.consolidate import consolidate
from desktop.inbox.decisions import Actor, DecisionError, decide, pin_package_signer, unpin
from desktop.inbox.importer import import_packages
from desktop.package.authorization import authorize, names_organization
from desktop.package.verify import verify_package
from desktop.registry import all_organizations, get_organization
from desktop.signing.signers import VN_TZ, OpenedSigner, open_p12
from desktop.store import Store
from tests.inbox.helpers import signed_package
from tests.pki import Identity, TestPki, issue_signer

NOT_OURS_VI = "Người ký không thuộc đơn vị báo cáo"
DECIDER = Actor("atmt-lan", "Nguyễn Thị Lan")


@pytest.fixture(scope="module")
def officers(tmp_path_factory: pytest.TempPathFactory, pki: TestPki) -> dict[str, OpenedSigner]:
    folder = tmp_path_factory.mktemp("officers")
    ha_noi = issue_signer(pki, folder, "ha-noi", "Phạm Thị Hà", "Sở Công Thương thành phố Hà Nội")
    hai_phong = issue_signer(pki, folder, "hai-phong", "Vũ Văn Hải", "SỞ CÔNG THƯƠNG  THÀNH PHỐ HẢI PHÒNG")
    return {
        "ha-noi": open_p12(ha_noi.p12_path, ha_noi.password),
        "hai-phong": open_p12(hai_phong.p12_path, hai_phong.password),
        "ninh-binh": open_p12(pki.signer.p12_path, pki.signer.password),  # O = Sở Công Thương tỉnh Ninh Bình
    }


def _adhoc() -> tuple[str, str, dt.datetime]:
    today = dt.datetime.now(VN_TZ).date()
    moment = dt.datetime.now(VN_TZ).replace(microsecond=0) - dt.timedelta(hours=1)
    return f"adhoc-{today.isoformat()}", (today + dt.timedelta(days=3)).isoformat(), moment


def _row(store: Store, period: str, org: str):  # type: ignore[no-untyped-def]
    return next(r for r in build_board(store, period, "ct20.province").rows if r.org_id == org)


def test_another_provinces_officer_is_held_then_accepted_only_by_a_decision(
        tmp_path: Path, pki: TestPki, officers: dict[str, OpenedSigner]) -> None:
    period, deadline, moment = _adhoc()
    real = signed_package(officers["ha-noi"], tmp_path / "ha-noi", "so-ct-ha-noi", period, signed_at=moment,
                          deadline=deadline)
    forged = signed_package(officers["ninh-binh"], tmp_path / "ninh-binh", "so-ct-ha-noi", period, revision=2,
                            supersedes=real, signed_at=moment + dt.timedelta(minutes=5), deadline=deadline,
                            difficulties="Số liệu đã bị thay bởi người ngoài.")
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        first = import_packages(store, [real], trust_paths=[pki.root_pem]).items[0]
        assert first.status == "valid", [p.render("en") for p in first.problems]
        held = import_packages(store, [forged], trust_paths=[pki.root_pem]).items[0]
        assert held.status == "untrusted" and held.org == "so-ct-ha-noi" and held.revision == 2
        reason = held.problems[-1].render("vi")
        assert reason.startswith(NOT_OURS_VI)
        assert "Sở Công Thương tỉnh Ninh Bình" in reason and "Sở Công Thương thành phố Hà Nội" in reason
        assert held.problems[-1].render("en").startswith("The signer does not belong to the reporting organisation")

        row = _row(store, period, "so-ct-ha-noi")  # Hà Nội's own package stays on the board
        assert (row.status, row.inbox_id, row.revision) == ("on_time", first.inbox_id, 1)
        assert [e.inbox_id for e in row.held] == [held.inbox_id]
        assert [(e.revision, e.state) for e in row.history] == [(2, "untrusted"), (1, "on_time")]
        board = build_board(store, period, "ct20.province")
        assert [(r.org_id, r.inbox_id) for r in board.accepted()] == [("so-ct-ha-noi", first.inbox_id)]
        national = consolidate(store, period, "ct20.province")  # the national figures rest on Hà Nội's own
        assert national.reporters == 1 and "người ngoài" not in repr(national.parts)
        assert "Thiếu kinh phí quan trắc." in repr(national.parts)
        with pytest.raises(DecisionError):  # accepting the package alone is not the decision asked for
            decide(store, held.inbox_id, "accepted")

        pin, released = pin_package_signer(store, held.inbox_id, "so-ct-ha-noi",
                                           "Ông An được Sở Hà Nội cử lập báo cáo (Công văn 12/SCT-KTAT)", by=DECIDER)
        assert [r.id for r in released] == [held.inbox_id] and released[0].status == "valid"
        assert released[0].problems == []
        row = _row(store, period, "so-ct-ha-noi")
        assert (row.status, row.inbox_id, row.revision, row.held) == ("on_time", held.inbox_id, 2, ())
        assert "người ngoài" in repr(consolidate(store, period, "ct20.province").parts)  # decided: it counts now
        assert [(p.org_id, p.by, p.source, p.inbox_id) for p in store.list_signer_pins()] == [
            ("so-ct-ha-noi", "Nguyễn Thị Lan (atmt-lan)", "decision", held.inbox_id)]
        pinned = next(e for e in store.audit_log() if e["action"] == "signer.pin")["details"]
        assert pinned["by"] == {"login": "atmt-lan", "name": "Nguyễn Thị Lan"} and pinned["reason"].startswith("Ông An")
        assert pinned["fingerprint"] == pin.fingerprint and pinned["org"] == "so-ct-ha-noi"

        # The pin is for Hà Nội only: the same officer filing for Hải Phòng is held again.
        other = signed_package(officers["ninh-binh"], tmp_path / "hai-phong", "so-ct-hai-phong", period,
                               signed_at=moment, deadline=deadline)
        item = import_packages(store, [other], trust_paths=[pki.root_pem]).items[0]
        assert item.status == "untrusted" and item.problems[-1].render("vi").startswith(NOT_OURS_VI)
        row = _row(store, period, "so-ct-hai-phong")
        assert row.status == "untrusted" and [e.inbox_id for e in row.held] == [item.inbox_id]
        own = signed_package(officers["ninh-binh"], tmp_path / "ninh-binh-own", "so-ct-ninh-binh", period,
                             signed_at=moment, deadline=deadline)
        assert import_packages(store, [own], trust_paths=[pki.root_pem]).items[0].status == "valid"

        unpin(store, pin.id, by=DECIDER)
        assert store.list_signer_pins() == []
        again = signed_package(officers["ninh-binh"], tmp_path / "again", "so-ct-ha-noi", period, revision=3,
                               supersedes=forged, signed_at=moment + dt.timedelta(minutes=9), deadline=deadline)
        assert import_packages(store, [again], trust_paths=[pki.root_pem]).items[0].status == "untrusted"
        row = _row(store, period, "so-ct-ha-noi")
        assert (row.status, row.revision) == ("on_time", 2)  # what was decided stands; revision 3 is held
        assert next(e for e in store.audit_log() if e["action"] == "signer.unpin")["details"]["by"]["login"] == "atmt-lan"


def test_a_rejected_held_package_stays_rejected_and_a_held_one_alone_waits(
        tmp_path: Path, pki: TestPki, officers: dict[str, OpenedSigner]) -> None:
    period, deadline, moment = _adhoc()
    forged = signed_package(officers["hai-phong"], tmp_path / "p", "so-ct-ha-noi", period, signed_at=moment,
                            deadline=deadline)
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        item = import_packages(store, [forged], trust_paths=[pki.root_pem]).items[0]
        row = _row(store, period, "so-ct-ha-noi")
        assert row.status == "untrusted" and row.inbox_id == item.inbox_id and row.problems
        assert build_board(store, period, "ct20.province").accepted() == []
        decide(store, item.inbox_id, "rejected", by=DECIDER)
        assert _row(store, period, "so-ct-ha-noi").status == "rejected"
        decided = next(e for e in store.audit_log() if e["action"] == "inbox.decide")["details"]
        assert decided["by"] == {"login": "atmt-lan", "name": "Nguyễn Thị Lan"}


def _cert(pki: TestPki, folder: Path, org: str | None, unit: str | None = None) -> Identity:
    return issue_signer(pki, folder, "x", "Người Thử", org, unit)


def test_names_match_by_former_name_case_spacing_and_unicode_form(tmp_path: Path, pki: TestPki) -> None:
    registry = all_organizations()
    ninh_binh, ha_noi = get_organization("so-ct-ninh-binh"), get_organization("so-ct-ha-noi")
    former = _cert(pki, tmp_path, "Sở Công Thương tỉnh Hà Nam").cert  # merged into Ninh Bình on 1/7/2025
    assert names_organization(former, ninh_binh) and not names_organization(former, ha_noi)
    assert authorize(former, "so-ct-ninh-binh", set(), registry) is None
    assert authorize(former, "so-ct-ha-noi", set(), registry) is not None
    nfd = _cert(pki, tmp_path, unicodedata.normalize("NFD", "sở công   thương THÀNH PHỐ Hà Nội")).cert
    assert authorize(nfd, "so-ct-ha-noi", set(), registry) is None
    old_tones = _cert(pki, tmp_path, "Sở Công Thương tỉnh Khánh Hoà").cert  # the old tone placement
    assert authorize(old_tones, "so-ct-khanh-hoa", set(), registry) is None
    split = _cert(pki, tmp_path, "thành phố Huế", "Sở Công Thương").cert  # OU with O
    assert authorize(split, "so-ct-hue", set(), registry) is None
    hue_before = _cert(pki, tmp_path, "Sở Công Thương Tỉnh Thừa Thiên - Huế").cert
    assert authorize(hue_before, "so-ct-hue", set(), registry) is None
    unit = _cert(pki, tmp_path, "Bộ Công Thương", "Cục Hóa chất").cert  # a unit of the Ministry
    assert authorize(unit, "cuc-hoa-chat", set(), registry) is None
    assert authorize(unit, "cuc-dien-luc", set(), registry) is not None
    short = _cert(pki, tmp_path, "habeco").cert  # the registry's short name
    assert authorize(short, "habeco", set(), registry) is None
    nothing = _cert(pki, tmp_path, None).cert
    problem = authorize(nothing, "so-ct-ha-noi", set(), registry)
    assert problem is not None and "“-”" in problem.render("en")
    close = _cert(pki, tmp_path, "Sở Công Thương tỉnh Hà Nội").cert  # not how the registry spells it
    assert authorize(close, "so-ct-ha-noi", set(), registry) is not None  # "tỉnh" is not "thành phố"
    from desktop.package.authorization import fingerprint

    assert authorize(close, "so-ct-ha-noi", {("so-ct-ha-noi", fingerprint(close))}, registry) is None
    assert authorize(close, "so-ct-hai-phong", {("so-ct-ha-noi", fingerprint(close))}, registry) is not None


def test_a_package_signed_under_a_former_name_is_valid(tmp_path: Path, pki: TestPki) -> None:
    identity = issue_signer(pki, tmp_path, "nam-dinh", "Trần Văn Định", "SỞ CÔNG THƯƠNG TỈNH NAM ĐỊNH")
    period, deadline, moment = _adhoc()
    package = signed_package(open_p12(identity.p12_path, identity.password), tmp_path / "p", "so-ct-ninh-binh",
                             period, signed_at=moment, deadline=deadline)
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        assert import_packages(store, [package], trust_paths=[pki.root_pem]).items[0].status == "valid"
    assert verify_package(package, trust_roots=[pki.root.cert]).status == "valid"


def test_a_subject_with_thousands_of_names_is_judged_quickly_and_refused(tmp_path: Path, pki: TestPki) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    names = [x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"Đơn vị {n}") for n in range(3000)]
    names += [x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"Phòng {n}") for n in range(3000)]
    names.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Sở Công Thương thành phố Hà Nội"))  # far down
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(x509.Name(names)).issuer_name(pki.issuing_ca.cert.subject)
            .public_key(pki.signer.key.public_key()).serial_number(7).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=1)).sign(pki.issuing_ca.key, hashes.SHA256()))
    problem = authorize(cert, "so-ct-ha-noi", set(), all_organizations())
    assert problem is not None  # only the first names count: a name buried under thousands is not believed
