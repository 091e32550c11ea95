# Port of Node v20 test/parallel/test-http-transfer-encoding-repeated-chunked.js.
# Deviations: none; the handler runs once (the head is valid), the body is
# refused with a 400 and neither 'data' nor 'end' reach the request.
from nodekit import http, net

MSG = "\r\n".join(["POST / HTTP/1.1", "Host: 127.0.0.1",
                   "Transfer-Encoding: chunkedchunked", "", "1", "A", "0", ""])


def test_chunkedchunked_is_a_400(common):
    def main():
        def handler(req, res):
            req.on("data", common.must_not_call("data"))
            req.on("end", common.must_not_call("end"))

        server = http.create_server(common.must_call(handler))

        def go(port):
            client = net.connect(port, common.HOST)
            response = []
            client.set_encoding("utf8")
            client.on("data", common.must_call_at_least(response.append))
            client.on("error", common.must_not_call("error"))

            def on_end():
                assert "".join(response) == "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
                server.close()

            client.on("end", common.must_call(on_end))
            client.write(MSG)
            client.resume()

        common.listen(server, go)

    common.run(main)
