# Port of Node v20 test/parallel/test-http-keep-alive-timeout.js.
# Deviations: none.
# The body is shared with its sibling port: tests/node/_twins/http_siblings.py.
from tests.node._twins import http_siblings as body


def test_keep_alive_header_announces_timeout_in_whole_seconds(common):
    body.keep_alive_header(common, {}, "timeout=12")
