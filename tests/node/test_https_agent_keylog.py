# Port of Node v20 test/parallel/test-https-agent-keylog.js.
# Deviations: Node's tlsSocket.encrypted check is the TLSSocket's encrypted;
# the client connects to 127.0.0.1 (Node: localhost). The agent2 certificate
# is made at run time (tests/node/_tls.py).
import pytest

from nodekit import _openssl, https
from tests.node._common import at
from tests.node._tls import agent2


@pytest.mark.xfail(not _openssl.AVAILABLE, strict=True, reason=_openssl.REASON)
def test_keylog_lines_on_server_and_agent(common):
    def verify_keylog(line, tls_socket):
        assert isinstance(line, bytes)
        assert tls_socket.encrypted is True

    def main():
        pair = agent2()
        # The number of keylog lines depends on the protocol version: TLS 1.3 only.
        server = https.create_server({"key": pair.key, "cert": pair.cert,
                                      "min_version": "TLSv1.3", "max_version": "TLSv1.3"},
                                     lambda req, res: res.end("bye"))
        server.on("keylog", common.must_call(verify_keylog, 10))
        https.global_agent.on("keylog", common.must_call(verify_keylog, 10))

        def go(port):
            def on_second(res):
                server.close()
                res.resume()

            def on_first(res):
                res.resume()
                # a second connection (and a resumed handshake)
                res.on("end", lambda: https.get(at(port, reject_unauthorized=False), on_second))

            https.get(at(port, reject_unauthorized=False), on_first)

        common.listen(server, go)

    try:
        common.run(main)
    finally:
        https.global_agent.remove_all_listeners("keylog")
