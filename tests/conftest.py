"""Fixtures shared across test folders: the test PKI and the SoftHSM2 token.

They live here, not in one folder's conftest, because a PKCS#11 module is initialised once per
process (SoftHSM2 reads SOFTHSM2_CONF only then): every test that signs with the token — the
export library, the CLI, the export dialog — must use the one token made for the session, and
the one PKI its keys come from.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.pki import TestPki, build_pki
from tests.softhsm import SoftHsm, create_softhsm, softhsm_module


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return build_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory: pytest.TempPathFactory, pki: TestPki) -> Iterator[SoftHsm]:
    if softhsm_module() is None:
        pytest.fail("SoftHSM2 and pkcs11-tool are needed (apt-get install softhsm2 opensc)")
    token = create_softhsm(
        tmp_path_factory.mktemp("softhsm"), pki.signer, pki.second_signer, pki.issuing_ca
    )
    previous = os.environ.get("SOFTHSM2_CONF")
    os.environ["SOFTHSM2_CONF"] = str(token.conf)
    yield token
    if previous is None:
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = previous
