# Port of Node v20 test/parallel/test-http-server-request-timeout-delayed-headers.js.
# Deviations: request_timeout is 200 ms and the checking interval 50 ms (Node: 2 s
# and 500 ms); the headers are sent after twice the timeout, as in Node.
from nodekit import http, net, set_timeout
from tests.node._common import REQUEST_TIMEOUT_RESPONSE, expect_response_then_end


def test_no_headers_within_request_timeout_is_a_408(common):
    def main():
        box = {}
        server = http.create_server({"headers_timeout": 0, "request_timeout": 200,
                                     "keep_alive_timeout": 0,
                                     "connections_checking_interval": 50},
                                    common.must_not_call("request"))

        def on_connection(socket):
            assert callable(box.get("send"))
            box["send"]()

        server.on("connection", common.must_call(on_connection))
        assert server.request_timeout == 200

        def go(port):
            client = net.connect(port, common.HOST)
            expect_response_then_end(common, client, lambda text: (
                _eq(text, REQUEST_TIMEOUT_RESPONSE), server.close()), data_at_least=True)
            client.resume()

            def send():
                def later():
                    client.write("POST / HTTP/1.1\r\n")
                    client.write("Content-Length: 20\r\n")
                    client.write("Connection: close\r\n\r\n")
                    client.write("12345678901234567890\r\n\r\n")

                set_timeout(later, 400).unref()

            box["send"] = common.must_call(send)

        common.listen(server, go)

    common.run(main)


def _eq(a, b):
    assert a == b
