# Port of Node v20 test/parallel/test-http-server-request-timeout-delayed-body.js.
# Deviations: request_timeout is 200 ms and the checking interval 50 ms (Node:
# 2 s and 500 ms); the rest of the body is sent after twice the timeout, as in Node.
# The body is shared with its sibling ports: tests/node/_twins/server_timeouts.py.
from tests.node._twins.server_timeouts import body_case

REQUEST_TIMEOUT = 200
OPTIONS = {"headers_timeout": 0, "request_timeout": REQUEST_TIMEOUT}


def test_a_body_that_never_comes_gets_a_408(common):
    def setup(server):
        assert server.request_timeout == REQUEST_TIMEOUT

    body_case(common, OPTIONS, REQUEST_TIMEOUT, setup, "", "12345678901234567890\r\n\r\n")
