from __future__ import annotations

# the one valid package of the export tests (signed with the session's test PKI)
from tests.export.conftest import package, signer  # noqa: F401
