from __future__ import annotations

import pytest

from desktop.signing.signers import OpenedSigner, open_p12
from tests.pki import TestPki


@pytest.fixture(scope="session")
def signer(pki: TestPki) -> OpenedSigner:
    return open_p12(pki.signer.p12_path, pki.signer.password)
