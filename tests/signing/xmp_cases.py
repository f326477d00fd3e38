"""XMP packets for the well-formedness check, from ordinary to hostile: the app's check (on expat)
and pyHanko's (on lxml, tests/signing/lxml_tool.py) must give the same verdict on each, except
DOCTYPE_ONLY, which pyHanko accepts and the app refuses (any DOCTYPE: XMP has no use for one)."""

from __future__ import annotations

OPEN = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">'
CLOSE = b"</x:xmpmeta>"
RDF = b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>'
PACKET = b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
BIG = 10_000_000  # libxml2's longest text node, attribute value, comment without XML_PARSE_HUGE


def wrap(inner: bytes) -> bytes:
    return OPEN + inner + CLOSE


def cases() -> dict[str, bytes]:
    """Made on each call: the long ones are about 110 MB together, not worth keeping."""
    return {name: make() for name, make in _CASES.items()}


def case(name: str) -> bytes:
    return _CASES[name]()


_CASES = {
    "plain": lambda: wrap(RDF),
    "packet": lambda: PACKET + wrap(RDF) + b'\n<?xpacket end="w"?>',
    "utf-8 byte order mark": lambda: b"\xef\xbb\xbf" + wrap(RDF),
    "xml declaration": lambda: b'<?xml version="1.0" encoding="UTF-8"?>' + wrap(RDF),
    "utf-16 declared, utf-8 written": lambda: b'<?xml version="1.0" encoding="UTF-16"?>' + wrap(RDF),
    "latin-1 declared and written": lambda: (
        '<?xml version="1.0" encoding="ISO-8859-1"?><x:xmpmeta xmlns:x="adobe:ns:meta/">é</x:xmpmeta>'.encode("latin-1")),
    "utf-16": lambda: '\ufeff<x:xmpmeta xmlns:x="adobe:ns:meta/"/>'.encode("utf-16-le"),
    "utf-32": lambda: '\ufeff<x:xmpmeta xmlns:x="adobe:ns:meta/"/>'.encode("utf-32"),
    "blank before the declaration": lambda: b' <?xml version="1.0"?>' + wrap(RDF),
    "comments": lambda: b"<!-- a -->" + wrap(b"<!-- b -->"),
    "predefined entities and character references": lambda: wrap(b"&amp;&lt;&#233;&#x1F600;"),
    "CDATA": lambda: wrap(b"<![CDATA[<x>]]>"),
    "processing instructions": lambda: wrap(b'<?foo bar?><?xml-stylesheet href="a"?>'),
    "xml:lang": lambda: wrap(b'<a xml:lang="vi"/>'),
    "undefined entity": lambda: wrap(b"&foo;"),
    "entity declared and used": lambda: b'<!DOCTYPE x:xmpmeta [<!ENTITY a "b">]>' + wrap(b"&a;"),
    "external entity": lambda: b'<!DOCTYPE x:xmpmeta [<!ENTITY a SYSTEM "file:///etc/passwd">]>' + wrap(b"&a;"),
    "entity expansion": lambda: (
        b'<!DOCTYPE x:xmpmeta [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>' + wrap(b"&b;")),
    "root rdf:RDF": lambda: RDF,
    "root without namespace": lambda: b"<xmpmeta/>",
    "unbound prefix": lambda: b"<x:xmpmeta/>",
    "unbound prefix inside": lambda: wrap(b"<foo:bar/>"),
    "xml prefix redefined": lambda: b'<x:xmpmeta xmlns:x="adobe:ns:meta/" xmlns:xml="http://example.com"/>',
    "unclosed": lambda: OPEN,
    "junk after the root": lambda: wrap(RDF) + b"junk",
    "two roots": lambda: wrap(b"") + wrap(b""),
    "empty": lambda: b"",
    "blank": lambda: b"   ",
    "NUL": lambda: wrap(b"\x00"),
    "control character": lambda: wrap(b"\x01"),
    "invalid utf-8": lambda: wrap(b"\xff\xfe"),
    "duplicate attribute": lambda: b'<x:xmpmeta xmlns:x="adobe:ns:meta/" a="1" a="2"/>',
    "depth 256": lambda: wrap(b"<a>" * 255 + b"</a>" * 255),
    "depth 257": lambda: wrap(b"<a>" * 256 + b"</a>" * 256),
    "many attributes": lambda: (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/" ' + b" ".join(b'a%d="1"' % i for i in range(5000)) + b"/>"),
    "name of 50,000": lambda: wrap(b"<" + b"a" * 50_000 + b"/>"),
    "name of 50,001": lambda: wrap(b"<" + b"a" * 50_001 + b"/>"),
    "attribute name of 50,001": lambda: wrap(b"<a " + b"b" * 50_001 + b'="1"/>'),
    "text just short": lambda: wrap(b"a" * (BIG - 1000)),
    "text too long": lambda: wrap(b"a" * (BIG + 1)),
    "text too long through a CDATA section": lambda: (
        wrap(b"a" * (BIG // 2 + 1) + b"<![CDATA[x]]>" + b"a" * (BIG // 2))),
    "two long texts around a comment": lambda: wrap(b"a" * (BIG // 2 + 10) + b"<!--c-->" + b"a" * (BIG // 2 + 10)),
    "two long texts around an element": lambda: wrap(b"a" * (BIG // 2 + 10) + b"<b/>" + b"a" * (BIG // 2 + 10)),
    "attribute value too long": lambda: b'<x:xmpmeta xmlns:x="adobe:ns:meta/" a="' + b"a" * (BIG + 1) + b'"/>',
    "comment too long": lambda: wrap(b"<!--" + b"a" * (BIG + 1) + b"-->"),
    "processing instruction too long": lambda: wrap(b"<?p " + b"a" * (BIG + 1) + b"?>"),
    # found in review: libxml2 counts bytes and checks prefixes, namespace names, PI targets and the
    # version, where the first expat check counted characters of local names only
    "namespace prefix of 50,001": lambda: b'<x:xmpmeta xmlns:x="adobe:ns:meta/" xmlns:' + b"p" * 50_001 + b'="u"/>',
    "element prefix of 50,001": lambda: wrap(b"<" + b"p" * 50_001 + b":a xmlns:" + b"p" * 50_001 + b'="u"/>'),
    "attribute prefix of 50,001": lambda: wrap(b"<a xmlns:" + b"p" * 50_001 + b'="u" ' + b"p" * 50_001 + b':b="1"/>'),
    "processing instruction name of 50,001": lambda: wrap(b"<?" + b"p" * 50_001 + b" x?>"),
    "XML version 2.0": lambda: b'<?xml version="2.0"?>' + wrap(RDF),
    "XML version 1.1": lambda: b'<?xml version="1.1"?>' + wrap(RDF),
    "a text of 4M euro signs (12 MB)": lambda: wrap("€".encode() * 4_000_000),
    "an attribute of 4M euro signs": lambda: b'<x:xmpmeta xmlns:x="adobe:ns:meta/" a="' + "€".encode() * 4_000_000 + b'"/>',
    # the app's bound on nodes (xmp.MAX_NODES = 20,000: elements, texts, comments, instructions)
    "20,000 nodes": lambda: wrap(b"<a/>" * 9_999 + b"<!---->" + b"x" + b"<b/>" * 9_997 + b"<?p?>"),
    "20,001 nodes": lambda: wrap(b"<a/>" * 9_999 + b"<!---->" + b"x" + b"<b/>" * 9_998 + b"<?p?>"),
    "20,001 texts": lambda: wrap(b"<a/>x" * 10_000),
    "a million elements": lambda: wrap(b"<a/>" * 1_000_000),
    # one text of many lines (padding is whitespace lines): a few runs of text, not one node a line
    "padding of 300,000 lines": lambda: wrap(RDF + b" \n" * 300_000),
}

# Refused by the app, accepted by pyHanko with lxml: packets larger than pyHanko's smallest bound on
# a decoded XMP stream (4 MiB; it lets 32 MiB through when the stream is stored or barely
# compressed). Below it none of libxml2's 10 MB limits can be reached, so counting characters or
# bytes, or a tag's size, cannot make the two checks differ; and a hostile packet costs little.
OVER_APP_LIMIT = ("text just short", "two long texts around a comment", "two long texts around an element",
                  # and packets of more than 20,000 nodes (lxml has no such bound), each a Python call
                  # on expat: a hostile PDF may hold one such packet, deflated to a few KB, per revision
                  "20,001 nodes", "20,001 texts", "a million elements")

# Refused by the app, accepted by pyHanko with lxml: a DOCTYPE (internal subset, external DTD
# never loaded, entities declared but unused).
DOCTYPE_ONLY = {
    "DOCTYPE": b"<!DOCTYPE x:xmpmeta>" + wrap(RDF),
    "entity declared, unused": b'<!DOCTYPE x:xmpmeta [<!ENTITY a "b">]>' + wrap(RDF),
    "external DTD": b'<!DOCTYPE x:xmpmeta SYSTEM "http://example.invalid/x.dtd">' + wrap(RDF),
    "parameter entity": b'<!DOCTYPE x:xmpmeta [<!ENTITY % p "x">]>' + wrap(RDF),
}
