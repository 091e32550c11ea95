# Port of Node v20 test/parallel/test-http-server-close-idle.js.
# Deviations: the check runs 200 ms after close() (Node: 500 ms).
# The body is shared with its twin ports: tests/node/_twins/server_close.py.
from tests.node._twins import HTTP
from tests.node._twins import server_close as body

OPTIONS = {"headers_timeout": 0, "keep_alive_timeout": 0, "request_timeout": 60000}


def test_close_ends_idle_connections_and_spares_a_partial_request(common):
    body.close_idle(common, HTTP, OPTIONS,
                    "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", 200)
