"""Qt's own texts (standard buttons, context menus) in the user's language.

Qt ships no Vietnamese catalog for qtbase (there is no `qtbase_vi.qm`, in the PySide6 wheels or
upstream), so a `.qm` is loaded only if one is found, and the texts users actually meet — the
standard dialog buttons and the edit context menus — are translated from our own gettext
catalog by `CatalogTranslator`. Their msgids are marked here so Babel extracts them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.i18n import N_, gettext_in, normalize_language
from desktop.paths import resources_dir

_EDIT_MENU = {
    "&Undo": N_("&Undo"),
    "&Redo": N_("&Redo"),
    "Cu&t": N_("Cu&t"),
    "&Copy": N_("&Copy"),
    "&Paste": N_("&Paste"),
    "Delete": N_("Delete"),
    "Select All": N_("Select All"),
}

QT_STRINGS: dict[tuple[str, str], str] = {
    ("QPlatformTheme", "OK"): N_("OK"),
    ("QPlatformTheme", "Save"): N_("Save"),
    ("QPlatformTheme", "Save All"): N_("Save All"),
    ("QPlatformTheme", "Open"): N_("Open"),
    ("QPlatformTheme", "&Yes"): N_("&Yes"),
    ("QPlatformTheme", "Yes to &All"): N_("Yes to &All"),
    ("QPlatformTheme", "&No"): N_("&No"),
    ("QPlatformTheme", "N&o to All"): N_("N&o to All"),
    ("QPlatformTheme", "Abort"): N_("Abort"),
    ("QPlatformTheme", "Retry"): N_("Retry"),
    ("QPlatformTheme", "Ignore"): N_("Ignore"),
    ("QPlatformTheme", "Close"): N_("Close"),
    ("QPlatformTheme", "Cancel"): N_("Cancel"),
    ("QPlatformTheme", "Discard"): N_("Discard"),
    ("QPlatformTheme", "Don't Save"): N_("Don't Save"),
    ("QPlatformTheme", "Help"): N_("Help"),
    ("QPlatformTheme", "Apply"): N_("Apply"),
    ("QPlatformTheme", "Reset"): N_("Reset"),
    ("QPlatformTheme", "Restore Defaults"): N_("Restore Defaults"),
    ("QMessageBox", "Show Details..."): N_("Show Details..."),
    ("QMessageBox", "Hide Details..."): N_("Hide Details..."),
    ("QAbstractSpinBox", "&Select All"): N_("&Select All"),
    ("QAbstractSpinBox", "&Step up"): N_("&Step up"),
    ("QAbstractSpinBox", "Step &down"): N_("Step &down"),
    ("QWizard", "< &Back"): N_("< &Back"),
    ("QWizard", "&Next >"): N_("&Next >"),
    ("QWizard", "&Finish"): N_("&Finish"),
    ("QWizard", "Cancel"): N_("Cancel"),
    **{("QLineEdit", source): msgid for source, msgid in _EDIT_MENU.items()},
    **{("QWidgetTextControl", source): msgid for source, msgid in _EDIT_MENU.items()},
    ("QWidgetTextControl", "Copy &Link Location"): N_("Copy &Link Location"),
}

QT_LOCALES = {"vi": QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam),
              "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)}


class CatalogTranslator(QTranslator):
    """Answers Qt's translation requests for QT_STRINGS from our gettext catalog."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = normalize_language(lang)

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,  # type: ignore[override]
                  n: int = -1) -> str | None:
        msgid = QT_STRINGS.get((context, source_text))
        if msgid is None or self.lang == "en":
            return None
        text = gettext_in(self.lang, msgid)
        return text if text != msgid else None  # untranslated: let a .qm or Qt answer

    def isEmpty(self) -> bool:
        return False


def qt_catalog_folders() -> list[Path]:
    """Where a qtbase_<lang>.qm may be: bundled with us first, then Qt's own folder."""
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return [resources_dir() / "i18n" / "qt", Path(qt_folder)]


class QtLanguage:
    """The translators installed for one language; `apply()` replaces them for another.

    The installed translators are kept per application, not per instance: whichever QtLanguage
    applies a language last must remove every translator an earlier one installed.
    """

    _installed: list[QTranslator] = []  # noqa: RUF012 - shared on purpose, see above

    def __init__(self) -> None:
        self.qm_found = False

    def apply(self, lang: str) -> None:
        app = QCoreApplication.instance()
        if app is None:  # no application yet: nothing to translate
            return
        lang = normalize_language(lang)
        for translator in QtLanguage._installed:
            app.removeTranslator(translator)
        QtLanguage._installed = []
        QLocale.setDefault(QT_LOCALES[lang])
        self.qm_found = False
        if lang != "en":
            for folder in qt_catalog_folders():
                qm = QTranslator(app)
                if qm.load(QT_LOCALES[lang], "qtbase", "_", str(folder)):
                    app.installTranslator(qm)
                    QtLanguage._installed.append(qm)
                    self.qm_found = True
                    break
        ours = CatalogTranslator(lang)
        app.installTranslator(ours)  # installed last: asked first
        QtLanguage._installed.append(ours)
