"""Our OOXML writer (desktop/document/docx.py) writes the very documents python-docx wrote.

The python-docx renderers are kept as the reference (tests/inbox/docx_reference.py). The same
inputs — a full round of real exports (several kinds of organisations, annexes, landscape and
portrait sections), the province consolidation, inputs made to reach every construct (long tables
over the writer's chunks, repeated heading rows, "Nơi nhận", page-number headers, Vietnamese text,
& < > " ', white space at both ends, tabs, line breaks, characters XML forbids) and the reminder
letters — go through both, and every part of the two packages is compared:

- the same part names in the same order;
- XML parts equal after canonicalisation (xml.etree.ElementTree.canonicalize, C14N 2.0), with the
  same XML declaration and the same namespace declarations (C14N drops those no element or
  attribute uses, but mc:Ignorable names prefixes that must stay declared);
- other parts (the thumbnail) byte for byte.

Nothing is normalised: the reference's core properties are the template's fixed ones (no clock, no
revision counter). What is legitimately different is outside the parts: the ZIP entries' dates
(python-docx stamped the time of saving; we write 1980-01-01, so the same report gives the same
bytes) and the deflate stream.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import canonicalize, iterparse

import pytest
from docx import Document

from desktop.document import docx
from desktop.inbox.consolidate import consolidate
from desktop.inbox.pdf_doc import issuer
from desktop.inbox.reminder_letter import render_reminder_docx
from desktop.inbox.render_docx import render_consolidated_docx
from desktop.inbox.round_report import round_report
from desktop.inbox.rounds import parse_round
from desktop.paths import resources_dir
from desktop.store import Store
from tests.inbox import docx_cases, docx_reference
from tests.inbox.round_scenario import RoundScenario
from tests.inbox.scenario import Scenario
from tests.inbox.test_round import round_scenario  # noqa: F401 - the module's fixture

DECLARATION = re.compile(rb"^<\?xml[^>]*\?>")


def namespaces(data: bytes) -> list[tuple[str, str]]:
    return sorted(event[1] for event in iterparse(io.BytesIO(data), events=("start-ns",)))  # type: ignore[misc]


def assert_same_part(name: str, ours: bytes, reference: bytes) -> None:
    if not name.endswith((".xml", ".rels")):
        assert ours == reference, name
        return
    declaration = DECLARATION.match(ours)
    assert declaration is not None and declaration.group().replace(b'"', b"'") == \
        DECLARATION.match(reference).group().replace(b'"', b"'"), name  # type: ignore[union-attr]
    assert namespaces(ours) == namespaces(reference), name
    mine, theirs = canonicalize(ours.decode("utf-8")), canonicalize(reference.decode("utf-8"))
    if mine != theirs:  # the place of the first difference, rather than two 300 KB strings
        at = next((i for i, (a, b) in enumerate(zip(mine, theirs, strict=False)) if a != b),
                  min(len(mine), len(theirs)))
        pytest.fail(f"{name} differs at {at}:\n ours:      {mine[max(at - 200, 0):at + 200]}\n"
                    f" reference: {theirs[max(at - 200, 0):at + 200]}")


def assert_same_package(ours: bytes, reference: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(ours)) as mine, zipfile.ZipFile(io.BytesIO(reference)) as theirs:
        assert mine.namelist() == theirs.namelist()
        assert mine.testzip() is None
        for name in mine.namelist():
            assert_same_part(name, mine.read(name), theirs.read(name))


def both(function: str, *args: Any, **kwargs: Any) -> tuple[bytes, bytes]:
    ours = {"render_consolidated_docx": render_consolidated_docx, "render_reminder_docx": render_reminder_docx}
    return ours[function](*args, **kwargs), getattr(docx_reference, function)(*args, **kwargs)


# ---- the parts shipped as they are ----------------------------------------------------------------

def test_the_shipped_template_parts_are_what_python_docx_writes_after_our_style_changes() -> None:
    with zipfile.ZipFile(resources_dir() / "docx" / docx.TEMPLATE) as shipped:
        assert sorted(shipped.namelist()) == sorted(docx_reference.STATIC_PARTS)
        for name, data in docx_reference.static_parts().items():
            assert_same_part(name, shipped.read(name), data)
    licence = (resources_dir() / "docx" / "LICENSE-python-docx.txt").read_text(encoding="utf-8")
    assert "Copyright (c) 2013 Steve Canny" in licence and "MIT" in licence


# ---- documents made to reach every construct --------------------------------------------------------

@pytest.mark.parametrize("org", range(len(docx_cases.ISSUERS)))
@pytest.mark.parametrize("signer", range(len(docx_cases.SIGNERS)))
@pytest.mark.parametrize("recipients", range(len(docx_cases.RECIPIENTS)))
def test_the_consolidated_report_is_the_reference_document(org: int, signer: int, recipients: int) -> None:
    report = docx_cases.feature_report(long_rows=30)
    assert_same_package(*both("render_consolidated_docx", report, docx_cases.ISSUERS[org],
                              signer=docx_cases.SIGNERS[signer], recipients=docx_cases.RECIPIENTS[recipients]))


def test_a_long_table_over_several_chunks_and_a_portrait_only_report() -> None:
    report = docx_cases.feature_report(long_rows=4100)  # three of the reference's 2,000-row chunks
    assert_same_package(*both("render_consolidated_docx", report, issuer()))
    assert_same_package(*both("render_consolidated_docx", docx_cases.portrait_report(), issuer()))


@pytest.mark.parametrize("case", [name for name, _letter in docx_cases.letters()])
def test_the_reminder_letter_is_the_reference_document(case: str) -> None:
    letter = dict(docx_cases.letters())[case]
    assert_same_package(*both("render_reminder_docx", letter, title="Công văn đôn đốc & <kỳ>"))
    assert_same_package(*both("render_reminder_docx", letter))


# ---- the fixtures of the consolidation tests ----------------------------------------------------------

def test_a_full_round_is_the_reference_document(round_scenario: RoundScenario) -> None:  # noqa: F811
    with Store.open(round_scenario.store, readonly=True) as store:
        report, _states = round_report(store, parse_round(str(round_scenario.year), store))
        organization = issuer(store)
    assert report.annexes and len(report.tables()) > 5
    ours, reference = both("render_consolidated_docx", report, organization)
    assert_same_package(ours, reference)
    package = zipfile.ZipFile(io.BytesIO(ours))
    document = package.read("word/document.xml").decode("utf-8")
    assert 'w:orient="landscape"' in document and "<w:tblHeader" in document and "<w:titlePg/>" in document
    assert b'w:instr="PAGE"' in package.read("word/header2.xml")


def test_the_province_consolidation_is_the_reference_document(imported: tuple[Path, Any], scenario: Scenario) -> None:
    with Store.open(imported[0], readonly=True) as store:
        report = consolidate(store, scenario.period, "ct20.province")
        organization = issuer(store)
    assert_same_package(*both("render_consolidated_docx", report, organization))


# ---- what python-docx refused --------------------------------------------------------------------------

def test_text_python_docx_refused_is_cleaned_and_the_file_still_opens() -> None:
    """A signer's title, the issuer's place, a subject or a letter's lines went to python-docx
    without display_text: a control character raised ValueError and stopped the whole
    consolidation. Our writer drops what XML cannot carry wherever the text comes from."""
    report = docx_cases.portrait_report()
    report.subject = "Tổng hợp\x01 " + "dài " * 100  # and over python-docx's 255-character limit of a title
    signer = {"authority": "none", "signer_title": "CỤC\x0b TRƯỞNG"}
    org = docx_cases.ISSUERS[0]
    with pytest.raises(ValueError):
        docx_reference.render_consolidated_docx(report, org, signer=signer)
    data = render_consolidated_docx(report, org, signer=signer)
    document = Document(io.BytesIO(data))
    assert "CỤC TRƯỞNG" in [p.text for p in document.tables[-1].rows[0].cells[1].paragraphs]
    assert document.core_properties.title.startswith("Báo cáo tổng hợp dài")
    assert len(document.core_properties.title) == docx.CORE_PROPERTY_LIMIT
    letter = dict(docx_cases.letters())["several"]
    letter = type(letter)(**{**letter.__dict__, "signer": ["KT.\x02 CỤC TRƯỞNG"], "dateline": "Hà Nội\x1f"})
    text = "\n".join(p.text for table in Document(io.BytesIO(render_reminder_docx(letter))).tables
                     for row in table.rows for cell in row.cells for p in cell.paragraphs)
    assert "KT. CỤC TRƯỞNG" in text and "Hà Nội" in text and "\x02" not in text


def test_the_same_report_gives_the_same_bytes() -> None:
    report = docx_cases.feature_report(long_rows=10)
    assert render_consolidated_docx(report, issuer()) == render_consolidated_docx(report, issuer())


def test_escaping_and_run_content_follow_python_docx() -> None:
    assert docx.run_content(" a\tb\r\nc ") == ('<w:t xml:space="preserve"> a</w:t><w:tab/><w:t>b</w:t><w:br/>'
                                               '<w:br/><w:t xml:space="preserve">c </w:t>')
    assert docx.cell_content("a\t\nb") == '<w:t xml:space="preserve">a</w:t><w:tab/><w:br/><w:t xml:space="preserve">b</w:t>'
    assert docx.escape('<&>"\x01\ud800') == "&lt;&amp;&gt;&quot;"
    assert docx.run("") == "<w:r><w:rPr/></w:r>" and docx.paragraph() == "<w:p/>"
