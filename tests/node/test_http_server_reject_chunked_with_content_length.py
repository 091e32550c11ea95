# Port of Node v20 test/parallel/test-http-server-reject-chunked-with-content-length.js.
# Deviations: the v20.11 file expects HPE_UNEXPECTED_CONTENT_LENGTH; Node
# v20.20 (the reference here, its llhttp 9) reports HPE_INVALID_TRANSFER_ENCODING
# ('Transfer-Encoding can't be present with Content-Length'), checked with node.
# No Host header, as in the original: the parse error comes first.
from nodekit import http, net


def test_content_length_with_chunked_is_a_client_error(common):
    reqstr = ("POST / HTTP/1.1\r\n"
              "Content-Length: 1\r\n"
              "Transfer-Encoding: chunked\r\n\r\n")

    def main():
        server = http.create_server(common.must_not_call())

        def on_client_error(err, socket):
            assert str(err).startswith("Parse Error")
            assert err.code == "HPE_INVALID_TRANSFER_ENCODING"
            server.close()
            socket.destroy()

        server.on("clientError", common.must_call(on_client_error))

        def go(port):
            client = net.connect(port, common.HOST)
            client.on("connect", lambda: (client.write(reqstr), client.end()))
            client.on("data", common.must_not_call("no data should be returned by the server"))
            client.on("end", common.must_call())

        common.listen(server, go)

    common.run(main)
