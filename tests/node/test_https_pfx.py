# Port of Node v20 test/parallel/test-https-pfx.js.
# Deviations: Node's rsa_cert.pfx (a self-signed certificate and its key in
# PKCS#12, passphrase 'sample') is made at run time with `cryptography` from
# the self-signed agent2 shape.
import pytest
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

from nodekit import https
from tests.node._tls import agent2


def _pfx(passphrase: bytes) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    pair = agent2()
    key = load_pem_private_key(pair.key.encode(), None)
    cert = x509.load_pem_x509_certificate(pair.cert.encode())
    return pkcs12.serialize_key_and_certificates(b"agent2", key, cert, None,
                                                 BestAvailableEncryption(passphrase))


@pytest.mark.xfail(strict=True, reason=(
    "no `pfx` option (a PKCS#12 key and certificate) on tls/https servers and clients; and "
    "with request_cert and reject_unauthorized=False the server still refuses a client "
    "certificate it cannot verify (Python's ssl has no verify callback)"))
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
