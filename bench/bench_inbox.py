"""How fast the Inbox takes in packages: `python bench/bench_inbox.py [--count 60] [--rows 2000] [--signer rsa|ec]`.

Makes `count` distinct, genuinely signed province packages (test PKI) of real size: each data file
has `rows` cluster rows (2,000, the form's largest, about 860 KB a package) and the PDF is the
report drawn by the exporter's renderer from the same values (drawn once; signed for each
package with its own data file embedded). `--rows 0` makes the small 44 KB packages of old.
Then it measures in the same
run: the import with full verification into a fresh store (container safety, CAdES over the
manifest, manifest digests, PAdES of the PDF with the embedded data, JSON schema and registry, the
store's transaction), the same folder imported again (every file a duplicate), and bare pyHanko
validation of the same PDFs (`validate_pdf_signature` with the same trusted root), the floor under
which package verification cannot go. Prints figures, passes or fails nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from asn1crypto import cms
from figures import Figure, publish
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import async_validate_detached_cms, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from desktop.inbox.importer import import_packages
from desktop.signing.signers import open_p12, to_asn1
from desktop.store import Store
from tests.inbox.helpers import bulk_packages, ec_signer, pin_for_provinces
from tests.inbox.scenario import reporting_year
from tests.pki import build_pki


def _context(root) -> ValidationContext:  # type: ignore[no-untyped-def]
    return ValidationContext(trust_roots=[to_asn1(root)], allow_fetching=False, revocation_mode="soft-fail")


def bare_validation(paths: list[Path], root) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Seconds for pyHanko alone to validate the PDF signature of every package, and the
    container's CAdES signature over the manifest."""
    archives = [zipfile.ZipFile(path) for path in paths]
    pdfs = [archive.read("bao-cao.pdf") for archive in archives]
    start = time.perf_counter()
    for pdf in pdfs:
        signature = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures[0]
        status = validate_pdf_signature(signature, signer_validation_context=_context(root))
        assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    pdf_seconds = time.perf_counter() - start
    containers = [(a.read("META-INF/ASiCManifest001.xml"), a.read("META-INF/signature001.p7s")) for a in archives]
    start = time.perf_counter()
    for manifest, signature in containers:
        signed_data = cms.ContentInfo.load(signature)["content"]
        status = asyncio.run(async_validate_detached_cms(manifest, signed_data,
                                                         signer_validation_context=_context(root)))
        assert status.intact and status.valid and status.trusted
    return pdf_seconds, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--rows", type=int, default=2000, help="cluster rows per package; 0: small packages")
    parser.add_argument("--signer", choices=("rsa", "ec"), default="rsa",
                        help="RSA-2048 as most tokens, or ECDSA P-256")
    parser.add_argument("--dir", type=Path, help="where to put the packages and the store (default: a temp dir)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        work = Path(folder)
        pki = build_pki(work / "pki")
        assert pki.signer.p12_path is not None
        signer = open_p12(pki.signer.p12_path, pki.signer.password) if args.signer == "rsa" else ec_signer(pki, work)
        start = time.perf_counter()
        paths = bulk_packages(signer, work / "inbox", args.count, reporting_year(), rows=args.rows or None)
        making = time.perf_counter() - start
        size = sum(path.stat().st_size for path in paths) / len(paths)

        with Store.open(work / "atmt.sqlite3") as store:
            pin_for_provinces(store, signer.certificate)  # one test signer reports for every province
            start = time.perf_counter()
            first = import_packages(store, [work / "inbox"], trust_paths=[pki.root_pem])
            importing = time.perf_counter() - start
            start = time.perf_counter()
            again = import_packages(store, [work / "inbox"], trust_paths=[pki.root_pem])
            duplicates = time.perf_counter() - start
        assert first.all_valid and first.count("imported") == args.count, [i.problems for i in first.items]
        assert again.count("duplicate") == args.count
        bare_pdf, bare_cades = bare_validation(paths, pki.root.cert)

    n = args.count
    rows = f"{args.rows} cluster rows" if args.rows else "the small example"
    print(f"packages: {n} ct20.province ({rows}), {args.signer.upper()} signer, {size / 1024:.0f} KB each "
          f"(made in {making:.1f} s)")
    print(f"import with verification:   {importing:7.2f} s  {n / importing:7.1f} packages/s  "
          f"{1000 * importing / n:6.1f} ms each")
    print(f"import again (duplicates):  {duplicates:7.2f} s  {n / duplicates:7.1f} packages/s")
    both = bare_pdf + bare_cades
    print(f"bare pyHanko, PDF (PAdES):  {bare_pdf:7.2f} s  {n / bare_pdf:7.1f} PDFs/s      "
          f"{1000 * bare_pdf / n:6.1f} ms each")
    print(f"bare pyHanko, container:    {bare_cades:7.2f} s  {n / bare_cades:7.1f} CAdES/s     "
          f"{1000 * bare_cades / n:6.1f} ms each")
    print(f"ratio import / bare PDF:    {importing / bare_pdf:7.2f}")
    print(f"ratio import / both bare:   {importing / both:7.2f}  (the two signatures every package carries)")
    print(f"goal: >= 20 packages/s: {'met' if n / importing >= 20 else 'NOT met'} ({n / importing:.1f}/s)")
    publish([Figure("import one package (read, verify, record)", 1000 * importing / n, "ms",
                    "bare pyHanko validation of its PAdES + CAdES signatures", 1000 * both / n),
             Figure("import one package again (a duplicate)", 1000 * duplicates / n, "ms")],
            title="Inbox import", setup=f"{n} distinct signed packages of {rows}, {args.signer.upper()} signer, "
                                        f"{size / 1024:.0f} KB each")


if __name__ == "__main__":
    main()
