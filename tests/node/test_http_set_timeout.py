# Port of Node v20 test/parallel/test-http-set-timeout.js.
# Deviations: the socket timeout is 100 ms (Node: 500).
from nodekit import http, net
from tests.node._common import at


def test_socket_set_timeout_in_a_handler(common):
    def main():
        def handler(req, res):
            socket = req.connection.set_timeout(100)
            assert isinstance(socket, net.Socket)

            def on_timeout():
                req.connection.destroy()
                server.close()

            req.connection.on("timeout", common.must_call(on_timeout))

        server = http.create_server(handler)

        def go(port):
            request = http.get(at(port, path="/"))
            request.on("error", common.must_call())
            request.end()

        common.listen(server, go)

    common.run(main)
