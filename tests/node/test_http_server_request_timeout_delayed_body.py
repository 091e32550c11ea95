# Port of Node v20 test/parallel/test-http-server-request-timeout-delayed-body.js.
# Deviations: request_timeout is 200 ms and the checking interval 50 ms (Node:
# 2 s and 500 ms); the rest of the body is sent after twice the timeout, as in Node.
from nodekit import http, net, set_timeout
from tests.node._common import REQUEST_TIMEOUT_RESPONSE, expect_response_then_end

REQUEST_TIMEOUT = 200


def test_a_body_that_never_comes_gets_a_408(common):
    body_case(common, "", "12345678901234567890\r\n\r\n")


def body_case(common, first_part, rest):
    """Shared with the port of test-http-server-request-timeout-interrupted-body.js:
    after the head, ``first_part`` of the 20-byte body comes at once and
    ``rest`` only after twice the timeout: the answer is a 408."""

    def main():
        box = {}

        def handler(req, res):
            body = []
            req.set_encoding("utf-8")
            req.on("data", body.append)

            def on_end():
                res.write_head(200, {"Content-Type": "text/plain"})
                res.write("".join(body))
                res.end()

            req.on("end", on_end)
            assert callable(box.get("send"))
            box["send"]()

        server = http.create_server({"headers_timeout": 0, "request_timeout": REQUEST_TIMEOUT,
                                     "keep_alive_timeout": 0,
                                     "connections_checking_interval": REQUEST_TIMEOUT // 4},
                                    common.must_call(handler))
        assert server.request_timeout == REQUEST_TIMEOUT

        def go(port):
            client = net.connect(port, common.HOST)
            expect_response_then_end(common, client, lambda text: (
                _eq(text, REQUEST_TIMEOUT_RESPONSE), server.close()))
            client.resume()
            client.write("POST / HTTP/1.1\r\n")
            client.write("Host: example.com\r\n")
            client.write("Content-Length: 20\r\n")
            client.write("Connection: close\r\n")
            client.write("\r\n")
            if first_part:
                client.write(first_part)

            def send():
                set_timeout(lambda: client.write(rest), REQUEST_TIMEOUT * 2).unref()

            box["send"] = common.must_call(send)

        common.listen(server, go)

    common.run(main)


def _eq(a, b):
    assert a == b
