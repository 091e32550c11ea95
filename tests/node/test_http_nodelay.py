# Port of Node v20 test/parallel/test-http-nodelay.js.
# Deviations: Node patches net.Socket.prototype.connect to see noDelay in
# the client's connect arguments (internal plumbing); the port keeps the
# public half: server.no_delay is True by default, and a request goes through.
from nodekit import http
from tests.node._common import at


def test_no_delay_is_on_by_default(common):
    def main():
        def handler(req, res):
            res.write_head(200)
            res.end()
            server.close()

        server = http.create_server(common.must_call(handler))

        def go(port):
            assert server.no_delay is True

            def on_response(res):
                def on_end():
                    server.close()
                    res.req.socket.end()

                res.on("end", on_end)
                res.resume()

            http.request(at(port, method="GET"), common.must_call(on_response)).end()

        common.listen(server, go)

    common.run(main)
