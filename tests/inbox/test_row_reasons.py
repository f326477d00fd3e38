"""The round report's sentence per reporter and the receipts' plain reasons classify the verifier's
problems with one table of rules (desktop/inbox/plain_reasons.py); the leaders' sentence only words
each class."""

from __future__ import annotations

from desktop.i18n import Message
from desktop.inbox import plain_reasons as why
from desktop.inbox.board import BoardRow, Entry
from desktop.inbox.row_reasons import CLAUSES, plain_reason


def _row(*problems: Message, status: str = "rejected", decision: str | None = None) -> BoardRow:
    entry = Entry(inbox_id=1, state=status, revision=1, submitted_at=None, proof="receipt", claimed_at=None,
                  signer=None, file_name="BC.asice", imported_at="", decision=decision, problems=problems,
                  verified=False)
    return BoardRow("so-ct-ha-noi", "Sở Công Thương thành phố Hà Nội", status, current=entry, history=(entry,))


def test_every_class_of_the_receipts_has_a_clause_for_the_leaders() -> None:
    assert set(CLAUSES) == set(why.REASONS)


def test_the_sentence_follows_the_receipts_classification() -> None:
    changed = Message("The data file was changed after signing")
    large = Message("The package is larger than {limit} MB", limit=50)
    bom = Message("The data file starts with a byte order mark (BOM)")
    for problems in ((changed,), (large,), (bom,), (large, changed, bom), ()):
        classes = [reason.msgid for reason in why.plain_reasons(problems)] or [why.DAMAGED]
        sentence = plain_reason(_row(*problems))
        assert sentence == ("Báo cáo không hợp lệ do " + "; ".join(CLAUSES[c] for c in classes)
                            + "; đề nghị đơn vị gửi lại báo cáo")
    assert "thay đổi sau khi ký số; số liệu không đúng mẫu" in plain_reason(_row(bom, changed))  # most serious first
    assert "vượt quá dung lượng" in plain_reason(_row(large))


def test_an_officer_decision_and_an_unknown_signer_are_said_as_such() -> None:
    assert "Cục ATMT không chấp nhận" in plain_reason(_row(decision="rejected"))
    assert "Cục ATMT đang xem xét" in plain_reason(_row(status="untrusted"))
