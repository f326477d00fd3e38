"""XMP metadata packets on the standard library: checked and read (Qt-free); written by xmpwrite.

pyHanko reads and writes XMP with lxml (`pyhanko.pdf_utils.metadata.xmp_xml`), which the bundle
leaves out (4 MB on Windows). The same work is done here with expat, on pyHanko's own data model
(`pyhanko.pdf_utils.metadata.model`): `parse` follows pyHanko 0.38's `parse_xmp` (MIT licence),
desktop/signing/xmpwrite.py its `update_xmp_with_meta` and `serialise_xmp`, so a packet written
here reads back the same through pyHanko's reader, and one written by pyHanko or another tool
keeps its other properties when updated here.

Every packet is read with the same refusals (`check_syntax`, which the verifier's difference
analysis uses too: desktop/package/diffpolicy.py): no DOCTYPE and no entity declaration (so no
entity expansion and nothing fetched), bounded size, depth, lengths and number of nodes,
well-formed XML with namespaces. The DOCTYPE, size and node rules are stricter than pyHanko's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from xml.parsers import expat

from pyhanko.pdf_utils.metadata import model

if TYPE_CHECKING:  # the verifier's check needs expat only; reading a packet builds elements
    from xml.etree.ElementTree import Element, TreeBuilder

# pyHanko's own bound on a decoded XMP stream (decode_limits, DecodePurpose.XMP_METADATA)
MAX_XMP_SIZE = 4 * 1024 * 1024  # pyHanko's floor; libxml2's 10 MB limits cannot be reached below it
# libxml2's limits without XML_PARSE_HUGE, which pyHanko's lxml parser does not set: nesting
# depth, length of a name, of a text node or an attribute value
MAX_DEPTH = 256
MAX_NAME = 50_000
MAX_TEXT = 10_000_000
# Ours, stricter than pyHanko (lxml has no such limit): elements, pieces of text, comments and
# processing instructions of one packet. Each costs a Python call here (~1.7 s for the million
# empty elements that fit in 4 MiB, which deflate to a few KB: a hostile PDF can hold one per
# revision); a real packet (Acrobat's with its edit history, PDF/A extension schemas) has a few
# thousand at most.
MAX_NODES = 20_000
XMPMETA = "{adobe:ns:meta/}xmpmeta"


class XmpError(ValueError):
    """The packet is not well-formed XML, declares a DOCTYPE or entities, or is too big or deep."""


def _expanded(name: str) -> str:
    """expat's "uri}local" (namespace_separator "}") as ElementTree's "{uri}local"."""
    return "{" + name if "}" in name else name


class _Refused(Exception):
    pass


def _parser(builder: TreeBuilder | None, encoding: str | None) -> tuple[expat.XMLParserType, list[str]]:
    parser = expat.ParserCreate(encoding=encoding, namespace_separator="}")
    parser.namespace_prefixes = True  # names come as "uri}local}prefix": the prefix's length is checked
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    # text handed over in runs of up to 8 KB, not line by line: a text of many short lines (the
    # packet's padding, or a hostile run of line breaks) is a few calls, counted as few nodes
    parser.buffer_text = True
    root: list[str] = []
    depth = [0]
    text = [0]  # characters of the current text node
    nodes = [0]  # elements, runs of text (as expat hands them over), comments, instructions

    def refuse(*_args: object) -> None:
        raise _Refused("a DOCTYPE or entity declaration")

    def counted() -> None:
        nodes[0] += 1
        if nodes[0] > MAX_NODES:
            raise _Refused(f"more than {MAX_NODES} elements, texts, comments or instructions")

    def characters(data: str) -> None:
        counted()
        text[0] += len(data)
        if text[0] > MAX_TEXT:
            raise _Refused("a text node too long")
        if builder is not None:
            builder.data(data)

    def start(name: str, attributes: dict[str, str]) -> None:
        counted()
        depth[0] += 1
        text[0] = 0
        if depth[0] > MAX_DEPTH:
            raise _Refused("nested too deep")
        if any(len(part.encode()) > MAX_NAME for key in (name, *attributes) for part in (key.split("}")[1:] or [key])):
            raise _Refused("a name too long")
        if any(len(value) > MAX_TEXT for value in attributes.values()):
            raise _Refused("an attribute value too long")
        name = "}".join(name.split("}")[:2])
        attributes = {"}".join(key.split("}")[:2]): value for key, value in attributes.items()}
        tag = _expanded(name)
        if not root:
            root.append(tag)
        if builder is not None:
            builder.start(tag, {_expanded(key): value for key, value in attributes.items()})

    def declaration(version: str | None, _encoding: str | None, _standalone: int) -> None:
        if version is not None and not version.startswith("1."):
            raise _Refused("an XML version other than 1.x")

    def namespace(prefix: str | None, uri: str | None) -> None:
        if len((prefix or "").encode()) > MAX_NAME or len((uri or "").encode()) > MAX_TEXT:
            raise _Refused("a namespace prefix or name too long")

    def instruction(target: str, data: str) -> None:
        if len(target.encode()) > MAX_NAME:
            raise _Refused("a processing instruction's name too long")
        new_node(data)

    def end(name: str) -> None:
        depth[0] -= 1
        text[0] = 0
        if builder is not None:
            builder.end(_expanded("}".join(name.split("}")[:2])))

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters

    def new_node(*parts: str) -> None:  # a comment or a PI ends a text node (CDATA joins it)
        counted()
        text[0] = 0
        if any(len(part) > MAX_TEXT for part in parts):
            raise _Refused("a comment or processing instruction too long")

    parser.CommentHandler = new_node
    parser.ProcessingInstructionHandler = instruction
    parser.XmlDeclHandler = declaration
    parser.StartNamespaceDeclHandler = namespace
    return parser, root


def _run(data: bytes | str, builder: TreeBuilder | None, encoding: str | None) -> str:
    if len(data) > MAX_XMP_SIZE:
        raise XmpError(f"XMP packet larger than {MAX_XMP_SIZE} bytes")
    parser, root = _parser(builder, encoding)
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise XmpError(f"XMP refused: {exc}") from None
    except (expat.ExpatError, ValueError, UnicodeError) as exc:
        raise XmpError(f"XMP is not well-formed XML: {exc}") from None
    if not root:  # expat says "no element found" first; kept for clarity
        raise XmpError("XMP has no root element")
    return root[0]


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def check_syntax(data: bytes) -> str:
    """The root element's expanded name ("{adobe:ns:meta/}xmpmeta" for XMP) of `data` read as
    UTF-8 whatever it declares or its byte order mark says (as pyHanko's check does), or XmpError."""
    if data[:2] in UTF16_BOMS:  # expat would follow the mark
        raise XmpError("XMP is not well-formed XML: not UTF-8")
    return _run(data, None, "UTF-8")


# ---- reading (pyHanko's parse_xmp on ElementTree elements) ------------------------------------

XMP_HEADER_PATTERN = re.compile(rb'\s*<\?\s?xpacket begin="(...?)" id="W5M0MpCehiHzreSzNTczkc9d"\s?\?>')
BOM_REGISTRY = {"\ufeff".encode(enc): enc for enc in ("utf-8", "utf-16be", "utf-16le", "utf32")}
HTTP_URI_RE = re.compile("^https?://")
TAG_RE = re.compile(r"\{(.*)}(.*)")
NOT_PROPERTY_ATTRIBUTES = (
    model.XML_LANG, model.RDF_PARSE_TYPE, model.RDF_ID, model.RDF_NODE_ID, model.RDF_DESCRIPTION,
    model.RDF_LI, *model.RDF_OLD_TERMS,
)


def _tag(name: model.ExpandedName) -> str:
    return f"{{{name.ns}}}{name.local_name}"


def _untag(tag: str) -> model.ExpandedName | None:
    found = TAG_RE.match(tag)
    return model.ExpandedName(ns=found.group(1), local_name=found.group(2)) if found else None


def parse(data: bytes) -> list[model.XmpStructure]:
    """The rdf:Description structures of an XMP packet, as pyHanko's `parse_xmp` reads them."""
    header = XMP_HEADER_PATTERN.match(data[:128])
    encoding, start = ("utf-8", 0) if header is None else (BOM_REGISTRY.get(header.group(1), "utf-8"),
                                                            len(header.group(0)))
    try:
        text = data[start:].decode(encoding)
    except UnicodeError as exc:
        raise XmpError(f"XMP is not {encoding}: {exc}") from None
    from xml.etree.ElementTree import TreeBuilder

    builder = TreeBuilder()
    _run(text, builder, None)
    root = builder.close()
    name = _untag(root.tag)
    if name == model.RDF_RDF:
        rdf_root = root
    elif name == model.X_XMPMETA:
        found = [child for child in root if _untag(child.tag) == model.RDF_RDF]
        if not found:
            raise XmpError("No rdf:RDF node in x:xmpmeta")
        rdf_root = found[0]
    else:
        raise XmpError("XMP root must be rdf:RDF or x:xmpmeta")
    return [_struct(node, None) for node in rdf_root if _untag(node.tag) == model.RDF_DESCRIPTION]


def _struct(elem: Element, lang: str | None) -> model.XmpStructure:
    fields: dict[model.ExpandedName, model.XmpValue] = {}
    for child in elem:
        name = _untag(child.tag)
        if name is not None:
            if name in fields:
                raise XmpError(f"Duplicate field {name} in XMP structure value")
            fields[name] = _value(child, lang)
    for key, text in elem.attrib.items():
        name = _untag(key)
        if name is None or name in NOT_PROPERTY_ATTRIBUTES:
            continue
        fields[name] = model.XmpValue(model.XmpUri(text) if HTTP_URI_RE.match(text) else text)
    return model.XmpStructure(fields)


def _array(elem: Element, lang: str | None) -> model.XmpArray:
    kind = {"Seq": model.XmpArrayType.ORDERED, "Bag": model.XmpArrayType.UNORDERED,
            "Alt": model.XmpArrayType.ALTERNATIVE}[elem.tag.rpartition("}")[2]]
    return model.XmpArray(kind, [_value(li, lang) for li in elem if _untag(li.tag) == model.RDF_LI])


def _unwrap_resource(elem: Element, lang: str | None) -> tuple[object, model.Qualifiers]:
    rdf_value = next((c for c in elem if _untag(c.tag) == model.RDF_VALUE), None)
    if rdf_value is None:
        return _struct(elem, lang), model.Qualifiers.lang_as_qual(lang)
    inner = _value(rdf_value, lang).value

    def qualifiers() -> Iterable[tuple[model.ExpandedName, model.XmpValue]]:
        if lang:
            yield model.XML_LANG, model.XmpValue(lang)
        for child in elem:
            name = _untag(child.tag)
            if name != model.RDF_VALUE and name is not None:
                yield name, _value(child, lang)

    return inner, model.Qualifiers.of(*qualifiers())


def _value(elem: Element, lang: str | None) -> model.XmpValue:
    lang = elem.get(_tag(model.XML_LANG)) or lang
    parse_type = elem.get(_tag(model.RDF_PARSE_TYPE))
    if parse_type == "Resource":
        inner, quals = _unwrap_resource(elem, lang)
        return model.XmpValue(inner, quals)  # type: ignore[arg-type]
    if parse_type is not None:
        raise XmpError(f"Parse type {parse_type!r} is not supported")
    children = list(elem)
    if not children:
        uri = elem.get(_tag(model.RDF_RESOURCE))
        if uri is not None:
            return model.XmpValue(model.XmpUri(uri))
        if elem.text:
            if HTTP_URI_RE.match(elem.text):
                return model.XmpValue(model.XmpUri(elem.text))
            return model.XmpValue(elem.text, model.Qualifiers.lang_as_qual(lang))
        if elem.attrib:
            return model.XmpValue(_struct(elem, lang))
        return model.XmpValue("", model.Qualifiers.lang_as_qual(lang))
    if len(children) > 1:
        raise XmpError(f"Tag {elem.tag} has more than one child")
    child = children[0]
    name = _untag(child.tag)
    if name in (model.RDF_SEQ, model.RDF_ALT, model.RDF_BAG):
        return model.XmpValue(_array(child, lang), model.Qualifiers.lang_as_qual(lang))
    if name == model.RDF_DESCRIPTION:
        inner, quals = _unwrap_resource(child, lang)
        return model.XmpValue(inner, quals)  # type: ignore[arg-type]
    raise XmpError(f"Cannot process tag with name {name} as an XMP value form")
