"""Translation catalogs, kept with Babel: `python scripts/i18n.py update|compile|merge FILE.json`.

update   extract every _()/N_() string of desktop/ into resources/i18n/ct20.pot and update vi.po, en.po
compile  build the .mo files (done at build time; a checkout reads the .po directly)
merge    take {msgid: Vietnamese} from a JSON file into vi.po (fills only empty translations; a
         counted message is keyed by its singular msgid: Vietnamese has one form)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2), "PluralMessage": (1, 2)}
LANGS = ("vi", "en")


def extract() -> Catalog:
    catalog = Catalog(project="CT20 Desktop", msgid_bugs_address="", charset="utf-8")
    method_map = [("desktop/**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=KEYWORDS, strip_comment_tags=True
    ):
        if not filename.startswith("desktop"):
            continue
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def _read(lang: str) -> Catalog:
    path = I18N / f"{lang}.po"
    if path.exists():
        with path.open("rb") as fh:
            return read_po(fh, locale=lang)
    return Catalog(locale=lang, project="CT20 Desktop")


def _write(catalog: Catalog, path: Path) -> None:
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_output=False, omit_header=False, ignore_obsolete=True)


def update() -> None:
    template = extract()
    I18N.mkdir(parents=True, exist_ok=True)
    _write(template, I18N / "ct20.pot")
    for lang in LANGS:
        catalog = _read(lang)
        catalog.update(template, no_fuzzy_matching=True)
        _write(catalog, I18N / f"{lang}.po")
    missing = [m.id for m in _read("vi") if m.id and not _translated(m)]
    print(f"{len(template)} messages; {len(missing)} without Vietnamese")
    for msgid in missing:
        print("  missing vi:", msgid)


def _translated(message) -> bool:
    if isinstance(message.string, (tuple, list)):
        return all(message.string)
    return bool(message.string)


def compile_all() -> None:
    sys.path.insert(0, str(ROOT))
    from desktop.i18n import drop_untranslated_plurals

    for lang in LANGS:
        catalog = _read(lang)
        drop_untranslated_plurals(catalog)
        with (I18N / f"{lang}.mo").open("wb") as fh:
            write_mo(fh, catalog)
    print("compiled", ", ".join(f"{lang}.mo" for lang in LANGS))


def merge(path: str) -> None:
    translations = json.loads(Path(path).read_text(encoding="utf-8"))
    catalog = _read("vi")
    filled = 0
    for message in catalog:
        if not message.id or _translated(message):
            continue
        key = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
        if key in translations:
            text = translations[key]
            if isinstance(text, dict):  # {"vi": ..., "en": ...}: the English is the msgid itself
                text = text["vi"]
            message.string = (text,) if isinstance(message.id, (tuple, list)) else text
            filled += 1
    _write(catalog, I18N / "vi.po")
    print(f"filled {filled} translations from {path}")


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "update"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "merge":
        merge(sys.argv[2])
    else:
        sys.exit(__doc__)
