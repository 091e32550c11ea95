# Port of Node v20 test/parallel/test-http-head-response-has-no-body.js.
# Deviations: none.
# The body is shared with its sibling port: tests/node/_twins/http_siblings.py.
from tests.node._twins import http_siblings as body


def test_head_response_after_write_head_ends(common):
    body.head_response_ends(common, None)
