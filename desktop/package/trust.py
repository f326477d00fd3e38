"""Plain words for why pyHanko did not trust a signer certificate, and how grave that is.

A certificate that simply does not lead to one of the user's trusted roots gives `untrusted`
(the package may be fine; the consolidator decides). A certificate that was revoked, expired or
not yet valid at the signing time, or may not sign documents, makes the package `invalid`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate

from desktop.i18n import N_, Message
from desktop.signing.signers import vn_time

_OUT_OF_TIME = {
    AdESIndeterminate.EXPIRED,
    AdESIndeterminate.NOT_YET_VALID,
    AdESIndeterminate.OUT_OF_BOUNDS_NO_POE,
    AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED,
    AdESFailure.NOT_YET_VALID,
}
_REVOKED = {AdESFailure.REVOKED, AdESIndeterminate.REVOKED_NO_POE, AdESIndeterminate.REVOKED_CA_NO_POE}
_NOT_FOR_SIGNING = {AdESIndeterminate.SIG_CONSTRAINTS_FAILURE, AdESIndeterminate.CHAIN_CONSTRAINTS_FAILURE}


def classify_trust_problem(status: Any, moment: dt.datetime) -> tuple[str, Message]:
    """("invalid" | "untrusted", message) for a status whose `trusted` is False."""
    indication = getattr(status, "trust_problem_indic", None)
    if indication in _REVOKED:
        return "invalid", Message(N_("The signer's certificate has been revoked"))
    if indication in _OUT_OF_TIME:
        return "invalid", Message(
            N_("The signer's certificate was not valid at the signing time ({time})"),
            time=vn_time(moment),
        )
    if indication in _NOT_FOR_SIGNING:
        return "invalid", Message(N_("The signer's certificate is not allowed to sign documents"))
    if indication == AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND:
        return "untrusted", Message(N_("The signer's certificate does not lead to a trusted root"))
    return "untrusted", Message(
        N_("The signer's certificate could not be confirmed ({reason})"),
        reason=getattr(indication, "name", "unknown"),
    )
