# Port of Node v20 test/parallel/test-http-malformed-request.js.
# Deviations: Node logs url.parse(req.url); the port asserts req.url as sent.
from nodekit import http, net


def test_invalid_percent_escape_in_url_is_served(common):
    def main():
        def handler(req, res):
            assert req.url == "/hello?foo=%99bar"
            res.write_head(200, {"Content-Type": "text/plain"})
            res.write("Hello World")
            res.end()
            server.close()

        server = http.create_server(common.must_call(handler))

        def go(port):
            c = net.create_connection(port, common.HOST)

            def on_connect():
                c.write("GET /hello?foo=%99bar HTTP/1.1\r\nHost: example.com\r\n\r\n")
                c.end()

            c.on("connect", on_connect)
            c.resume()

        common.listen(server, go)

    common.run(main)
