# Port of Node v20 test/parallel/test-https-foafssl.js.
# Deviations: Node's fixtures (rsa_cert.crt for the server; for the client
# rsa_cert_foafssl_b.crt, an RSA certificate whose subjectAltName is
# URI:http://example.com/#me, with its .modulus and .exponent files) are
# made at run time with `cryptography`, in the same shapes. The openssl
# s_client child runs in a thread (its output is checked after the loop);
# the server closes after its response (Node: when the client has the body),
# and the certificate the handler saw is checked after the loop. The client
# sends `GET / HTTP/1.0` (Node: `GET /`, an HTTP/0.9 request line, which
# NodeKit's server answers with 505 by design, see http/_server.py).
import datetime
import shutil
import subprocess
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from nodekit import _openssl, https
from tests.node._tls import agent2

WEB_ID_URL = "URI:http://example.com/#me"
BODY = "hello world\n"

NEEDS_OPENSSL = pytest.mark.xfail(not _openssl.AVAILABLE, strict=True, reason=(
    "verifying without refusing needs the OpenSSL bindings: " + _openssl.REASON))


def _foaf_client(tmp_path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "foafssl")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName(
                [x509.UniformResourceIdentifier("http://example.com/#me")]), critical=False)
            .sign(key, hashes.SHA256()))
    (tmp_path / "client.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "client.key").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    numbers = key.public_key().public_numbers()
    return f"{numbers.n:X}", f"0x{numbers.e:x}"


@pytest.mark.skipif(shutil.which("openssl") is None, reason="no OpenSSL CLI")
@NEEDS_OPENSSL
def test_the_peer_certificate_of_a_foaf_client(common, tmp_path):
    modulus, exponent = _foaf_client(tmp_path)
    got = {}

    def main():
        pair = agent2()

        def handler(req, res):
            got["cert"] = req.connection.get_peer_certificate()  # (checked below)
            res.write_head(200, {"content-type": "text/plain"})
            res.end(BODY, lambda *_: server.close())

        server = https.create_server({"key": pair.key, "cert": pair.cert, "request_cert": True,
                                      "reject_unauthorized": False},
                                     common.must_call(handler))
        # (not in Node: a refused handshake closes the server, so a failure is quick)
        server.on("tlsClientError", lambda err, sock: server.close())

        def go(port):
            def client():
                got["run"] = subprocess.run(
                    ["openssl", "s_client", "-quiet", "-connect", f"127.0.0.1:{port}",
                     "-cert", str(tmp_path / "client.crt"),
                     "-key", str(tmp_path / "client.key")],
                    input=b"GET / HTTP/1.0\r\n\r\n", capture_output=True, timeout=20)

            thread = threading.Thread(target=client, daemon=True)
            thread.start()
            threads.append(thread)

        common.listen(server, go)

    threads = []
    common.run(main, timeout=20)
    threads[0].join(20)
    assert got["run"].stdout.decode().split("\r\n\r\n")[-1] == BODY
    cert = got["cert"]
    assert cert.get("subjectaltname") == WEB_ID_URL
    assert cert.get("exponent") == exponent
    assert cert.get("modulus") == modulus
