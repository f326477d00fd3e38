"""Temporary folders for e-mail drafts and PDFs to view are private and removed when CT20 exits."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CODE = """
from email.message import EmailMessage
from desktop.export.email_draft import write_draft
from desktop.paths import private_temp_dir
message = EmailMessage()
message["Subject"] = "Báo cáo"
message.set_content("Kính gửi")
draft = write_draft(message, "ct20-so-ct-ha-noi-2025-r1.asice")
pdf = private_temp_dir("ct20-pdf-") / "bao-cao.pdf"
pdf.write_bytes(b"%PDF-1.7")
print(draft, oct(draft.parent.stat().st_mode & 0o777), draft.exists())
print(pdf, oct(pdf.parent.stat().st_mode & 0o777), pdf.exists())
"""


def test_temporary_folders_are_private_and_removed_at_exit(tmp_path: Path) -> None:
    stale = tmp_path / "ct20-mail-left-by-a-crash"
    stale.mkdir()
    (stale / "old.eml").write_bytes(b"x")
    old = time.time() - 3 * 24 * 3600
    os.utime(stale, (old, old))
    recent = tmp_path / "ct20-pdf-of-a-running-app"
    recent.mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO), "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", CODE], env=env, capture_output=True, text=True, check=True)
    lines = [line.split() for line in done.stdout.splitlines()]
    assert len(lines) == 2
    for path, mode, existed in lines:
        assert Path(path).parent.parent == tmp_path
        assert existed == "True"
        if sys.platform != "win32":
            assert stat.S_IMODE(int(mode, 8)) == 0o700
        assert not Path(path).parent.exists(), "left behind after exit"
    assert not stale.exists()  # a day old, from a run that crashed
    assert recent.exists()  # perhaps another CT20 window's: kept
