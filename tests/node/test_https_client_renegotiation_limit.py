# Port of Node v20 test/parallel/test-https-client-renegotiation-limit.js.
# Deviations: Node sets tls.DEFAULT_MAX_VERSION = 'TLSv1.2' and
# tls.CLIENT_RENEG_LIMIT for each run; here the server's max_version is
# 'TLSv1.2' and the limit a module attribute tls.CLIENT_RENEG_LIMIT set the
# same way. Node's rsa_cert.crt/rsa_private.pem is the self-signed agent2
# shape (made at run time). The client asks for 127.0.0.1 (Node: localhost).
# Not applicable (tests/node/conformance_table.py): kept as the record of
# what Node checks.
import pytest

from nodekit import https, set_immediate, tls
from tests.node._tls import agent2

LIMITS = [0, 1, 2, 3, 5, 10, 16]


@pytest.mark.xfail(strict=True, reason=(
    "no TLS renegotiation: no tls_socket.renegotiate() nor tls.CLIENT_RENEG_LIMIT (Python's "
    "ssl cannot renegotiate)"))
@pytest.mark.parametrize("limit", LIMITS)
def test_the_server_stops_a_renegotiation_attack(common, limit, monkeypatch):
    def main():
        monkeypatch.setattr(tls, "CLIENT_RENEG_LIMIT", limit, raising=False)
        pair = agent2()

        def handler(req, res):
            conn = req.connection

            def on_error(err):
                assert "TLS session renegotiation attack" in str(err)
                conn.destroy()

            conn.on("error", on_error)
            res.end("ok")

        server = https.create_server({"key": pair.key, "cert": pair.cert,
                                      "max_version": "TLSv1.2"}, handler)

        def go(port):
            agent = https.Agent(keep_alive=True)
            renegs = [0]

            def on_response(res):
                client = res.socket

                def on_close(had_err):
                    assert had_err is False
                    assert renegs[0] == limit + 1
                    server.close()
                    agent.destroy()

                def on_client_error(err):
                    raise err

                client.on("close", on_close)
                client.on("error", on_client_error)

                def spam():
                    def done(err=None):
                        assert err is None
                        assert renegs[0] <= limit
                        set_immediate(spam)

                    client.renegotiate({}, done)
                    renegs[0] += 1

                spam()

            https.get(f"https://127.0.0.1:{port}/", {"reject_unauthorized": False,
                                                     "agent": agent}, on_response)

        common.listen(server, go)

    common.run(main)
