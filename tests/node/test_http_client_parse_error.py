# Port of Node v20 test/parallel/test-http-client-parse-error.js.
# Deviations: Node also asserts one 'end' listener on the socket: that is
# net.Socket's own internal end handler (onReadableStreamEnd), which
# NodeKit's socket does not implement as a listener; the port keeps the
# check that matters, that the parser's 'data' listener is gone.

from nodekit import http, net
from tests.node._common import assert_error, at


def test_bytes_after_a_response_and_garbage_are_parse_errors(common):
    payloads = [
        "HTTP/1.1 302 Object Moved\r\nContent-Length: 0\r\n\r\nhi world",
        "bad http = should trigger parse error",
    ]

    def main():
        server = net.create_server(common.must_call(lambda c: c.end(payloads.pop(0)), 2))
        left = [2]

        def go(port):
            for _ in range(2):
                req = http.get(at(port, path="/"))

                def on_error(e, req=req):
                    assert_error(e, code="HPE_INVALID_CONSTANT",
                                 message="Parse Error: Expected HTTP/")
                    assert req.socket.listener_count("data") == 0
                    left[0] -= 1
                    if left[0] == 0:
                        server.close()

                req.on("error", common.must_call(on_error))

        common.listen(server, go)

    common.run(main, timeout=1)
