"""The trust cases of the hostile corpus (issue 10, items 3-6) through the Inbox, as Cục ATMT
receives them: a store that trusts the corpus roots (`ct20 trust add`) and keeps the issuing CA's
CRL (`ct20 trust crl add`), each package received at the corpus' fixed receipt time. Every case
gets its stated status and first reason in both languages, is kept with it, and logs no error;
the honest packages of each signer kind stay `valid`."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest

from desktop.inbox.board import proven_time
from desktop.inbox.importer import Importer
from desktop.package.revocation import add_crl
from desktop.package.roots import add_trust_root
from desktop.store import Store
from tests.hostile.test_corpus import CONTROLS, CORPUS, CRL, EXPECTED, RECEIVED, TRUST_CLASSES

CASES = sorted(name + ".asice" for name in TRUST_CLASSES | CONTROLS | {"expired-signer", "foreign-signer"})


@pytest.fixture(scope="module")
def importer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Importer]:
    with Store.open(tmp_path_factory.mktemp("inbox") / "atmt.sqlite3") as store:
        for name in ("root", "sha1-root"):
            path = CORPUS / "pki" / f"{name}.cert.pem"
            add_trust_root(store, path.read_bytes(), source=str(path))
        add_crl(store, CRL.read_bytes(), source=str(CRL))
        yield Importer(store)  # the store's trust: built-in and added roots, kept CRLs


@pytest.mark.parametrize("name", CASES)
def test_the_inbox_gives_each_trust_case_its_stated_result(
    name: str, importer: Importer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    case = EXPECTED[name]
    item = importer.import_bytes(name, (CORPUS / name).read_bytes(), received_at=RECEIVED)
    shown = [p.render("en") for p in item.problems]
    assert (item.outcome, item.status) == ("imported", case["status"]), shown
    if case["problem"] is None:
        assert shown == []
    else:
        first = item.problems[0]
        assert first.msgid == case["problem"], shown
        assert case["says"] in first.render("en")
        assert first.render("vi").strip() and first.render("vi") != first.render("en")
    record = importer.store.get_inbox_package(item.inbox_id)
    if case.get("time"):
        assert proven_time(record)[1] == ("timestamp" if case["time"] == "proven" else "receipt")
    if name == "other-org-signer.asice":
        assert record.details["held"]["org"] == "so-ct-ninh-binh"  # held until Cục ATMT decides
    errors = [(r.name, r.getMessage()) for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors
