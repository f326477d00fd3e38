"""How long verifying one real package takes: `python bench/bench_verify.py [--rows 2000] [--runs 10]`.

A province report with 2,000 cluster rows is exported with a .p12 signer (test PKI), a trusted
timestamp token is added to its container signature, and the package is verified `runs` times the
way `ct20 verify` and the Inbox do (container safety, CAdES with proven time, revocation from a
CRL, purposes, manifest, PAdES with the embedded data, JSON schema), with the built-in Vietnamese
intermediates offered for path building. In the same run the floor: bare pyHanko validation of the
same two signatures (the PDF's and the container's) against the same root. Prints figures, passes
or fails nothing.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bare_validation import validate_both
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from figures import Figure, publish

from desktop.export.service import P12Signer, export_report
from desktop.package import fastnames, hexstrings
from desktop.package.datacheck import data_file_check
from desktop.package.roots import make_trust
from desktop.package.verify import verify_package
from desktop.reporting.reports import create_report
from desktop.signing.signers import to_asn1
from desktop.store import Store
from tests.export.reports import large_province_values
from tests.package.helpers import add_timestamp, stamper
from tests.pki import build_pki


def bare(package: bytes, root) -> float:  # type: ignore[no-untyped-def]
    """Seconds for pyHanko alone to validate the PDF's and the container's signatures: pyHanko as
    it comes (its reader of hex strings and asn1crypto's comparison of names, not ours)."""
    hexstrings.uninstall()
    fastnames.uninstall()
    try:
        return _bare(package, root)
    finally:
        hexstrings.install()
        fastnames.install()


def _bare(package: bytes, root) -> float:  # type: ignore[no-untyped-def]
    archive = zipfile.ZipFile(io.BytesIO(package))
    pdf, manifest = archive.read("bao-cao.pdf"), archive.read("META-INF/ASiCManifest001.xml")
    signature = archive.read("META-INF/signature001.p7s")
    start = time.perf_counter()

    validate_both(pdf, manifest, signature, to_asn1(root))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        pki = build_pki(work / "pki")
        assert pki.signer.p12_path is not None
        with Store.open(work / "bench.sqlite3") as store:
            report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
            store.save_values(report_id, large_province_values(args.rows))
            result = export_report(store, report_id, work / "out", P12Signer(pki.signer.p12_path, pki.signer.password))
        package = add_timestamp(result.package_path.read_bytes(), stamper(pki.tsa))
        crl = x509.load_pem_x509_crl(pki.crl_pem.read_bytes()).public_bytes(Encoding.DER)
        trust = make_trust([pki.root.cert], crls=[crl])  # + the bundled Vietnamese intermediates
        check = data_file_check()
        verify_package(package, trust=trust, schema_check=check)  # warm-up: imports, schema compilation
        ours, signatures_only, floor = [], [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            verified = verify_package(package, trust=trust, schema_check=check)
            ours.append(time.perf_counter() - start)
            assert verified.status == "valid" and verified.timestamped, verified.problems
            start = time.perf_counter()
            verify_package(package, trust=trust)  # everything but the JSON schema of the form
            signatures_only.append(time.perf_counter() - start)
            floor.append(bare(package, pki.root.cert))

    ours_s, floor_s = sorted(ours)[len(ours) // 2], sorted(floor)[len(floor) // 2]
    no_schema_s = sorted(signatures_only)[len(signatures_only) // 2]
    print(f"package: ct20.province, {args.rows} cluster rows, {len(package) / 1024:.0f} KB, B-T, with a CRL")
    print(f"verify_package (median of {args.runs}):  {1000 * ours_s:8.1f} ms  (goal < 1000 ms)")
    print(f"  of which without the JSON schema:  {1000 * no_schema_s:8.1f} ms")
    print(f"bare pyHanko, PDF + container:       {1000 * floor_s:8.1f} ms")
    print(f"ratio:                               {ours_s / floor_s:8.2f}")
    publish([Figure(f"verify a {args.rows}-row package (B-T, CRL)", 1000 * ours_s, "ms",
                    "bare pyHanko validation of its PAdES + CAdES signatures", 1000 * floor_s),
             Figure("the same without the form's JSON schema check", 1000 * no_schema_s, "ms",
                    "bare pyHanko validation of its PAdES + CAdES signatures", 1000 * floor_s)],
            title="Verification", setup=f"{args.rows} cluster rows, {len(package) / 1024:.0f} KB, {args.runs} runs")


if __name__ == "__main__":
    main()
