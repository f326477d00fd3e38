"""The app's XMP code on the standard library (desktop/signing/xmp.py) against pyHanko's on lxml.

pyHanko's side runs in its own process with lxml (tests/signing/lxml_tool.py); the app's side
runs here with lxml made unimportable (tests/packaging/block_excluded.py), as in the bundle.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.metadata import model
from pyhanko.sign.diff_analysis import DEFAULT_DIFF_POLICY, MetadataUpdateRule, SuspiciousModification

from desktop.package.diffpolicy import DIFF_POLICY, XmpUpdateRule
from desktop.signing import xmp, xmpwrite
from tests.packaging import block_excluded
from tests.signing import lxml_tool
from tests.signing.xmp_cases import DOCTYPE_ONLY, OVER_APP_LIMIT, case, cases

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def without_lxml() -> Iterator[None]:
    with block_excluded.blocked(["lxml"]):
        with pytest.raises(ImportError):
            import lxml.etree  # noqa: F401
        yield


def _verdict(data: bytes) -> str:
    try:
        XmpUpdateRule.is_well_formed_xml(generic.StreamObject(stream_data=data))  # type: ignore[arg-type]
    except SuspiciousModification:
        return "suspicious"
    return "well-formed"


def test_the_xmp_check_gives_pyhankos_verdicts_without_lxml(without_lxml: None) -> None:
    theirs = lxml_tool.run("syntax")
    ours = {name: _verdict(data) for name, data in cases().items()}
    assert all(theirs[name] == "well-formed" for name in OVER_APP_LIMIT)  # the app is stricter there
    assert ours == {name: "suspicious" if name in OVER_APP_LIMIT else verdict for name, verdict in theirs.items()}
    assert "suspicious" in ours.values() and "well-formed" in ours.values()


def test_any_doctype_is_refused(without_lxml: None) -> None:
    """pyHanko with lxml accepts these (no entity is used); XMP has no use for a DOCTYPE."""
    for name, data in DOCTYPE_ONLY.items():
        assert _verdict(data) == "suspicious", name
        with pytest.raises(xmp.XmpError, match="DOCTYPE"):
            xmp.check_syntax(data)


def test_pyhankos_own_rule_without_lxml_judges_everything_suspicious(without_lxml: None) -> None:
    """Why the app has its own rule: pyHanko's check fails on the import, whatever the XMP."""
    with pytest.raises(SuspiciousModification):
        MetadataUpdateRule.is_well_formed_xml(generic.StreamObject(stream_data=case("plain")))  # type: ignore[arg-type]


def test_a_stream_is_needed_and_the_root_must_be_xmpmeta(without_lxml: None) -> None:
    with pytest.raises(SuspiciousModification, match="stream"):
        XmpUpdateRule.is_well_formed_xml(generic.DictionaryObject())  # type: ignore[arg-type]
    with pytest.raises(SuspiciousModification, match="does not look like XMP"):
        XmpUpdateRule.is_well_formed_xml(generic.StreamObject(stream_data=case("root rdf:RDF")))  # type: ignore[arg-type]
    compressed = generic.StreamObject(stream_data=case("plain"))
    compressed.compress()
    XmpUpdateRule.is_well_formed_xml(generic.StreamObject(  # type: ignore[arg-type]
        {"/Filter": generic.pdf_name("/FlateDecode")}, encoded_data=compressed.encoded_data))


def test_the_diff_policy_is_pyhankos_default_but_for_the_xmp_rule() -> None:
    def shape(policy):  # type: ignore[no-untyped-def]
        rules = [(type(getattr(r, "rule", r)).__name__, getattr(r, "level", None)) for r in policy.global_rules]
        form = [type(r).__name__ for r in policy.form_rule.field_rules]
        return rules, form, policy.reject_object_freeing, policy.ignore_orphaned_objects

    theirs, ours = shape(DEFAULT_DIFF_POLICY), shape(DIFF_POLICY)
    assert ours[0] == [("XmpUpdateRule" if name == "MetadataUpdateRule" else name, level) for name, level in theirs[0]]
    assert ours[1:] == theirs[1:]
    (rule,) = [r.rule for r in DIFF_POLICY.global_rules if isinstance(getattr(r, "rule", None), MetadataUpdateRule)]
    assert isinstance(rule, XmpUpdateRule) and rule.check_xml_syntax and not rule.always_refuse_stream_override


def test_nothing_in_the_app_imports_lxml_or_pyhankos_xmp_module() -> None:
    banned = ("lxml", "pyhanko.pdf_utils.metadata.xmp_xml")
    found = []
    for path in sorted((ROOT / "desktop").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            found += [f"{path.relative_to(ROOT)}: {name}" for name in names
                      if any(name == b or name.startswith(b + ".") for b in banned)]
    assert not found, found


FOREIGN = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/" x:xmptk="Adobe XMP Core 5.1.0-jc003">
  <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
    <rdf:Description rdf:about=""
        xmlns:xmp="http://ns.adobe.com/xap/1.0/"
        xmlns:dc="http://purl.org/dc/elements/1.1/"
        xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
        xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#"
        xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
        xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
        xmp:CreateDate="2025-03-01T08:00:00+07:00" xmp:MetadataDate="2025-03-01T08:00:00+07:00"
        pdf:Producer="VGCA Sign 2.1 &amp; co" pdfaid:part="2" pdfaid:conformance="B">
      <!-- a comment -->
      <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Báo cáo &lt;quý&gt; "I"</rdf:li>
        <rdf:li xml:lang="en-GB">Report</rdf:li></rdf:Alt></dc:title>
      <dc:subject><rdf:Bag><rdf:li>một</rdf:li><rdf:li>hai</rdf:li></rdf:Bag></dc:subject>
      <xmpMM:DocumentID>uuid:6b2a1c3e-0000-4000-8000-000000000001</xmpMM:DocumentID>
      <xmpMM:DerivedFrom rdf:parseType="Resource"><stEvt:action>converted</stEvt:action></xmpMM:DerivedFrom>
      <xmpMM:History><rdf:Seq><rdf:li><rdf:Description stEvt:action="saved" stEvt:when="2025-03-01T08:00:00+07:00">
        <stEvt:softwareAgent>Acrobat</stEvt:softwareAgent></rdf:Description></rdf:li></rdf:Seq></xmpMM:History>
      <xmp:BaseURL rdf:resource="https://example.gov.vn/a?b=1&amp;c=2"/>
      <dc:rights><rdf:Description><rdf:value>© 2025</rdf:value><xmp:Note>qualified</xmp:Note></rdf:Description></dc:rights>
    </rdf:Description>
    <rdf:Description rdf:about="" xmlns:ex="urn:example:other#" ex:tab="a&#9;b"/>
  </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def test_a_foreign_packet_reads_as_pyhanko_reads_it(without_lxml: None, tmp_path: Path) -> None:
    path = tmp_path / "foreign.xmp"
    path.write_bytes(FOREIGN)
    assert [repr(root) for root in xmp.parse(FOREIGN)] == lxml_tool.run("parse", str(path))


def test_written_packets_read_back_the_same_through_pyhankos_reader(without_lxml: None, tmp_path: Path) -> None:
    import datetime as dt

    meta = model.DocumentMetadata(title="Báo cáo", author="Sở <A> & B", subject="Kỳ \"1\"", creator="CT20",
                                  created=dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
                                  last_modified=dt.datetime(2025, 6, 7, 8, 9, 10, 123, tzinfo=dt.UTC))
    roots = xmpwrite.update_with_meta(meta, xmp.parse(FOREIGN))
    packet = xmpwrite.serialise(roots)
    xmp.check_syntax(packet)
    path = tmp_path / "ours.xmp"
    path.write_bytes(packet)
    assert lxml_tool.run("parse", str(path)) == [repr(root) for root in xmp.parse(packet)]
    (fields,) = [dict(root) for root in xmp.parse(packet)]
    assert fields[model.XMP_MODDATE].value == "2025-06-07T08:09:10+00:00"
    assert fields[xmpwrite.XMP_METADATADATE].value == "2025-06-07T08:09:10+00:00"  # it had one: kept true
    assert fields[model.PDF_PRODUCER].value == model.VENDOR
    assert fields[model.DC_CREATOR].value.entries[0].value == "Sở <A> & B"
    # the foreign properties are all still there
    for name in ("DocumentID", "DerivedFrom", "History"):
        assert model.ExpandedName(ns="http://ns.adobe.com/xap/1.0/mm/", local_name=name) in fields
    assert fields[model.ExpandedName(ns="urn:example:other#", local_name="tab")].value == "a\tb"


def test_characters_xml_cannot_carry_are_refused_not_written() -> None:
    meta = model.DocumentMetadata(title="a\x01b", last_modified=__import__("datetime").datetime.now())
    with pytest.raises(xmp.XmpError):
        xmpwrite.serialise(xmpwrite.update_with_meta(meta))


def test_lxml_is_blocked_only_inside_the_fixture(without_lxml: None) -> None:
    assert "lxml" not in sys.modules and "pyhanko.pdf_utils.metadata.xmp_xml" not in sys.modules


def test_carriage_returns_read_back_as_written(without_lxml: None, tmp_path: Path) -> None:
    """A raw CR in character data is read as LF by every XML reader: the XMP would then differ from
    the Info dictionary (found in review; pyHanko's own lxml writer wrote &#13;)."""
    import datetime as dt

    title, author = "dòng 1\r\ndòng 2\rhết", "A\rB"
    meta = model.DocumentMetadata(title=title, author=author, last_modified=dt.datetime(2025, 6, 7, tzinfo=dt.UTC))
    packet = xmpwrite.serialise(xmpwrite.update_with_meta(meta))
    (fields,) = [dict(root) for root in xmp.parse(packet)]
    assert fields[model.DC_TITLE].value.entries[0].value == title
    assert fields[model.DC_CREATOR].value.entries[0].value == author
    path = tmp_path / "cr.xmp"
    path.write_bytes(packet)
    assert lxml_tool.run("parse", str(path)) == [repr(root) for root in xmp.parse(packet)]  # pyHanko's reader too


def test_each_distinct_packet_is_checked_once(without_lxml: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """pyHanko's rule checks the new and the old root's XMP at every revision: a document with many
    revisions must not have the same (possibly large) packet parsed again each time (found in
    review: 20 revisions of one 1,040,000-element packet took 22 s). The real check runs, counted."""
    from desktop.package import diffpolicy

    calls: list[bytes] = []
    real = xmp.check_syntax

    def counted(data: bytes) -> str:
        calls.append(data)
        return real(data)

    monkeypatch.setattr(diffpolicy.xmp, "check_syntax", counted)
    monkeypatch.setattr(diffpolicy, "_VERDICTS", {})
    good, bad = case("plain"), case("depth 257")
    for _revision in range(20):
        assert _verdict(good) == "well-formed"
        assert _verdict(bad) == "suspicious"
    assert calls == [good, bad]
