# Port of Node v20 test/parallel/test-http-transfer-encoding-smuggling.js.
# Deviations: none.
from nodekit import http, net

MSG1 = "\r\n".join(["POST / HTTP/1.1", "Host: 127.0.0.1", "Transfer-Encoding: chunked",
                    "Transfer-Encoding: chunked-false", "Connection: upgrade", "", "1", "A",
                    "0", "", "GET /flag HTTP/1.1", "Host: 127.0.0.1", "", ""])
MSG2 = "\r\n".join(["POST / HTTP/1.1", "Host: 127.0.0.1", "Transfer-Encoding: chunked",
                    " , chunked-false", "Connection: upgrade", "", "1", "A", "0", "",
                    "GET /flag HTTP/1.1", "Host: 127.0.0.1", "", ""])


def test_second_te_not_ending_in_chunked_is_a_400(common):
    def main():
        server = http.create_server(common.must_not_call())

        def go(port):
            client = net.connect(port, common.HOST)
            response = []
            client.on("data", common.must_call_at_least(response.append))
            client.set_encoding("utf8")
            client.on("error", common.must_not_call())

            def on_end():
                assert "".join(response) == \
                    "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
                server.close()

            client.on("end", common.must_call(on_end))
            client.write(MSG1)
            client.resume()

        common.listen(server, go)

    common.run(main)


def test_obs_fold_continuation_of_te_does_not_smuggle(common):
    def main():
        def handler(request, response):
            assert request.url != "/admin"
            response.end("hello world")

        server = http.create_server(common.must_call_at_least(handler, 0))

        def go(port):
            client = net.connect(port, common.HOST)
            client.on("end", common.must_call(lambda: server.close()))
            client.write(MSG2)
            client.resume()

        common.listen(server, go)

    common.run(main)
