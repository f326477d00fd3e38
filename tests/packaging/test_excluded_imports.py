"""What packaging/ct20.spec excludes is really never needed: with those modules made unimportable
(tests/packaging/block_excluded.py), every module of the app imports and the libraries' parts the
app uses still work (pictures, PDF tables, an HTTP fetch through aiohttp's client, an Outlook
.msg file, our DOCX and openpyxl's XLSX files). The features' own tests run the same way with
`python -m pytest -p tests.packaging.block_excluded ...` (see packaging/README.md).
"""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from tests.packaging import block_excluded

ROOT = Path(__file__).resolve().parents[2]


def test_what_the_tests_may_import_is_excluded_from_the_bundle_too():
    excludes = set(block_excluded.spec_excludes())
    assert excludes >= block_excluded.TOOLING, sorted(block_excluded.TOOLING - excludes)


def test_the_blocker_refuses_an_excluded_module_and_its_submodules():
    finder = block_excluded.ExcludedFinder(["aiohttp.web", "charset_normalizer"])
    with pytest.raises(ModuleNotFoundError):
        finder.find_spec("charset_normalizer.md")
    with pytest.raises(ModuleNotFoundError):
        finder.find_spec("aiohttp.web")
    assert finder.find_spec("aiohttp.web_app") is None  # a sibling is not a submodule
    assert finder.find_spec("aiohttp.client") is None
    assert finder.refused == {"charset_normalizer.md", "aiohttp.web"}


def test_newly_excluded_parts_of_libraries_are_blocked():
    blocked = block_excluded.blocked_names()
    for name in ("PIL", "reportlab.graphics", "aiohttp.web", "aiohttp.web_urldispatcher",
                 "charset_normalizer", "cffi"):  # (lxml is tooling now: the tests read DOCX with python-docx)
        assert name in blocked


_PROGRAM = textwrap.dedent(r'''
    import asyncio, io, pkgutil, sys, threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from tests.packaging import block_excluded
    finder = block_excluded.install()

    import desktop
    failed = []
    for info in pkgutil.walk_packages(desktop.__path__, "desktop."):
        try:
            __import__(info.name)
        except Exception as exc:
            failed.append(f"{info.name}: {type(exc).__name__}: {exc}")
    assert not failed, failed

    # Pillow: the bundle has our stand-in (packaging/standins/PIL), which refuses every picture
    import PIL
    from PIL import Image
    assert PIL.__version__.endswith("standin") and "packaging" in Image.__file__, Image.__file__
    try:
        Image.open(io.BytesIO(PICTURE))
    except OSError as refused:
        assert "cannot identify image file" in str(refused)
    else:
        raise AssertionError("the stand-in opened a picture")
    try:
        import PIL.ImageOps
    except ModuleNotFoundError:
        pass  # nothing of Pillow but the stand-in's two modules
    else:
        raise AssertionError("a Pillow module beside the stand-in was imported")
    # reportlab reports a picture as bad; openpyxl leaves it out of a workbook and reads the rest
    from reportlab.lib.utils import ImageReader
    try:
        ImageReader(io.BytesIO(PICTURE))
    except OSError:
        pass
    else:
        raise AssertionError("reportlab read a picture without Pillow")
    import warnings, openpyxl
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book = openpyxl.load_workbook(io.BytesIO(WORKBOOK_WITH_PICTURE))
    assert book.active["A1"].value == "Hà Nội" and book.active._images == []
    assert any("will be removed because it cannot be read" in str(w.message) for w in caught), caught

    # reportlab: a paragraph and a table, the only flowables the app draws
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table
    pdf = io.BytesIO()
    SimpleDocTemplate(pdf).build([Paragraph("Báo cáo", ParagraphStyle("n")), Table([["a", "1"], ["b", "2"]])])
    assert pdf.getvalue().startswith(b"%PDF")

    # aiohttp's client, as pyHanko's fetchers use it (OCSP, CRL, certificates when online)
    from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend
    import aiohttp

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/pkix-crl")
            self.send_header("Content-Length", "4")
            self.end_headers()
            self.wfile.write(b"\x30\x02\x05\x00")

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    async def fetch():
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{server.server_port}/ca.crl") as response:
                return await response.read()

    assert asyncio.run(fetch()) == b"\x30\x02\x05\x00"
    server.shutdown()
    assert AIOHttpFetcherBackend().get_fetchers() is not None

    # pyHanko: signing and validation modules (timestamps import aiohttp's client)
    import pyhanko.sign, pyhanko.sign.validation, pyhanko.sign.timestamps, pyhanko.sign.pkcs11
    # (not pyhanko.pdf_utils.metadata.xmp_xml, lxml's: the app reads and writes XMP itself,
    # desktop/signing/xmp.py, and checks it with desktop/package/diffpolicy.py)

    # An Outlook .msg file read by the app's own reader; extract-msg and what it brings stay out
    from desktop.inbox.msgfile import read_msg
    from tests.inbox.msgwriter import MsgAttachment, MsgMessage, write_msg
    message = write_msg(MsgMessage(attachments=[MsgAttachment("BC.asice", b"PK goi")]))
    extract_msg_modules = ("extract_msg", "RTFDE", "lark", "bs4", "soupsieve", "compressed_rtf", "ebcdic",
                           "red_black_dict_mod", "red_black_set_mod")
    for name in [name for name in sys.modules if name.split(".")[0] in extract_msg_modules]:
        del sys.modules[name]  # (the test's own writer imports extract-msg)
    assert read_msg(message).packages == [("BC.asice", b"PK goi")]
    assert not [name for name in sys.modules if name.split(".")[0] in extract_msg_modules]

    # Our Word draft (no python-docx, no lxml: tests/test_layers.py), read back with the standard
    # library; python-docx is tooling (the tests read drafts with it) and nothing of the app loads it.
    # openpyxl writes and reads with its own XML modules once lxml is excluded
    import datetime, zipfile
    import xml.etree.ElementTree as ET
    import openpyxl
    from desktop.forms import Period
    from desktop.inbox.model import Consolidated, Part
    from desktop.inbox.pdf_doc import issuer
    from desktop.inbox.render_docx import render_consolidated_docx
    report = Consolidated("ct20.province", "2025.1", Period.parse("2025"), "Tổng hợp", datetime.date(2025, 11, 20),
                          [Part("I. PHẦN", ["Đoạn văn"])], 1, intro="Mở đầu", closing="Kết thúc")
    with zipfile.ZipFile(io.BytesIO(render_consolidated_docx(report, issuer()))) as package:
        body = ET.fromstring(package.read("word/document.xml"))
    texts = [t.text for t in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")]
    assert "Tổng hợp" in texts and "Đoạn văn" in texts, texts
    assert not [name for name in sys.modules if name.split(".")[0] == "docx"]
    book = openpyxl.Workbook(); book.active["A1"] = "Hà Nội"
    out = io.BytesIO(); book.save(out)
    assert openpyxl.load_workbook(io.BytesIO(out.getvalue())).active["A1"].value == "Hà Nội"

    print("refused:", ",".join(sorted(finder.refused)))
''')


def _picture_and_workbook() -> tuple[bytes, bytes]:
    """A workbook holding a PNG (tests/data/picture-workbook.xlsx, made once by openpyxl with the
    real Pillow: 8x8 red pixels at B2, "Hà Nội" in A1), and that PNG: no Pillow needed here, so
    that this test also runs under the blocker."""
    workbook = (ROOT / "tests" / "data" / "picture-workbook.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        picture = archive.read("xl/media/image1.png")
    assert picture.startswith(b"\x89PNG\r\n")
    return picture, workbook


def test_the_app_and_the_libraries_parts_it_uses_work_without_the_excluded_modules():
    picture, workbook = _picture_and_workbook()
    program = f"PICTURE = {picture!r}\nWORKBOOK_WITH_PICTURE = {workbook!r}\n" + _PROGRAM
    proc = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=600, env={**__import__("os").environ,
                                                              "QT_QPA_PLATFORM": "offscreen",
                                                              "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert proc.stdout.startswith("refused:"), proc.stdout


def test_modules_named_in_the_environment_are_blocked_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(block_excluded.EXTRA_VARIABLE, " lxml, docx ,")
    assert block_excluded.extra_names() == ["lxml", "docx"]
    assert {"lxml", "docx"} <= set(block_excluded.blocked_names())
    assert "lxml" not in block_excluded.blocked_names(["PIL.ImageQt"])  # an explicit list is the list
    monkeypatch.setenv(block_excluded.EXTRA_VARIABLE, "pytest")
    assert "pytest" in block_excluded.blocked_names()  # asked for: blocked even when it is tooling
    monkeypatch.delenv(block_excluded.EXTRA_VARIABLE)
    assert "docx" not in block_excluded.blocked_names()


def test_blocked_forgets_the_modules_that_imported_a_blocked_one_and_restores_them() -> None:
    import json as before
    import json.decoder
    with block_excluded.blocked(["json.decoder"]) as finder:
        assert "json.decoder" not in sys.modules and "json" not in sys.modules  # json imported it at its top
        with pytest.raises(ImportError):
            import json
        assert finder.refused >= {"json.decoder"}
    import json as after
    assert after is before and sys.modules["json.decoder"] is json.decoder
