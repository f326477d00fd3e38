"""Why a package was rejected, in plain words for the people who read receipts and reports.

The verifier's problems are precise ("The entry du-lieu.json is damaged", "The manifest uses a
digest other than SHA-256"); a reporter or a leader needs to know what happened and what to do.
`plain_reasons(problems)` groups them into a few sentences, each said once, in the order of
seriousness. This is the one table of rules: the round report's sentence per reporter
(desktop/inbox/row_reasons.py) words the same classes for the leaders. Qt-free.
"""

from __future__ import annotations

from collections.abc import Iterable

from desktop.i18n import N_, Message

CHANGED = N_("The report was changed after it was signed (damaged on the way, for example by an e-mail "
             "program, or edited).")
SIGNATURE = N_("The digital signature of the report is missing or not valid.")
REVOKED = N_("The signer's digital certificate has been revoked.")
EXPIRED = N_("The signer's digital certificate was not valid when the report was signed.")
NOT_TRUSTED = N_("The signer's digital certificate was not issued by a certification authority recognised in "
                 "Viet Nam, or is not meant for signing documents.")
NOT_MEMBER = N_("The person who signed does not belong to the reporting organisation.")
DATA = N_("The report's data does not follow the report form and cannot be read.")
TOO_LARGE = N_("The file received is larger than a report package may be.")
DAMAGED = N_("The file received is not an intact CT20 report package (damaged or in another format).")
BY_DECISION = N_("The Industrial Safety Techniques and Environment Agency did not accept this package.")
WHAT_TO_DO = N_("Please check the report, sign it again with CT20 and send the new package.")

# (words in the verifier's English message id, plain reason); the first match decides.
_RULES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("signer does not belong", "Your certificate names"), NOT_MEMBER),
    (("has been revoked", "was revoked on"), REVOKED),
    (("was not valid at the signing time", "is not valid now", "was not valid on"), EXPIRED),
    (("certificate does not lead", "could not be confirmed", "weak algorithm", "meant for other purposes",
      "not allowed to sign"), NOT_TRUSTED),
    (("changed after signing", "was changed after", "added to the report PDF after", "differs from the data file"),
     CHANGED),
    (("signature is not valid", "signature is damaged", "is not signed", "not a PAdES", "not a CAdES",
      "different certificate", "more than one signature", "no signing time", "does not carry the data file"),
     SIGNATURE),
    (("The package is larger than",), TOO_LARGE),
    (("data file", "The organisation {org}", "period of the data file", "mismatches in the data file"), DATA),
)
# The classes, most serious first.
REASONS = (CHANGED, SIGNATURE, REVOKED, EXPIRED, NOT_TRUSTED, NOT_MEMBER, DATA, TOO_LARGE, DAMAGED)


def plain_reason(problem: Message) -> str:
    """The plain reason's message id for one verifier problem."""
    for words, reason in _RULES:
        if any(word in problem.msgid for word in words):
            return reason
    return DAMAGED


def plain_reasons(problems: Iterable[Message], *, rejected_by_decision: bool = False) -> list[Message]:
    """Each plain reason once, most serious first; the officer's decision when nothing else explains it."""
    found = {plain_reason(problem) for problem in problems}
    reasons = [Message(reason) for reason in REASONS if reason in found]
    if not reasons and rejected_by_decision:
        reasons.append(Message(BY_DECISION))
    return reasons


def what_to_do() -> Message:
    return Message(WHAT_TO_DO)
