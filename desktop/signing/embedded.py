"""Read the one embedded data file of a report PDF (package.md, verification step 5).

A PDF can carry a file in several places that viewers show: the document's EmbeddedFiles name
tree, the associated files (/AF) of the document, of a page or of an annotation, and
file-attachment annotations on a page. If the PDF held two files called `du-lieu.json`, the
verifier would check one while a viewer shows the other. So every file specification naming it
is looked at, wherever it is, and the embedded streams they point to are counted: anything but
exactly one is refused. One stream reached from two places counts once (`embed_data_file`
writes the file specification into the name tree and a copy of it into /AF, both pointing to
the same stream).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zlib

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

from desktop.i18n import N_, LocalizedError, Message

# A leaf page written exactly as reportlab writes one, with no key but these (so no /Annots, /AF
# or /Kids): such a page cannot carry a file, and recognising its bytes is ~50x cheaper than
# having pyHanko parse it (a 2,000-row report has 226 pages). Anything else - another key, a
# comment, a name with # escapes, a string, a longer object - does not match and is parsed by
# pyHanko as before: this only skips work, it never decides what a page holds.
_WS = rb"[\x00\t\n\x0c\r ]"
_END = rb"(?=[\x00\t\n\x0c\r ()<>\[\]{}/%])"  # the name or number ends here
_NUM = rb"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)" + _END
_REF = rb"[0-9]+" + _WS + rb"+[0-9]+" + _WS + rb"+R" + _END
_NAME = rb"/[A-Za-z0-9_.+-]+" + _END
_BOX = rb"\[" + _WS + rb"*(?:" + _NUM + _WS + rb"*){4}\]"
_NAMES = rb"\[" + _WS + rb"*(?:" + _NAME + _WS + rb"*)*\]"
_NAMED_REFS = rb"<<" + _WS + rb"*(?:" + _NAME + _WS + rb"*" + _REF + _WS + rb"*)*>>"
_RESOURCES = (rb"<<" + _WS + rb"*(?:(?:/(?:Font|XObject|ExtGState|ColorSpace|Pattern|Shading)" + _END + _WS
              + rb"*(?:" + _REF + rb"|" + _NAMED_REFS + rb")|/ProcSet" + _END + _WS + rb"*" + _NAMES + rb")"
              + _WS + rb"*)*>>")
_PAGE_ENTRY = (
    rb"(?:/(?:Contents|Parent)" + _END + _WS + rb"*" + _REF
    + rb"|/(?:MediaBox|CropBox|BleedBox|TrimBox|ArtBox)" + _END + _WS + rb"*" + _BOX
    + rb"|/Rotate" + _END + _WS + rb"*[+-]?[0-9]+" + _END
    + rb"|/Type" + _END + _WS + rb"*/Page" + _END
    + rb"|/Resources" + _END + _WS + rb"*(?:" + _REF + rb"|" + _RESOURCES + rb")"
    + rb"|/Trans" + _END + _WS + rb"*<<" + _WS + rb"*>>)"
)
_PLAIN_PAGE = re.compile(
    rb"([0-9]+)" + _WS + rb"+([0-9]+)" + _WS + rb"+obj" + _WS + rb"*<<" + _WS + rb"*(?:" + _PAGE_ENTRY + _WS
    + rb"*)*>>" + _WS + rb"*endobj"
)
_PLAIN_PAGE_MAX = 4096  # bytes; a plain page object is a few hundred
# The page tree's root as reportlab writes it: /Count, /Type and exactly one /Kids array of
# references, nothing else (so no /AF or /Annots). Its kids are read from these bytes instead of
# pyHanko parsing the array (a 226-page report: 1.5 ms); anything else is parsed by pyHanko.
_COUNT_OR_TYPE = (rb"(?:/Count" + _END + _WS + rb"*[+-]?[0-9]+" + _END + rb"|/Type" + _END + _WS + rb"*/Pages"
                  + _END + rb")" + _WS + rb"*")
_PLAIN_PAGES = re.compile(
    rb"([0-9]+)" + _WS + rb"+([0-9]+)" + _WS + rb"+obj" + _WS + rb"*<<" + _WS + rb"*(?:" + _COUNT_OR_TYPE + rb")*"
    + rb"/Kids" + _END + _WS + rb"*\[(" + _WS + rb"*(?:" + _REF + _WS + rb"*)*)\]" + _WS + rb"*(?:" + _COUNT_OR_TYPE
    + rb")*>>" + _WS + rb"*endobj"
)
_KID = re.compile(rb"([0-9]+)" + _WS + rb"+([0-9]+)" + _WS + rb"+R")
_PLAIN_PAGES_MAX = 1 << 20

_MAX_DEPTH = 32
_MAX_VISITS = 20000  # nodes of the name tree, pages and annotations looked at, in all


class EmbeddedFileError(LocalizedError):
    """The embedded data file is there more than once, or cannot be read; the message says which."""


def read_embedded_file(reader: PdfFileReader, name: str) -> bytes | None:
    """The content of the embedded file `name`, None when the PDF carries none by that name.
    Raises EmbeddedFileError when several file specifications (or two different streams of
    one) name it, or when it cannot be read."""
    stream = find_embedded_file(reader, name)
    return None if stream is None else embedded_content(stream, name)


def find_embedded_file(reader: PdfFileReader, name: str) -> generic.StreamObject | None:
    """The one stream of the embedded file `name`, not decoded; None when the PDF carries none
    by that name. Raises EmbeddedFileError as `read_embedded_file` does, except for decoding."""
    try:
        streams: dict[tuple[object, ...], generic.StreamObject] = {}
        for spec in _Finder(reader, name).specs().values():
            streams.update(_streams(spec))
    except EmbeddedFileError:
        raise
    except Exception:  # a hostile PDF: broken references, loops, wrong types
        raise _unreadable(name) from None
    if not streams:
        return None
    if len(streams) > 1:
        raise EmbeddedFileError(
            Message(N_("The report PDF carries more than one file named {name}"), name=name)
        )
    return next(iter(streams.values()))


def embedded_content(stream: generic.StreamObject, name: str) -> bytes:
    """The decoded content of an embedded file's stream (EmbeddedFileError when it cannot be)."""
    try:
        return stream.data
    except Exception:  # an unknown or damaged filter
        raise _unreadable(name) from None


# The keys of an embedded file stream that change nothing about the bytes it decodes to.
_PLAIN_STREAM_KEYS = frozenset({"/Type", "/Subtype", "/Params", "/Length", "/Filter"})


def holds_deflated(stream: generic.StreamObject, deflated: bytes, content: bytes) -> bool:
    """True when `stream` decodes to `content` because it is exactly the raw deflate data
    `deflated` (known to inflate to exactly `content`: a ZIP entry the ZIP reader checked) in a
    zlib wrapper: one /FlateDecode filter given as a name, no parameters and no other key that
    could change the decoding, a valid zlib header without a preset dictionary, `deflated`
    byte for byte, and the Adler-32 of `content`; and when pyHanko's own decoding limits would
    have let it decode that much (the same budget is then charged). Decoding it again would give
    `content`: this only spares inflating and comparing it. False means nothing: decode and compare.
    """
    try:
        if set(stream.keys()) - _PLAIN_STREAM_KEYS or not isinstance(stream.get("/Length"), int):
            return False
        chosen = stream.raw_get("/Filter")
        if not isinstance(chosen, generic.NameObject) or chosen != "/FlateDecode":
            return False
        if stream._data is not None:  # pyHanko decoded it already: nothing left to spare
            return False
        encoded = stream.encoded_data
        if not isinstance(encoded, bytes) or len(encoded) != len(deflated) + 6:
            return False
        method, flags = encoded[0], encoded[1]
        if method & 0x0F != 8 or method >> 4 > 7 or flags & 0x20 or (method << 8 | flags) % 31:
            return False
        if not encoded.startswith(deflated, 2) or encoded[-4:] != zlib.adler32(content).to_bytes(4, "big"):
            return False
        # what StreamObject.read_data would allow for this stream, and charge: the same verdict
        context = stream._decode_context()  # pyHanko's (private) limits of this document
        cap = context.stage_output_cap(context.stream_output_cap(len(encoded)))
        if cap is not None and len(content) > cap:
            return False
        context.record_output(len(content))
        return True
    except Exception:  # anything odd: the ordinary path decides
        return False


def _unreadable(name: str) -> EmbeddedFileError:
    return EmbeddedFileError(
        Message(N_("The file {name} embedded in the report PDF cannot be read"), name=name)
    )


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFC", text).casefold()).strip()


def _text(value: object) -> str | None:
    if isinstance(value, generic.TextStringObject):
        return str(value)
    if isinstance(value, generic.ByteStringObject):
        return bytes(value).decode("latin-1")
    return None


def _get(container: object, key: str) -> generic.PdfObject | None:
    """`container[key]` dereferenced (dict.get would return the raw indirect reference)."""
    if not isinstance(container, generic.DictionaryObject):
        return None
    try:
        return container[key]
    except KeyError:
        return None


def _identity(raw: object) -> tuple[object, ...]:
    if isinstance(raw, generic.IndirectObject):
        return ("ref", raw.idnum, raw.generation)
    return ("direct", id(raw))


def _streams(spec: generic.DictionaryObject) -> dict[tuple[object, ...], generic.StreamObject]:
    """The streams of a file specification's /EF by identity (/F and /UF may point to two)."""
    ef = _get(spec, "/EF")
    found: dict[tuple[object, ...], generic.StreamObject] = {}
    if not isinstance(ef, generic.DictionaryObject):
        return found
    for key in ("/UF", "/F"):
        if key in ef:
            stream = ef[key]
            if isinstance(stream, generic.StreamObject):
                found.setdefault(_identity(ef.raw_get(key)), stream)
    return found


class _Finder:
    def __init__(self, reader: PdfFileReader, name: str) -> None:
        self.reader = reader
        self.key = _key(name)
        self.found: dict[tuple[object, ...], generic.DictionaryObject] = {}
        self.visits = 0
        self.seen: set[tuple[object, ...]] = set()
        stream = getattr(reader, "stream", None)
        # getvalue() hands out the bytes the reader was given; getbuffer() would copy them first
        self.raw = stream.getvalue() if isinstance(stream, io.BytesIO) and not reader.encrypted else None

    def _plain(self, raw: object, pattern: re.Pattern[bytes], limit: int) -> re.Match[bytes] | None:
        """`pattern` matched on the object `raw` refers to, read from the very bytes pyHanko would
        parse (the newest cross-reference entry of that object), or None."""
        if self.raw is None or not isinstance(raw, generic.IndirectObject):
            return None
        reader = self.reader
        if reader.cache_get_indirect_object(raw.generation, raw.idnum) is not None:
            return None  # parsed already: nothing to save
        try:
            marker = reader.xrefs[generic.Reference(raw.idnum, raw.generation, reader)]
        except Exception:
            return None
        if not isinstance(marker, int) or isinstance(marker, bool) or marker < 0:
            return None  # in an object stream, or missing
        match = pattern.match(self.raw, marker, marker + limit)  # as if cut there, no copy
        if match is None or (int(match[1]), int(match[2])) != (raw.idnum, raw.generation):
            return None
        return match

    def _plain_page(self, raw: object) -> bool:
        """True when the page `raw` refers to is a plain leaf page (see _PLAIN_PAGE)."""
        return self._plain(raw, _PLAIN_PAGE, _PLAIN_PAGE_MAX) is not None

    def specs(self) -> dict[tuple[object, ...], generic.DictionaryObject]:
        root = self.reader.root
        self._name_tree(_get(_get(root, "/Names"), "/EmbeddedFiles"), depth=0)
        self._associated(root)
        plain = self._plain(root.raw_get("/Pages"), _PLAIN_PAGES, _PLAIN_PAGES_MAX) if (
            isinstance(root, generic.DictionaryObject) and "/Pages" in root) else None
        if plain is None:
            self._pages(_get(root, "/Pages"), depth=0)
        else:  # what _pages does with a node that has no /AF or /Annots, its kids read from its bytes
            for kid in _KID.finditer(plain[3]):
                raw = generic.IndirectObject(int(kid[1]), int(kid[2]), self.reader)
                if self._visit(raw) and not self._plain_page(raw):
                    self._pages(raw.get_object(), depth=1)
        return self.found

    def _visit(self, raw: object) -> bool:
        """False when this object was looked at before (a loop or a shared node)."""
        self.visits += 1
        if self.visits > _MAX_VISITS:
            raise EmbeddedFileError(Message(N_("The report PDF has too many embedded objects")))
        identity = _identity(raw)
        if identity[0] == "ref":
            if identity in self.seen:
                return False
            self.seen.add(identity)
        return True

    def _consider(self, raw: object, *names: str | None) -> None:
        spec = raw.get_object() if isinstance(raw, generic.PdfObject) else None
        if not isinstance(spec, generic.DictionaryObject):
            return
        names += (_text(_get(spec, "/UF")), _text(_get(spec, "/F")))
        if any(name is not None and _key(name) == self.key for name in names):
            self.found.setdefault(_identity(raw), spec)

    def _name_tree(self, node: object, depth: int) -> None:
        if depth > _MAX_DEPTH or not isinstance(node, generic.DictionaryObject):
            return
        pairs = _get(node, "/Names")
        if isinstance(pairs, generic.ArrayObject):
            for i in range(0, len(pairs) - 1, 2):
                self._consider(pairs.raw_get(i + 1), _text(pairs[i]))
        kids = _get(node, "/Kids")
        if isinstance(kids, generic.ArrayObject):
            for i in range(len(kids)):
                if self._visit(kids.raw_get(i)):
                    self._name_tree(kids[i], depth + 1)

    def _associated(self, owner: object) -> None:
        files = _get(owner, "/AF")
        if isinstance(files, generic.ArrayObject):
            for i in range(len(files)):
                self._consider(files.raw_get(i))

    def _pages(self, node: object, depth: int) -> None:
        if depth > _MAX_DEPTH or not isinstance(node, generic.DictionaryObject):
            return
        self._associated(node)
        annotations = _get(node, "/Annots")
        if isinstance(annotations, generic.ArrayObject):
            for i in range(len(annotations)):
                self._visit(annotations.raw_get(i))
                annotation = annotations[i]
                self._associated(annotation)
                if (
                    isinstance(annotation, generic.DictionaryObject)
                    and _get(annotation, "/Subtype") == "/FileAttachment"
                    and "/FS" in annotation
                ):
                    self._consider(annotation.raw_get("/FS"))
        kids = _get(node, "/Kids")
        if isinstance(kids, generic.ArrayObject):
            for i in range(len(kids)):
                raw = kids.raw_get(i)
                if self._visit(raw) and not self._plain_page(raw):
                    self._pages(kids[i], depth + 1)
