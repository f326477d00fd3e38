"""A real IMAP server for the tests: Debian's dovecot (package dovecot-imapd), started by the test
with its own configuration in a temporary folder, one passwd-file user and a maildir.

It listens on 127.0.0.1 on a free port, IMAP with STARTTLS offered by a self-signed certificate made
here, and IMAPS on a second port; the tests connect in clear text to this loopback address only (the app refuses clear text to
any other host: production requires IMAPS or STARTTLS) and once over STARTTLS with that
certificate as the CA file. A missing dovecot fails the test: it is never skipped.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

if sys.platform != "win32":  # the test modules that import this one are collected on Windows too (deselected there)
    import pwd

USER, PASSWORD = "atmt", "mat-khau-thu"
OFFICER, OFFICER_PASSWORD = "canbo", "mật khẩu có dấu"  # a password only SASL PLAIN can carry


@dataclass
class Dovecot:
    folder: Path
    port: int  # IMAP, STARTTLS offered
    imaps_port: int  # IMAPS: TLS from the first byte
    cert: Path
    process: subprocess.Popen[bytes]

    def maildir(self, user: str = USER) -> Path:
        return self.folder / "mail" / user

    def log(self) -> str:
        path = self.folder / "dovecot.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    import ipaddress

    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "server.pem", folder / "server.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    return cert_path, key_path


def _mail_owner() -> pwd.struct_passwd:
    """Whose the mail files are: dovecot never runs a mail session as root, so as root `nobody`."""
    return pwd.getpwnam("nobody") if os.getuid() == 0 else pwd.getpwuid(os.getuid())


def _config(folder: Path, port: int, imaps_port: int, cert: Path, key: Path) -> str:
    me = pwd.getpwuid(os.getuid())
    owner = _mail_owner()
    root = os.getuid() == 0
    users = "" if root else f"default_internal_user = {me.pw_name}\ndefault_login_user = {me.pw_name}\n"
    return f"""# written by tests/inbox/dovecot.py: a throw-away server for one test session
{users}base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
info_log_path = {folder}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 0
first_valid_gid = 0
mail_location = maildir:{folder}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/passwd
}}
userdb {{
  driver = static
  args = uid={owner.pw_uid} gid={owner.pw_gid} home={folder}/home/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps_port}
    ssl = yes
  }}
}}
service auth {{
  user = {me.pw_name}
}}
service auth-worker {{
  user = {me.pw_name}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


@contextmanager
def running_dovecot() -> Iterator[Dovecot]:
    binary = shutil.which("dovecot") or ("/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None)
    assert binary, "dovecot is not installed (Debian package dovecot-imapd): the IMAP test needs it"
    folder = Path(tempfile.mkdtemp(prefix="ct20-dovecot-"))
    folder.chmod(0o755)  # dovecot's own users (dovenull, dovecot) walk into it
    process = None
    try:
        owner = _mail_owner()
        for sub in ("run", "state", "mail", "home"):
            (folder / sub).mkdir()
            if sub in ("mail", "home"):
                os.chown(folder / sub, owner.pw_uid, owner.pw_gid)
        (folder / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n"
                                       f"{OFFICER}:{{PLAIN}}{OFFICER_PASSWORD}::::::\n", encoding="utf-8")
        cert, key = _self_signed(folder)
        port, imaps_port = _free_port(), _free_port()
        while imaps_port == port:
            imaps_port = _free_port()
        (folder / "dovecot.conf").write_text(_config(folder, port, imaps_port, cert, key))
        process = subprocess.Popen([binary, "-F", "-c", str(folder / "dovecot.conf")], stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                    if sock.recv(100).startswith(b"* OK"):
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                log = (folder / "dovecot.log").read_text(errors="replace") if (folder / "dovecot.log").exists() else ""
                raise AssertionError(f"dovecot did not start: {output}\n{log}")
            time.sleep(0.1)
        yield Dovecot(folder, port, imaps_port, cert, process)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        shutil.rmtree(folder, ignore_errors=True)
