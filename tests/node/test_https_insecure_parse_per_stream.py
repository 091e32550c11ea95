# Port of Node v20 test/parallel/test-https-insecure-parse-per-stream.js.
# Deviations: Node's tests 1 and 2 wire the https client to one end of a
# stream.duplexPair() (createConnection: no TLS at all); NodeKit's http runs
# on sockets, so there the client talks to a raw tls.Server that dumps the
# request and answers. Tests 3 and 4 use tls.connect as Node does (to
# 127.0.0.1; stream.finished is the socket's 'close'). The option is spelled
# insecure_http_parser (API.md). The agent1/ca1 certificates are made at run
# time (tests/node/_tls.py).
from nodekit import https
from tests.node._common import at, raises
from tests.node._tls import agent1_options, ca1, raw_tls_response_server, tls_request_client

RESPONSE = ("HTTP/1.1 200 OK\r\nHost: example.com\r\nHello: foo\x08foo\r\n"
            "Content-Length: 0\r\n\r\n\r\n")
REQUEST = "GET / HTTP/1.1\r\nHost: example.com\r\nHello: foo\x08foo\r\n\r\n\r\n"


def test_the_client_accepts_an_invalid_header_with_the_option(common):
    def main():
        def go(server, port):
            def on_response(res):
                assert res.headers["hello"] == "foo\x08foo"
                res.resume()
                res.on("end", common.must_call(lambda: server.close()))

            req = https.request(at(port, reject_unauthorized=False, insecure_http_parser=True),
                                common.must_call(on_response))
            req.end()

        raw_tls_response_server(common, RESPONSE, go)

    common.run(main)


def test_the_client_refuses_it_without_the_option(common):
    def main():
        def go(server, port):
            req = https.request(at(port, reject_unauthorized=False),
                                common.must_not_call("response"))
            req.end()
            req.on("error", common.must_call(lambda err: server.close()))

        raw_tls_response_server(common, RESPONSE, go)

    common.run(main)


def test_the_server_accepts_an_invalid_header_with_the_option(common):
    def main():
        def handler(req, res):
            res.status_code = 200
            res.set_header("Content-Type", "text/plain")
            res.end("Hello, World!\n")

        server = https.create_server(agent1_options(ca=ca1(), insecure_http_parser=True),
                                     common.must_call(handler))
        server.on("clientError", common.must_not_call("clientError"))
        tls_request_client(common, server, REQUEST)

    common.run(main)


def test_the_server_refuses_it_without_the_option(common):
    def main():
        server = https.create_server(agent1_options(ca=ca1()), common.must_not_call("request"))
        server.on("clientError", common.must_call())
        tls_request_client(common, server, REQUEST)

    common.run(main)


def test_the_option_must_be_a_boolean():
    raises(lambda: https.request({"insecure_http_parser": 0}),
           code="ERR_INVALID_ARG_TYPE",
           message='The "options.insecure_http_parser" property must be of type boolean. '
                   "Received 0")
