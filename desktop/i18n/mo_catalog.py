"""A compiled gettext catalog (.mo) read lazily: the same answers as `gettext.GNUTranslations`.

`GNUTranslations` decodes every message id and every translation of a catalog when it is opened
(some 1,500 of each for ct20's Vietnamese, at every start of the window, which shows a few dozen
of them). `MoCatalog` reads the file's index when opened (about a quarter of the time, measured
here) and decodes a translation the first time it is asked for, then keeps it. Its answers are
those of `GNUTranslations` for `gettext`, `ngettext`, `pgettext` and `npgettext`: its plural rule
(`gettext.c2py` of the header's Plural-Forms, or its default), charset, metadata (`info()`),
fallbacks, the last entry winning when an id is there twice, and its checks of a damaged file
when opened (bad magic, version, offsets). tests/test_mo_catalog.py compares both on every id of
the real catalogs. The one difference is for damaged catalogs only: text not valid in the
catalog's charset, or a plural id of more than two parts, raises when first looked up rather
than when the file is opened. Threads (the export and import workers translate too) may look up
at once: a decoded text, and the plural index, are each stored whole once made.
"""

from __future__ import annotations

import gettext
from operator import add
from struct import unpack, unpack_from
from typing import Any

LE_MAGIC = 0x950412DE
BE_MAGIC = 0xDE120495
VERSIONS = (0, 1)
CONTEXT = "%s\x04%s"  # msgctxt + EOT + msgid, as gettext (≥ 0.15) writes a message with a context


def _germanic(n: int) -> int:
    return int(n != 1)  # GNUTranslations' rule when the catalog names none


class MoCatalog(gettext.NullTranslations):
    """`MoCatalog(fp)` as `gettext.GNUTranslations(fp)`: a binary file object of a .mo file."""

    # set by gettext.NullTranslations.__init__ (typeshed does not declare them)
    _info: dict[str, str]
    _charset: str | None
    _fallback: gettext.NullTranslations | None

    def _parse(self, fp: Any) -> None:
        filename = getattr(fp, "name", "")
        buf = fp.read()
        self._buf = buf
        self.plural: Any = _germanic
        magic = unpack("<I", buf[:4])[0]
        if magic == LE_MAGIC:
            order = "<"
        elif magic == BE_MAGIC:
            order = ">"
        else:
            raise OSError(0, "Bad magic number", filename)
        version, count, masters, translations = unpack(order + "4I", buf[4:20])
        if version >> 16 not in VERSIONS:
            raise OSError(0, "Bad version number " + str(version >> 16), filename)
        # (length, offset) pairs of the ids and of the translations, each table in one call
        ids = unpack_from(f"{order}{2 * count}I", buf, masters) if count else ()
        strs = unpack_from(f"{order}{2 * count}I", buf, translations) if count else ()
        size = len(buf)
        # gettext's own check (`end < len`: each string is followed by its NUL in the file), the
        # largest end found in C (a loop in Python over the translations cost a third of the parse)
        for table in (ids, strs):
            if count and max(map(add, table[::2], table[1::2])) >= size:
                raise OSError(0, "File is corrupt", filename)
        self._strs = strs
        self._keys = [buf[offset:offset + length] for length, offset in zip(ids[::2], ids[1::2], strict=True)]
        # the ids to their entry (the last entry wins, as in GNUTranslations' dict); a plural entry's
        # id ("singular\0plural") is here too, and never found: a plain look-up holds no NUL
        self._plain: dict[bytes, int] = dict(zip(self._keys, range(count), strict=True))
        self._plurals: dict[bytes, list[int]] | None = None  # by singular, made on the first plural look-up
        self._decoded: dict[Any, str] = {}
        if b"" in self._plain:
            self._read_header(self._translation(self._plain[b""]))
        self._encoding = self._charset or "ascii"

    def _plural_entries(self) -> dict[bytes, list[int]]:
        """The plural entries by their singular, every entry of one in file order."""
        if self._plurals is None:
            plurals: dict[bytes, list[int]] = {}
            for number in [number for number, key in enumerate(self._keys) if b"\x00" in key]:
                singular, _plural = self._keys[number].split(b"\x00")  # more parts: ValueError, as gettext's
                plurals.setdefault(singular, []).append(number)
            self._plurals = plurals
        return self._plurals

    def _translation(self, number: int) -> bytes:
        offset = self._strs[2 * number + 1]
        return self._buf[offset:offset + self._strs[2 * number]]

    def _read_header(self, header: bytes) -> None:
        """The catalog's metadata (the entry of the empty id), exactly as GNUTranslations reads it."""
        last = None
        for b_item in header.split(b"\n"):
            item = b_item.decode().strip()
            if not item:
                continue
            if item.startswith("#-#-#-#-#") and item.endswith("#-#-#-#-#"):
                continue
            k = v = None
            if ":" in item:
                k, v = item.split(":", 1)
                k = k.strip().lower()
                v = v.strip()
                self._info[k] = v
                last = k
            elif last:
                self._info[last] += "\n" + item
            if k == "content-type":
                assert v is not None
                self._charset = v.split("charset=")[1]
            elif k == "plural-forms":
                assert v is not None
                self.plural = gettext.c2py(v.split(";")[1].split("plural=")[1])

    # -- look-ups: a translation is decoded once, when first asked for

    def _key(self, message: str) -> bytes | None:
        try:
            return message.encode(self._encoding)
        except (UnicodeEncodeError, AttributeError):
            return None  # not a str this catalog's charset can hold: no entry has it

    def _plain_text(self, message: str) -> str | None:
        found = self._decoded.get(message)
        if found is not None:
            return found
        key = self._key(message)
        number = self._plain.get(key) if key is not None and b"\x00" not in key else None
        if number is None:
            return None
        text = str(self._translation(number), self._encoding)
        self._decoded[message] = text
        return text

    def _plural_text(self, message: str, form: int) -> str | None:
        found = self._decoded.get((message, form))
        if found is not None:
            return found
        key = self._key(message)
        entries = self._plural_entries().get(key) if key is not None else None
        if not entries or not isinstance(form, int) or form < 0:
            return None
        for number in reversed(entries):  # the last entry that has this form, as GNUTranslations' dict
            forms = self._translation(number).split(b"\x00")
            if form < len(forms):
                text = str(forms[form], self._encoding)
                self._decoded[(message, form)] = text
                return text
        return None

    def gettext(self, message: str) -> str:
        text = self._plain_text(message)
        if text is None:
            text = self._plural_text(message, self.plural(1))
        if text is not None:
            return text
        if self._fallback:
            return self._fallback.gettext(message)
        return message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        text = self._plural_text(msgid1, self.plural(n))
        if text is not None:
            return text
        if self._fallback:
            return self._fallback.ngettext(msgid1, msgid2, n)
        return msgid1 if n == 1 else msgid2

    def pgettext(self, context: str, message: str) -> str:
        key = CONTEXT % (context, message)
        text = self._plain_text(key)
        if text is None:
            text = self._plural_text(key, self.plural(1))
        if text is not None:
            return text
        if self._fallback:
            return self._fallback.pgettext(context, message)
        return message

    def npgettext(self, context: str, msgid1: str, msgid2: str, n: int) -> str:
        text = self._plural_text(CONTEXT % (context, msgid1), self.plural(n))
        if text is not None:
            return text
        if self._fallback:
            return self._fallback.npgettext(context, msgid1, msgid2, n)
        return msgid1 if n == 1 else msgid2
