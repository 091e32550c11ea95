# Port of Node v20 test/parallel/test-http-header-badrequest.js.
# Deviations: none; a socket 'error' after the head went out ends the
# connection without writing a 400 into the body.
from nodekit import http, net


def test_socket_error_mid_response_does_not_append_a_400(common):
    def main():
        server = http.create_server()

        def on_request(req, res):
            res.write("asd", lambda *a: res.socket.emit("error", Exception("kaboom")))

        server.on("request", common.must_call(on_request))

        def go(port):
            c = net.create_connection(port, common.HOST)
            received = []
            c.on("connect", common.must_call(
                lambda: c.write("GET /blah HTTP/1.1\r\nHost: example.com\r\n\r\n")))
            c.on("data", common.must_call_at_least(received.append))

            def on_end():
                text = b"".join(received).decode()
                assert text.index("asd\r\n") == len(text) - 5
                c.end()

            c.on("end", common.must_call(on_end))
            c.on("close", common.must_call(lambda *a: server.close()))

        common.listen(server, go)

    common.run(main)
