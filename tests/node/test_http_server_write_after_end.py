# Port of Node v20 test/parallel/test-http-server-write-after-end.js.
# Deviations: none.
# The body is shared with its sibling port: tests/node/_twins/http_siblings.py.
from tests.node._twins import http_siblings as body


def test_write_after_end_calls_back_with_write_after_end(common):
    body.write_after_end(common, end_again=False)
