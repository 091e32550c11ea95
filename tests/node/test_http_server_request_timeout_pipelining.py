# Port of Node v20 test/parallel/test-http-server-request-timeout-pipelining.js.
# Deviations: request_timeout is 200 ms and the checking interval 50 ms (Node:
# 2 s and 500 ms); the rest of the second head comes after twice the timeout.
# The body is shared with its sibling ports: tests/node/_twins/server_timeouts.py.
from tests.node._twins.server_timeouts import pipelining_case

REQUEST_TIMEOUT = 200
OPTIONS = {"headers_timeout": 0, "request_timeout": REQUEST_TIMEOUT}


def test_a_pipelined_head_left_unfinished_gets_a_408(common):
    def setup(server):
        assert server.request_timeout == REQUEST_TIMEOUT

    pipelining_case(common, OPTIONS, REQUEST_TIMEOUT, REQUEST_TIMEOUT * 2, setup)
