from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from desktop.export.signers import OpenedSigner, open_p12
from tests.export.helpers import Made, make_package
from tests.pki import TestPki, build_pki
from tests.softhsm import SoftHsm, create_softhsm, softhsm_module


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return build_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def softhsm(tmp_path_factory: pytest.TempPathFactory, pki: TestPki) -> Iterator[SoftHsm]:
    if softhsm_module() is None:
        pytest.skip("SoftHSM2 and pkcs11-tool are needed (apt-get install softhsm2 opensc)")
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
