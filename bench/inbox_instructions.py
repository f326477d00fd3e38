"""Instructions the Inbox executes per imported package, beside its floor's:
`python bench/inbox_instructions.py [--count 10] [--rows 2000]` (valgrind's callgrind; a few minutes).

The packages are bench_inbox.py's: `count` distinct, genuinely signed province packages of `rows`
cluster rows (about 770 KB each), made before valgrind starts. Under callgrind, in one process:
one package imported first and not counted (modules loaded, caches in their steady state, as
after a first import), then the import of the `count` others into a fresh store with full
verification, counted; then the floor, counted per package over the same packages: the ZIP read
by the standard library's zipfile, the data file parsed by json.loads and bare pyHanko validation
of the PDF's PAdES and the container's CAdES signatures against the same root (pyHanko as it
comes, as bench_inbox's floor); and that floor again with our reader of hex strings and
comparison of names (`desktop.package.hexstrings`, `fastnames`), which the import uses.
Counted instead of timed: the counts are the same on a busy shared machine as on an idle one.
An instruction is not a fixed time (SHA-256, zlib and RSA do more per nanosecond than the
interpreter), so the ratio of counts is a guide, not the figure.
Not run by run_all.py.

The process runs itself under callgrind with collection off, switched on around one call
(`operator.call`, which nothing else here calls) and dumped after each.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import operator
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from callgrind_parts import part_counts

CHILD = "CT20_INBOX_INSTRUCTIONS_CHILD"
MARKS = "marks:"


def floor(packages: list[bytes], root, *, as_it_comes: bool = True) -> None:  # type: ignore[no-untyped-def]
    """What any verifier of these packages must do at least: read the ZIP, parse the data file,
    validate the two signatures with pyHanko as it comes (or, not `as_it_comes`, with our reader
    of hex strings and comparison of names, which the import uses)."""
    from bare_validation import validate_both

    from desktop.package import fastnames, hexstrings
    from desktop.signing.signers import to_asn1

    if as_it_comes:
        hexstrings.uninstall()
        fastnames.uninstall()
    try:
        anchor = to_asn1(root)
        for package in packages:
            archive = zipfile.ZipFile(io.BytesIO(package))
            pdf, data = archive.read("bao-cao.pdf"), archive.read("du-lieu.json")
            manifest = archive.read("META-INF/ASiCManifest001.xml")
            signature = archive.read("META-INF/signature001.p7s")
            json.loads(data)

            validate_both(pdf, manifest, signature, anchor, revocation_mode="soft-fail")
    finally:
        hexstrings.install()
        fastnames.install()


def child(folder: Path, count: int) -> None:
    from cryptography import x509

    from desktop.inbox.importer import import_packages
    from desktop.store import Store
    from tests.inbox.helpers import pin_for_provinces

    root_pem = folder / "pki" / "root.pem"
    root = x509.load_pem_x509_certificate(root_pem.read_bytes())
    signer_cert = x509.load_pem_x509_certificate((folder / "signer.pem").read_bytes())
    paths = sorted((folder / "inbox").glob("*.asice"))
    warm, counted = paths[0], paths[1 : count + 1]
    (folder / "first").mkdir()
    (folder / "counted").mkdir()
    shutil.copy(warm, folder / "first")
    for path in counted:
        shutil.copy(path, folder / "counted")
    packages = [path.read_bytes() for path in counted]
    with Store.open(folder / "atmt.sqlite3") as store:
        pin_for_provinces(store, signer_cert)
        first = import_packages(store, [folder / "first"], trust_paths=[root_pem])
        assert first.all_valid, [item.problems for item in first.items]
        floor([warm.read_bytes()], root)  # the floor's modules and caches warmed the same way
        gc.collect()
        done = operator.call(import_packages, store, [folder / "counted"], trust_paths=[root_pem])
        assert done.all_valid and done.count("imported") == len(counted), [item.problems for item in done.items]
        gc.collect()
        operator.call(floor, packages, root)
        floor([warm.read_bytes()], root, as_it_comes=False)
        gc.collect()
        operator.call(floor, packages, root, as_it_comes=False)
    print(MARKS, len(counted))


def make_packages(folder: Path, count: int, rows: int) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding

    from desktop.signing.signers import open_p12
    from tests.inbox.helpers import bulk_packages
    from tests.inbox.scenario import reporting_year
    from tests.pki import build_pki

    pki = build_pki(folder / "pki")
    assert pki.signer.p12_path is not None
    signer = open_p12(pki.signer.p12_path, pki.signer.password)
    (folder / "signer.pem").write_bytes(signer.certificate.public_bytes(Encoding.PEM))
    bulk_packages(signer, folder / "inbox", count + 1, reporting_year(), rows=rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)  # the child's
    args = parser.parse_args()
    if os.environ.get(CHILD):
        return child(args.folder, args.count)
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        raise SystemExit("valgrind (callgrind) is not installed")
    with tempfile.TemporaryDirectory(prefix="ct20-inbox-instructions-") as folder:
        work = Path(folder)
        make_packages(work, args.count, args.rows)
        size = sum(p.stat().st_size for p in (work / "inbox").glob("*.asice")) / (args.count + 1)
        out = work / "callgrind"
        out.mkdir()
        done = subprocess.run(
            ["valgrind", "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=_operator_call",
             "--dump-after=_operator_call", f"--callgrind-out-file={out}/cg.%p",
             sys.executable, __file__, "--count", str(args.count), "--folder", str(work)],
            env={**os.environ, CHILD: "1"}, capture_output=True, text=True, check=False)
        if done.returncode or MARKS not in done.stdout:
            raise SystemExit(done.stderr[-3000:])
        n = int(done.stdout.split(MARKS, 1)[1].split()[0])
        counts = part_counts(out)
    imported, bare, ours = counts[0] / n, counts[1] / n, counts[2] / n
    print(f"instructions (callgrind) per package, {n} packages of {args.rows} cluster rows ({size / 1024:.0f} KB), "
          "after a first import in the process:")
    print(f"  {'import (read, verify, record)':<58} {imported / 1e6:10.1f} M")
    print(f"  {'floor: zipfile + json.loads + bare pyHanko (PAdES, CAdES)':<58} {bare / 1e6:10.1f} M")
    print(f"  {'floor, with our hex-string reader and name comparison':<58} {ours / 1e6:10.1f} M")
    print(f"  ratio of counts: {imported / bare:.3f} to the first floor, {imported / ours:.3f} to the second "
          "(a guide: an instruction is not a fixed time)")


if __name__ == "__main__":
    main()
