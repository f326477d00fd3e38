"""Why a reporter's package does not count, in one Vietnamese sentence for the round report to the
Ministry's leadership.

The classes of causes are those of desktop/inbox/plain_reasons.py (one table of rules, shared with
the receipts); this module only words each class as a clause of the leaders' sentence. The board
keeps the technical problems ("The data file was changed after signing", a file name inside the
package…) for the officer; the report to the leaders says what it means and what the reporter
must do, without file names or technical terms.
"""

from __future__ import annotations

from desktop.inbox import plain_reasons as why
from desktop.inbox.board import BoardRow

CLAUSES = {  # the plain reason's message id → its clause in the leaders' Vietnamese sentence
    why.CHANGED: "nội dung báo cáo đã bị thay đổi sau khi ký số",
    why.SIGNATURE: "chữ ký số trên báo cáo không có hoặc không hợp lệ",
    why.REVOKED: "chứng thư số của người ký đã bị thu hồi",
    why.EXPIRED: "chứng thư số của người ký không còn hiệu lực khi ký",
    why.NOT_TRUSTED: ("chứng thư số của người ký không do tổ chức cung cấp dịch vụ chứng thực chữ ký số được "
                      "công nhận tại Việt Nam cấp hoặc không dùng để ký văn bản"),
    why.NOT_MEMBER: "người ký không thuộc đơn vị báo cáo",
    why.DATA: "số liệu không đúng mẫu báo cáo quy định",
    why.TOO_LARGE: "tệp báo cáo vượt quá dung lượng cho phép",
    why.DAMAGED: "tệp báo cáo bị hỏng, không đọc được",
}
UNREADABLE = CLAUSES[why.DAMAGED]


def plain_reason(row: BoardRow) -> str:
    """One sentence for the report: why the row's package does not count, and what happens next."""
    if row.status == "untrusted":
        return ("Chưa xác thực được chữ ký số của người ký (chưa có trong danh sách người ký của đơn vị); "
                "Cục ATMT đang xem xét")
    if row.current is not None and row.current.decision == "rejected":
        return "Cục ATMT không chấp nhận chữ ký số của người ký; đề nghị đơn vị gửi lại báo cáo"
    reasons = [CLAUSES[reason.msgid] for reason in why.plain_reasons(row.problems)]
    return f"Báo cáo không hợp lệ do {'; '.join(reasons or [UNREADABLE])}; đề nghị đơn vị gửi lại báo cáo"
