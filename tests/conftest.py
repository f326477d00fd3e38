"""Fixtures shared across test folders: the test PKI and the SoftHSM2 token.

They live here, not in one folder's conftest, because a PKCS#11 module is initialised once per
process (SoftHSM2 reads SOFTHSM2_CONF only then): every test that signs with the token — the
export library, the CLI, the export dialog — must use the one token made for the session, and
the one PKI its keys come from.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pki import TestPki, build_pki
from tests.softhsm import SoftHsm, create_softhsm, softhsm_module
from tests.unix_tools import FIXTURES, MARKER, marked_programs

ROOT = Path(__file__).resolve().parent.parent


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark `unix_tools` every test that needs a program the Windows runner lacks (tests/unix_tools.py):
    the users of its FIXTURES (through any fixture: `item.fixturenames`) and its MODULES' tests. Nothing is
    deselected unless asked: the Windows job runs `-m "not unix_tools"`, Linux CI runs everything."""
    fixtures = set(FIXTURES)
    for item in items:
        try:
            path = item.path.resolve().relative_to(ROOT).as_posix()
        except ValueError:  # a test outside the repository (pytester)
            continue
        name = item.nodeid.split("::", 1)[1] if "::" in item.nodeid else ""
        if fixtures & set(getattr(item, "fixturenames", ())) or marked_programs(f"{path}::{name}") is not None:
            item.add_marker(MARKER)


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
