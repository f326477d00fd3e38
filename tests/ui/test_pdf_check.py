""""Kiểm tra chữ ký tệp PDF" as a user does it: the action in the Tools menu and the toolbar, a file
chosen, the check in a worker thread, the signatures listed in words."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop.package.roots import add_trust_root
from tests.export.helpers import report_pdf
from tests.package import pdfs
from tests.pki import TestPki


def _two_signatures(pki: TestPki, folder: Path) -> Path:
    signed = pdfs.sign(report_pdf(1), pdfs.raw_signer(pki.signer))
    both = pdfs.sign(pdfs.change_content(signed), pdfs.raw_signer(pki.second_signer), field="Signature2")
    path = folder / "cong-van-da-ky.pdf"
    path.write_bytes(both)
    return path


def _items(dialog) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    tree = dialog.signatures
    out = []
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        out.append((item.text(0), [item.child(j).text(0) for j in range(item.childCount())]))
    return out


def test_the_action_is_in_the_tools_menu_and_the_toolbar(window) -> None:  # type: ignore[no-untyped-def]
    action = window.pdf_check_actions.action
    assert action.text() == "Kiểm tra chữ ký tệp PDF…"
    menus = {menu.title(): menu for menu, _title in window.menus}
    assert action in menus["&Công cụ"].actions()
    assert action in window.toolbar.actions()


def test_checking_a_pdf_lists_each_signature_in_vietnamese(qtbot, window, profiled_store, pki: TestPki,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    add_trust_root(profiled_store, pki.root.cert_pem, source="test")
    path = _two_signatures(pki, tmp_path)
    window.pdf_check_actions.pick_file = lambda _parent: str(path)
    window.pdf_check_actions.action.trigger()
    dialog = window.pdf_check_actions.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.record is not None, timeout=30_000)
    assert dialog.record["thread"] != threading.get_ident()  # never on the UI thread
    assert dialog.path.text() == str(path)
    assert dialog.verdict.text().startswith("Tệp hợp lệ.")
    (first, first_lines), (second, second_lines) = _items(dialog)
    assert first == "Chữ ký Signature1: hợp lệ" and second == "Chữ ký Signature2: hợp lệ"
    assert "Người ký: Trần Thị Bình (Sở Công Thương tỉnh Ninh Bình)" in second_lines
    assert "bao trùm phiên bản 2 trên 4: sau đó tài liệu đã bị thay đổi" in first_lines
    assert any(line.startswith("Thời gian:") and "tự khai" in line for line in second_lines)
    assert any("CT20 Test Root CA" in line for line in first_lines)
    assert "Mức chữ ký: B-B" in second_lines


def test_an_unsigned_file_and_a_broken_one_are_told_not_crashed(qtbot, window, pki: TestPki,  # type: ignore[no-untyped-def]
                                                                 tmp_path: Path) -> None:
    unsigned = tmp_path / "khong-ky.pdf"
    unsigned.write_bytes(report_pdf(1))
    dialog = window.pdf_check_actions.open_dialog(unsigned)
    qtbot.waitUntil(lambda: dialog.record is not None, timeout=30_000)
    assert dialog.verdict.text() == "Tệp không hợp lệ.\n• Tệp PDF không có chữ ký số"
    assert _items(dialog) == []
    garbage = tmp_path / "hong.pdf"
    garbage.write_bytes(b"%PDF-1.7\n\x00\x01 garbage")
    dialog.check(garbage)
    qtbot.waitUntil(lambda: dialog.record is not None, timeout=30_000)
    assert dialog.record["status"] == "invalid" and dialog.verdict.text().startswith("Tệp không hợp lệ.")
    missing = tmp_path / "khong-co.pdf"
    dialog.check(missing)
    qtbot.waitUntil(lambda: not dialog.busy(), timeout=30_000)
    assert "khong-co.pdf" in dialog.verdict.text()  # "cannot read …", in words
    QApplication.processEvents()


def test_the_dialog_speaks_english_after_switching(qtbot, window, pki: TestPki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.i18n import set_language

    path = _two_signatures(pki, tmp_path)
    set_language("en")
    window.retranslate()
    assert window.pdf_check_actions.action.text() == "Check the signatures of a PDF file…"
    dialog = window.pdf_check_actions.open_dialog(path)
    qtbot.waitUntil(lambda: dialog.record is not None, timeout=30_000)
    assert dialog.windowTitle() == "Check the signatures of a PDF file"
    (first, _lines), _second = _items(dialog)
    assert first == "Signature Signature1: not trusted"  # no root trusted in this store
    assert any("Signed by: Nguyễn Văn An" in line for line in _lines)
