# Port of Node v20 test/parallel/test-http-response-add-header-after-sent.js.
# Deviations: none.
# The body is shared with its sibling port: tests/node/_twins/http_siblings.py.
from tests.node._twins import http_siblings as body


def test_set_header_after_write_throws_headers_sent(common):
    body.header_change_after_sent(common, lambda res: res.set_header("header1", 1),
                                  lambda res: res.set_header("header2", 2),
                                  "Cannot set headers after they are sent to the client")
