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


CASES = {
    "plain": wrap(RDF),
    "packet": PACKET + wrap(RDF) + b'\n<?xpacket end="w"?>',
    "utf-8 byte order mark": b"\xef\xbb\xbf" + wrap(RDF),
    "xml declaration": b'<?xml version="1.0" encoding="UTF-8"?>' + wrap(RDF),
    "utf-16 declared, utf-8 written": b'<?xml version="1.0" encoding="UTF-16"?>' + wrap(RDF),
    "latin-1 declared and written": '<?xml version="1.0" encoding="ISO-8859-1"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
                                    'é</x:xmpmeta>'.encode("latin-1"),
    "utf-16": '\ufeff<x:xmpmeta xmlns:x="adobe:ns:meta/"/>'.encode("utf-16-le"),
    "utf-32": '\ufeff<x:xmpmeta xmlns:x="adobe:ns:meta/"/>'.encode("utf-32"),
    "blank before the declaration": b' <?xml version="1.0"?>' + wrap(RDF),
    "comments": b"<!-- a -->" + wrap(b"<!-- b -->"),
    "predefined entities and character references": wrap(b"&amp;&lt;&#233;&#x1F600;"),
    "CDATA": wrap(b"<![CDATA[<x>]]>"),
    "processing instructions": wrap(b'<?foo bar?><?xml-stylesheet href="a"?>'),
    "xml:lang": wrap(b'<a xml:lang="vi"/>'),
    "undefined entity": wrap(b"&foo;"),
    "entity declared and used": b'<!DOCTYPE x:xmpmeta [<!ENTITY a "b">]>' + wrap(b"&a;"),
    "external entity": b'<!DOCTYPE x:xmpmeta [<!ENTITY a SYSTEM "file:///etc/passwd">]>' + wrap(b"&a;"),
    "entity expansion": b'<!DOCTYPE x:xmpmeta [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
                        + wrap(b"&b;"),
    "root rdf:RDF": RDF,
    "root without namespace": b"<xmpmeta/>",
    "unbound prefix": b"<x:xmpmeta/>",
    "unbound prefix inside": wrap(b"<foo:bar/>"),
    "xml prefix redefined": b'<x:xmpmeta xmlns:x="adobe:ns:meta/" xmlns:xml="http://example.com"/>',
    "unclosed": OPEN,
    "junk after the root": wrap(RDF) + b"junk",
    "two roots": wrap(b"") + wrap(b""),
    "empty": b"",
    "blank": b"   ",
    "NUL": wrap(b"\x00"),
    "control character": wrap(b"\x01"),
    "invalid utf-8": wrap(b"\xff\xfe"),
    "duplicate attribute": b'<x:xmpmeta xmlns:x="adobe:ns:meta/" a="1" a="2"/>',
    "depth 256": wrap(b"<a>" * 255 + b"</a>" * 255),
    "depth 257": wrap(b"<a>" * 256 + b"</a>" * 256),
    "many attributes": b'<x:xmpmeta xmlns:x="adobe:ns:meta/" ' + b" ".join(b'a%d="1"' % i for i in range(5000)) + b"/>",
    "name of 50,000": wrap(b"<" + b"a" * 50_000 + b"/>"),
    "name of 50,001": wrap(b"<" + b"a" * 50_001 + b"/>"),
    "attribute name of 50,001": wrap(b"<a " + b"b" * 50_001 + b'="1"/>'),
    "text just short": wrap(b"a" * (BIG - 1000)),
    "text too long": wrap(b"a" * (BIG + 1)),
    "text too long through a CDATA section": wrap(b"a" * (BIG // 2 + 1) + b"<![CDATA[x]]>" + b"a" * (BIG // 2)),
    "two long texts around a comment": wrap(b"a" * (BIG // 2 + 10) + b"<!--c-->" + b"a" * (BIG // 2 + 10)),
    "two long texts around an element": wrap(b"a" * (BIG // 2 + 10) + b"<b/>" + b"a" * (BIG // 2 + 10)),
    "attribute value too long": b'<x:xmpmeta xmlns:x="adobe:ns:meta/" a="' + b"a" * (BIG + 1) + b'"/>',
    "comment too long": wrap(b"<!--" + b"a" * (BIG + 1) + b"-->"),
    "processing instruction too long": wrap(b"<?p " + b"a" * (BIG + 1) + b"?>"),
}

# Refused by the app, accepted by pyHanko with lxml: a DOCTYPE (internal subset, external DTD
# never loaded, entities declared but unused).
DOCTYPE_ONLY = {
    "DOCTYPE": b"<!DOCTYPE x:xmpmeta>" + wrap(RDF),
    "entity declared, unused": b'<!DOCTYPE x:xmpmeta [<!ENTITY a "b">]>' + wrap(RDF),
    "external DTD": b'<!DOCTYPE x:xmpmeta SYSTEM "http://example.invalid/x.dtd">' + wrap(RDF),
    "parameter entity": b'<!DOCTYPE x:xmpmeta [<!ENTITY % p "x">]>' + wrap(RDF),
}
