# Port of Node v20 test/parallel/test-http-max-header-size-per-stream.js.
# Deviations: Node wires the client and the server to the two ends of a
# stream.duplexPair() (createConnection / server.emit('connection')); NodeKit's
# http runs on net sockets, so each case uses a loopback connection: a raw
# net server answers the client, a raw net client talks to the server.
# The body is shared with its sibling ports: tests/node/_twins/per_stream.py.
from nodekit import http
from tests.node._twins import HTTP
from tests.node._twins import per_stream as body

BIG = "A" * (http.max_header_size * 3)
RESPONSE = f"HTTP/1.1 200 OK\r\nHello: {BIG}\r\nContent-Length: 0\r\n\r\n\r\n"
OPTION = {"max_header_size": http.max_header_size * 4}


def test_the_client_takes_larger_headers_with_the_option(common):
    body.client_accepts(common, HTTP, RESPONSE, OPTION, BIG)


def test_the_client_refuses_them_without_it(common):
    body.client_refuses(common, HTTP, RESPONSE)


def test_the_server_takes_larger_headers_with_the_option(common):
    body.server_accepts(common, HTTP, OPTION,
                        f"GET / HTTP/1.1\r\nHost: example.com\r\nHello: {BIG}\r\n\r\n")


def test_the_server_refuses_them_without_it(common):
    body.server_refuses(common, HTTP, f"GET / HTTP/1.1\r\nHello: {BIG}\r\n\r\n",
                        common.must_call(lambda err, sock: sock.destroy()))
