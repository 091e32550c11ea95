# Port of Node v20 test/parallel/test-http-multi-line-headers.js.
# Deviations: the v20.11 file expects the folded Content-Type to be unfolded;
# Node v20.20 (the reference, llhttp 9 strict) rejects obs-fold in a response
# with HPE_INVALID_HEADER_TOKEN, 'Unexpected whitespace after header value'
# (checked with node): the port asserts v20.20's error.

from nodekit import http, net


def test_folded_response_header_is_a_parse_error(common):
    def main():
        def on_connection(conn):
            body = "Yet another node.js server."
            conn.end("HTTP/1.1 200 OK\r\n"
                     "Connection: close\r\n"
                     f"Content-Length: {len(body)}\r\n"
                     "Content-Type: text/plain;\r\n"
                     " x-unix-mode=0600;\r\n"
                     ' name="hello.txt"\r\n'
                     "\r\n" + body)
            server.close()

        server = net.create_server(on_connection)

        def go(port):
            def on_error(err):
                assert err.code == "HPE_INVALID_HEADER_TOKEN"
                assert str(err).startswith("Parse Error: Unexpected whitespace after header value")

            http.get({"host": common.HOST, "port": port}, common.must_not_call()).on(
                "error", common.must_call(on_error))

        common.listen(server, go)

    common.run(main, timeout=1)
