# Port of Node v20 test/parallel/test-http-keep-alive-timeout-custom.js.
# Deviations: none.
# The body is shared with its sibling port: tests/node/_twins/http_siblings.py.
from tests.node._twins import http_siblings as body


def test_user_keep_alive_header_is_kept(common):
    body.keep_alive_header(common, {"Keep-Alive": "timeout=50"}, "timeout=50")
