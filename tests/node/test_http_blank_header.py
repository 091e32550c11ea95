# Port of Node v20 test/parallel/test-http-blank-header.js.
# Deviations: headers['cookie'] is a list (API.md §6, README's deviation
# list): the empty Cookie is [''] where Node has ''.
from nodekit import http, net


def test_empty_cookie_value_and_garbage_after_the_head(common):
    def main():
        def handler(req, res):
            assert req.method == "GET"
            assert req.url == "/blah"
            assert req.headers == {"host": "example.org:443", "origin": "http://example.org",
                                   "cookie": [""]}

        server = http.create_server(common.must_call(handler))

        def go(port):
            c = net.create_connection(port, common.HOST)
            received = []
            c.on("connect", common.must_call(lambda: c.write(
                "GET /blah HTTP/1.1\r\n"
                "Host: example.org:443\r\n"
                "Cookie:\r\n"
                "Origin: http://example.org\r\n"
                "\r\n\r\nhello world")))
            c.on("data", common.must_call_at_least(received.append))

            def on_end():
                assert b"".join(received) == \
                    b"HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
                c.end()

            c.on("end", common.must_call(on_end))
            c.on("close", common.must_call(lambda *a: server.close()))

        common.listen(server, go)

    common.run(main)
