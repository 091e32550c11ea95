# Port of Node v20 test/parallel/test-http-server-headers-timeout-keepalive.js.
# Deviations: headers_timeout is 1 s and the checking interval 250 ms
# (Node: 5 s and 1.25 s); the delays are the same fractions of it as in Node.
# The body is shared with its sibling ports: tests/node/_twins/server_timeouts.py.
from tests.node._twins.server_timeouts import keep_alive_case

HEADERS_TIMEOUT = 1000
OPTIONS = {"headers_timeout": HEADERS_TIMEOUT, "request_timeout": 0}


def test_the_second_request_on_a_keep_alive_connection_times_out(common):
    def setup(server):
        assert server.headers_timeout == HEADERS_TIMEOUT
        server.once("timeout", common.must_not_call("timeout"))

    keep_alive_case(common, OPTIONS, HEADERS_TIMEOUT, HEADERS_TIMEOUT, setup)
