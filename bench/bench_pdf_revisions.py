"""How long the app takes to verify a signed PDF followed by many incremental revisions (a hostile
attachment), standalone (`verify_pdf`, as `ct20 verify` and the PDF checker) and inside a package
(`verify_package`, as the Inbox import).

    python bench/bench_pdf_revisions.py [--xmp 200] [--elements N] [--fill] [--stamps N] [--trivial 2000]

--xmp 0 --fill: as many XMP revisions as the limit allows (pdfrevisions.MAX_PDF_REVISIONS),
each a packet of --elements (default: as many as fit in 4 MiB; xmp.MAX_NODES - 1 is the most
the app parses through).

Wall-clock seconds (and the peak RSS of the process at the end); one run each, the machine is noisy.
The floor, in the same run: the same check of a genuine signed report (signature, B-LT validation
data, document timestamp); a hostile file should cost no more than that.
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


def _timed(label: str, run) -> tuple[float, str]:  # type: ignore[no-untyped-def]
    from desktop.package import diffpolicy

    diffpolicy._VERDICTS.clear()  # as in a fresh process: no XMP verdict of an earlier run reused
    start = time.perf_counter()
    outcome = run()
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label}: {elapsed:.2f} s, peak RSS {peak:.0f} MB -> {outcome}", flush=True)
    return elapsed, outcome


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--xmp", type=int, default=200, help="revisions each rewriting /Metadata (4 MiB packets)")
    parser.add_argument("--trivial", type=int, default=2000, help="revisions that change nothing")
    parser.add_argument("--elements", type=int, default=0, help="elements per XMP packet (default: 4 MiB of them)")
    parser.add_argument("--fill", action="store_true", help="XMP revisions up to the revision limit exactly")
    parser.add_argument("--stamps", type=int, default=0, help="document timestamps right after the signature")
    args = parser.parse_args()

    from figures import Figure, publish

    from desktop.package import asic
    from desktop.package.pdfrevisions import MAX_PDF_REVISIONS
    from desktop.package.pdfverify import verify_pdf
    from desktop.package.verify import verify_package
    from desktop.signing import pdfsign
    from desktop.signing.xmp import MAX_NODES
    from tests.export.helpers import SIGNATURE_BOX, data_json, report_pdf
    from tests.package import pdfrevs, pdfs
    from tests.package.helpers import forced_signer
    from tests.pki import build_pki

    pki = build_pki(Path(tempfile.mkdtemp(prefix="pdfrevs-pki-")))
    opened = forced_signer(pki.signer)
    data = data_json()
    signed = pdfsign.sign_pdf(report_pdf(), opened, SIGNATURE_BOX, data_json=data).data
    genuine = "a genuine signed report (signed + B-LT + document timestamp)"
    cases: list[tuple[str, bytes]] = [(genuine, pdfs.augment(signed, pki))]
    for _ in range(args.stamps):  # each one's difference analysis runs over every later revision
        signed = pdfs.document_timestamp(signed, pki)
    if args.stamps and not (args.xmp or args.fill):
        cases.append((f"signature + {args.stamps} document timestamps", signed))
    if args.fill:
        from desktop.package.pdfrevisions import read_pdf

        args.xmp = MAX_PDF_REVISIONS - read_pdf(signed).total_revisions
    if args.xmp:
        start = time.perf_counter()
        pdf = pdfrevs.with_xmp_revisions(signed, args.xmp, elements=args.elements or pdfrevs.HOSTILE_ELEMENTS)
        print(f"built {args.xmp} XMP revisions ({len(pdf) >> 10} KiB) in {time.perf_counter() - start:.1f} s")
        cases.append((f"{args.xmp} XMP revisions", pdf))
    # the worst the limits let through: every revision the limit allows rewrites the XMP with a
    # distinct packet of one node under xmp.MAX_NODES, each parsed to the end
    from desktop.package.pdfrevisions import read_pdf as _read

    room = MAX_PDF_REVISIONS - _read(signed).total_revisions
    cases.append((f"{room} XMP revisions of {MAX_NODES - 1:,} nodes (the most the limits let through)",
                  pdfrevs.with_xmp_revisions(signed, room, elements=MAX_NODES - 2)))  # + root and comment
    if args.trivial:
        pdf = pdfrevs.with_trivial_revisions(signed, args.trivial)
        print(f"built {args.trivial} trivial revisions ({len(pdf) >> 10} KiB)")
        cases.append((f"{args.trivial} trivial revisions", pdf))
    times: dict[tuple[str, str], tuple[float, str]] = {}
    for label, pdf in cases:
        times["standalone", label] = _timed(
            f"verify_pdf, {label}", lambda pdf=pdf: _pdf_verdict(verify_pdf(pdf, trust_roots=[pki.root.cert])))
        package = asic.build_package(pdf, data, [], opened).data
        folder = Path(tempfile.mkdtemp(prefix="pdfrevs-"))
        (folder / "p.asice").write_bytes(package)
        times["package", label] = _timed(
            f"verify_package, {label}",
            lambda folder=folder: _package_verdict(verify_package(folder / "p.asice", trust_roots=[pki.root.cert])))
    figures = []
    for (kind, label), (seconds, outcome) in times.items():
        if label == genuine:
            continue
        where = "the PDF checker / ct20 verify" if kind == "standalone" else "the package check (Inbox import)"
        figures.append(Figure(f"{where}: {label}", seconds * 1000, "ms", f"the same check of {genuine}",
                              times[kind, genuine][0] * 1000, note=f"verdict {outcome.split(':')[0]}"))
    publish(figures, title="Hostile PDFs: many incremental revisions",
            setup=f"revisions allowed: {MAX_PDF_REVISIONS}; XMP nodes allowed: {MAX_NODES}")


def _pdf_verdict(result) -> str:  # type: ignore[no-untyped-def]
    return f"{result.status}: {[p.render('en') for p in result.problems][:2]}"


def _package_verdict(result) -> str:  # type: ignore[no-untyped-def]
    return f"{result.status}: {[p.render('en') for p in result.problems][:2]}"


if __name__ == "__main__":
    main()
