# Port of Node v20 test/parallel/test-http-insecure-parser-per-stream.js.
# Deviations: Node wires each side to a stream duplex pair
# (createConnection / server.emit('connection')); NodeKit's http runs on net
# sockets, so each case uses a loopback connection instead: a raw net server
# answers the client, a raw net client talks to the server. Node's test 3
# request has no Host (its server would answer 400 to it on v20, where
# requireHostHeader is on; the test only checks that no clientError comes):
# the port sends one so the request is served. Node's requests end with an
# extra CRLF, which NodeKit's server, like Node's, ignores between requests.
from nodekit import http
from tests.node._common import at, raw_request_client, raw_response_server

RESPONSE = "HTTP/1.1 200 OK\r\nHello: foo\x08foo\r\nContent-Length: 0\r\n\r\n\r\n"


def test_the_client_accepts_an_invalid_header_with_the_option(common):
    def main():
        def go(server, port):
            def on_response(res):
                assert res.headers["hello"] == "foo\x08foo"
                res.resume()
                res.on("end", common.must_call(lambda: server.close()))

            req = http.request(at(port, insecure_http_parser=True), common.must_call(on_response))
            req.on("error", lambda err: server.close())
            req.end()

        raw_response_server(common, RESPONSE, go)

    common.run(main)


def test_the_client_refuses_it_without_the_option(common):
    def main():
        def go(server, port):
            req = http.request(at(port), common.must_not_call())
            req.end()
            req.on("error", common.must_call(lambda err: server.close()))

        raw_response_server(common, RESPONSE, go)

    common.run(main)


def test_the_server_accepts_an_invalid_header_with_the_option(common):
    def main():
        def handler(req, res):
            res.status_code = 200
            res.set_header("Content-Type", "text/plain")
            res.end("Hello, World!\n")
            res.socket.end()

        server = http.create_server({"insecure_http_parser": True}, common.must_call(handler))
        server.on("clientError", common.must_not_call())
        raw_request_client(common, server,
                           "GET / HTTP/1.1\r\nHost: a\r\nHello: foo\x08foo\r\n\r\n\r\n")

    common.run(main)


def test_the_server_refuses_it_without_the_option(common):
    def main():
        server = http.create_server(common.must_not_call())
        server.on("clientError", common.must_call(lambda err, sock: sock.destroy()))
        raw_request_client(common, server, "GET / HTTP/1.1\r\nHello: foo\x08foo\r\n\r\n\r\n")

    common.run(main)
