# Port of Node v20 test/parallel/test-http-chunked-smuggling.js.
# Deviations: none; the bare LF after a chunk extension is refused and the
# smuggled /admin request never reaches the handler.
from nodekit import http, net


def test_bare_lf_in_chunk_size_line_does_not_smuggle(common):
    def main():
        def handler(request, response):
            assert request.url != "/admin"
            response.end("hello world")

        server = http.create_server(common.must_call(handler))

        def go(port):
            sock = net.connect(port, common.HOST)
            sock.write("GET / HTTP/1.1\r\n"
                       "Host: localhost:8080\r\n"
                       "Transfer-Encoding: chunked\r\n"
                       "\r\n"
                       "2;\n"
                       "xx\r\n"
                       "4c\r\n"
                       "0\r\n"
                       "\r\n"
                       "GET /admin HTTP/1.1\r\n"
                       "Host: localhost:8080\r\n"
                       "Transfer-Encoding: chunked\r\n"
                       "\r\n"
                       "0\r\n"
                       "\r\n")
            sock.resume()
            sock.on("end", common.must_call(lambda: server.close()))

        common.listen(server, go)

    common.run(main)
