# Port of Node v20 test/parallel/test-http-server-headers-timeout-interrupted-headers.js.
# Deviations: headers_timeout is 200 ms and the checking interval 50 ms (Node:
# 2 s and 500 ms); the rest of the head is sent after twice the timeout, as in Node.
from nodekit import http, net, set_timeout
from tests.node._common import REQUEST_TIMEOUT_RESPONSE, expect_response_then_end

HEADERS_TIMEOUT = 200


def test_a_head_cut_short_gets_a_408(common):
    def setup(server):
        assert server.headers_timeout == HEADERS_TIMEOUT
        server.once("timeout", common.must_not_call("timeout"))

    interrupted_headers_case(common, {"headers_timeout": HEADERS_TIMEOUT,
                                      "request_timeout": 0}, HEADERS_TIMEOUT, setup)


def interrupted_headers_case(common, options, timeout, setup):
    """Shared with the port of test-http-server-request-timeout-interrupted-headers.js
    (the same file with requestTimeout): a head whose last line comes after
    twice the timeout gets a 408."""

    def main():
        box = {}
        server = http.create_server({**options, "keep_alive_timeout": 0,
                                     "connections_checking_interval": timeout // 4},
                                    common.must_not_call("request"))

        def on_connection(socket):
            assert callable(box.get("send"))
            box["send"]()

        server.on("connection", common.must_call(on_connection))
        setup(server)

        def go(port):
            client = net.connect(port, common.HOST)
            expect_response_then_end(common, client, lambda text: (
                _eq(text, REQUEST_TIMEOUT_RESPONSE), server.close()))
            client.resume()
            client.write("GET / HTTP/1.1\r\n")
            client.write("Connection: close\r\n")
            client.write("X-CRASH: ")

            def send():
                set_timeout(lambda: client.write("1234567890\r\n\r\n"), timeout * 2).unref()

            box["send"] = common.must_call(send)

        common.listen(server, go)

    common.run(main)


def _eq(a, b):
    assert a == b
