# Port of Node v20 test/parallel/test-https-pfx.js.
# Deviations: Node's rsa_cert.pfx (a self-signed certificate and its key in
# PKCS#12, passphrase 'sample') is made at run time with `cryptography`: a
# self-signed certificate without extensions, on agent2's key.
import pytest
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

from nodekit import _openssl, https
from tests.node._tls import agent2

NEEDS_OPENSSL = pytest.mark.xfail(not _openssl.AVAILABLE, strict=True, reason=(
    "verifying without refusing needs the OpenSSL bindings: " + _openssl.REASON))


def _pfx(passphrase: bytes) -> bytes:
    """rsa_cert.crt's shape: self-signed, no extended key usage (a serverAuth
    only certificate would fail as a client's with INVALID_PURPOSE)."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import load_pem_private_key
    from cryptography.x509.oid import NameOID

    key = load_pem_private_key(agent2().key.encode(), None)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "agent2")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .sign(key, hashes.SHA256()))
    return pkcs12.serialize_key_and_certificates(b"agent2", key, cert, None,
                                                 BestAvailableEncryption(passphrase))


@NEEDS_OPENSSL
def test_pfx_on_both_ends(common):
    options = {"host": "127.0.0.1", "port": None, "path": "/", "pfx": _pfx(b"sample"),
               "passphrase": "sample", "request_cert": True, "reject_unauthorized": False}

    def main():
        def handler(req, res):
            assert req.socket.authorized is False  # not a client certificate
            assert req.socket.authorization_error == "DEPTH_ZERO_SELF_SIGNED_CERT"
            res.write_head(200)
            res.end("OK")

        server = https.create_server(options, handler)

        def go():
            options["port"] = server.address()["port"]

            def on_response(res):
                data = []
                res.on("data", data.append)

                def on_end():
                    assert b"".join(data) == b"OK"
                    server.close()

                res.on("end", common.must_call(on_end))

            https.get(options, common.must_call(on_response))

        server.listen(0, options["host"], common.must_call(go))

    common.run(main)
