"""How long the app takes to verify a signed PDF followed by many incremental revisions (a hostile
attachment), standalone (`verify_pdf`, as `ct20 verify` and the PDF checker) and inside a package
(`verify_package`, as the Inbox import).

    python bench/bench_pdf_revisions.py [--xmp 200] [--elements N] [--fill] [--stamps N] [--trivial 2000] [--legit]

--xmp 0 --fill: as many XMP revisions as the limit allows (pdfrevisions.MAX_PDF_REVISIONS),
each a packet of --elements (default: as many as fit in 4 MiB; xmp.MAX_NODES - 1 is the most
the app parses through).

Wall-clock seconds (and the peak RSS of the process at the end); one run each, the machine is noisy.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _timed(label: str, run) -> None:  # type: ignore[no-untyped-def]
    from desktop.package import diffpolicy

    diffpolicy._VERDICTS.clear()  # as in a fresh process: no XMP verdict of an earlier run reused
    start = time.perf_counter()
    outcome = run()
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label}: {elapsed:.2f} s, peak RSS {peak:.0f} MB -> {outcome}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--xmp", type=int, default=200, help="revisions each rewriting /Metadata (4 MiB packets)")
    parser.add_argument("--trivial", type=int, default=2000, help="revisions that change nothing")
    parser.add_argument("--elements", type=int, default=0, help="elements per XMP packet (default: 4 MiB of them)")
    parser.add_argument("--fill", action="store_true", help="XMP revisions up to the revision limit exactly")
    parser.add_argument("--stamps", type=int, default=0, help="document timestamps right after the signature")
    parser.add_argument("--legit", action="store_true", help="also a signed + B-LT + document timestamp PDF")
    args = parser.parse_args()

    from desktop.package import asic
    from desktop.package.pdfverify import verify_pdf
    from desktop.package.verify import verify_package
    from desktop.signing import pdfsign
    from tests.export.helpers import SIGNATURE_BOX, data_json, report_pdf
    from tests.package import pdfrevs, pdfs
    from tests.package.helpers import forced_signer
    from tests.pki import build_pki

    pki = build_pki(Path(tempfile.mkdtemp(prefix="pdfrevs-pki-")))
    opened = forced_signer(pki.signer)
    data = data_json()
    signed = pdfsign.sign_pdf(report_pdf(), opened, SIGNATURE_BOX, data_json=data).data
    cases: list[tuple[str, bytes]] = []
    if args.legit:
        cases.append(("signed + B-LT + document timestamp", pdfs.augment(signed, pki)))
    for _ in range(args.stamps):  # each one's difference analysis runs over every later revision
        signed = pdfs.document_timestamp(signed, pki)
    if args.stamps and not (args.xmp or args.fill):
        cases.append((f"signature + {args.stamps} document timestamps", signed))
    if args.fill:
        from desktop.package.pdfrevisions import MAX_PDF_REVISIONS, read_pdf

        args.xmp = MAX_PDF_REVISIONS - read_pdf(signed).total_revisions
    if args.xmp:
        start = time.perf_counter()
        pdf = pdfrevs.with_xmp_revisions(signed, args.xmp, elements=args.elements or pdfrevs.HOSTILE_ELEMENTS)
        print(f"built {args.xmp} XMP revisions ({len(pdf) >> 10} KiB) in {time.perf_counter() - start:.1f} s")
        cases.append((f"{args.xmp} XMP revisions", pdf))
    if args.trivial:
        pdf = pdfrevs.with_trivial_revisions(signed, args.trivial)
        print(f"built {args.trivial} trivial revisions ({len(pdf) >> 10} KiB)")
        cases.append((f"{args.trivial} trivial revisions", pdf))
    for label, pdf in cases:
        _timed(f"verify_pdf, {label}", lambda pdf=pdf: _pdf_verdict(verify_pdf(pdf, trust_roots=[pki.root.cert])))
        package = asic.build_package(pdf, data, [], opened).data
        folder = Path(tempfile.mkdtemp(prefix="pdfrevs-"))
        (folder / "p.asice").write_bytes(package)
        _timed(f"verify_package, {label}",
               lambda folder=folder: _package_verdict(verify_package(folder / "p.asice", trust_roots=[pki.root.cert])))


def _pdf_verdict(result) -> str:  # type: ignore[no-untyped-def]
    return f"{result.status}: {[p.render('en') for p in result.problems][:2]}"


def _package_verdict(result) -> str:  # type: ignore[no-untyped-def]
    return f"{result.status}: {[p.render('en') for p in result.problems][:2]}"


if __name__ == "__main__":
    main()
