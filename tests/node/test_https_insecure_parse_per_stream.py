# Port of Node v20 test/parallel/test-https-insecure-parse-per-stream.js.
# Deviations: Node's tests 1 and 2 wire the https client to one end of a
# stream.duplexPair() (createConnection: no TLS at all); NodeKit's http runs
# on sockets, so there the client talks to a raw tls.Server that dumps the
# request and answers. Tests 3 and 4 use tls.connect as Node does (to
# 127.0.0.1; stream.finished is the socket's 'close'). The option is spelled
# insecure_http_parser (API.md). The agent1/ca1 certificates are made at run
# time (tests/node/_tls.py).
# The body is shared with its sibling ports: tests/node/_twins/per_stream.py.
from nodekit import https
from tests.node._common import raises
from tests.node._twins import HTTPS
from tests.node._twins import per_stream as body

RESPONSE = ("HTTP/1.1 200 OK\r\nHost: example.com\r\nHello: foo\x08foo\r\n"
            "Content-Length: 0\r\n\r\n\r\n")
REQUEST = "GET / HTTP/1.1\r\nHost: example.com\r\nHello: foo\x08foo\r\n\r\n\r\n"
OPTION = {"insecure_http_parser": True}


def test_the_client_accepts_an_invalid_header_with_the_option(common):
    body.client_accepts(common, HTTPS, RESPONSE, OPTION, "foo\x08foo")


def test_the_client_refuses_it_without_the_option(common):
    body.client_refuses(common, HTTPS, RESPONSE)


def test_the_server_accepts_an_invalid_header_with_the_option(common):
    body.server_accepts(common, HTTPS, OPTION, REQUEST)


def test_the_server_refuses_it_without_the_option(common):
    body.server_refuses(common, HTTPS, REQUEST, common.must_call())


def test_the_option_must_be_a_boolean():
    raises(lambda: https.request({"insecure_http_parser": 0}),
           code="ERR_INVALID_ARG_TYPE",
           message='The "options.insecure_http_parser" property must be of type boolean. '
                   "Received 0")
