# Port of Node v20 test/parallel/test-https-max-header-size-per-stream.js.
# Deviations: Node's tests 1 and 2 wire the https client to one end of a
# stream.duplexPair() (createConnection: no TLS at all); NodeKit's http runs
# on sockets, so there the client talks to a raw tls.Server that dumps the
# request and answers with the big head. Tests 3 and 4 use tls.connect as
# Node does (to 127.0.0.1; stream.finished is the socket's 'close'). The
# agent1/ca1 certificates are made at run time (tests/node/_tls.py).
# The body is shared with its sibling ports: tests/node/_twins/per_stream.py.
from nodekit import http
from tests.node._twins import HTTPS
from tests.node._twins import per_stream as body

BIG = "A" * (http.max_header_size * 3)
RESPONSE = (f"HTTP/1.1 200 OK\r\nHost: example.com\r\nHello: {BIG}\r\n"
            "Content-Length: 0\r\n\r\n\r\n")
REQUEST = f"GET / HTTP/1.1\r\nHost: example.com\r\nHello: {BIG}\r\n\r\n\r\n"
OPTION = {"max_header_size": http.max_header_size * 4}


def test_the_client_takes_larger_headers_with_the_option(common):
    body.client_accepts(common, HTTPS, RESPONSE, OPTION, BIG)


def test_the_client_refuses_them_without_it(common):
    body.client_refuses(common, HTTPS, RESPONSE)


def test_the_server_takes_larger_headers_with_the_option(common):
    body.server_accepts(common, HTTPS, OPTION, REQUEST)


def test_the_server_refuses_them_without_it(common):
    # 'clientError' may come more than once for a head over the limit.
    body.server_refuses(common, HTTPS, REQUEST, common.must_call_at_least(lambda err, sock: None))
