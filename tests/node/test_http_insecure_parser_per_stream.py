# Port of Node v20 test/parallel/test-http-insecure-parser-per-stream.js.
# Deviations: Node wires each side to a stream duplex pair
# (createConnection / server.emit('connection')); NodeKit's http runs on net
# sockets, so each case uses a loopback connection instead: a raw net server
# answers the client, a raw net client talks to the server. Node's test 3
# request has no Host (its server would answer 400 to it on v20, where
# requireHostHeader is on; the test only checks that no clientError comes):
# the port sends one so the request is served. Node's requests end with an
# extra CRLF, which NodeKit's server, like Node's, ignores between requests.
# The body is shared with its sibling ports: tests/node/_twins/per_stream.py.
from tests.node._twins import HTTP
from tests.node._twins import per_stream as body

RESPONSE = "HTTP/1.1 200 OK\r\nHello: foo\x08foo\r\nContent-Length: 0\r\n\r\n\r\n"
OPTION = {"insecure_http_parser": True}


def test_the_client_accepts_an_invalid_header_with_the_option(common):
    body.client_accepts(common, HTTP, RESPONSE, OPTION, "foo\x08foo")


def test_the_client_refuses_it_without_the_option(common):
    body.client_refuses(common, HTTP, RESPONSE)


def test_the_server_accepts_an_invalid_header_with_the_option(common):
    body.server_accepts(common, HTTP, OPTION,
                        "GET / HTTP/1.1\r\nHost: a\r\nHello: foo\x08foo\r\n\r\n\r\n")


def test_the_server_refuses_it_without_the_option(common):
    body.server_refuses(common, HTTP, "GET / HTTP/1.1\r\nHello: foo\x08foo\r\n\r\n\r\n",
                        common.must_call(lambda err, sock: sock.destroy()))
