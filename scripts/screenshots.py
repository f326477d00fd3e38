"""Regenerate the README screenshots (in Vietnamese) with `ct20 gui --screenshot`.

    python scripts/screenshots.py [--out docs/screenshots]

Builds a throw-away store with a profile, the sample report and a few more reports, then lets
the real application draw the main window and the editor of the sample report. Works without a
display (Qt's offscreen platform).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desktop.reporting.reports import create_report  # noqa: E402
from desktop.samples import create_sample_report  # noqa: E402
from desktop.store import Store  # noqa: E402

ORG_ID = "so-ct-ninh-binh"
PROFILE = {
    "org_id": ORG_ID,
    "parent_body": "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH",
    "place": "Ninh Bình",
    "signer_name": "Nguyễn Văn An",
    "signer_title": "Phó Giám đốc",
    "head_title": "Giám đốc",
    "contact_name": "Trần Thị Bình",
    "contact_phone": "0229 3871 234",
    "contact_email": "binh.tt@ninhbinh.gov.vn",
}


def build_store(path: Path) -> str:
    """A store that looks lived in; returns the sample report's id."""
    with Store.open(path) as store:
        store.set_profile(PROFILE)
        store.set_setting("language", "vi")
        sample = create_sample_report(store, ORG_ID)
        assert sample is not None
        year = int(store.get_report(sample).period)
        last_year = create_report(store, form_id="ct20.province", org_id=ORG_ID,
                                  period=str(year - 1), source="sample")
        store.set_status(last_year, "submitted")
        create_report(store, form_id="kh1375.unit", org_id=ORG_ID, period=str(year),
                      source="sample")
        create_report(store, form_id="ct20.province", org_id=ORG_ID,
                      period=f"adhoc-{year}-11-02", reference="Công văn số 1234/BCT-ATMT",
                      deadline=f"{year}-12-15", source="sample")
    return sample


def screenshot(store: Path, out: Path, *extra: str) -> None:
    env = {**os.environ, "CT20_LANG": "vi"}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.pop("CT20_DB", None)
    command = [sys.executable, "-m", "desktop", "--db", str(store), "gui", *extra,
               "--screenshot", str(out)]
    subprocess.run(command, cwd=REPO, env=env, check=True, timeout=120)
    print(f"wrote {out.relative_to(REPO) if out.is_relative_to(REPO) else out}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ct20-shots-") as tmp:
        store = Path(tmp) / "ct20.sqlite3"
        sample = build_store(store)
        screenshot(store, out / "main-window-vi.png")
        screenshot(store, out / "editor-vi.png", "--report", sample)
    return 0


if __name__ == "__main__":
    sys.exit(main())
