# Port of Node v20 test/parallel/test-http-server-request-timeout-keepalive.js.
# Deviations: request_timeout is 500 ms and the checking interval 125 ms
# (Node: 5 s and 1.25 s); the delays are the same fractions of it as in Node.
# The body is the headers-timeout port's (the same file with requestTimeout).
from tests.node.test_http_server_headers_timeout_keepalive import keep_alive_case

REQUEST_TIMEOUT = 500


def test_the_second_request_on_a_keep_alive_connection_times_out(common):
    def setup(server):
        assert server.request_timeout == REQUEST_TIMEOUT
        server.keep_alive_timeout = 0

    keep_alive_case(common, {"headers_timeout": 0, "request_timeout": REQUEST_TIMEOUT},
                    REQUEST_TIMEOUT, REQUEST_TIMEOUT * 2, setup)
