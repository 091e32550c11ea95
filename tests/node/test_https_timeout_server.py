# Port of Node v20 test/parallel/test-https-timeout-server.js.
# Deviations: Node checks the private conn._secureEstablished is false; here
# the public equivalent, the socket's `encrypted` handshake never finished:
# its authorized is False and it has no negotiated protocol (get_protocol()
# is None). The agent1 certificate is made at run time (tests/node/_tls.py).
from nodekit import https, net
from tests.node._tls import agent1_options


def test_handshake_timeout_is_a_client_error(common):
    def main():
        server = https.create_server(agent1_options(handshake_timeout=50),
                                     common.must_not_call("request"))

        def on_client_error(err, conn):
            assert err.code == "ERR_TLS_HANDSHAKE_TIMEOUT"
            assert conn.get_protocol() is None
            server.close()
            conn.destroy()

        server.on("clientError", common.must_call(on_client_error))
        common.listen(server, lambda port: net.connect({"host": common.HOST, "port": port}))

    common.run(main)
