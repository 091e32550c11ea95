# Port of Node v20 test/parallel/test-http-server-headers-timeout-pipelining.js.
# Deviations: headers_timeout is 200 ms and the checking interval 50 ms (Node:
# 2 s and 500 ms); the rest of the second head comes after 1.5 x the timeout.
# The body is shared with its sibling ports: tests/node/_twins/server_timeouts.py.
from tests.node._twins.server_timeouts import pipelining_case

HEADERS_TIMEOUT = 200
OPTIONS = {"headers_timeout": HEADERS_TIMEOUT, "request_timeout": 0}


def test_a_pipelined_head_left_unfinished_gets_a_408(common):
    def setup(server):
        assert server.headers_timeout == HEADERS_TIMEOUT
        server.request_timeout = 0
        server.keep_alive_timeout = 0

    pipelining_case(common, OPTIONS, HEADERS_TIMEOUT, HEADERS_TIMEOUT * 1.5, setup)
