# Port of Node v20 test/parallel/test-http-request-smuggling-content-length.js.
# Deviations: none; the exact bytes of the 400 are checked.
from nodekit import http, net


def test_space_before_colon_in_content_length_is_a_400(common):
    def main():
        server = http.create_server(common.must_not_call())

        def go(port):
            sock = net.connect(port, common.HOST)
            sock.write("GET / HTTP/1.1\r\nHost: localhost:5000\r\n"
                       "Content-Length : 5\r\n\r\nhello")
            body = []
            sock.set_encoding("utf8")
            sock.on("data", body.append)

            def on_end():
                assert "".join(body) == "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
                server.close()

            sock.on("end", common.must_call(on_end))

        common.listen(server, go)

    common.run(main)
