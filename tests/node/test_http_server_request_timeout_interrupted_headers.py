# Port of Node v20 test/parallel/test-http-server-request-timeout-interrupted-headers.js.
# Deviations: request_timeout is 200 ms and the checking interval 50 ms (Node:
# 2 s and 500 ms); the rest of the head is sent after twice the timeout, as in Node.
# The body is shared with its sibling ports: tests/node/_twins/server_timeouts.py.
from tests.node._twins.server_timeouts import interrupted_headers_case

REQUEST_TIMEOUT = 200
OPTIONS = {"headers_timeout": 0, "request_timeout": REQUEST_TIMEOUT}


def test_a_head_cut_short_gets_a_408(common):
    def setup(server):
        assert server.request_timeout == REQUEST_TIMEOUT

    interrupted_headers_case(common, OPTIONS, REQUEST_TIMEOUT, setup)
