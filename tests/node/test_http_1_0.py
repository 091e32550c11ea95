# Port of Node v20 test/parallel/test-http-1.0.js.
# Deviations: Node calls the private `res._send('')` after each write (a
# no-op flush); the port leaves those calls out — the bytes on the wire are
# the same.
from nodekit import http, net

BODY = "hello world\n"
CURL = ("User-Agent: curl/7.19.7 (x86_64-pc-linux-gnu) libcurl/7.19.7 "
        "OpenSSL/0.9.8k zlib/1.2.3.3 libidn/1.15\r\n")


def _exchange(common, handler, request):
    got = {"response": "", "eof": False}

    def main():
        server = http.create_server(handler)
        server.listen(0)

        def on_listening():
            c = net.create_connection(server.address()["port"])
            c.set_encoding("utf8")
            c.on("connect", lambda *_: c.write(request))

            def on_data(chunk):
                got["response"] += chunk

            def on_end(*_):
                got["eof"] = True
                c.end()
                server.close()

            c.on("data", on_data)
            c.on("end", common.must_call(on_end))

        server.on("listening", on_listening)

    common.run(main)
    assert got["eof"] is True
    return got["response"]


def _version(req, major, minor):
    assert req.http_version == f"{major}.{minor}"
    assert req.http_version_major == major
    assert req.http_version_minor == minor


def test_http_1_0_request_gets_the_body_and_eof(common):
    def handler(req, res):
        _version(req, 1, 0)
        res.write_head(200, {"Content-Type": "text/plain"})
        res.end(BODY)

    response = _exchange(common, handler, "GET / HTTP/1.0\r\n\r\n")
    assert response.split("\r\n\r\n")[1] == BODY


def _hello_world(minor):
    def handler(req, res):
        _version(req, 1, minor)
        res.send_date = False
        res.write_head(200, {"Content-Type": "text/plain"})
        res.write("Hello, ")
        res.write("world!")
        res.end()

    return handler


def test_http_1_0_request_gets_an_unchunked_body_and_close(common):
    handler = _hello_world(0)
    request = ("GET / HTTP/1.0\r\n" + CURL + "Host: 127.0.0.1:1337\r\n"
               "Accept: */*\r\n\r\n")
    assert _exchange(common, handler, request) == (
        "HTTP/1.1 200 OK\r\n"
        "Content-Type: text/plain\r\n"
        "Connection: close\r\n"
        "\r\n"
        "Hello, world!")


def test_http_1_1_request_with_close_gets_a_chunked_body(common):
    handler = _hello_world(1)
    request = ("GET / HTTP/1.1\r\n" + CURL + "Connection: close\r\n"
               "Host: 127.0.0.1:1337\r\nAccept: */*\r\n\r\n")
    assert _exchange(common, handler, request) == (
        "HTTP/1.1 200 OK\r\n"
        "Content-Type: text/plain\r\n"
        "Connection: close\r\n"
        "Transfer-Encoding: chunked\r\n"
        "\r\n"
        "7\r\nHello, \r\n"
        "6\r\nworld!\r\n"
        "0\r\n\r\n")
