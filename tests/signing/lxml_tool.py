"""pyHanko with lxml, as another tool on another computer: run in its own process (`run`), never
under the blocker of tests/packaging/block_excluded.py, so the app's code in the test process
can be checked without lxml while this side keeps pyHanko's own lxml-based XMP code.

    python -m tests.signing.lxml_tool read PDF                 the XMP (pyHanko's reader) and the Info dictionary
    python -m tests.signing.lxml_tool edit IN OUT SUBJECT      a revision that changes the subject (XMP and Info)
    python -m tests.signing.lxml_tool sign IN OUT P12 PASSWORD a second signature, in a new field
    python -m tests.signing.lxml_tool verdicts PDF ROOT_PEM    pyHanko's verdict on each signature
    python -m tests.signing.lxml_tool syntax                   pyHanko's XMP check on tests/signing/xmp_cases.py
    python -m tests.signing.lxml_tool parse XMP                pyHanko's reading of an XMP packet (reprs)
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, timeout: int = 300) -> Any:
    """The tool's JSON answer (a fresh interpreter: lxml importable, whatever the test process blocks)."""
    env = {key: value for key, value in os.environ.items() if key != "CT20_BLOCK_EXTRA"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-m", "tests.signing.lxml_tool", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout)


def _text(value: Any) -> Any:
    """A value of pyHanko's XMP model as plain JSON: text, or the first entry of an array."""
    from pyhanko.pdf_utils.metadata import model

    inner = value.value
    if isinstance(inner, model.XmpArray):
        return _text(inner.entries[0]) if inner.entries else None
    return str(inner)


def read(path: str) -> dict:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.metadata import model, xmp_xml
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(Path(path).read_bytes()), strict=False)
    stream = reader.root["/Metadata"]
    assert isinstance(stream, xmp_xml.MetadataStream), type(stream)  # read as XMP by pyHanko itself
    fields = {key: value for root in stream.xmp for key, value in root}
    name = {f"{prefix}:{key.local_name}": key for key in fields
            for prefix, uri in model.NS.items() if uri == key.ns}
    xmp = {short: _text(fields[key]) for short, key in name.items() if short != "rdf:about"}
    meta = xmp_xml.meta_from_xmp(stream.xmp)
    xmp["meta.created"] = meta.created.isoformat() if meta.created else None
    xmp["meta.last_modified"] = meta.last_modified.isoformat() if meta.last_modified else None
    info = reader.trailer["/Info"]
    plain = {key: str(info[key]) for key in info if key not in ("/CreationDate", "/ModDate")}
    for key in ("/CreationDate", "/ModDate"):
        if key in info:
            plain[key] = generic.parse_pdf_date(info[key], strict=False).isoformat()
    return {"xmp": xmp, "info": plain, "filter": "/Filter" in stream}


def edit(source: str, target: str, subject: str) -> dict:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(Path(source).read_bytes()), strict=False)
    writer.document_meta.subject = subject
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    Path(target).write_bytes(out.getvalue())
    return {"written": len(out.getvalue())}


def sign(source: str, target: str, p12: str, password: str) -> dict:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12(p12, passphrase=password.encode())
    assert signer is not None
    writer = IncrementalPdfFileWriter(io.BytesIO(Path(source).read_bytes()), strict=False)
    meta = signers.PdfSignatureMetadata(field_name="Signature2", subfilter=fields.SigSeedSubFilter.PADES)
    out = asyncio.run(signers.PdfSigner(meta, signer, new_field_spec=fields.SigFieldSpec(
        "Signature2", on_page=0, box=(20, 20, 120, 60))).async_sign_pdf(writer))
    Path(target).write_bytes(out.getvalue())
    return {"written": len(out.getvalue())}


def verdicts(path: str, root_pem: str) -> list[dict]:
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(Path(path).read_bytes()), strict=False)
    context = ValidationContext(trust_roots=[load_cert_from_pemder(root_pem)], allow_fetching=False)
    found = []
    for signature in reader.embedded_signatures:
        status = validate_pdf_signature(signature, context)
        found.append({"field": signature.field_name, "intact": status.intact, "valid": status.valid,
                      "coverage": status.coverage.name,
                      "modification_level": status.modification_level.name if status.modification_level else None,
                      "docmdp_ok": status.docmdp_ok})
    return found


def syntax() -> dict:
    from pyhanko.pdf_utils import generic
    from pyhanko.sign.diff_analysis import MetadataUpdateRule, SuspiciousModification

    from tests.signing.xmp_cases import cases

    found = {}
    for name, data in cases().items():
        try:
            MetadataUpdateRule.is_well_formed_xml(generic.StreamObject(stream_data=data))  # type: ignore[arg-type]
            found[name] = "well-formed"
        except SuspiciousModification:
            found[name] = "suspicious"
    return found


def parse(path: str) -> list[str]:
    from pyhanko.pdf_utils.metadata import xmp_xml

    with open(path, "rb") as handle:
        return [repr(root) for root in xmp_xml.parse_xmp(handle)]


def main(argv: list[str]) -> None:
    import lxml.etree  # noqa: F401 - this side is pyHanko with lxml: fail loudly without it

    command, *args = argv
    answer = {"read": read, "edit": edit, "sign": sign, "verdicts": verdicts, "syntax": syntax,
              "parse": parse}[command](*args)
    print(json.dumps(answer))


if __name__ == "__main__":
    main(sys.argv[1:])
