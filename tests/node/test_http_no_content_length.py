# Port of Node v20 test/parallel/test-http-no-content-length.js.
# Deviations: none.

from nodekit import http, net
from tests.node._common import at


def test_close_delimited_response_body(common):
    def main():
        server = net.create_server(lambda socket: socket.end("HTTP/1.1 200 ok\r\n\r\nHello"))

        def go(port):
            def on_response(res):
                body = []
                res.set_encoding("utf8")
                res.on("data", body.append)

                def on_end():
                    assert "".join(body) == "Hello"
                    server.close()

                res.on("end", common.must_call(on_end))

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main, timeout=1)
