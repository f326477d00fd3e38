"""XMP packets written on the standard library (Qt-free): pyHanko 0.38's `update_xmp_with_meta`
and `serialise_xmp` (MIT licence) on its data model, without lxml (see desktop/signing/xmp.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from pyhanko.pdf_utils import misc
from pyhanko.pdf_utils.metadata import model

from desktop.signing.xmp import XmpError

# ---- updating (pyHanko's update_xmp_with_meta) -------------------------------------------------

LANG_X_DEFAULT = model.Qualifiers.of((model.XML_LANG, model.XmpValue("x-default")))
XMP_METADATADATE = model.ExpandedName(ns=model.NS["xmp"], local_name="MetadataDate")


def _string_value(text: model.MetaString, lang_xdefault: bool) -> model.XmpValue | None:
    if isinstance(text, misc.StringWithLanguage):
        if text.lang_code == "DEFAULT":
            quals = LANG_X_DEFAULT if lang_xdefault else model.Qualifiers.of()
        else:
            country = ("-" + text.country_code) if text.country_code else ""
            quals = model.Qualifiers.of((model.XML_LANG, model.XmpValue(f"{text.lang_code}{country}")))
        return model.XmpValue(text.value, quals)
    if isinstance(text, str):
        return model.XmpValue(text, LANG_X_DEFAULT if lang_xdefault else model.Qualifiers.of())
    return None


def _date_value(moment: datetime) -> model.XmpValue:
    return model.XmpValue(moment.replace(microsecond=0).isoformat())


def update_with_meta(meta: model.DocumentMetadata, roots: Iterable[model.XmpStructure] = (),
                     producer: str = model.VENDOR) -> list[model.XmpStructure]:
    """One structure: the properties of `roots` and of `meta.xmp_extra`, with those `meta` sets
    (the modification date, the producer, and when set the creation date, title, author,
    subject and creator tool) written over them, as pyHanko's writer does. `meta.last_modified`
    must be a datetime; xmp:MetadataDate, when the packet has one, gets the same time."""
    fields = {key: value for root in [*roots, *meta.xmp_extra] for key, value in root}
    if not isinstance(meta.last_modified, datetime):
        raise TypeError("last_modified must be a datetime")
    fields[model.XMP_MODDATE] = _date_value(meta.last_modified)
    if XMP_METADATADATE in fields:
        fields[XMP_METADATADATE] = _date_value(meta.last_modified)
    fields[model.PDF_PRODUCER] = model.XmpValue(producer)
    if meta.xmp_unmanaged:
        return [model.XmpStructure(fields)]
    if isinstance(meta.created, datetime):
        fields[model.XMP_CREATEDATE] = _date_value(meta.created)
    title = _string_value(meta.title, lang_xdefault=True)
    if title is not None:
        fields[model.DC_TITLE] = model.XmpValue(model.XmpArray.alternative([title]))
    author = _string_value(meta.author, lang_xdefault=False)
    if author is not None:
        fields[model.DC_CREATOR] = model.XmpValue(model.XmpArray.ordered([author]))
    subject = _string_value(meta.subject, lang_xdefault=True)
    if subject is not None:
        fields[model.DC_DESCRIPTION] = model.XmpValue(model.XmpArray.alternative([subject]))
    creator = _string_value(meta.creator, lang_xdefault=False)
    if creator is not None:
        fields[model.XMP_CREATORTOOL] = creator
    return [model.XmpStructure(fields)]


# ---- writing (pyHanko's serialise_xmp) ---------------------------------------------------------

class _Namespaces:
    """Prefixes: pyHanko's customary ones (model.NS), ns1, ns2 ... for others."""

    def __init__(self) -> None:
        self.prefixes = {uri: prefix for prefix, uri in model.NS.items()}
        self.used: dict[str, str] = {}

    def qname(self, name: model.ExpandedName) -> str:
        prefix = self.prefixes.get(name.ns)
        if prefix is None:
            prefix = self.prefixes[name.ns] = f"ns{len(self.prefixes) - len(model.NS) + 1}"
        if prefix != "xml":
            self.used[prefix] = name.ns
        return f"{prefix}:{name.local_name}"


def _element(ns: _Namespaces, name: model.ExpandedName, value: model.XmpValue, out: list[str]) -> None:
    attributes: list[str] = []
    inner: list[str] = []
    quals = value.qualifiers
    if quals.has_non_lang_quals:
        inner.append(f"<{ns.qname(model.RDF_DESCRIPTION)}>")
        for key, qualifier in quals.iter_quals(with_lang=False):
            _element(ns, key, qualifier, inner)
        _inner_value(ns, model.RDF_VALUE, value.value, inner)
        inner.append(f"</{ns.qname(model.RDF_DESCRIPTION)}>")
    else:
        _content(ns, value.value, attributes, inner)
    if quals.lang is not None:
        attributes.append(f" {ns.qname(model.XML_LANG)}={quoteattr(_text(quals.lang))}")
    tag = ns.qname(name)
    out.append(f"<{tag}{''.join(attributes)}>{''.join(inner)}</{tag}>")


def _inner_value(ns: _Namespaces, name: model.ExpandedName, value: object, out: list[str]) -> None:
    attributes: list[str] = []
    inner: list[str] = []
    _content(ns, value, attributes, inner)
    tag = ns.qname(name)
    out.append(f"<{tag}{''.join(attributes)}>{''.join(inner)}</{tag}>")


# XML 1.0's characters: anything else cannot be written (lxml refuses such strings as well)
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    if _NOT_XML.search(value):
        raise XmpError("a character XML cannot carry")
    return value


def escape(text: str) -> str:
    """Character data: &, < and > escaped, and a carriage return as a reference (a reader turns a
    raw one, or CR LF, into a line feed: the XMP would no longer equal the Info dictionary)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def quoteattr(text: str) -> str:
    """An attribute value in double quotes, read back unchanged (white space included)."""
    escaped = escape(text).replace('"', "&quot;")
    return '"' + escaped.replace("\t", "&#9;").replace("\n", "&#10;") + '"'


def _content(ns: _Namespaces, value: object, attributes: list[str], inner: list[str]) -> None:
    if isinstance(value, model.XmpUri):
        attributes.append(f" {ns.qname(model.RDF_RESOURCE)}={quoteattr(_text(str(value)))}")
    elif isinstance(value, str):
        inner.append(escape(_text(value)))
    elif isinstance(value, model.XmpStructure):
        inner.append(_description(ns, value, about=False))
    elif isinstance(value, model.XmpArray):
        kind = ns.qname(value.array_type.as_rdf())
        inner.append(f"<{kind}>")
        for entry in value.entries:
            _element(ns, model.RDF_LI, entry, inner)
        inner.append(f"</{kind}>")
    else:
        raise NotImplementedError(str(type(value)))


def _description(ns: _Namespaces, structure: model.XmpStructure, *, about: bool) -> str:
    attributes = [f' {ns.qname(model.RDF_ABOUT)}=""'] if about else []
    inner: list[str] = []
    for key, value in structure:
        if about and key == model.RDF_ABOUT:  # pyHanko's reader gives rdf:about as a property
            continue
        if isinstance(value.value, str) and not value.qualifiers:
            attributes.append(f" {ns.qname(key)}={quoteattr(_text(value.value))}")  # simple values as attributes
        else:
            _element(ns, key, value, inner)
    tag = ns.qname(model.RDF_DESCRIPTION)
    return f"<{tag}{''.join(attributes)}>{''.join(inner)}</{tag}>"


def serialise(roots: Iterable[model.XmpStructure], toolkit: str = model.VENDOR) -> bytes:
    """The XMP packet of `roots`, laid out as pyHanko's `serialise_xmp` lays it out: one
    rdf:Description per root, each declaring the namespaces it uses; a read-only packet."""
    out = ['<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n',
           f'<x:xmpmeta xmlns:x="{model.NS["x"]}" x:xmptk={quoteattr(toolkit)}>\n',
           f'<rdf:RDF xmlns:rdf="{model.NS["rdf"]}">\n']
    for root in roots:
        ns = _Namespaces()
        description = _description(ns, root, about=True)
        declarations = "".join(f" xmlns:{prefix}={quoteattr(uri)}" for prefix, uri in ns.used.items())
        head, _, rest = description.partition(" ")
        out.append(f"{head}{declarations} {rest}")
    out.append('\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="r"?>')
    return "".join(out).encode("utf-8")
