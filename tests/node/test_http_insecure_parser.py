# Port of Node v20 test/parallel/test-http-insecure-parser.js.
# Deviations: Node's --insecure-http-parser flag is the server option
# insecure_http_parser=True (API.md §11). The original's request has
# "Host: example.comConnection: close" (a missing CRLF): that Host value is
# malformed, which NodeKit answers 400 whatever the parser mode (README:
# stricter Host rules), so the port sends the two lines the test meant.
from nodekit import http, net


def test_insecure_parser_accepts_a_control_character_in_a_value(common):
    def main():
        def handler(req, res):
            assert req.headers["content-type"] == "text/te\bt"
            req.pipe(res)

        server = http.create_server({"insecure_http_parser": True}, common.must_call(handler))

        def go(port):
            bufs = []
            client = net.connect(port, common.HOST)
            client.on("connect", lambda: client.write(
                "GET / HTTP/1.1\r\n"
                "Content-Type: text/te\x08t\r\n"
                "Host: example.com\r\n"
                "Connection: close\r\n\r\n"))
            client.on("data", bufs.append)

            def on_end():
                head = b"".join(bufs).decode("latin-1").split("\r\n")[0]
                assert head == "HTTP/1.1 200 OK"
                server.close()

            client.on("end", common.must_call(on_end))

        common.listen(server, go)

    common.run(main)
