# Port of Node v20 test/parallel/test-http-server-request-timeout-interrupted-body.js.
# Deviations: request_timeout is 200 ms and the checking interval 50 ms (Node:
# 2 s and 500 ms); the rest of the body is sent after twice the timeout, as in Node.
from nodekit import http, net, set_timeout

REQUEST_TIMEOUT = 200


def test_a_body_cut_short_gets_a_408(common):
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
            response = []
            client.set_encoding("utf8")
            client.on("data", common.must_call(response.append))

            def err_or_end(err=None):
                assert err is None
                assert "".join(response) == \
                    "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n"
                server.close()

            done = common.must_call(err_or_end)
            client.on("end", done)
            client.on("error", done)
            client.resume()
            client.write("POST / HTTP/1.1\r\n")
            client.write("Host: example.com\r\n")
            client.write("Content-Length: 20\r\n")
            client.write("Connection: close\r\n")
            client.write("\r\n")
            client.write("1234567890")

            def send():
                set_timeout(lambda: client.write("1234567890\r\n\r\n"),
                            REQUEST_TIMEOUT * 2).unref()

            box["send"] = common.must_call(send)

        common.listen(server, go)

    common.run(main)
