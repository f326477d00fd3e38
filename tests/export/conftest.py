from __future__ import annotations

import pytest

from desktop.signing.signers import OpenedSigner, open_p12
from tests.export.helpers import Made, make_package
from tests.pki import TestPki

# `pki` and `softhsm` come from tests/conftest.py: one token per process, shared with the UI tests.


@pytest.fixture(scope="session")
def signer(pki: TestPki) -> OpenedSigner:
    return open_p12(pki.signer.p12_path, pki.signer.password)


@pytest.fixture(scope="session")
def second_signer(pki: TestPki) -> OpenedSigner:
    return open_p12(pki.second_signer.p12_path, pki.second_signer.password)


@pytest.fixture(scope="session")
def package(signer: OpenedSigner) -> Made:
    """One valid package (PDF and container by the same signer, two attachments)."""
    return make_package(signer)
