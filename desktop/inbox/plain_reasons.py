"""Why a package was not accepted, in plain words for the Ministry's leadership.

The board keeps the technical problems ("The data file was changed after signing", a file name
inside the package…) for the officer; the report to the leaders says what it means and what the
reporter must do, without file names or technical terms.
"""

from __future__ import annotations

from desktop.inbox.board import BoardRow

_KINDS = (  # (words in the technical message, the plain reason)
    (("changed after signing", "added to the report", "differs from the data", "manifest"),
     "nội dung báo cáo đã bị thay đổi sau khi ký số"),
    (("larger than",), "tệp báo cáo vượt quá dung lượng cho phép"),
    (("data file", "json", "schema", "form"), "số liệu không đúng mẫu báo cáo quy định"),
    (("certificate", "revoked", "expired", "trust", "root"), "chứng thư số của người ký không hợp lệ"),
    (("signature", "signed", "signing", "pades", "cades"), "chữ ký số trên báo cáo không hợp lệ"),
)
UNREADABLE = "tệp báo cáo bị hỏng, không đọc được"


def plain_reason(row: BoardRow) -> str:
    """One sentence for the report: why the row's package does not count, and what happens next."""
    if row.status == "untrusted":
        return ("Chưa xác thực được chữ ký số của người ký (chưa có trong danh sách người ký của đơn vị); "
                "Cục ATMT đang xem xét")
    if row.current is not None and row.current.decision == "rejected":
        return "Cục ATMT không chấp nhận chữ ký số của người ký; đề nghị đơn vị gửi lại báo cáo"
    reasons: list[str] = []
    for problem in row.problems:
        text = problem.msgid.lower()
        reason = next((plain for words, plain in _KINDS if any(word in text for word in words)), UNREADABLE)
        if reason not in reasons:
            reasons.append(reason)
    return f"Báo cáo không hợp lệ do {'; '.join(reasons or [UNREADABLE])}; đề nghị đơn vị gửi lại báo cáo"
