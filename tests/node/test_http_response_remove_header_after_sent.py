# Port of Node v20 test/parallel/test-http-response-remove-header-after-sent.js.
# Deviations: Node passes an ignored second argument to removeHeader; the
# Python method takes the name only.
# The body is shared with its sibling port: tests/node/_twins/http_siblings.py.
from tests.node._twins import http_siblings as body


def test_remove_header_after_write_throws_headers_sent(common):
    body.header_change_after_sent(common, lambda res: res.remove_header("header1"),
                                  lambda res: res.remove_header("header2"),
                                  "Cannot remove headers after they are sent to the client")
