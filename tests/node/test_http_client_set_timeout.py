# Port of Node v20 test/parallel/test-http-client-set-timeout.js.
# Deviations: none (the socket's own timeout is 10 ms).
from nodekit import http
from tests.node._common import at


def test_set_timeout_before_connect_and_socket_set_timeout(common):
    def main():
        server = http.create_server(lambda req, res: None)

        def go(port):
            req = http.get(at(port, timeout=2000))
            req.set_timeout(1000)

            def on_socket(socket):
                assert socket.timeout == 2000

                def on_connect():
                    assert socket.timeout == 1000
                    socket.set_timeout(10)
                    assert socket.timeout == 10

                socket.on("connect", common.must_call(on_connect))

            def on_close():
                assert req.destroyed is True
                server.close()

            def on_timeout():
                assert req.socket.listener_count("timeout") == 1
                req.destroy()

            req.on("socket", common.must_call(on_socket))
            req.on("error", common.expects_error(code="ECONNRESET", message="socket hang up"))
            req.on("close", common.must_call(on_close))
            req.on("timeout", common.must_call(on_timeout))

        common.listen(server, go)

    common.run(main)
