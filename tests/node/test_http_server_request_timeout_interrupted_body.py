# Port of Node v20 test/parallel/test-http-server-request-timeout-interrupted-body.js.
# Deviations: request_timeout is 200 ms and the checking interval 50 ms (Node:
# 2 s and 500 ms); the rest of the body is sent after twice the timeout, as in Node.
# The body is the delayed-body port's (the same file with half the body sent).
from tests.node.test_http_server_request_timeout_delayed_body import body_case


def test_a_body_cut_short_gets_a_408(common):
    body_case(common, "1234567890", "1234567890\r\n\r\n")
