# Port of Node v20 test/parallel/test-https-max-header-size-per-stream.js.
# Deviations: Node's tests 1 and 2 wire the https client to one end of a
# stream.duplexPair() (createConnection: no TLS at all); NodeKit's http runs
# on sockets, so there the client talks to a raw tls.Server that dumps the
# request and answers with the big head. Tests 3 and 4 use tls.connect as
# Node does (to 127.0.0.1; stream.finished is the socket's 'close'). The
# agent1/ca1 certificates are made at run time (tests/node/_tls.py).
from nodekit import http, https
from tests.node._common import at
from tests.node._tls import agent1_options, ca1, raw_tls_response_server, tls_request_client

BIG = "A" * (http.max_header_size * 3)
RESPONSE = (f"HTTP/1.1 200 OK\r\nHost: example.com\r\nHello: {BIG}\r\n"
            "Content-Length: 0\r\n\r\n\r\n")
REQUEST = f"GET / HTTP/1.1\r\nHost: example.com\r\nHello: {BIG}\r\n\r\n\r\n"


def test_the_client_takes_larger_headers_with_the_option(common):
    def main():
        def go(server, port):
            def on_response(res):
                assert res.headers["hello"] == BIG
                res.resume()
                res.on("end", common.must_call(lambda: server.close()))

            req = https.request(at(port, reject_unauthorized=False,
                                   max_header_size=http.max_header_size * 4),
                                common.must_call(on_response))
            req.end()

        raw_tls_response_server(common, RESPONSE, go)

    common.run(main)


def test_the_client_refuses_them_without_it(common):
    def main():
        def go(server, port):
            req = https.request(at(port, reject_unauthorized=False),
                                common.must_not_call("response"))
            req.end()
            req.on("error", common.must_call(lambda err: server.close()))

        raw_tls_response_server(common, RESPONSE, go)

    common.run(main)


def test_the_server_takes_larger_headers_with_the_option(common):
    def main():
        def handler(req, res):
            res.status_code = 200
            res.set_header("Content-Type", "text/plain")
            res.end("Hello, World!\n")

        server = https.create_server(
            agent1_options(ca=ca1(), max_header_size=http.max_header_size * 4),
            common.must_call(handler))
        server.on("clientError", common.must_not_call("clientError"))
        tls_request_client(common, server, REQUEST)

    common.run(main)


def test_the_server_refuses_them_without_it(common):
    def main():
        server = https.create_server(agent1_options(ca=ca1()), common.must_not_call("request"))
        # 'clientError' may come more than once for a head over the limit.
        server.on("clientError", common.must_call_at_least(lambda err, sock: None))
        tls_request_client(common, server, REQUEST)

    common.run(main)
