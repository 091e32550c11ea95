# Port of Node v20 test/parallel/test-http-server-headers-timeout-delayed-headers.js.
# Deviations: headers_timeout is 200 ms and the checking interval 50 ms (Node: 2 s
# and 500 ms); the headers are sent after twice the timeout, as in Node.
# The body is shared with its sibling ports: tests/node/_twins/server_timeouts.py.
from tests.node._twins.server_timeouts import delayed_headers_case

HEADERS_TIMEOUT = 200
OPTIONS = {"headers_timeout": HEADERS_TIMEOUT, "request_timeout": 0}


def test_no_headers_within_headers_timeout_is_a_408(common):
    def setup(server):
        assert server.headers_timeout == HEADERS_TIMEOUT
        server.once("timeout", common.must_not_call("timeout"))

    delayed_headers_case(common, OPTIONS, HEADERS_TIMEOUT, setup)
