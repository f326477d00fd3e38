"""Render the reference image of a SIGNED report's signature block (docs/images/pdf-signed-stamp.png).

Exports the full province test report with a throw-away test certificate, then renders the page
that carries the visible signature with pdftoppm and crops around the stamp.

    python scripts/signed_reference.py
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pypdf import PdfReader  # noqa: E402

from desktop.export.service import P12Signer, export_report  # noqa: E402
from desktop.reporting.reports import create_report, fill_report  # noqa: E402
from desktop.store import Store  # noqa: E402
from tests.export.reports import load_full  # noqa: E402
from tests.pki import build_pki  # noqa: E402


def main() -> None:
    out = REPO / "docs" / "images" / "pdf-signed-stamp.png"
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        pki = build_pki(tmp_path / "pki")
        with Store.open(tmp_path / "s.sqlite3") as store:
            report_id = create_report(store, form_id="ct20.province", org_id="so-ct-ninh-binh", period="2025")
            fill_report(store, report_id, load_full("ct20.province"))
            result = export_report(store, report_id, tmp_path, P12Signer(pki.signer.p12_path, pki.signer.password))
        pdf = zipfile.ZipFile(result.package_path).read("bao-cao.pdf")
        reader = PdfReader(io.BytesIO(pdf))
        page_index = next(
            i for i, page in enumerate(reader.pages)
            if any(a.get_object().get("/FT") == "/Sig" for a in page.get("/Annots", []) or [])
        )
        (tmp_path / "signed.pdf").write_bytes(pdf)
        prefix = tmp_path / "page"
        subprocess.run(["pdftoppm", "-png", "-r", "110", "-f", str(page_index + 1), "-l", str(page_index + 1),
                        "-singlefile", str(tmp_path / "signed.pdf"), str(prefix)], check=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes((tmp_path / "page.png").read_bytes())
    print(f"wrote {out.relative_to(REPO)} (page {page_index + 1})")


if __name__ == "__main__":
    main()
