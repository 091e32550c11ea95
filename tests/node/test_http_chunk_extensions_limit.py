# Port of Node v20 test/parallel/test-http-chunk-extensions-limit.js.
# Deviations: none.
from nodekit import http, net, set_interval
from tests.node._common import HOST

HEAD = ("GET / HTTP/1.1\r\n"
        "Host: localhost:8080\r\n"
        "Transfer-Encoding: chunked\r\n\r\n")
TOO_LARGE = "HTTP/1.1 413 Payload Too Large\r\nConnection: close\r\n\r\n"


def _server(headers=None):
    def handler(req, res):
        def on_end(*_):
            res.write_head(200, headers or {"Content-Type": "text/plain"})
            res.end("bye")

        req.on("end", on_end)
        req.resume()

    return http.create_server(handler)


def _collect(common, server, sock, expected):
    data = []
    sock.on("data", lambda chunk: data.append(bytes(chunk)))

    def on_end(*_):
        assert b"".join(data).decode() == expected
        server.close()

    sock.on("end", common.must_call(on_end))


def test_one_over_long_extension_is_a_413(common):
    def main():
        server = _server()

        def go(port):
            sock = net.connect(port, HOST)
            _collect(common, server, sock, TOO_LARGE)
            sock.end(HEAD + "2;" + "A" * 20000 + "=bar\r\nAA\r\n" + "0\r\n\r\n")

        server.listen(0, HOST, lambda: go(server.address()["port"]))

    common.run(main)


def test_an_extension_growing_over_many_writes_is_a_413(common):
    def main():
        server = _server()

        def go(port):
            sock = net.connect(port, HOST)
            remaining = [20000]

            def tick():
                if remaining[0] > 0:
                    sock.write("A" * 1000)
                else:
                    sock.write("=bar\r\nAA\r\n0\r\n\r\n")
                    interval.close()
                remaining[0] -= 1000

            interval = set_interval(tick, 20)
            interval.unref()
            _collect(common, server, sock, TOO_LARGE)
            sock.write(HEAD + "2;")

        server.listen(0, HOST, lambda: go(server.address()["port"]))

    common.run(main)


def test_the_limit_is_per_chunk(common):
    expected = ("HTTP/1.1 200 OK\r\n"
                "content-type: text/plain\r\n"
                "connection: close\r\n"
                "date: now\r\n"
                "Transfer-Encoding: chunked\r\n"
                "\r\n"
                "3\r\n"
                "bye\r\n"
                "0\r\n"
                "\r\n")

    def main():
        server = _server({"content-type": "text/plain", "connection": "close", "date": "now"})

        def go(port):
            sock = net.connect(port, HOST)
            _collect(common, server, sock, expected)
            sock.end(HEAD + ("2;" + "A" * 10000 + "=bar\r\nAA\r\n") * 3 + "0\r\n\r\n")

        server.listen(0, HOST, lambda: go(server.address()["port"]))

    common.run(main)
