# Port of Node v20 test/parallel/test-http-parser-finish-error.js.
# Deviations: none.

from nodekit import http, net


def test_eof_inside_a_head_is_invalid_eof_state(common):
    def main():
        server = http.create_server(common.must_not_call())

        def on_client_error(err, socket):
            assert str(err).startswith("Parse Error")
            assert err.code == "HPE_INVALID_EOF_STATE"
            socket.destroy()

        server.on("clientError", common.must_call(on_client_error))

        def go(port):
            client = net.connect(port, common.HOST)

            def on_connect():
                client.on("data", common.must_not_call())
                client.on("end", common.must_call(lambda: server.close()))
                client.write("GET / HTTP/1.1\r\nContent-Length:")
                client.end()

            client.on("connect", on_connect)

        common.listen(server, go)

    common.run(main)
