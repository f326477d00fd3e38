"""B-T: a timestamp server on the loopback interface (pyHanko's test TSA behind http.server)."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from asn1crypto import keys, tsp
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from desktop.i18n import LocalizedError
from desktop.package import asic
from desktop.package.verify import verify_package
from desktop.signing import pdfsign
from desktop.signing.signers import OpenedSigner, to_asn1
from tests.export.helpers import SIGNATURE_BOX, data_json, report_pdf
from tests.pki import TestPki


@pytest.fixture(scope="module")
def tsa_url(pki: TestPki) -> Iterator[str]:
    stamper = DummyTimeStamper(
        tsa_cert=to_asn1(pki.tsa.cert),
        tsa_key=keys.PrivateKeyInfo.load(pki.tsa.key_der),
        certs_to_embed=[to_asn1(pki.issuing_ca.cert)],
    )

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            answer = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    server.shutdown()
    server.server_close()


def test_b_t_package_is_timestamped_and_verifies(signer: OpenedSigner, pki: TestPki, tsa_url: str) -> None:
    signed = pdfsign.sign_pdf(report_pdf(), signer, SIGNATURE_BOX, data_json=data_json(), timestamp_url=tsa_url)
    assert signed.timestamped
    (signature,) = PdfFileReader(io.BytesIO(signed.data)).embedded_signatures
    unsigned = signature.signer_info["unsigned_attrs"]
    assert [a["type"].native for a in unsigned] == ["signature_time_stamp_token"]
    built = asic.build_package(signed.data, data_json(), [], signer, timestamp_url=tsa_url)
    assert built.timestamped
    result = verify_package(built.data, trust_roots=[pki.root.cert])
    assert result.status == "valid", result.problems
    assert result.timestamped and result.signed_at is not None


def _closed_port_url() -> str:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/tsa"


def test_unreachable_timestamp_server_falls_back_to_b_b_unless_required(signer: OpenedSigner) -> None:
    url = _closed_port_url()
    signed = pdfsign.sign_pdf(report_pdf(1), signer, SIGNATURE_BOX, data_json=b"{}", timestamp_url=url)
    assert not signed.timestamped
    with pytest.raises(LocalizedError) as caught:
        pdfsign.sign_pdf(report_pdf(1), signer, SIGNATURE_BOX, timestamp_url=url, timestamp_required=True)
    assert caught.value.message.msgid == "The timestamp server {url} did not answer"


@pytest.fixture()
def hostile_tsa() -> Iterator[tuple[str, dict[str, object]]]:
    """A server that answers every request as `answer` says: its content type and body (sent
    chunked when `chunked`, so no Content-Length tells the client the size beforehand)."""
    answer: dict[str, object] = {"type": "application/timestamp-reply", "body": b"", "chunked": False}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            body = answer["body"]
            assert isinstance(body, bytes)
            self.send_response(200)
            self.send_header("Content-Type", str(answer["type"]))
            if answer["chunked"]:
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for start in range(0, len(body), 65536):
                    piece = body[start:start + 65536]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.write(b"0\r\n\r\n")
            else:
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/tsa", answer
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("chunked", [False, True], ids=["sized", "chunked"])
def test_an_oversized_or_mistyped_timestamp_answer_is_refused(
        hostile_tsa: tuple[str, dict[str, object]], chunked: bool) -> None:
    import asyncio

    from asn1crypto import algos
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    from desktop.signing.tsa import MAX_RESPONSE_BYTES, UrllibTimeStamper

    url, answer = hostile_tsa
    request = tsp.TimeStampReq({
        "version": 1, "cert_req": True,
        "message_imprint": {"hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
                            "hashed_message": bytes(32)},
    })
    stamper = UrllibTimeStamper(url, timeout=10)
    answer["chunked"] = chunked
    answer["body"] = b"\x30" * (MAX_RESPONSE_BYTES + 1)  # one byte more than any answer may be
    with pytest.raises(TimestampRequestError, match="malformed"):
        asyncio.run(stamper.async_request_tsa_response(request))
    answer["body"] = b"\x30\x03\x02\x01\x00"
    answer["type"] = "text/html"  # a captive portal's page, say
    with pytest.raises(TimestampRequestError, match="malformed"):
        asyncio.run(stamper.async_request_tsa_response(request))
