"""Damaged signed PDFs never crash `verify_pdf` nor end in a logged traceback (hypothesis)."""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.package.pdfverify import verify_pdf
from tests.export.helpers import report_pdf
from tests.package import pdfs
from tests.pki import TestPki


class _Crashes(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="module")
def augmented(pki: TestPki) -> bytes:
    signed = pdfs.sign(report_pdf(1), pdfs.raw_signer(pki.signer), timestamper=pdfs.test_timestamper(pki))
    return pdfs.augment(signed, pki)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_damage_anywhere_is_a_verdict_not_a_crash(augmented: bytes, pki: TestPki, data: st.DataObject) -> None:
    bent = bytearray(augmented)
    for _ in range(data.draw(st.integers(1, 4))):
        # most damage where the structure is: the signature dictionaries, DSS and xref at the end
        low = data.draw(st.sampled_from([0, len(bent) * 2 // 3, len(bent) - 3000]))
        position = data.draw(st.integers(max(low, 0), len(bent) - 1))
        bent[position] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        bent = bent[: data.draw(st.integers(0, len(bent)))]
    watcher = _Crashes()
    logger = logging.getLogger("desktop")
    logger.addHandler(watcher)
    try:
        result = verify_pdf(bytes(bent), trust_roots=[pki.root.cert])
    finally:
        logger.removeHandler(watcher)
    assert result.status in ("valid", "untrusted", "invalid")
    assert result.status == "invalid" or result.signatures
    assert not watcher.records, [r.getMessage() for r in watcher.records]
