# Port of Node v20 test/parallel/test-http-server-request-timeout-keepalive.js.
# Deviations: request_timeout is 500 ms and the checking interval 125 ms
# (Node: 5 s and 1.25 s); the delays are the same fractions of it as in Node.
# The body is shared with its sibling ports: tests/node/_twins/server_timeouts.py.
from tests.node._twins.server_timeouts import keep_alive_case

REQUEST_TIMEOUT = 500
OPTIONS = {"headers_timeout": 0, "request_timeout": REQUEST_TIMEOUT}


def test_the_second_request_on_a_keep_alive_connection_times_out(common):
    def setup(server):
        assert server.request_timeout == REQUEST_TIMEOUT
        server.keep_alive_timeout = 0

    keep_alive_case(common, OPTIONS, REQUEST_TIMEOUT, REQUEST_TIMEOUT * 2, setup)
