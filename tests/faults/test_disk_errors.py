"""A full disk and a folder that cannot be written to, at the moment the package is saved: the
export ends with a clear message in Vietnamese and English, the report stays a draft, the store
is unchanged and no file (not even a temporary one) is left behind."""

from __future__ import annotations

import errno
import os
import random
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.export.service import ExportError, export_report
from desktop.i18n import gettext_in
from desktop.package import asic
from desktop.reporting.reports import create_report, fill_report
from desktop.signing.signers import OpenedSigner, open_p12
from desktop.store import Store
from tests.export.reports import load_full
from tests.faults.zygote import Zygote
from tests.hostile.test_form_input import store_snapshot
from tests.pki import TestPki

FORM_ID, ORG = "ct20.province", "so-ct-ninh-binh"
NO_SPACE = "there is not enough free space in {folder} for the package ({size} MB)."
NOT_WRITABLE = ("the folder {folder} cannot be written to (it is read-only, or you may not write there); "
                "choose another folder.")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "ct20.sqlite3") as opened:
        report_id = create_report(opened, form_id=FORM_ID, org_id=ORG, period="2025")
        fill_report(opened, report_id, load_full(FORM_ID))
        yield opened


@pytest.fixture(scope="module")
def signer(pki: TestPki) -> OpenedSigner:
    assert pki.signer.p12_path is not None
    return open_p12(pki.signer.p12_path, pki.signer.password)


def draft_id(store: Store) -> str:
    return next(r.id for r in store.list_reports() if r.status == "draft")


def assert_refused_cleanly(store: Store, before: str, out: Path, refused: ExportError | dict, message: str) -> None:
    english = refused.render("en") if isinstance(refused, ExportError) else refused["en"]
    vietnamese = refused.render("vi") if isinstance(refused, ExportError) else refused["vi"]
    head = message.split("{folder}")[0]
    assert english.startswith("The report was not exported: " + head), english
    assert str(out) in english and str(out) in vietnamese
    assert gettext_in("vi", message).split("{folder}")[0] in vietnamese, vietnamese
    assert store_snapshot(store) == before, "the failed export changed the store"
    assert store.get_report(draft_id(store)).status == "draft"
    assert list(out.iterdir()) == [], "a file was left behind"


class _FullDisk:
    """The `os` module as `asic.write_package` sees it, on a disk that fills up after 64 KB."""

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def fdopen(self, fd: int, mode: str) -> Any:
        handle = os.fdopen(fd, mode)
        real_write = handle.write

        def write(data: bytes) -> int:
            real_write(data[: 64 * 1024])
            handle.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        handle.write = write  # type: ignore[method-assign]
        return handle


def test_a_full_disk_ends_in_a_clear_message(store: Store, signer: OpenedSigner, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "USB"
    out.mkdir()
    before = store_snapshot(store)
    monkeypatch.setattr(asic, "os", _FullDisk())
    with pytest.raises(ExportError) as refused:
        export_report(store, draft_id(store), out, signer)
    assert_refused_cleanly(store, before, out, refused.value, NO_SPACE)


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_a_folder_that_cannot_be_written_ends_in_a_clear_message(
    store: Store, signer: OpenedSigner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """A read-only USB stick (EROFS) or a folder without write permission (EACCES; the test runs
    as root in CI, where permissions do not stop writes, so the refusal comes from the OS call)."""
    out = tmp_path / "USB"
    out.mkdir()
    before = store_snapshot(store)

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(asic.tempfile, "mkstemp", refuse)
    with pytest.raises(ExportError) as refused:
        export_report(store, draft_id(store), out, signer)
    assert_refused_cleanly(store, before, out, refused.value, NOT_WRITABLE)


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_real_write_cut_off_by_the_kernel(store: Store, tmp_path: Path, pki: TestPki) -> None:
    """No simulation: a worker process may not write files over 2 MB, the package is over 3 MB."""
    out = tmp_path / "USB"
    out.mkdir()
    attachment = tmp_path / "anh-hien-truong.jpg"
    attachment.write_bytes(random.Random(2).randbytes(3 * 1024 * 1024))
    before = store_snapshot(store)
    assert pki.signer.p12_path is not None
    with Zygote() as zygote:
        worker = zygote.fork("export_on_a_full_disk", store.path, out, pki.signer.p12_path,
                             pki.signer.password.decode(), attachment, 2 * 1024 * 1024)
        answer = worker.wait_for("refused")
    assert_refused_cleanly(store, before, out, answer, NO_SPACE)
