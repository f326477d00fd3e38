"""No internal key is ever shown to a user (issue 14): every screen is opened on realistic data (a
real store, reports and sample data, real signed packages in the Inbox) and every text a user can
see — labels, buttons, combo items, table cells, headers and tooltips, menus, window titles — is
searched, in Vietnamese and in English, for the form ids, organisation ids, option keys, task
codes, period codes and internal state keys, all taken from the registry and the definitions."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from desktop.forms import list_forms
from desktop.i18n import set_language
from desktop.inbox.board import STATE_TEXTS
from desktop.inbox.decisions import Actor, pin_certificate
from desktop.inbox.importer import import_packages
from desktop.inbox.requests import create_request
from desktop.package.roots import add_trust_root
from desktop.package.verify import verify_package
from desktop.registry import DATA_FILE, all_organizations, former_provinces, province_slugs, provinces
from desktop.reporting.reports import create_report
from desktop.samples import create_sample_report
from desktop.store import Store
from tests.inbox.helpers import bulk_packages, ec_signer
from tests.inbox.scenario import reporting_year
from tests.pki import TestPki, build_pki

YEAR = reporting_year()
TODAY = dt.date(YEAR, 3, 2)
ORG = "so-ct-ninh-binh"
HELD = "so-ct-ha-noi"  # its package waits for a decision
TASKS = Path(__file__).resolve().parents[2] / "desktop" / "forms" / "data" / "kh1375-priority-tasks.json"
# Internal keys of states and decisions (the board's, the receipts', the reports' statuses).
DECISIONS = ("accepted", "rejected", "correction_requested", "untrusted", "held", "superseded", "draft", "signed",
             "sent", "received", "submitted", "valid", "invalid")


def _strings(data: object, key: str) -> Iterator[str]:
    """Every string value under `key` anywhere in a JSON document."""
    if isinstance(data, dict):
        for name, value in data.items():
            if name == key and isinstance(value, str):
                yield value
            else:
                yield from _strings(value, key)
    elif isinstance(data, list):
        for item in data:
            yield from _strings(item, key)


@cache
def codes() -> dict[str, str]:
    """Internal code → where it comes from, from the definitions and the registry themselves."""
    found: dict[str, str] = {}
    for form in list_forms():
        found[form.id] = "form id"
        for field in form.iter_fields():
            for option in getattr(field, "options", ()) or ():
                found.setdefault(option.key, f"option key of {form.id}")
    for org in all_organizations():
        found.setdefault(org.id, "organisation id")
    for slug in (*province_slugs(), *former_provinces()):
        found.setdefault(slug, "province key")
    registry = json.loads(Path(DATA_FILE).read_text(encoding="utf-8"))
    for task in _strings(registry, "task_id"):
        found.setdefault(task, "task code")
    for key in ("id", "task_id", "code"):
        for task in _strings(json.loads(TASKS.read_text(encoding="utf-8")), key):
            found.setdefault(task, "task code")
    for key in (*STATE_TEXTS, *DECISIONS):
        found.setdefault(key, "internal state")
    return found


def _is_word(code: str) -> bool:
    """A key that is also a plain English word ("late", "paper", "hue"): a leak only in the Vietnamese
    UI. Organisation ids and task codes ("habeco") are names of nothing in English: always leaks."""
    return code.isalpha() and code.isascii() and codes()[code] not in ("organisation id", "task code")


@cache
def pattern(lang: str) -> re.Pattern[str]:
    chosen = [c for c in codes() if len(c) > 2 and (lang == "vi" or not _is_word(c))]
    words = "|".join(re.escape(c) for c in sorted(chosen, key=len, reverse=True))
    periods = r"adhoc-\d{4}|\b\d{4}-H[12]\b"
    return re.compile(rf"(?<![\w.@/-])(?:{words})(?![\w@-]|\.\w)|{periods}")


FILE_NAME = re.compile(r"\S+\.(?:asice|sce|pdf|xlsx|docx|json|eml|msg|sqlite3)\b")


def leaks(texts: Iterator[tuple[str, str]], lang: str) -> list[str]:
    """The codes in `texts`; a file's name (which holds codes by design) is not a label."""
    found = []
    for where, text in texts:
        for match in pattern(lang).finditer(FILE_NAME.sub("", text or "")):
            found.append(f"{where}: {match.group(0)!r} in {text!r}")
    return sorted(set(found))


def assert_clean(texts: Iterator[tuple[str, str]], lang: str) -> None:
    found = leaks(texts, lang)
    assert not found, "internal codes shown to the user:\n" + "\n".join(found)


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model (its columnCount is private in PySide): one column
        return 1


def _model_texts(model: QAbstractItemModel, where: str, parent: QModelIndex | None = None) -> Iterator[tuple[str, str]]:
    parent = parent or QModelIndex()
    roles = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.StatusTipRole,
             Qt.ItemDataRole.AccessibleTextRole)
    if not parent.isValid():
        for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
            count = _columns(model, parent) if orientation == Qt.Orientation.Horizontal else model.rowCount(parent)
            if orientation == Qt.Orientation.Vertical and count > 50:
                continue
            for section in range(count):
                for role in roles[:2]:
                    value = model.headerData(section, orientation, role)
                    if isinstance(value, str):
                        yield f"{where} header", value
    for row in range(model.rowCount(parent)):
        for column in range(_columns(model, parent)):
            index = model.index(row, column, parent)
            for role in roles:
                value = index.data(role)
                if isinstance(value, str):
                    yield f"{where} [{row},{column}]", value
            if column == 0 and model.rowCount(index) > 0:
                yield from _model_texts(model, where, index)


def visible_texts(top: QWidget) -> Iterator[tuple[str, str]]:
    """Every text of `top` and its descendants a user can read (hidden widgets excluded)."""
    yield "window title", top.windowTitle()
    for widget in [top, *top.findChildren(QWidget)]:
        if widget is not top and not widget.isVisibleTo(top):
            continue
        name = widget.objectName() or type(widget).__name__
        yield f"{name} tooltip", widget.toolTip()
        yield f"{name} status tip", widget.statusTip()
        yield f"{name} accessible name", widget.accessibleName()
        if isinstance(widget, (QLabel, QAbstractButton)):
            yield name, widget.text()
        if isinstance(widget, QLineEdit):
            yield name, widget.text()
            yield f"{name} placeholder", widget.placeholderText()
        if isinstance(widget, (QTextEdit, QPlainTextEdit)):
            yield name, widget.toPlainText()
        if isinstance(widget, QComboBox):
            for item in range(widget.count()):
                yield f"{name} item", widget.itemText(item)
                tip = widget.itemData(item, Qt.ItemDataRole.ToolTipRole)
                if isinstance(tip, str):
                    yield f"{name} item tooltip", tip
        if isinstance(widget, QAbstractItemView) and widget.model() is not None and not isinstance(
                widget.parent(), QComboBox):
            yield from _model_texts(widget.model(), name)
        for action in widget.actions():
            yield f"{name} action", action.text()
            yield f"{name} action tooltip", action.toolTip()
            yield f"{name} action status tip", action.statusTip()
            if action.menu() is not None:
                for sub in action.menu().actions():
                    yield f"{name} menu", sub.text()
        menu = getattr(widget, "menu", None)
        if isinstance(widget, QAbstractButton) and callable(menu) and menu() is not None:
            for sub in menu().actions():
                yield f"{name} menu", sub.text()


def test_the_codes_come_from_the_definitions() -> None:
    found = codes()
    for code in ("ct20.province", "ct20.enterprise", "so-ct-ha-noi", "ha-noi", "hc-1", "correction_requested"):
        assert code in found, code
    assert leaks(iter([("x", "Biểu ct20.province (adhoc-2026-03-01), hc-1")]), "vi")
    assert not leaks(iter([("x", "Báo cáo của Sở Công Thương thành phố Hà Nội, năm 2026")]), "vi")


# -- the Inbox


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return build_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def packages(pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("goi")
    return bulk_packages(ec_signer(pki, folder), folder / "thu", 4, YEAR)


@pytest.fixture
def inbox_store(tmp_path: Path, pki: TestPki, packages: list[Path]) -> Iterator[Store]:
    with Store.open(tmp_path / "atmt.sqlite3") as store:
        add_trust_root(store, pki.root.cert_pem)
        certificate = verify_package(packages[0], trust_roots=[]).signer_certificate
        for org in provinces():  # Hà Nội's signer is not on its list: its package waits for a decision
            if org.id != HELD:
                pin_certificate(store, certificate, org.id, "Danh sách người ký (thử nghiệm)",
                                by=Actor("ct20-test", ""), source="imported")
        import_packages(store, [str(p) for p in packages])
        yield store


def _inbox(qtbot, store: Store):  # type: ignore[no-untyped-def]
    from desktop.ui.inbox.inbox_page import InboxPage

    page = InboxPage(store, today=lambda: TODAY)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_inbox_shows_no_codes(qtbot, inbox_store: Store, packages: list[Path], lang: str) -> None:
    set_language(lang)
    page = _inbox(qtbot, inbox_store)
    texts: list[tuple[str, str]] = list(visible_texts(page))
    page.import_paths([str(p) for p in packages[:2]])  # again: the page says what it did
    qtbot.waitUntil(lambda: not page.busy(), timeout=30_000)
    assert page.message.text()
    texts += visible_texts(page)
    # the board of the packages' ad hoc period, chosen as a user would
    page.form.setCurrentIndex(page.form.findData("ct20.province"))
    period = page.period.findData(f"adhoc-{YEAR}-03-01")  # the packages' ad hoc period, offered by its name
    assert period >= 0
    page.period.setCurrentIndex(period)
    assert len([r for r in page.board.rows if r.current is not None]) == 4
    for row in range(page.proxy.rowCount()):
        page.table.selectRow(row)
        texts += visible_texts(page)
    page.states.set_states({"late", "correction_requested"})
    texts += visible_texts(page)
    page.states.clear()
    assert_clean(iter(texts), lang)
    # the dialogs an officer opens from the board
    assert page.select_org(HELD) and page.selected_row().status == "untrusted"
    for open_dialog in (lambda: page.decide("accepted"), lambda: page.decide("rejected"), page.accept_signer,
                        page.send_receipt):
        dialog = open_dialog()
        assert dialog is not None
        qtbot.waitExposed(dialog)
        texts = list(visible_texts(dialog))
        for combo in dialog.findChildren(QComboBox):
            for item in range(combo.count()):
                combo.setCurrentIndex(item)
                texts += visible_texts(dialog)
        dialog.close()
        assert_clean(iter(texts), lang)
    # an ad hoc request: the dialog that records it, the board of its addressees, the dialog that sends it
    page.new_request()
    request_dialog = page.request_dialog
    assert request_dialog is not None
    qtbot.waitExposed(request_dialog)
    texts = list(visible_texts(request_dialog))
    request_dialog.close()
    record = create_request(inbox_store, number="9/ATMT", date=f"{YEAR}-03-01", requester="Bộ Công Thương",
                            content="Báo cáo nhanh", addressees=[HELD, "habeco"], deadline=f"{YEAR}-03-20")
    page.request.reload(select=record.id)
    page.refresh()
    texts += visible_texts(page)
    page.send_request()
    assert page.request_send_dialog is not None
    qtbot.waitExposed(page.request_send_dialog)
    texts += visible_texts(page.request_send_dialog)
    page.request_send_dialog.close()
    page.request.setCurrentIndex(0)
    assert_clean(iter(texts), lang)
    page.select_org(next(r.org_id for r in page.board.rows if r.current is not None and r.org_id != HELD))
    received = page.open_received()
    assert received is not None
    qtbot.waitExposed(received)
    texts = list(visible_texts(received))
    received.close()
    assert_clean(iter(texts), lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_command_line_says_no_codes(inbox_store: Store, tmp_path: Path, lang: str) -> None:
    from tests.ui.conftest import run_ct20

    path = str(tmp_path / "atmt.sqlite3")  # the Inbox store, read by `ct20` as an officer runs it
    texts = []
    for args in (("inbox", "status", "--period", f"adhoc-{YEAR}-03-01", "--form", "ct20.province"),
                 ("inbox", "list")):
        run = run_ct20("--lang", lang, "--db", path, *args)
        assert run.returncode == 0, run.stderr
        texts += [(" ".join(args), line) for line in (run.stdout + run.stderr).splitlines()]
    assert_clean(iter(texts), lang)


# -- the reports' side


@pytest.fixture
def reports(profiled_store: Store) -> Store:
    create_sample_report(profiled_store, ORG, today=TODAY)
    create_report(profiled_store, form_id="ct20.province", org_id=ORG, period=str(YEAR - 1))
    create_report(profiled_store, form_id="ct20.province", org_id=ORG, period=f"adhoc-{YEAR}-03-15",
                  reference="Công văn 1234/BCT-ATMT", deadline=f"{YEAR}-03-31")
    create_report(profiled_store, form_id="kh1375.unit", org_id=ORG, period=str(YEAR))
    return profiled_store


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_report_list_and_new_report_show_no_codes(qtbot, window, reports: Store, lang: str) -> None:
    from desktop.reporting.reports import organization
    from desktop.ui.new_report import NewReportDialog

    set_language(lang)
    window.apply_language(lang)
    window.list_page.reload()
    assert window.list_page.proxy.rowCount() >= 4
    texts = list(visible_texts(window))
    dialog = NewReportDialog(reports, organization(reports, ORG), today=TODAY, parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    for kind in range(dialog.kind.count()):
        dialog.kind.setCurrentIndex(kind)
        texts += visible_texts(dialog)
    dialog.close()
    assert_clean(iter(texts), lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_trust_screen_shows_no_codes(qtbot, inbox_store: Store, lang: str) -> None:
    from desktop.ui.trust_page import TrustDialog

    set_language(lang)
    page = TrustDialog(inbox_store)
    qtbot.addWidget(page)
    page.show()
    assert_clean(visible_texts(page), lang)


# -- the documents written from the Inbox


def document_texts(path: Path) -> Iterator[tuple[str, str]]:
    """What a reader sees of a PDF (pdftotext), an .xlsx (every cell, sheet names) or a .docx (its runs)."""
    import subprocess
    import zipfile

    from openpyxl import load_workbook

    if path.suffix == ".pdf":
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        yield from ((path.name, line) for line in text.splitlines())
    elif path.suffix == ".xlsx":
        book = load_workbook(path, read_only=True)
        for sheet in book.worksheets:
            yield path.name, sheet.title
            for row in sheet.iter_rows(values_only=True):
                yield from ((f"{path.name} {sheet.title}", str(v)) for v in row if isinstance(v, str))
    else:
        with zipfile.ZipFile(path) as docx:
            for name in docx.namelist():
                if name.startswith("word/") and name.endswith(".xml"):
                    xml = docx.read(name).decode("utf-8")
                    for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, flags=re.S):
                        yield f"{path.name} {name}", "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_documents_of_the_inbox_say_no_codes(inbox_store: Store, tmp_path: Path, lang: str) -> None:
    from desktop.inbox.board import build_board
    from desktop.inbox.outputs import write_board_xlsx, write_consolidation

    set_language(lang)
    period = f"adhoc-{YEAR}-03-01"
    board = build_board(inbox_store, period, "ct20.province", today=TODAY)
    written = write_board_xlsx(board, str(tmp_path / "bang.xlsx"), lang)
    files = write_consolidation(inbox_store, period, "ct20.province", str(tmp_path / "th"))
    texts = []
    for path in (Path(written), files.pdf, files.xlsx, files.docx):
        texts += list(document_texts(Path(path)))
    assert len(texts) > 50
    assert_clean(iter(texts), lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_report_that_cannot_be_made_is_refused_in_words(profiled_store: Store, lang: str) -> None:
    from desktop.i18n import LocalizedError

    set_language(lang)
    refusals = []
    create_report(profiled_store, form_id="ct20.province", org_id=ORG, period=f"adhoc-{YEAR}-03-15",
                  reference="Công văn 1234/BCT-ATMT", deadline=f"{YEAR}-03-31")
    for form_id, period in (("ct20.province", f"{YEAR}-H1"), ("ct20.enterprise", str(YEAR)),
                            ("ct20.province", "2019"), ("ct20.province", f"adhoc-{YEAR}-03-15")):
        with pytest.raises(LocalizedError) as refused:
            create_report(profiled_store, form_id=form_id, org_id=ORG, period=period)
        refusals.append((f"{form_id} {period}", refused.value.render()))
    assert_clean(iter(refusals), lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_open_report_shows_no_codes(qtbot, window, reports: Store, lang: str) -> None:
    set_language(lang)
    window.apply_language(lang)
    window.list_page.reload()
    texts: list[tuple[str, str]] = []
    for report in reports.list_reports():
        assert window.open_report(report.id)
        texts += visible_texts(window)
        texts.append(("status bar", window.statusBar().currentMessage()))
        history = window.editor.show_history()  # the report's saved versions
        qtbot.waitExposed(history)
        texts += visible_texts(history)
        history.close()
        window.show_list()
    assert_clean(iter(texts), lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_settings_and_the_first_start_show_no_codes(qtbot, reports: Store, lang: str) -> None:
    from desktop.ui.first_start import FirstStartWizard
    from desktop.ui.inbox.mail import MailSettingsDialog
    from desktop.ui.inbox_server_page import InboxServerPage
    from desktop.ui.settings_dialog import SettingsDialog

    set_language(lang)
    texts: list[tuple[str, str]] = []
    for make in (lambda: SettingsDialog(reports, lang), lambda: FirstStartWizard(reports),
                 lambda: MailSettingsDialog(reports), lambda: InboxServerPage(reports)):
        screen = make()
        qtbot.addWidget(screen)
        screen.show()
        qtbot.waitExposed(screen)
        texts += visible_texts(screen)
        if hasattr(screen, "next"):  # the wizard: every page
            for _page in range(4):
                screen.next()
                texts += visible_texts(screen)
        screen.close()
    assert_clean(iter(texts), lang)
