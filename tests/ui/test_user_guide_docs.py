"""The bundled user guide, in both languages: the pictures of the screenshot tour, one structure, the
guide of the interface language opened by Help > User guide."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser

from desktop.i18n import set_language
from desktop.paths import user_guide_path
from desktop.ui.user_guide import UserGuideDialog
from scripts.screenshots import SHOTS

DOCS = Path(__file__).resolve().parents[2] / "docs"
GUIDES = {"vi": DOCS / "huong-dan-su-dung.md", "en": DOCS / "user-guide.md"}
PICTURE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


def _pictures(lang: str) -> list[str]:
    return PICTURE.findall(GUIDES[lang].read_text(encoding="utf-8"))


def _headings(lang: str) -> list[str]:
    text = GUIDES[lang].read_text(encoding="utf-8")
    return [line.split(" ", 1)[0] + " " + (re.match(r"#+ (\d+)\.", line) or [None, "-"])[1]
            for line in text.splitlines() if line.startswith("#")]


def test_every_picture_of_the_tour_is_in_both_guides_in_the_same_order():
    wanted = [f"screenshots/{name}-vi.png" for name in SHOTS]
    for lang in GUIDES:
        pictures = _pictures(lang)
        assert sorted(pictures) == sorted(wanted), lang
    assert _pictures("vi") == _pictures("en")  # same pictures, same places


def test_every_picture_the_guides_show_exists():
    for lang in GUIDES:
        for picture in _pictures(lang):
            assert (DOCS / picture).is_file(), f"{lang}: {picture} (run scripts/screenshots.py)"


def test_no_placeholder_is_left_for_a_picture_the_tour_draws():
    for lang, path in GUIDES.items():
        text = path.read_text(encoding="utf-8")
        placeholders = re.findall(r"<!--(.*?)-->", text, flags=re.S)
        for name in SHOTS:
            assert not any(f"{name}-vi.png" in note for note in placeholders), (lang, name)


def test_both_guides_have_the_same_sections():
    assert _headings("vi") == _headings("en")
    assert len(_headings("vi")) > 15


def test_help_opens_the_guide_of_the_interface_language(qtbot):
    for lang, title_word in (("en", "user guide"), ("vi", "Hướng dẫn")):
        set_language(lang)
        assert user_guide_path(lang) == GUIDES[lang]
        dialog = UserGuideDialog()
        qtbot.addWidget(dialog)
        browser = dialog.findChild(QTextBrowser)
        assert browser.source() == QUrl.fromLocalFile(str(GUIDES[lang]))
        text = browser.toPlainText()
        assert title_word in text and len(text) > 15000
        for picture in _pictures(lang):  # the pictures load from beside the guide
            image = browser.document().resource(QTextDocument.ResourceType.ImageResource,
                                                browser.source().resolved(QUrl(picture)))
            assert image is not None and not image.isNull(), picture
        dialog.close()
    set_language("vi")


def test_the_contents_lead_to_their_sections_and_pictures_fit_the_window(qtbot):
    """Qt's Markdown reader gives headings no anchors and shows a 1366-pixel picture at full size:
    the dialog adds the anchors the contents link to and fits the pictures to its width."""
    for lang in GUIDES:
        set_language(lang)
        dialog = UserGuideDialog()
        qtbot.addWidget(dialog)
        dialog.resize(800, 600)
        dialog.show()
        qtbot.waitExposed(dialog)
        browser = dialog.findChild(QTextBrowser)
        qtbot.waitUntil(lambda browser=browser: browser.verticalScrollBar().maximum() > 0)
        assert browser.horizontalScrollBar().maximum() == 0  # no sideways scrolling
        text = GUIDES[lang].read_text(encoding="utf-8")
        links = re.findall(r"\]\(#([^)]+)\)", text)
        assert len(links) > 18
        positions = []
        for anchor in links[:18]:  # the contents, in order
            browser.scrollToAnchor(anchor)
            positions.append(browser.verticalScrollBar().value())
        assert positions == sorted(positions) and len(set(positions)) > 12, positions
        dialog.close()
    set_language("vi")
