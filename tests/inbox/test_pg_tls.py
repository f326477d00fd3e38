"""TLS to the shared Inbox, against a real PostgreSQL server with TLS on: a cluster of its own made
by initdb in a temporary folder (as the `postgres` user when the tests run as root), listening on
127.0.0.1 only, with a server certificate for "localhost" from a CA made here, `hostssl` and SCRAM
logins only. Checked: verify-full with the CA file (the app's setting), a wrong CA, a name the
certificate does not carry, libpq's sslmode values in the URL, and a server that offers no TLS."""

from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from desktop.store.pg import InboxServerUnreachableError, InboxUrlError, PgInboxStore, init_inbox
from desktop.store.pg.connect import connect
from tests.pgtest import throwaway_database

PASSWORD = "mật-khẩu-thử-TLS"


@dataclass(frozen=True)
class TlsServer:
    port: int
    ca: Path  # the CA that issued the server's certificate
    foreign_ca: Path  # a CA that did not
    client: tuple[Path, Path]  # the login "certuser"'s certificate and key, from `ca`

    def url(self, host: str = "localhost", query: str = "") -> str:
        return f"postgresql://officer@{host}:{self.port}/ct20" + (f"?{query}" if query else "")


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _ca(common: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(_name(common))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return key, cert


def _issued(ca_key: ec.EllipticCurvePrivateKey, ca: x509.Certificate, key: ec.EllipticCurvePrivateKey, *,
            server: bool) -> x509.Certificate:
    """A server certificate for "localhost", or a client certificate for the login "certuser"."""
    now = dt.datetime.now(dt.UTC)
    builder = (x509.CertificateBuilder().subject_name(_name("localhost" if server else "certuser"))
               .issuer_name(ca.subject).public_key(key.public_key()).serial_number(x509.random_serial_number())
               .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30)))
    if server:
        builder = builder.add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
    usage = ExtendedKeyUsageOID.SERVER_AUTH if server else ExtendedKeyUsageOID.CLIENT_AUTH
    return (builder.add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))


def _pem_key(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _pg_bin(program: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{program}"), key=lambda p: int(p.split("/")[4]))
    path = found[-1] if found else shutil.which(program)
    if not path:
        pytest.fail(f"PostgreSQL's {program} is needed for the TLS tests (apt-get install postgresql)")
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def tls_server() -> Iterator[TlsServer]:
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    folder = Path(tempfile.mkdtemp(prefix="ct20-pgtls-"))
    data, port = folder / "data", _free_port()
    ca_key, ca = _ca("CT20 test TLS CA")
    _other_key, other = _ca("CT20 test TLS CA (not the server's)")
    key = ec.generate_private_key(ec.SECP256R1())
    (folder / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "foreign-ca.pem").write_bytes(other.public_bytes(serialization.Encoding.PEM))
    (folder / "server.crt").write_bytes(_issued(ca_key, ca, key, server=True).public_bytes(serialization.Encoding.PEM))
    (folder / "server.key").write_bytes(_pem_key(key))
    (folder / "server.key").chmod(0o600)
    client_key = ec.generate_private_key(ec.SECP256R1())
    (folder / "client.crt").write_bytes(_issued(ca_key, ca, client_key, server=False)
                                        .public_bytes(serialization.Encoding.PEM))
    (folder / "client.key").write_bytes(_pem_key(client_key))
    (folder / "client.key").chmod(0o600)
    (folder / "pw").write_text(PASSWORD + "\n", encoding="utf-8")
    if as_postgres:
        for path in (folder, *folder.iterdir()):
            shutil.chown(path, "postgres", "postgres")
    run = lambda *args: subprocess.run([*as_postgres, *args], check=True, capture_output=True, timeout=120)  # noqa: E731
    try:
        run(_pg_bin("initdb"), "-D", str(data), "-U", "postgres", "--auth-local=trust", "--auth-host=reject",
            "-E", "UTF8", "--locale=C.UTF-8")
        (data / "pg_hba.conf").write_text("local all all trust\n"
                                          "hostssl all certuser 127.0.0.1/32 cert\n"
                                          "hostssl all all 127.0.0.1/32 scram-sha-256\n"
                                          "hostssl all all ::1/128 scram-sha-256\n", encoding="utf-8")
        options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c ssl=on -c ssl_cert_file={folder}/server.crt"
                   f" -c ssl_key_file={folder}/server.key -c ssl_ca_file={folder}/ca.pem -c fsync=off")
        run(_pg_bin("pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "-t", "60", "start")
        with connect(f"postgresql://postgres@:{port}/postgres?host={folder}") as admin:
            admin.execute(f"CREATE ROLE officer LOGIN PASSWORD '{PASSWORD}'; CREATE ROLE certuser LOGIN")
            admin.execute("CREATE DATABASE ct20 OWNER officer")
        yield TlsServer(port, folder / "ca.pem", folder / "foreign-ca.pem", (folder / "client.crt", folder / "client.key"))
    finally:
        subprocess.run([*as_postgres, _pg_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


def _tls_in_use(url: str, **kwargs: str) -> bool:
    with connect(url, password=PASSWORD, **kwargs) as conn:
        row = conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
    return bool(row and row[0])


def test_the_ca_file_gives_a_verified_tls_connection(tls_server: TlsServer) -> None:
    url = tls_server.url()
    assert _tls_in_use(url, ca_file=str(tls_server.ca))
    assert init_inbox(url, ca_file=str(tls_server.ca), password=PASSWORD)[0] >= 1
    with PgInboxStore.open(url, ca_file=str(tls_server.ca), password=PASSWORD) as inbox:
        record, _ = inbox.add_inbox_package(file_name="a.asice", data=b"\x00\x01 over TLS", status="valid",
                                            problems=[])
        assert inbox.inbox_package_bytes(record.id) == b"\x00\x01 over TLS" and inbox.login == "officer"


def test_the_login_uses_scram_with_channel_binding_over_tls(tls_server: TlsServer) -> None:
    """SCRAM-SHA-256-PLUS: the password exchange is bound to this TLS connection (pg8000's client
    state, read here because the server does not report the mechanism)."""
    with connect(tls_server.url(), ca_file=str(tls_server.ca), password=PASSWORD) as conn:
        assert conn._raw.auth.mechanism_name == "SCRAM-SHA-256-PLUS"  # type: ignore[union-attr]


def test_a_client_certificate_in_the_url_logs_in(tls_server: TlsServer) -> None:
    cert, key = tls_server.client
    url = (f"postgresql://certuser@localhost:{tls_server.port}/ct20?sslmode=verify-full&sslrootcert={tls_server.ca}"
           f"&sslcert={cert}&sslkey={key}")
    with connect(url) as conn:
        assert conn.execute("SELECT current_user").fetchone() == ("certuser",)
    with pytest.raises(InboxServerUnreachableError) as refused:  # without it: no password login for certuser
        connect(f"postgresql://certuser@localhost:{tls_server.port}/ct20", ca_file=str(tls_server.ca))
    assert "certificate" in refused.value.render("en")


def test_a_certificate_from_another_ca_or_for_another_name_is_refused(tls_server: TlsServer) -> None:
    with pytest.raises(InboxServerUnreachableError) as foreign:
        connect(tls_server.url(), ca_file=str(tls_server.foreign_ca), password=PASSWORD)
    assert "the server's certificate is not trusted" in foreign.value.render("en")
    assert any(reason in foreign.value.render("en") for reason in ("local issuer", "self-signed certificate in"))
    with pytest.raises(InboxServerUnreachableError) as other_name:  # the certificate names "localhost" only
        connect(tls_server.url("127.0.0.1"), ca_file=str(tls_server.ca), password=PASSWORD)
    assert "not trusted" in other_name.value.render("en") and "127.0.0.1" in other_name.value.render("en")
    assert "Không kết nối được Hộp thư chung" in other_name.value.render("vi")


def test_sslmode_in_the_url_means_what_it_means_to_libpq(tls_server: TlsServer) -> None:
    assert _tls_in_use(tls_server.url())  # prefer (the default): TLS when offered, unverified
    assert _tls_in_use(tls_server.url("127.0.0.1", "sslmode=require"))
    assert _tls_in_use(tls_server.url(query=f"sslmode=verify-full&sslrootcert={tls_server.ca}"))
    assert _tls_in_use(tls_server.url("127.0.0.1", f"sslmode=verify-ca&sslrootcert={tls_server.ca}"))
    with pytest.raises(InboxServerUnreachableError) as refused:  # the server takes TLS logins only
        connect(tls_server.url(query="sslmode=disable"), password=PASSWORD)
    assert "no encryption" in refused.value.render("en")
    with pytest.raises(InboxUrlError) as wrong:
        connect(tls_server.url(query="sslmode=wrong"), password="x")
    assert "sslmode=wrong" in wrong.value.render("en")


def test_a_wrong_password_is_said_by_the_server(tls_server: TlsServer) -> None:
    with pytest.raises(InboxServerUnreachableError) as caught:
        connect(tls_server.url(), ca_file=str(tls_server.ca), password="not the password")
    assert 'password authentication failed for user "officer"' in caught.value.render("en")


def test_a_server_without_tls_is_refused_when_a_ca_file_is_set(tmp_path: Path, tls_server: TlsServer) -> None:
    """CT20_TEST_PG's server speaks no TLS on 127.0.0.1: with a (valid) CA file the app insists on
    TLS, so the connection is refused with the reason; an unreadable CA file is named."""
    with throwaway_database() as url:
        database = url.split("?")[0].rsplit("/", 1)[1]
        with pytest.raises(InboxServerUnreachableError) as caught:
            PgInboxStore.open(f"postgresql://root@127.0.0.1/{database}", ca_file=str(tls_server.ca))
        assert "offers no TLS (SSL)" in caught.value.render("en")
        bad = tmp_path / "ca.pem"
        bad.write_text("not a certificate\n", encoding="utf-8")
        with pytest.raises(InboxServerUnreachableError) as unreadable:
            PgInboxStore.open(f"postgresql://root@127.0.0.1/{database}", ca_file=str(bad))
        assert f"the certificate file {bad} cannot be read" in unreadable.value.render("en")
