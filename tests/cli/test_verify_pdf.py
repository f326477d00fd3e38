"""`ct20 verify` on signed PDFs: dispatched by content, one record per file, words in both languages."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Run
from tests.export.helpers import report_pdf
from tests.package import pdfs
from tests.pki import TestPki


def _files(pki: TestPki, folder: Path) -> tuple[Path, Path, Path]:
    base = report_pdf(1)
    signed = pdfs.sign(base, pdfs.raw_signer(pki.signer))
    two = pdfs.sign(pdfs.change_content(signed), pdfs.raw_signer(pki.second_signer), field="Signature2")
    paths = folder / "signed.dat", folder / "two.pdf", folder / "unsigned.pdf"  # a name does not decide
    for path, data in zip(paths, (signed, two, base), strict=True):
        path.write_bytes(data)
    return paths


def test_verify_json_gives_one_record_per_pdf(ct20, pki: TestPki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    signed, two, unsigned = _files(pki, tmp_path)
    run: Run = ct20("verify", str(signed), str(two), str(unsigned), "--trust", str(pki.root_pem), "--json")
    assert run.code == 1, run.err  # the unsigned one is not valid
    first, second, third = run.json
    assert first["file"] == str(signed) and first["status"] == "valid" and first["signer"] == "Nguyễn Văn An"
    assert first["signatures"][0]["level"] == "B-B" and first["signatures"][0]["time"] == "claimed"
    assert second["status"] == "valid" and second["signer"] == "Trần Thị Bình"
    assert [s["covers_whole_document"] for s in second["signatures"]] == [False, True]
    assert second["signatures"][0]["changes_after"] == "other"
    assert third["status"] == "invalid" and third["problems"] == ["Tệp PDF không có chữ ký số"]
    assert third["signatures"] == []


def test_verify_text_describes_each_signature(ct20, pki: TestPki, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, two, _ = _files(pki, tmp_path)
    vi = ct20("verify", str(two), "--trust", str(pki.root_pem))
    assert vi.code == 0, vi.err
    assert "Người ký: Trần Thị Bình" in vi.out
    assert "bao trùm phiên bản 2 trên 4: sau đó tài liệu đã bị thay đổi" in vi.out
    assert "tự khai" in vi.out and "Mức chữ ký: B-B" in vi.out
    assert "CT20 Test Root CA" in vi.out
    en = ct20("--lang", "en", "verify", str(two), "--trust", str(pki.root_pem))
    assert "Signed by: Trần Thị Bình" in en.out
    assert "covers revision 2 of 4: the document was changed after it" in en.out
