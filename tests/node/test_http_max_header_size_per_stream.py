# Port of Node v20 test/parallel/test-http-max-header-size-per-stream.js.
# Deviations: Node wires the client and the server to the two ends of a
# stream.duplexPair() (createConnection / server.emit('connection')); NodeKit's
# http runs on net sockets, so each case uses a loopback connection: a raw
# net server answers the client, a raw net client talks to the server.

from nodekit import http
from tests.node._common import at, raw_request_client, raw_response_server

BIG = "A" * (http.max_header_size * 3)
RESPONSE = f"HTTP/1.1 200 OK\r\nHello: {BIG}\r\nContent-Length: 0\r\n\r\n\r\n"


def test_the_client_takes_larger_headers_with_the_option(common):
    def main():
        def go(server, port):
            def on_response(res):
                assert res.headers["hello"] == BIG
                res.resume()
                res.on("end", common.must_call(lambda: server.close()))

            req = http.request(at(port, max_header_size=http.max_header_size * 4),
                               common.must_call(on_response))
            req.end()

        raw_response_server(common, RESPONSE, go)

    common.run(main)


def test_the_client_refuses_them_without_it(common):
    def main():
        def go(server, port):
            req = http.request(at(port), common.must_not_call())
            req.end()
            req.on("error", common.must_call(lambda err: server.close()))

        raw_response_server(common, RESPONSE, go)

    common.run(main)


def test_the_server_takes_larger_headers_with_the_option(common):
    def main():
        def handler(req, res):
            res.status_code = 200
            res.set_header("Content-Type", "text/plain")
            res.end("Hello, World!\n")
            res.socket.end()

        server = http.create_server({"max_header_size": http.max_header_size * 4},
                                    common.must_call(handler))
        server.on("clientError", common.must_not_call())
        raw_request_client(common, server,
                           f"GET / HTTP/1.1\r\nHost: example.com\r\nHello: {BIG}\r\n\r\n")

    common.run(main)


def test_the_server_refuses_them_without_it(common):
    def main():
        server = http.create_server(common.must_not_call())
        server.on("clientError", common.must_call(lambda err, sock: sock.destroy()))
        raw_request_client(common, server, f"GET / HTTP/1.1\r\nHello: {BIG}\r\n\r\n")

    common.run(main)
