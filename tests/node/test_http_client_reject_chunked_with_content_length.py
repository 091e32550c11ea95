# Port of Node v20 test/parallel/test-http-client-reject-chunked-with-content-length.js.
# Deviations: the v20.11 file expects HPE_UNEXPECTED_CONTENT_LENGTH; Node
# v20.20 (the reference, llhttp 9) reports HPE_INVALID_TRANSFER_ENCODING
# (checked with node).

from nodekit import http, net
from tests.node._common import at


def test_response_with_content_length_and_chunked_is_a_parse_error(common):
    reqstr = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n"

    def main():
        server = net.create_server(lambda socket: socket.write(reqstr))

        def go(port):
            req = http.get(at(port), common.must_not_call())

            def on_error(err):
                assert str(err).startswith("Parse Error")
                assert err.code == "HPE_INVALID_TRANSFER_ENCODING"
                server.close()

            req.on("error", common.must_call(on_error))

        common.listen(server, go)

    common.run(main, timeout=1)
