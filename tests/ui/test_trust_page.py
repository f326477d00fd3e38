"""The trust screen ("Chứng thư tin cậy…"), used as a user would: opened from the Tools menu,
built-in roots switched off and on, a root and a CRL added through the file dialog, an added root
removed, online checks switched on; checked on screen and in the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QFileDialog

from desktop.package.revocation import ONLINE_SETTING, list_crls, online_checks_enabled
from desktop.package.roots import builtin_certificates, list_trust_roots, trust_context
from desktop.signing.signers import vn_time
from desktop.store import Store
from desktop.ui.trust_page import TrustDialog
from tests.pki import TestPki, build_pki


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return build_pki(tmp_path_factory.mktemp("pki"))


def cells(dialog: TrustDialog, table: str = "rootsTable") -> list[list[str]]:
    shown = getattr(dialog, "roots_table" if table == "rootsTable" else "crl_table")
    return [[shown.item(row, column).text() for column in range(shown.columnCount())]
            for row in range(shown.rowCount())]


def pick(qtbot, dialog: TrustDialog, button: str, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Click `button`, then choose `path` in the file dialog it opens, as a user does."""
    qtbot.mouseClick(dialog.findChild(type(dialog.add_root_button), button), Qt.MouseButton.LeftButton)
    chooser = dialog.file_dialog
    assert isinstance(chooser, QFileDialog) and chooser.isVisible()
    chooser.selectFile(str(path))
    chooser.accept()


def open_from_menu(window):  # type: ignore[no-untyped-def]
    tools = next(menu for menu, title in window.menus if title == "&Tools")
    action = next(a for a in tools.actions() if a.objectName() == "action_trust")
    assert action.text().replace("&", "") == "Chứng thư tin cậy…"
    action.trigger()
    dialog = window.trust_actions.dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def test_the_built_in_roots_and_intermediates_are_listed_and_a_root_can_be_switched_off(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dialog = open_from_menu(window)
    store: Store = window.store
    shown = cells(dialog)
    builtin = builtin_certificates()
    assert len(shown) == len(builtin)
    assert {row[1] for row in shown} == {"gốc có sẵn", "trung gian có sẵn"}
    assert any("Co quan chung thuc so chuyen dung Chinh phu" in row[0] for row in shown)
    g1 = next(item for item in builtin if item.is_root and "Chinh phu" in item.cert.subject.rfc4514_string())
    row = dialog.row_of(g1.id)
    assert shown[row][2] and shown[row][3] == "có" and shown[row][4].startswith(g1.id[:8])
    assert dialog.roots_table.item(row, 4).toolTip() == g1.id
    assert not dialog.remove_root_button.isEnabled()
    dialog.roots_table.selectRow(row)
    assert not dialog.remove_root_button.isEnabled()  # a built-in root is switched off, never removed

    switch = dialog.roots_table.item(row, 3)
    switch.setCheckState(Qt.CheckState.Unchecked)  # what a click on the box does
    assert store.disabled_builtin_roots() == {g1.id}
    assert cells(dialog)[dialog.row_of(g1.id)][3] == "không, đã tắt"
    assert "Đã tắt" in dialog.message.text() or "tắt" in dialog.message.text()
    fingerprints = {item.sha256.hex() for item in trust_context(store).roots}
    assert g1.id not in fingerprints
    dialog.roots_table.item(dialog.row_of(g1.id), 3).setCheckState(Qt.CheckState.Checked)
    assert store.disabled_builtin_roots() == set()
    assert g1.id in {item.sha256.hex() for item in trust_context(store).roots}


def test_a_root_is_added_from_a_file_and_removed(qtbot, store: Store, pki: TestPki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = TrustDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    before = dialog.roots_table.rowCount()
    pick(qtbot, dialog, "addRoot", pki.root_pem)
    assert dialog.roots_table.rowCount() == before + 1
    added = [r for r in list_trust_roots(store, builtin=False)]
    assert [r.subject for r in added] == [pki.root.cert.subject.rfc4514_string()]
    row = dialog.row_of(added[0].id)
    assert cells(dialog)[row][:2] == ["CT20 Test Root CA", "do bạn thêm"]
    assert cells(dialog)[row][2] == vn_time(pki.root.cert.not_valid_after_utc)[:10]
    assert "CT20 Test Root CA" in dialog.message.text()
    assert dialog.roots_table.currentRow() == row and dialog.remove_root_button.isEnabled()

    # the same file again: nothing new, said so
    pick(qtbot, dialog, "addRoot", pki.root_pem)
    assert dialog.roots_table.rowCount() == before + 1 and "CT20 Test Root CA" in dialog.message.text()

    # a signer's own certificate and a file that is no certificate: refused in plain words
    signer_pem = tmp_path / "signer.pem"
    signer_pem.write_bytes(pki.signer.cert_pem)
    pick(qtbot, dialog, "addRoot", signer_pem)
    assert "không phải chứng thư của tổ chức cấp chứng thư số" in dialog.message.text()
    junk = tmp_path / "junk.cer"
    junk.write_bytes(b"not a certificate")
    pick(qtbot, dialog, "addRoot", junk)
    assert "junk.cer" in dialog.message.text()
    assert len(list_trust_roots(store, builtin=False)) == 1

    qtbot.mouseClick(dialog.remove_root_button, Qt.MouseButton.LeftButton)
    assert list_trust_roots(store, builtin=False) == []
    assert dialog.roots_table.rowCount() == before and dialog.row_of(added[0].id) == -1


def test_a_crl_is_kept_from_a_file_and_online_checks_switched_on(qtbot, store: Store, pki: TestPki,
                                                                  tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = TrustDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.crl_table.rowCount() == 0
    pick(qtbot, dialog, "addCrl", pki.crl_pem)
    kept = list_crls(store)
    assert len(kept) == 1 and kept[0].revoked == 1
    [row] = cells(dialog, "crlTable")
    assert "CT20 Test Issuing CA" in row[0] and row[1].count("/") == 2 and row[2].count("/") == 2 and row[3] == "1"
    assert trust_context(store).crls == (kept[0] and tuple(r.der for r in store.crls()))
    not_crl = tmp_path / "list.crl"
    not_crl.write_bytes(b"-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n")
    pick(qtbot, dialog, "addCrl", not_crl)
    assert "list.crl" in dialog.message.text() and dialog.crl_table.rowCount() == 1

    assert not dialog.online.isChecked() and not online_checks_enabled(store)  # off by default
    note = dialog.findChild(type(dialog.message), "onlineNote")
    assert "máy chủ" in note.text()  # it says that the CA's servers are contacted
    qtbot.mouseClick(dialog.online, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.online.height() // 2))
    assert store.get_setting(ONLINE_SETTING) is True and trust_context(store).online
    qtbot.mouseClick(dialog.online, Qt.MouseButton.LeftButton, pos=QPoint(8, dialog.online.height() // 2))
    assert store.get_setting(ONLINE_SETTING) is False and not trust_context(store).online


def test_the_screen_in_english(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    from desktop.i18n import set_language

    set_language("en")
    dialog = TrustDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Trusted certificates"
    assert {row[1] for row in cells(dialog)} == {"built-in root", "built-in intermediate"}
    assert dialog.online.text() == "Check revocation online"


def test_a_read_only_store_shows_but_changes_nothing(qtbot, store_path: Path, pki: TestPki) -> None:  # type: ignore[no-untyped-def]
    Store.open(store_path).close()
    with Store.open(store_path, readonly=True) as readonly:
        dialog = TrustDialog(readonly)
        qtbot.addWidget(dialog)
        assert dialog.roots_table.rowCount() == len(builtin_certificates())
        assert not dialog.add_root_button.isEnabled() and not dialog.add_crl_button.isEnabled()
        assert not dialog.online.isEnabled()
        switch = dialog.roots_table.item(0, 3)
        assert not switch.flags() & Qt.ItemFlag.ItemIsUserCheckable


def test_screenshot(qtbot, store: Store, pki: TestPki) -> None:  # type: ignore[no-untyped-def]
    import os

    from desktop.package.revocation import add_crl
    from desktop.package.roots import add_trust_root

    add_trust_root(store, pki.root_pem.read_bytes())
    add_crl(store, pki.crl_pem.read_bytes())
    dialog = TrustDialog(store)
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    qtbot.waitExposed(dialog)
    image = dialog.grab().toImage()
    assert image.width() == 1366 and image.height() == 768
    out = os.environ.get("CT20_SHOT_DIR")
    if out:
        image.save(str(Path(out) / "trust.png"))


def test_what_the_screen_adds_decides_the_next_inbox_import(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    """The corpus' revoked signer: unknown root first (untrusted), then trusted with its revocation
    unknown (valid, said), then refused once its CRL is added on this screen."""
    from desktop.inbox.importer import Importer
    from tests.hostile.test_corpus import CORPUS, CRL, RECEIVED

    package = (CORPUS / "revoked-signer.asice").read_bytes()

    def verdict():  # type: ignore[no-untyped-def]
        result, _held = Importer(store).verify(package, RECEIVED)
        return result.status, [p.msgid for p in result.problems], [n.msgid for n in result.notes]

    assert verdict()[0] == "untrusted"
    dialog = TrustDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    pick(qtbot, dialog, "addRoot", CORPUS / "pki" / "root.cert.pem")
    status, problems, notes = verdict()
    assert status == "valid" and problems == [] and len(notes) == 1
    pick(qtbot, dialog, "addCrl", CRL)
    status, problems, _notes = verdict()
    assert status == "invalid" and problems[0].startswith("The signer's certificate was revoked on")


def test_an_out_of_date_crl_is_marked(qtbot, store: Store, pki: TestPki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from cryptography.hazmat.primitives.serialization import Encoding

    from tests.pki import _crl

    stale = tmp_path / "stale.crl"  # next update 30 days ago: verification no longer uses it
    stale.write_bytes(_crl(pki.issuing_ca, [], dt.datetime.now(dt.UTC) - dt.timedelta(days=60)).public_bytes(Encoding.PEM))
    dialog = TrustDialog(store)
    qtbot.addWidget(dialog)
    pick(qtbot, dialog, "addCrl", stale)
    pick(qtbot, dialog, "addCrl", pki.crl_pem)
    shown = {row[1]: row[2] for row in cells(dialog, "crlTable")}
    assert sum("(đã hết hạn: không còn được dùng)" in text for text in shown.values()) == 1
    assert sum(text.count("/") == 2 and "(" not in text for text in shown.values()) == 1
