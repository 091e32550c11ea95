# Port of Node v20 test/parallel/test-http-client-timeout-on-connect.js.
# Deviations: Node reads the socket's internal timer (socket[kTimeout],
# --expose-internals); the port reads the public socket.timeout: 0 when the
# socket is handed over, 1 once it connected.
from nodekit import http
from tests.node._common import HOST


def test_request_set_timeout_before_connect_starts_at_connect(common):
    def main():
        server = http.create_server(lambda req, res: None)

        def go(port):
            req = http.get(f"http://{HOST}:{port}", {"agent": http.Agent()})
            req.set_timeout(1)

            def on_socket(socket):
                assert not socket.timeout
                socket.on("connect", common.must_call(lambda *_: _eq(socket.timeout, 1)))

            def on_error(err):
                assert str(err) == "socket hang up"
                server.close()

            req.on("socket", common.must_call(on_socket))
            req.on("timeout", common.must_call(lambda: req.abort()))
            req.on("error", common.must_call(on_error))

        common.listen(server, go)

    common.run(main)


def _eq(a, b):
    assert a == b, (a, b)
