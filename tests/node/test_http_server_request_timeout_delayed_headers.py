# Port of Node v20 test/parallel/test-http-server-request-timeout-delayed-headers.js.
# Deviations: request_timeout is 200 ms and the checking interval 50 ms (Node: 2 s
# and 500 ms); the headers are sent after twice the timeout, as in Node.
# The body is shared with its sibling ports: tests/node/_twins/server_timeouts.py.
from tests.node._twins.server_timeouts import delayed_headers_case

REQUEST_TIMEOUT = 200
OPTIONS = {"headers_timeout": 0, "request_timeout": REQUEST_TIMEOUT}


def test_no_headers_within_request_timeout_is_a_408(common):
    def setup(server):
        assert server.request_timeout == REQUEST_TIMEOUT

    delayed_headers_case(common, OPTIONS, REQUEST_TIMEOUT, setup)
