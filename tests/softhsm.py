"""A real PKCS#11 token for tests: SoftHSM2 in a private folder, filled with pkcs11-tool.

SoftHSM2 reads SOFTHSM2_CONF when the module is initialised, once per process, so every token the
tests need is created here, before the first PKCS#11 call.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.pki import Identity

SOFTHSM_CANDIDATES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)
USER_PIN = "123456"
SO_PIN = "87654321"
LABELLED_TOKEN = "CT20 Test"
UNLABELLED_TOKEN = "CT20 No Labels"
SIGNER_KEY_LABEL = "Nguyen Van An"
SIGNER_ID = bytes.fromhex("01")
UNLABELLED_ID = bytes.fromhex("a1b2c3d4e5f60718")


@dataclass
class SoftHsm:
    module: str
    conf: Path
    pin: str = USER_PIN
    labelled_token: str = LABELLED_TOKEN
    unlabelled_token: str = UNLABELLED_TOKEN
    signer_key_label: str = SIGNER_KEY_LABEL
    signer_id: bytes = SIGNER_ID
    unlabelled_id: bytes = UNLABELLED_ID


def softhsm_module() -> str | None:
    """Path of the SoftHSM2 module, or None when SoftHSM2 / pkcs11-tool are not installed."""
    if not (shutil.which("softhsm2-util") and shutil.which("pkcs11-tool")):
        return None
    return next((path for path in SOFTHSM_CANDIDATES if Path(path).exists()), None)


def _run(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(args, env=env, check=True, capture_output=True)


def _import(
    module: str,
    env: dict[str, str],
    token: str,
    identity: Identity,
    folder: Path,
    object_id: bytes,
    label: str | None,
    kinds: tuple[str, ...] = ("privkey", "cert"),
) -> None:
    files = {"privkey": identity.key_der, "cert": identity.cert_der}
    for kind in kinds:
        path = folder / f"{identity.name}-{kind}-{object_id.hex()}.der"
        path.write_bytes(files[kind])
        args = [
            "pkcs11-tool", "--module", module, "--token-label", token,
            "--login", "--pin", USER_PIN, "--write-object", str(path), "--type", kind,
            "--id", object_id.hex(),
        ]  # fmt: skip
        if label is not None:
            args += ["--label", label]
        if kind == "privkey":
            args.append("--usage-sign")
        _run(args, env)
        path.unlink()


def create_softhsm(
    folder: Path, signer: Identity, unlabelled_signer: Identity, issuing_ca: Identity
) -> SoftHsm:
    """Two tokens, both holding the issuing CA certificate: one with labelled key and certificate,
    one where nothing has a label and only CKA_ID pairs the key with its certificate."""
    module = softhsm_module()
    if module is None:
        raise RuntimeError("SoftHSM2 is not installed")
    tokens = folder / "tokens"
    tokens.mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {tokens}\nobjectstore.backend = file\nlog.level = ERROR\n",
        encoding="utf-8",
    )
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    for label in (LABELLED_TOKEN, UNLABELLED_TOKEN):
        _run(
            ["softhsm2-util", "--init-token", "--free", "--label", label,
             "--so-pin", SO_PIN, "--pin", USER_PIN],
            env,
        )  # fmt: skip
    _import(module, env, LABELLED_TOKEN, signer, folder, SIGNER_ID, SIGNER_KEY_LABEL)
    _import(
        module, env, LABELLED_TOKEN, issuing_ca, folder, bytes.fromhex("ca01"),
        "CT20 Test Issuing CA", kinds=("cert",),
    )  # fmt: skip
    _import(module, env, UNLABELLED_TOKEN, unlabelled_signer, folder, UNLABELLED_ID, None)
    _import(module, env, UNLABELLED_TOKEN, issuing_ca, folder, bytes.fromhex("ca02"), None, kinds=("cert",))
    return SoftHsm(module=module, conf=conf)
